/**
 * Staff search in `npm run bench` (section j; the budget: with
 * 100,000 complaints, on SQLite and on PostgreSQL, the first page of a
 * search for a two-character Chinese word at ≥ 0.1× the request rate of a
 * bare node:http handler sending the same JSON).
 *
 * For each database (SQLite, a file in the bench's temp dir; PostgreSQL at
 * PG_ADMIN_URL's server, in a database of its own dropped at the end) the
 * real server is seeded with a desk's mix of submissions whose texts are
 * their own, most in Chinese (scripts/bench/complaint-seed.ts with texts,
 * scripts/bench/complaint-texts.ts), each in the search index, and the
 * database settled as section h settles it (on PostgreSQL the index's
 * tables vacuumed too, as autovacuum would have). Then:
 *
 * - GET /v1/staff/search?site=…&q=<word> for each word below, as one staff
 *   member, against a bare node:http server answering the same JSON, in
 *   alternating pairs (usercare then bare, then bare then usercare, …),
 *   figures the medians of the pairs, as section h measures the queue;
 * - the index's size: the bytes of its tables and indexes (SQLite: the FTS5
 *   table's shadow tables, search_docs, search_contacts and their indexes,
 *   from dbstat; PostgreSQL: pg_total_relation_size of search_docs, GIN
 *   index included, and search_contacts), per submission indexed;
 * - the write cost: submissions stored one per transaction, as the server
 *   stores one, with their index rows and without (the same rows otherwise),
 *   in alternating rounds; the ratio of the two rates.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql, type Insertable } from 'kysely';
import type { FieldValue } from '../../src/contract/common';
import type { SubmissionsTable } from '../../src/server/db/schema';
import { indexValuesOf, writeIndexRows } from '../../src/server/search/index-rows';
import type { RunningServer } from '../../src/server/server';
import { SearchParams } from '../../src/contract/staff-search';
import { searchQueryOf } from '../../src/server/routes/staff-search';
import { readSearch } from '../../src/server/search/search';
import { fts5Query, queryTerms, tsQuery } from '../../src/server/search/tokens';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { captureQueries } from './capture-queries';
import { floorLines, runFloorSides, type FloorFigures } from './floor-sides';
import { startSeededServer, type SeedReport } from './complaint-seed';
import { complaintText } from './complaint-texts';
import { fixed, int } from './format';
import { seededRandom } from './seeded-random';
import { MIX, postgresDatabase, settle, staffReader, type DatabaseName } from './staff-queue';

export interface StaffSearchOptions extends ApiBenchOptions {
  /** submissions in the database */
  complaints: number;
  /** usercare/bare pairs per word and database */
  runs: number;
  /** an administrator's URL of the PostgreSQL server (a database is created and dropped there) */
  postgresAdminUrl: string;
}

export interface SearchWordResult extends FloorFigures {
  word: string;
  /** what it is in the seeded texts */
  about: string;
  /** submissions of the site that hold it */
  matches: number;
  request: string;
  items: number;
  bytes: number;
  met: boolean;
}

export interface SearchDatabaseResult {
  database: DatabaseName;
  skipped?: string;
  seed?: SeedReport;
  /** submissions in the index */
  indexed?: number;
  /** the index's bytes in all, and by table or index */
  indexBytes?: number;
  indexParts?: Record<string, number>;
  words: SearchWordResult[];
  writes?: WriteCost;
}

export interface WriteCost {
  /** submissions stored per side */
  perSide: number;
  withIndex: number;
  withoutIndex: number;
  /** rate with the index ÷ rate without */
  ratio: number;
}

export interface StaffSearchResults {
  connections: number;
  warmupMs: number;
  durationMs: number;
  runs: number;
  target: number;
  chineseShare: number;
  databases: SearchDatabaseResult[];
}

const TARGET = 0.1;
const CHINESE_SHARE = 0.7;
/** The words searched: the first is the target's; the second a word most complaints of a desk hold. */
const WORDS = [
  { word: '耳机', about: 'a product, in about one Chinese complaint in twenty' },
  { word: '退款', about: 'refund: in about a quarter of the Chinese complaints' },
];
/** Submissions stored per side and round of the write cost, and the rounds. */
const WRITES_PER_ROUND = 250;
const WRITE_ROUNDS = 4;

/** The index's bytes, by table and index. */
async function indexSize(server: RunningServer, database: DatabaseName): Promise<Record<string, number>> {
  if (database === 'sqlite') {
    const rows = await sql<{ name: string; bytes: number }>`
      select name, sum(pgsize) as bytes from dbstat
      where name like 'search%' or name like 'sqlite_autoindex_search%'
      group by name order by name`.execute(server.db);
    return Object.fromEntries(rows.rows.map((r) => [r.name, Number(r.bytes)]));
  }
  const parts: Record<string, number> = {};
  for (const table of ['search_docs', 'search_contacts']) {
    const sizes = await sql<{ heap: string; indexes: string; total: string }>`
      select pg_relation_size(${table}::regclass) as heap, pg_indexes_size(${table}::regclass) as indexes,
        pg_total_relation_size(${table}::regclass) as total`.execute(server.db);
    const { heap, indexes, total } = sizes.rows[0]!;
    parts[table] = Number(heap);
    parts[`${table} TOAST`] = Number(total) - Number(heap) - Number(indexes);
    const each = await sql<{ name: string; bytes: string }>`
      select indexrelid::regclass::text as name, pg_relation_size(indexrelid) as bytes
      from pg_index where indrelid = ${table}::regclass`.execute(server.db);
    for (const index of each.rows) parts[index.name] = Number(index.bytes);
  }
  return parts;
}

/** How many of the site's submissions hold `word`, counted in the index. */
async function matchesOf(server: RunningServer, database: DatabaseName, word: string): Promise<number> {
  const found =
    database === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from search_fts join search_docs d on d.doc = search_fts.rowid
          where search_fts match ${fts5Query(queryTerms(word))} and d.site = ${BENCH_SITE}`.execute(server.db)
      : await sql<{ n: string }>`select count(*) as n from search_docs
          where tokens @@ ${tsQuery(queryTerms(word))}::tsquery and site = ${BENCH_SITE}`.execute(server.db);
  return Number(found.rows[0]!.n);
}

/**
 * Submissions stored one per transaction with their index rows and without,
 * alternating rounds; each side's rate over all its rounds.
 */
async function writeCost(server: RunningServer): Promise<WriteCost> {
  const site = server.registry.getSite(BENCH_SITE)!;
  const form = site.publicConfig.forms['default'];
  const template = await server.db
    .selectFrom('submissions')
    .selectAll()
    .where('kind', '=', 'complaint')
    .executeTakeFirstOrThrow();
  const next = seededRandom(20261206);
  const rowOf = (): Insertable<SubmissionsTable> => {
    const locale = next() < CHINESE_SHARE ? ('zh-CN' as const) : ('en' as const);
    const fields = {
      subject: 'Order problem',
      message: complaintText('complaint', locale, next),
      email: 'bench@example.com',
    };
    return {
      ...template,
      id: randomUUID(),
      tracking_number: `BW${randomBytes(9).toString('hex')}`,
      locale,
      fields_json: JSON.stringify(fields),
    };
  };
  const ms = { with: 0, without: 0 };
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const side of order) {
      const rows = Array.from({ length: WRITES_PER_ROUND }, rowOf);
      const started = performance.now();
      for (const row of rows)
        await server.db.transaction().execute(async (tx) => {
          await tx.insertInto('submissions').values(row).execute();
          if (side === 'with')
            await writeIndexRows(tx, [
              {
                submission: { id: row.id, site: row.site, kind: row.kind },
                values: indexValuesOf(form, JSON.parse(row.fields_json) as Record<string, FieldValue>),
              },
            ]);
        });
      ms[side] += performance.now() - started;
    }
  }
  const perSide = WRITES_PER_ROUND * WRITE_ROUNDS;
  const withIndex = (perSide / ms.with) * 1000;
  const withoutIndex = (perSide / ms.without) * 1000;
  return { perSide, withIndex, withoutIndex, ratio: Number((withIndex / withoutIndex).toFixed(3)) };
}

async function benchDatabase(options: StaffSearchOptions, database: DatabaseName): Promise<SearchDatabaseResult> {
  let databaseUrl: string | undefined;
  if (database === 'postgres') {
    const made = await postgresDatabase(options.postgresAdminUrl);
    if ('skipped' in made) return { database, skipped: made.skipped, words: [] };
    options.onCleanup(made.drop);
    databaseUrl = made.url;
  }
  const staffTokenSecret = randomBytes(32).toString('base64url');
  options.progress(`  ${database}: seeding ${int(options.complaints)} submissions with texts, indexed`);
  const { server, seed, close, startUnkept } = await startSeededServer({
    dataDir: join(options.dir, `staff-search-${database}`),
    ...(databaseUrl ? { databaseUrl } : {}),
    seed: {
      count: options.complaints,
      focus: {},
      throughLifecycle: 500,
      anonymousShare: 0.2,
      mix: MIX,
      texts: { chineseShare: CHINESE_SHARE },
    },
    staffTokenSecret,
    log: options.log,
    onCleanup: options.onCleanup,
  });
  await settle(server, database);
  // The index's tables too: vacuum also moves the GIN index's pending entries (fastupdate) into the index proper.
  if (database === 'postgres') await sql`vacuum (analyze) search_docs, search_contacts`.execute(server.db);
  const indexed = Number(
    (
      await server.db
        .selectFrom('search_docs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const indexParts = await indexSize(server, database);
  const indexBytes = Object.values(indexParts).reduce((a, b) => a + b, 0);

  const { headers, load, timeout } = await staffReader(options, staffTokenSecret);
  const unkept = await startUnkept();

  const words: SearchWordResult[] = [];
  for (const { word, about } of WORDS) {
    const path = `/v1/staff/search?site=${BENCH_SITE}&q=${encodeURIComponent(word)}`;
    const response = await fetch(server.url + path, { headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    const items = (JSON.parse(text) as { items: unknown[] }).items.length;
    // The search's own queries for this page, with their parameters, straight through the driver.
    const site = server.registry.getSite(BENCH_SITE)!;
    const queries = await captureQueries(server.db, (db) =>
      readSearch(db, site, searchQueryOf(SearchParams.parse({ site: BENCH_SITE, q: word }))),
    );
    const figures = await runFloorSides({
      server: server.url,
      unkeptServer: unkept.url,
      answer: text,
      database: databaseUrl
        ? { url: databaseUrl }
        : { file: join(options.dir, `staff-search-${database}`, 'usercare.sqlite') },
      queries: queries,
      path,
      runs: options.runs,
      label: `${database} q=${word}`,
      load,
      timeout,
      progress: options.progress,
      onCleanup: options.onCleanup,
    });
    words.push({
      ...figures,
      word,
      about,
      matches: await matchesOf(server, database, word),
      request: `GET ${path}`,
      items,
      bytes: Buffer.byteLength(text),
      met: figures.ratio >= TARGET,
    });
  }
  options.progress(`  ${database}: write cost, ${int(WRITES_PER_ROUND * WRITE_ROUNDS)} submissions each way`);
  const writes = await writeCost(server);
  await unkept.close();
  await close();
  return { database, seed, indexed, indexBytes, indexParts, words, writes };
}

export async function runStaffSearchBench(options: StaffSearchOptions): Promise<StaffSearchResults> {
  const databases: SearchDatabaseResult[] = [];
  for (const database of ['sqlite', 'postgres'] as const) databases.push(await benchDatabase(options, database));
  return {
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    runs: options.runs,
    target: TARGET,
    chineseShare: CHINESE_SHARE,
    databases,
  };
}

/** Section j of the report. */
export function renderStaffSearch(r: StaffSearchResults): string {
  const lines = [
    `j. staff search, first page (20) of a two-character Chinese word, as a staff member (signed staff token): ${r.connections} keep-alive connections from a child process, ${r.durationMs / 1000} s after ${r.warmupMs / 1000} s warm-up; ${r.runs} runs turning among usercare, usercare keeping no page, bare node:http (same JSON) and the floor (the search's own queries through the driver), medians of the runs; target ≥ ${r.target}× bare req/s. Texts ${Math.round(r.chineseShare * 100)}% Chinese, the rest English`,
  ];
  for (const d of r.databases) {
    const name = d.database === 'sqlite' ? 'SQLite (a file; FTS5)' : 'PostgreSQL (tsvector, GIN)';
    if (d.skipped || !d.seed) {
      lines.push('', `  ${name}: not measured (${d.skipped ?? 'no seed'})`);
      continue;
    }
    const s = d.seed;
    lines.push(
      '',
      `  ${name}: ${int(s.complaints)} submissions (${int(s.complaints - s.feedback)} complaints, ${int(s.feedback)} feedback; seeded and indexed in ${fixed(s.ms / 1000)} s)`,
      `    index: ${int(d.indexed ?? 0)} submissions, ${fixed((d.indexBytes ?? 0) / 1024 / 1024)} MB, ${int((d.indexBytes ?? 0) / Math.max(1, d.indexed ?? 1))} bytes a submission (${Object.entries(
        d.indexParts ?? {},
      )
        .map(([part, bytes]) => `${part} ${fixed(bytes / 1024 / 1024)} MB`)
        .join(', ')})`,
    );
    if (d.writes)
      lines.push(
        `    write cost: ${int(d.writes.perSide)} submissions each way, one per transaction, alternating rounds: ${fixed(d.writes.withIndex, 0)}/s with the index, ${fixed(d.writes.withoutIndex, 0)}/s without: ${fixed(d.writes.ratio, 2)}× the rate`,
      );
    for (const w of d.words) {
      lines.push(
        '',
        `    ${w.request} (${w.word}: ${w.about}; ${int(w.matches)} submissions hold it): ${w.items} items, ${fixed(w.bytes / 1024)} KB an answer`,
        ...floorLines(w, r.target, w.met),
      );
    }
  }
  return lines.join('\n');
}
