/**
 * The complaint list endpoints of `npm run bench`, with 10,000 complaints in
 * the database (scripts/bench/complaint-seed.ts):
 *
 * - GET /v1/complaints?site=… as one user with 50 complaints (host token);
 * - GET /v1/staff/complaints?site=…&limit=50 (staff bearer token): the
 *   latest 50 of the site's 10,000.
 *
 * Each against a bare node:http server answering the same path with the
 * same JSON (captured from usercare once, JSON.stringify'd per request): what
 * node:http and a JSON answer of that size cost alone. The servers run in
 * this process one after the other; the load comes from a child process
 * (scripts/bench/get-load.ts), the same model as the submit bench.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hostToken } from '../../test/node/_helpers';
import type { RunningServer } from '../../src/server/server';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { startBareJson } from './bare-json';
import { startSeededServer, type SeedReport } from './complaint-seed';
import { fixed, int } from './format';
import { runGetLoadChild, type GetLoadOptions } from './get-load';
import type { LoadResult } from './http-load';
import { loadComparison } from './load-table';

/** The submit bench's options, and how many complaints. */
export interface ComplaintsApiOptions extends ApiBenchOptions {
  complaints: number;
  /** complaints of the user whose list is read */
  userComplaints: number;
}

export interface EndpointResult {
  /** method and path as asked, without the host */
  request: string;
  /** items in one answer and its size in bytes */
  items: number;
  bytes: number;
  usercare: LoadResult;
  bare: LoadResult;
}

export type ComplaintsApiResults = Record<ListName, EndpointResult> & {
  connections: number;
  warmupMs: number;
  durationMs: number;
  seed: SeedReport;
  /** SQLite's plan for each list's query, as EXPLAIN QUERY PLAN words it */
  queryPlans: Record<ListName, string[]>;
};

const USER = 'bench-user-focus';
const LISTS = ['userList', 'staffList'] as const;
type ListName = (typeof LISTS)[number];
const STAFF_TOKEN = `bench-staff-${randomBytes(16).toString('hex')}`;

/** EXPLAIN QUERY PLAN of the query readPage (src/server/complaints/read.ts) runs for a first page, built the same way. */
async function planOf(db: RunningServer['db'], submitter: boolean): Promise<string[]> {
  let query = db
    .selectFrom('submissions')
    .selectAll()
    .where('site', '=', BENCH_SITE)
    .where('lifecycle_json', 'is not', null);
  if (submitter) query = query.where('submitter_type', '=', 'user').where('submitter_id', '=', USER);
  const compiled = query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(51).compile();
  const rows = await db.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
  return rows.rows.map((r) => r.detail);
}

export async function runComplaintsApiBench(options: ComplaintsApiOptions): Promise<ComplaintsApiResults> {
  options.progress(`  seeding ${options.complaints.toLocaleString('en-US')} complaints`);
  const {
    server,
    hostTokenSecret,
    seed,
    close: closeServer,
  } = await startSeededServer({
    dataDir: join(options.dir, 'complaints-api-data'),
    seed: {
      count: options.complaints,
      focus: { [USER]: options.userComplaints },
      throughLifecycle: 500,
      anonymousShare: 0.2,
    },
    staffToken: STAFF_TOKEN,
    log: options.log,
    onCleanup: options.onCleanup,
  });
  const queryPlans = { userList: await planOf(server.db, true), staffList: await planOf(server.db, false) };

  const token = await hostToken(hostTokenSecret, USER, 3600, 'Bench User');
  const endpoints: Record<ListName, { path: string; headers: Record<string, string> }> = {
    userList: {
      path: `/v1/complaints?site=${BENCH_SITE}`,
      headers: { authorization: `Bearer ${token}`, origin: server.url },
    },
    staffList: {
      path: `/v1/staff/complaints?site=${BENCH_SITE}&limit=50`,
      headers: { authorization: `Bearer ${STAFF_TOKEN}` },
    },
  };
  const load = (url: string, headers: Record<string, string>): GetLoadOptions => ({
    url,
    headers,
    expectStatus: 200,
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    maxRequests: options.maxRequests,
  });
  const timeout = options.warmupMs + options.durationMs + 20_000;

  // usercare first, for both lists (its answers are then the bare server's), then the bare server.
  const answers = {} as Record<ListName, { text: string; items: number }>;
  const usercare = {} as Record<ListName, LoadResult>;
  for (const name of LISTS) {
    const { path, headers } = endpoints[name];
    const response = await fetch(server.url + path, { headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    answers[name] = { text, items: (JSON.parse(text) as { items: unknown[] }).items.length };
    options.progress(
      `  usercare GET ${path}: ${answers[name].items} items, ${options.connections} connections, ${options.durationMs / 1000} s`,
    );
    usercare[name] = await runGetLoadChild(load(server.url + path, headers), timeout, options.onCleanup);
  }
  await closeServer();

  const results = {} as Record<ListName, EndpointResult>;
  for (const name of LISTS) {
    const { path, headers } = endpoints[name];
    const bare = await startBareJson(JSON.parse(answers[name].text));
    options.onCleanup(bare.close);
    options.progress(
      `  bare node:http, the same answer: ${options.connections} connections, ${options.durationMs / 1000} s`,
    );
    const bareResult = await runGetLoadChild(load(bare.url + path, headers), timeout, options.onCleanup);
    await bare.close();
    results[name] = {
      request: `GET ${path}`,
      items: answers[name].items,
      bytes: Buffer.byteLength(answers[name].text),
      usercare: usercare[name],
      bare: bareResult,
    };
  }

  return {
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    seed,
    queryPlans,
    ...results,
  };
}

/** Section d of the report. */
export function renderComplaintsApi(r: ComplaintsApiResults): string {
  const s = r.seed;
  const lines = [
    `d. complaint lists, ${int(s.complaints)} complaints in SQLite (${int(s.users)} users, ${int(s.devices)} anonymous devices; ${int(s.throughLifecycle)} made through the lifecycle, the rest copies of them; seeded in ${fixed(s.ms / 1000)} s): ${r.connections} keep-alive connections from a child process, ${r.durationMs / 1000} s after ${r.warmupMs / 1000} s warm-up`,
    `  statuses: ${Object.entries(s.byStatus)
      .sort((a, b) => b[1] - a[1])
      .map(([status, n]) => `${status} ${int(n)}`)
      .join(', ')}`,
  ];
  const lists: Array<[ListName, string]> = [
    ['userList', `the user's own list, a user with ${r.userList.items} complaints (host token)`],
    ['staffList', `the staff list, the latest ${r.staffList.items} of the site (staff token)`],
  ];
  for (const [name, what] of lists) {
    const e = r[name];
    lines.push(
      '',
      `  ${e.request}: ${what}; ${e.items} items, ${fixed(e.bytes / 1024)} KB an answer`,
      loadComparison(['usercare (Hono, SQLite)', e.usercare], ['bare node:http, same JSON', e.bare]),
      `  query plan: ${r.queryPlans[name].join('; ')}`,
    );
  }
  return lines.join('\n');
}
