/**
 * The points endpoints of `npm run bench` (issue "Points": the balance of a
 * user with 10,000 entries in at most half the history endpoint's median
 * time), on the real server with one signed-in user whose ledger holds about
 * 10,000 entries:
 *
 * - GET /v1/points?site=…: the summary, which carries the balance;
 * - GET /v1/points/history?site=…: the first page of the history (50);
 *
 * both as that user (host token), and a bare node:http server answering the
 * summary's JSON (captured from usercare once, JSON.stringify'd per request).
 * The same model as the complaint lists (scripts/bench/complaints-api.ts):
 * the servers run in this process one after the other, the load comes from
 * a child process (scripts/bench/get-load.ts).
 *
 * The ledger is written by the ledger's own functions (openAccount, credit,
 * debit, giveBack, saveAccount from src/server/points/ledger.ts) straight on
 * the server's database, one transaction per day of history, each entry at
 * its own instant over the past 15 months: earnings (pending for the site's
 * 48 hours), compensations, redemptions, a few undone, and penalties. With
 * 12 months' expiry the oldest unspent lots expire, as `expiry` entries the
 * ledger makes itself when the account is next opened. A fixed seed: the
 * same amounts in the same order on every run (the instants move with the
 * clock, and so whether the last few expiries have happened yet).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { hostToken } from '../../test/node/_helpers';
import type { EntryReason, PointsHistory, PointsSummary, Trigger } from '../../src/contract/points';
import type { Database, PointsEntryRow } from '../../src/server/db/schema';
import { rulesOf } from '../../src/server/points/accounts';
import { credit, debit, giveBack, openAccount, saveAccount } from '../../src/server/points/ledger';
import type { Site } from '../../src/server/registry';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer, type RunningServer } from '../../src/server/server';
import { makeTrackingNumber } from '../../src/server/tracking';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { startBareJson } from './bare-json';
import { seededRandom } from './seeded-random';
import { fixed, int, table } from './format';
import { runGetLoadChild, type GetLoadOptions } from './get-load';
import type { LoadResult } from './http-load';
import { ratio } from './stats';

export interface PointsApiOptions extends ApiBenchOptions {
  /** entries in the user's ledger, about (expiries the ledger makes on the last opening may add a few) */
  entries: number;
}

export interface PointsSeedReport {
  /** the user's entries when measured, by kind */
  entries: number;
  byKind: Record<string, number>;
  /** the days an entry was written on, one transaction each */
  days: number;
  /** lots (one per entry that added points once it counted), and those with points left */
  lots: number;
  liveLots: number;
  balance: number;
  pending: number;
  lifetime: number;
  ms: number;
}

export interface PointsEndpointResult {
  /** method and path as asked, without the host */
  request: string;
  /** size of one answer in bytes */
  bytes: number;
  result: LoadResult;
}

export interface PointsApiResults {
  connections: number;
  warmupMs: number;
  durationMs: number;
  seed: PointsSeedReport;
  /** and how many expiring-soon lots its answer lists (up to 20) */
  summary: PointsEndpointResult & { expiringSoon: number };
  history: PointsEndpointResult & { items: number };
  /** node:http answering the summary's JSON */
  bare: PointsEndpointResult;
  /** summary p50 / history p50; the issue's target is ≤ 0.5 */
  summaryToHistory: number;
  target: number;
  met: boolean;
  /** SQLite's plan for each query a summary runs, as EXPLAIN QUERY PLAN words it */
  queryPlans: Record<string, string[]>;
}

const USER = 'bench-points-user';
const TARGET = 0.5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 456;
const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const REWARDS = [
  { id: 'coupon-10', name: text('10 yuan off', '立减 10 元'), points: 100, source: 'pool' as const, undoHours: 24 },
  { id: 'mug', name: text('A mug', '马克杯'), points: 30, source: 'pool' as const },
];
const CODES_PER_REWARD = 500;

/** The bench site's registry entry: points rules of a site that uses them (a heavy user stays under the caps). */
function registryOf(hostTokenSecret: string): RegistryFile {
  return {
    $comment: 'written by scripts/bench/points-api.ts for one bench run',
    serverSecret: randomBytes(32).toString('base64url'),
    sites: [
      {
        id: BENCH_SITE,
        allowedOrigins: ['http://127.0.0.1:*'],
        hostTokenSecret,
        staffTokens: [],
        settings: {
          timezone: 'Asia/Shanghai',
          points: {
            pendingHours: 48,
            expiryMonths: 12,
            earn: {
              suggestion_accepted: { points: 50, dailyCap: 500 },
              complaint_rated: { points: 10, dailyCap: 100 },
              report_confirmed: { points: 20, dailyCap: 200 },
            },
            levels: [
              { name: text('Member', '会员'), threshold: 0 },
              { name: text('Contributor', '贡献者'), threshold: 200 },
              { name: text('Trusted contributor', '资深贡献者'), threshold: 1000 },
              { name: text('Champion', '冠军'), threshold: 50_000 },
            ],
            compensation: {
              tiers: [{ upToMinutes: 59, points: 10 }, { upToMinutes: 240, points: 50 }, { points: 200 }],
            },
            catalogue: REWARDS,
          },
        },
      },
    ],
  };
}

const TRIGGER_SHARE: Array<[Trigger, number]> = [
  ['suggestion_accepted', 0.3],
  ['complaint_rated', 0.45],
  ['report_confirmed', 0.25],
];

/**
 * About `target` entries of USER over the past HISTORY_DAYS, each written
 * at its instant through the ledger (the account opened as of that instant,
 * so confirmations and expiries come in where they happened). One
 * transaction per day.
 */
async function seedLedger(db: Kysely<Database>, site: Site, target: number, now: number): Promise<PointsSeedReport> {
  const started = performance.now();
  const next = seededRandom(20261202);
  const rules = rulesOf(site);
  const key = { site: site.id, user: USER };
  const from = now - HISTORY_DAYS * DAY;
  // The instants: spread evenly at random over the span, ending an hour ago (some earnings still pending).
  const instants = Array.from({ length: target }, () => Math.floor(from + next() * (HISTORY_DAYS * DAY - HOUR))).sort(
    (a, b) => a - b,
  );
  const byDay = new Map<number, number[]>();
  for (const at of instants) {
    const day = Math.floor(at / DAY);
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    list.push(at);
  }

  // Coupon codes, so the summary's rewards have pools to look in.
  const codes = REWARDS.flatMap((r) =>
    Array.from({ length: CODES_PER_REWARD }, (_, i) => ({
      site: site.id,
      reward: r.id,
      code: `BENCH-${r.id}-${String(i).padStart(5, '0')}`,
      status: 'available' as const,
      added_at: new Date(from).toISOString(),
      issued_at: null,
    })),
  );
  for (let i = 0; i < codes.length; i += 1000)
    await db
      .insertInto('points_codes')
      .values(codes.slice(i, i + 1000))
      .execute();

  const count = async (tx: Kysely<Database>) =>
    Number(
      (
        await tx
          .selectFrom('points_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('site', '=', site.id)
          .where('user_id', '=', USER)
          .executeTakeFirstOrThrow()
      ).n,
    );
  let made = 0;
  let days = 0;
  /** the last coupon redeemed, while it may still be undone */
  let lastCoupon: PointsEntryRow | undefined;
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const done = await db.transaction().execute(async (tx) => {
      let total = await count(tx);
      for (const atMs of byDay.get(day)!) {
        if (total >= target) return true;
        const now = new Date(atMs);
        const account = await openAccount(tx, key, rules, now);
        const pick = next();
        const n = ++made;
        if (pick < 0.61) {
          let p = next();
          const trigger = TRIGGER_SHARE.find(([, share]) => (p -= share) < 0)?.[0] ?? 'complaint_rated';
          const reason: EntryReason = {
            code: trigger,
            trackingNumber: makeTrackingNumber(new Date(atMs - next() * 5 * DAY), site.settings.timezone),
          };
          const source = trigger === 'complaint_rated' ? `complaint-rated:bench-${n}` : `feedback:bench-${n}`;
          await credit(
            tx,
            account,
            rules,
            { kind: 'earn', points: rules.points.earn[trigger]!.points, source, reason, trigger },
            now,
          );
        } else if (pick < 0.69) {
          const minutes = [20, 45, 90, 180, 300][Math.floor(next() * 5)]!;
          const tier = rules.points.tiers.find((t) => t.upToMinutes === null || minutes <= t.upToMinutes)!;
          const id = `outage-${n}`;
          const incident = {
            id,
            service: 'checkout',
            start: new Date(atMs - minutes * 60_000 - HOUR).toISOString(),
            end: new Date(atMs - HOUR).toISOString(),
            minutes,
          };
          await credit(
            tx,
            account,
            rules,
            {
              kind: 'compensation',
              points: tier.points,
              source: `incident:${id}`,
              reason: { code: 'compensation', incident },
              staff: 'bench admin',
            },
            now,
          );
        } else if (pick < 0.86) {
          const reward = REWARDS[next() < 0.5 ? 0 : 1]!;
          if (account.balance >= reward.points) {
            const written = await debit(
              tx,
              account,
              {
                kind: 'spend',
                points: reward.points,
                source: `redeem:bench-${n}`,
                reason: { code: 'redemption', reward: { id: reward.id, name: reward.name } },
              },
              now,
            );
            if (reward.undoHours) lastCoupon = written.entry;
          } else {
            // Not enough for it: a rating earns instead.
            const reason: EntryReason = {
              code: 'complaint_rated',
              trackingNumber: makeTrackingNumber(now, site.settings.timezone),
            };
            await credit(
              tx,
              account,
              rules,
              { kind: 'earn', points: 10, source: `complaint-rated:bench-${n}`, reason, trigger: 'complaint_rated' },
              now,
            );
          }
        } else if (pick < 0.9 && lastCoupon && Date.parse(lastCoupon.created_at) > atMs - 24 * HOUR) {
          // A coupon undone in its window: the points go back to the lots they came from.
          const reward = REWARDS[0]!;
          await giveBack(
            tx,
            account,
            lastCoupon,
            {
              source: `undo:${lastCoupon.id}`,
              reason: { code: 'redemption_undone', reward: { id: reward.id, name: reward.name } },
            },
            now,
          );
          lastCoupon = undefined;
        } else {
          const points = 20 + Math.floor(next() * 5) * 20;
          await debit(
            tx,
            account,
            {
              kind: 'penalty',
              points,
              source: `penalty:bench-${n}`,
              reason: { code: 'penalty', text: 'Advertising in a complaint' },
              note: 'bench',
              staff: 'bench admin',
            },
            now,
          );
        }
        await saveAccount(tx, account);
        total++;
      }
      return false;
    });
    days++;
    if (done) break;
  }

  // As of now, as the first request would: expiries and confirmations up to now are worked in.
  const account = await db.transaction().execute(async (tx) => {
    const a = await openAccount(tx, key, rules, new Date(now));
    await saveAccount(tx, a);
    return a;
  });
  const kinds = await db
    .selectFrom('points_entries')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site', '=', site.id)
    .where('user_id', '=', USER)
    .groupBy('kind')
    .execute();
  const lots = await db
    .selectFrom('points_lots')
    .select([
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(eb.case().when('remaining', '>', 0).then(1).else(0).end()).as('live'),
    ])
    .where('site', '=', site.id)
    .where('user_id', '=', USER)
    .executeTakeFirstOrThrow();
  const byKind = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
  return {
    entries: Object.values(byKind).reduce((n, k) => n + k, 0),
    byKind,
    days,
    lots: Number(lots.n),
    liveLots: Number(lots.live),
    balance: account.balance,
    pending: account.pending,
    lifetime: account.lifetime,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * EXPLAIN QUERY PLAN of the queries a summary runs (readSummary in
 * src/server/points/accounts.ts), built as it builds them: whether anything
 * came due since the account was settled (when something did, the ledger's
 * openAccount works it in first), the lots expiring soon, and for each pool
 * reward whether a code is left.
 */
async function plansOf(db: RunningServer['db'], now: Date): Promise<Record<string, string[]>> {
  const at = now.toISOString();
  const settled = new Date(now.getTime() - 60_000).toISOString();
  const queries = {
    account: db
      .selectFrom('points_accounts')
      .select(['balance', 'pending', 'lifetime', 'settled_at'])
      .where('site', '=', BENCH_SITE)
      .where('user_id', '=', USER),
    'come due: entries': db
      .selectFrom('points_entries')
      .select('id')
      .where('site', '=', BENCH_SITE)
      .where('user_id', '=', USER)
      .where('confirms_at', '>', settled)
      .where('confirms_at', '<=', at)
      .limit(1),
    'come due: lots expired': db
      .selectFrom('points_lots')
      .select('entry_id')
      .where('site', '=', BENCH_SITE)
      .where('user_id', '=', USER)
      .where('remaining', '>', sql.lit(0))
      .where('expires_at', '<=', at)
      .limit(1),
    'expiring soon': db
      .selectFrom('points_lots')
      .select(['remaining', 'expires_at'])
      .where('site', '=', BENCH_SITE)
      .where('user_id', '=', USER)
      .where('remaining', '>', sql.lit(0))
      .where('expires_at', '<=', new Date(now.getTime() + 30 * DAY).toISOString())
      .orderBy('expires_at')
      .limit(20),
    'a code left (each pool reward)': db
      .selectFrom('points_codes')
      .select('code')
      .where('site', '=', BENCH_SITE)
      .where('reward', '=', REWARDS[0]!.id)
      .where('status', '=', 'available')
      .limit(1),
  };
  const plans: Record<string, string[]> = {};
  for (const [name, query] of Object.entries(queries)) {
    const compiled = query.compile();
    const rows = await db.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
    plans[name] = rows.rows.map((r) => r.detail);
  }
  return plans;
}

export async function runPointsApiBench(options: PointsApiOptions): Promise<PointsApiResults> {
  const dataDir = join(options.dir, 'points-api-data');
  mkdirSync(dataDir, { recursive: true });
  const hostTokenSecret = randomBytes(32).toString('base64url');
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(registryOf(hostTokenSecret), null, 2), { mode: 0o600 });
  // No sweep: the bench measures the endpoints alone.
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, log: options.log, sweepIntervalMs: 0 });
  let closing: Promise<void> | undefined;
  const closeServer = () => (closing ??= server.close());
  options.onCleanup(closeServer);
  const site = server.registry.getSite(BENCH_SITE);
  if (!site) throw new Error(`the server did not load the ${BENCH_SITE} site`);

  options.progress(`  seeding a ledger of ${options.entries.toLocaleString('en-US')} entries for one user`);
  const seed = await seedLedger(server.db, site, options.entries, Date.now());
  const queryPlans = await plansOf(server.db, new Date());

  const token = await hostToken(hostTokenSecret, USER, 3600, 'Bench User');
  const headers = { authorization: `Bearer ${token}`, origin: server.url };
  const paths = { summary: `/v1/points?site=${BENCH_SITE}`, history: `/v1/points/history?site=${BENCH_SITE}` };
  const load = (url: string): GetLoadOptions => ({
    url,
    headers,
    expectStatus: 200,
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    maxRequests: options.maxRequests,
  });
  const timeout = options.warmupMs + options.durationMs + 20_000;
  const fetchText = async (path: string) => {
    const response = await fetch(server.url + path, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}: ${body.slice(0, 300)}`);
    return body;
  };

  const summaryText = await fetchText(paths.summary);
  const summary = JSON.parse(summaryText) as PointsSummary;
  if (summary.balance !== seed.balance)
    throw new Error(`the summary's balance ${summary.balance} is not the seeded account's ${seed.balance}`);
  const historyText = await fetchText(paths.history);
  const historyItems = (JSON.parse(historyText) as PointsHistory).items.length;

  options.progress(
    `  usercare GET ${paths.summary}: ${options.connections} connections, ${options.durationMs / 1000} s`,
  );
  const summaryResult = await runGetLoadChild(load(server.url + paths.summary), timeout, options.onCleanup);
  options.progress(
    `  usercare GET ${paths.history}: ${historyItems} items, ${options.connections} connections, ${options.durationMs / 1000} s`,
  );
  const historyResult = await runGetLoadChild(load(server.url + paths.history), timeout, options.onCleanup);
  await closeServer();

  const bare = await startBareJson(summary);
  options.onCleanup(bare.close);
  options.progress(
    `  bare node:http, the summary's JSON: ${options.connections} connections, ${options.durationMs / 1000} s`,
  );
  const bareResult = await runGetLoadChild(load(bare.url + paths.summary), timeout, options.onCleanup);
  await bare.close();

  const summaryToHistory = summaryResult.p50 / historyResult.p50;
  return {
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    seed,
    summary: {
      request: `GET ${paths.summary}`,
      bytes: Buffer.byteLength(summaryText),
      expiringSoon: summary.expiringSoon.length,
      result: summaryResult,
    },
    history: {
      request: `GET ${paths.history}`,
      bytes: Buffer.byteLength(historyText),
      items: historyItems,
      result: historyResult,
    },
    bare: { request: `GET ${paths.summary}`, bytes: Buffer.byteLength(JSON.stringify(summary)), result: bareResult },
    summaryToHistory: Number(summaryToHistory.toFixed(3)),
    target: TARGET,
    met: Number.isFinite(summaryToHistory) && summaryToHistory <= TARGET,
    queryPlans,
  };
}

function row(name: string, e: PointsEndpointResult): string[] {
  const r = e.result;
  return [
    name,
    fixed(e.bytes / 1024),
    int(r.requests),
    fixed(r.perSecond, 0),
    fixed(r.p50, 2),
    fixed(r.p99, 2),
    Object.entries(r.statuses)
      .map(([status, n]) => `${status}×${int(n)}`)
      .join(' ') + (r.errors ? ` errors×${r.errors}` : ''),
  ];
}

/** Section g of the report. */
export function renderPointsApi(r: PointsApiResults): string {
  const s = r.seed;
  const [summary, history, bare] = [r.summary.result, r.history.result, r.bare.result];
  const lines = [
    `g. points, one user with ${int(s.entries)} ledger entries in SQLite (${Object.entries(s.byKind)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${int(n)}`)
      .join(
        ', ',
      )}; over ${s.days} days, written through the ledger in ${fixed(s.ms / 1000)} s): ${r.connections} keep-alive connections from a child process, ${r.durationMs / 1000} s after ${r.warmupMs / 1000} s warm-up, host token`,
    `  account: balance ${int(s.balance)}, pending ${int(s.pending)}, lifetime ${int(s.lifetime)}; ${int(s.lots)} lots, ${int(s.liveLots)} with points left (spending takes the oldest first), ${r.summary.expiringSoon} of them expiring within 30 days`,
    table(
      ['request', 'KB', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'answers'],
      [
        row(`usercare ${r.summary.request} (summary)`, r.summary),
        row(`usercare ${r.history.request} (first ${r.history.items})`, r.history),
        row("bare node:http, the summary's JSON", r.bare),
        [
          'summary/history',
          '',
          '',
          ratio(summary.perSecond, history.perSecond),
          ratio(summary.p50, history.p50),
          ratio(summary.p99, history.p99),
          '',
        ],
        [
          'summary/bare',
          '',
          '',
          ratio(summary.perSecond, bare.perSecond),
          ratio(summary.p50, bare.p50),
          ratio(summary.p99, bare.p99),
          '',
        ],
        [
          'history/bare (bare answers the summary)',
          '',
          '',
          ratio(history.perSecond, bare.perSecond),
          ratio(history.p50, bare.p50),
          ratio(history.p99, bare.p99),
          '',
        ],
      ],
      ['left'],
    ),
    `  target: summary p50 ≤ ${r.target}× history p50: ${fixed(r.summaryToHistory, 2)}× — ${r.met ? 'met' : 'MISSED'}`,
  ];
  for (const [name, e] of [
    ['summary', r.summary],
    ['history', r.history],
    ['bare', r.bare],
  ] as const) {
    if (e.result.firstError) lines.push(`  ${name}: first unexpected answer: ${e.result.firstError}`);
  }
  lines.push("  query plans of the summary's queries:");
  for (const [name, plan] of Object.entries(r.queryPlans)) lines.push(`    ${name}: ${plan.join('; ')}`);
  return lines.join('\n');
}
