/**
 * The staff queue of `npm run bench` (section h; the issue's budget: with
 * 100,000 complaints, on SQLite and on PostgreSQL, the queue's first 50 rows
 * by next deadline with one filter at ≥ 0.3× the request rate of a bare
 * node:http handler sending the same JSON).
 *
 * For each database (SQLite, a file in the bench's temp dir; PostgreSQL at
 * PG_ADMIN_URL's server, 127.0.0.1:5432 by default, in a database of its
 * own dropped at the end) the real server is seeded with a desk's mix of
 * submissions (scripts/bench/complaint-seed.ts) and read as one staff member
 * (a staff token the host signs, as test/node/_helpers.ts signs them):
 *
 * - GET /v1/staff/queue?site=…&status=submitted,accepted (new work: two
 *   ordered reads merged);
 * - GET /v1/staff/queue?site=…&assignee=unassigned (one ordered read);
 *
 * each against a bare node:http server answering the same JSON (captured
 * from usercare once, JSON.stringify'd per request), and against the floor
 * (scripts/bench/queue-floor-server.ts: the same queries with the same
 * parameters straight through the driver, nothing else), which says how
 * much of the budget this database leaves on this machine. The three run in
 * turns, `runs` times (each run starting one later in the turn); each run's
 * ratios are over the bare run beside it, and the figures are the medians
 * of the runs. The load comes from a child process
 * (scripts/bench/get-load.ts), as for the other reads.
 *
 * The query plan shown is that of the very queries the queue runs
 * (readQueue on the server's database, its queries captured and EXPLAINed:
 * SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE). After the
 * seed each database is settled as one that holds such data would be
 * (vacuumed, analyzed, checkpointed: see `settle`).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { CompiledQuery, sql } from 'kysely';
import { captureQueries } from './capture-queries';
import { staffToken } from '../../test/node/_helpers';
import { readQueue, type QueueQuery } from '../../src/server/complaints/queue';
import type { RunningServer } from '../../src/server/server';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { floorLines, runFloorSides, type FloorFigures } from './floor-sides';
import type { CapturedQuery } from './queue-floor-server';
import { startSeededServer, type SeedMix, type SeedReport } from './complaint-seed';
import { fixed, int } from './format';
import type { GetLoadOptions } from './get-load';

export interface StaffQueueOptions extends ApiBenchOptions {
  /** submissions in the database */
  complaints: number;
  /** usercare/bare pairs per filter and database */
  runs: number;
  /** an administrator's URL of the PostgreSQL server (a database is created and dropped there) */
  postgresAdminUrl: string;
}

export type DatabaseName = 'sqlite' | 'postgres';

export interface QueueFilterResult extends FloorFigures {
  /** the filter as the query string has it */
  filter: string;
  request: string;
  items: number;
  bytes: number;
  met: boolean;
  /** each query the first page runs, with its plan */
  queryPlans: Array<{ sql: string; plan: string[] }>;
}

export interface QueueDatabaseResult {
  database: DatabaseName;
  /** why a database was not measured (PostgreSQL not answering) */
  skipped?: string;
  seed?: SeedReport;
  filters: QueueFilterResult[];
}

export interface StaffQueueResults {
  connections: number;
  warmupMs: number;
  durationMs: number;
  runs: number;
  target: number;
  databases: QueueDatabaseResult[];
}

const TARGET = 0.3;
const PAGE = 50;

/** A support desk's mix besides web complaints (see SeedMix). */
export const MIX: SeedMix = {
  feedbackShare: 0.15,
  channels: { web: 78, hotline: 13, mailbox: 6, letter: 2, counter: 1 },
  agents: 12,
  submittedAssignedShare: 0.1,
  complexShare: 0.03,
};

const FILTERS: Array<{ filter: string; query: Omit<QueueQuery, 'limit'> }> = [
  { filter: 'status=submitted,accepted', query: { statuses: ['submitted', 'accepted'] } },
  { filter: 'assignee=unassigned', query: { assignee: null } },
];

/** The queries readQueue runs for the first page with `query`, each with its parameters and its plan. */
async function plansOf(
  server: RunningServer,
  database: DatabaseName,
  query: Omit<QueueQuery, 'limit'>,
): Promise<Array<CapturedQuery & { plan: string[] }>> {
  const site = server.registry.getSite(BENCH_SITE)!;
  const queries = await captureQueries(server.db, (db) => readQueue(db, site, { ...query, limit: PAGE }, new Date()));
  const plans: Array<CapturedQuery & { plan: string[] }> = [];
  for (const compiled of queries) {
    const explain = database === 'sqlite' ? 'explain query plan' : 'explain (analyze, costs off)';
    const rows = await server.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters]),
    );
    plans.push({
      sql: compiled.sql,
      parameters: compiled.parameters,
      plan: rows.rows.map((r) => String(database === 'sqlite' ? r['detail'] : r['QUERY PLAN'])),
    });
  }
  return plans;
}

/** A database of its own on the PostgreSQL server, dropped by the returned step; undefined when none answers. */
export async function postgresDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> } | { skipped: string }> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    return { skipped: `no PostgreSQL at ${new URL(adminUrl).host}: ${(error as Error).message}` };
  }
  const name = `usercare_bench_${randomBytes(8).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop: () =>
      (dropping ??= (async () => {
        try {
          await admin.query(`drop database if exists ${name} with (force)`);
        } finally {
          await admin.end();
        }
      })()),
  };
}

/**
 * The database as it stands once a seed like this has long been written: on
 * PostgreSQL vacuumed and analyzed (autovacuum would have done it, and
 * would otherwise do it during the first runs) and checkpointed; on SQLite
 * the seed's write-ahead log checkpointed into the file.
 */
export async function settle(server: RunningServer, database: DatabaseName): Promise<void> {
  if (database === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(server.db);
    return;
  }
  await sql`vacuum (analyze) submissions`.execute(server.db);
  await sql`analyze`.execute(server.db);
  await sql`checkpoint`.execute(server.db);
}

/**
 * How the staff reads of sections h and j are made: as one agent of the
 * bench site (a staff token the host signs with `staffTokenSecret`), each
 * load run from a child process with the bench's connections and times.
 */
export async function staffReader(
  options: ApiBenchOptions,
  staffTokenSecret: string,
): Promise<{ headers: Record<string, string>; load(url: string): GetLoadOptions; timeout: number }> {
  const token = await staffToken({
    sub: 'bench-agent-0',
    name: 'Agent 1',
    roles: ['agent'],
    site: BENCH_SITE,
    secret: staffTokenSecret,
    lifetime: 6 * 3600,
  });
  const headers = { authorization: `Bearer ${token}` };
  return {
    headers,
    load: (url) => ({
      url,
      headers,
      expectStatus: 200,
      connections: options.connections,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      maxRequests: options.maxRequests,
    }),
    timeout: options.warmupMs + options.durationMs + 20_000,
  };
}

async function benchDatabase(options: StaffQueueOptions, database: DatabaseName): Promise<QueueDatabaseResult> {
  let databaseUrl: string | undefined;
  if (database === 'postgres') {
    const made = await postgresDatabase(options.postgresAdminUrl);
    if ('skipped' in made) return { database, skipped: made.skipped, filters: [] };
    options.onCleanup(made.drop);
    databaseUrl = made.url;
  }
  const staffTokenSecret = randomBytes(32).toString('base64url');
  options.progress(`  ${database}: seeding ${int(options.complaints)} submissions`);
  const { server, seed, close, startUnkept } = await startSeededServer({
    dataDir: join(options.dir, `staff-queue-${database}`),
    ...(databaseUrl ? { databaseUrl } : {}),
    seed: { count: options.complaints, focus: {}, throughLifecycle: 500, anonymousShare: 0.2, mix: MIX },
    staffTokenSecret,
    log: options.log,
    onCleanup: options.onCleanup,
  });
  await settle(server, database);

  const { headers, load, timeout } = await staffReader(options, staffTokenSecret);
  const unkept = await startUnkept();

  const filters: QueueFilterResult[] = [];
  for (const { filter, query } of FILTERS) {
    const path = `/v1/staff/queue?site=${BENCH_SITE}&${filter}`;
    const response = await fetch(server.url + path, { headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    const items = (JSON.parse(text) as { items: unknown[] }).items.length;
    const queryPlans = await plansOf(server, database, query);
    const figures = await runFloorSides({
      server: server.url,
      unkeptServer: unkept.url,
      answer: text,
      database: databaseUrl
        ? { url: databaseUrl }
        : { file: join(options.dir, `staff-queue-${database}`, 'usercare.sqlite') },
      queries: queryPlans,
      path,
      runs: options.runs,
      label: `${database} ${filter}`,
      load,
      timeout,
      progress: options.progress,
      onCleanup: options.onCleanup,
    });
    filters.push({
      ...figures,
      filter,
      request: `GET ${path}`,
      items,
      bytes: Buffer.byteLength(text),
      met: figures.ratio >= TARGET,
      queryPlans: queryPlans.map(({ sql, plan }) => ({ sql, plan })),
    });
  }
  await unkept.close();
  await close();
  return { database, seed, filters };
}

export async function runStaffQueueBench(options: StaffQueueOptions): Promise<StaffQueueResults> {
  const databases: QueueDatabaseResult[] = [];
  for (const database of ['sqlite', 'postgres'] as const) databases.push(await benchDatabase(options, database));
  return {
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    runs: options.runs,
    target: TARGET,
    databases,
  };
}

/** Section h of the report. */
export function renderStaffQueue(r: StaffQueueResults): string {
  const lines = [
    `h. staff queue, first page (${PAGE}) by next deadline with one filter, as a staff member (signed staff token): ${r.connections} keep-alive connections from a child process, ${r.durationMs / 1000} s after ${r.warmupMs / 1000} s warm-up; ${r.runs} runs turning among usercare, usercare keeping no page, bare node:http (same JSON) and the floor (the same queries through the driver), medians of the runs; target ≥ ${r.target}× bare req/s`,
  ];
  for (const d of r.databases) {
    const name = d.database === 'sqlite' ? 'SQLite (a file)' : 'PostgreSQL';
    if (d.skipped || !d.seed) {
      lines.push('', `  ${name}: not measured (${d.skipped ?? 'no seed'})`);
      continue;
    }
    const s = d.seed;
    lines.push(
      '',
      `  ${name}: ${int(s.complaints)} submissions (${int(s.complaints - s.feedback)} complaints, ${int(s.feedback)} feedback; seeded in ${fixed(s.ms / 1000)} s)`,
      `    statuses: ${Object.entries(s.byStatus)
        .sort((a, b) => b[1] - a[1])
        .map(([status, n]) => `${status} ${int(n)}`)
        .join(', ')}`,
      `    channels: ${Object.entries(s.byChannel)
        .map(([channel, n]) => `${channel} ${int(n)}`)
        .join(
          ', ',
        )}; assigned ${int(s.assigned)}, complex ${int(s.complex)}; next deadline: overdue ${int(s.byDue.overdue)}, due soon ${int(s.byDue.dueSoon)}, later ${int(s.byDue.later)}, paused or none ${int(s.byDue.pausedOrNone)}`,
    );
    for (const f of d.filters) {
      lines.push(
        '',
        `    ${f.request}: ${f.items} items, ${fixed(f.bytes / 1024)} KB an answer`,
        ...floorLines(f, r.target, f.met),
      );
      lines.push('    query plan:');
      for (const q of f.queryPlans) {
        lines.push(`      ${q.sql}`);
        for (const step of q.plan) lines.push(`        ${step}`);
      }
    }
  }
  return lines.join('\n');
}
