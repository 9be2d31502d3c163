/**
 * The browser-test harness: the REAL server (startServer) on a fresh temp
 * data dir, with a registry made for tests, and the fault proxy in front of
 * it. Browser tests talk to `api` (the proxy); `direct` bypasses the proxy.
 *
 * Sites in the test registry:
 *   test    allows any http://localhost:* and http://127.0.0.1:* origin (the
 *           dev-only loopback pattern, see src/server/origins.ts) plus any
 *           `origins` given; the built-in default form; rate limits high
 *           enough never to trip by accident (simulate 429 with a fault rule).
 *   locked  allows only https://locked.example: every browser write to it is 403.
 *
 * The `test` site asks for consent (HARNESS_CONSENT below): GET
 * /v1/sites/test/consent serves it, POST /v1/consents takes its records.
 *
 * The `test` site's staff: "Harness Agent" (role agent, bearer token
 * HARNESS_STAFF_TOKEN) and "Harness Arbitrator" (HARNESS_ARBITRATOR_TOKEN),
 * so a browser test can move a complaint through the real staff API
 * (test/browser/live-stream.test.ts, complaint-tracker.test.ts).
 *
 * Control routes this adds to the proxy's (see fault-proxy.ts):
 *   GET  /__harness/submissions?site=test&contains=text
 *        → { count, items: [{ id, status, kind, trackingNumber, fields, attachments: [{ name, type, size }] }] }
 *        read from the real database, oldest first; `contains` matches a field value or the tracking number.
 *   POST /__harness/token { site?, sub, name?, expiresIn? }  → { token }
 *        a host JWT (HS256) signed with the site's secret (site default `test`); expiresIn is seconds from now
 *        or a time span like '1h' / '-5m' (default 3600; negative = already expired).
 *   POST /__harness/staff-token { sub, name, roles, expiresIn? }  → { token }
 *        a staff token of the `test` site as its back office signs one for a person (an hour long, or
 *        expiresIn seconds): a ruling is a person's, never a static token's.
 *   POST /__harness/status { id, status } → { id, status, version }
 *        what a staff action would do (e.g. `accepted`, after which withdraw is a 409).
 *   POST /__harness/channel { id, channel } → { id, channel }
 *        a submission's channel set to any word, past the database's list of channels, as a newer
 *        server's migration would let it hold one this release does not know.
 *   POST /__harness/publish-form { id, form } → { version }
 *        a new version of the `test` site's configuration with that form added or replaced, published
 *        as an admin's publish does and served at once (./harness-publish.ts).
 *   POST /__harness/raise-alerts → { raised }
 *        the sweep's deadline alerts raised now (what its next round would do; the round itself
 *        runs every 30 s under a lease a test cannot take).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { SUBMISSION_STATUSES } from '../../src/contract/common';
import type { SubmissionStatus } from '../../src/contract/common';
import { raiseDeadlineAlerts } from '../../src/server/complaints/deadline-alerts';
import type { AppDeps, Log } from '../../src/server/context';
import type { RegistryFile, SiteEntry } from '../../src/server/registry-schema';
import { startServer } from '../../src/server/server';
import type { RunningServer } from '../../src/server/server';
import { startFaultProxy } from './fault-proxy';
import { publishForm } from './harness-publish';
import type { ControlAnswer, ControlRequest, FaultProxy } from './fault-proxy';

export const TEST_SITE = 'test';
export const LOCKED_SITE = 'locked';
/** A test-only secret: the harness's registry is made for one run and never leaves the machine. */
export const HARNESS_STAFF_TOKEN = 'harness-agent-token-0123456789abcdef';
/** The `test` site's arbitrator, a different person from the agent, for dispute → arbitration in browser tests. */
export const HARNESS_ARBITRATOR_TOKEN = 'harness-arbitrator-token-0123456789ab';
/** The `test` site's admin, who exports consent proof. */
export const HARNESS_ADMIN_TOKEN = 'harness-admin-token-0123456789abcdefgh';

/**
 * The `test` site's consent settings: three purposes (analytics with one
 * service, marketing, functional), each with a cookie the stub clears when
 * refused, one separate consent for a third party, one document, no guardian age.
 */
/** The `test` site's points rules: two pool rewards (codes uploaded by the tests), the coupon undoable for a day. */
export const HARNESS_POINTS = {
  catalogue: [
    { id: 'coupon', name: { en: '10 yuan off', 'zh-CN': '10 元优惠券' }, points: 100, source: 'pool', undoHours: 24 },
    { id: 'mug', name: { en: 'A mug', 'zh-CN': '马克杯' }, points: 30, source: 'pool' },
  ],
} satisfies NonNullable<NonNullable<SiteEntry['settings']>['points']>;

export const HARNESS_CONSENT: NonNullable<SiteEntry['consent']> = {
  categories: [
    {
      id: 'analytics',
      label: { 'zh-CN': '统计分析', en: 'Analytics' },
      description: { 'zh-CN': '统计页面访问', en: 'Counts page visits' },
      version: '1',
      services: [
        {
          id: 'stats',
          name: { 'zh-CN': '测试统计', en: 'Test stats' },
          purpose: { 'zh-CN': '访问量统计', en: 'Visit counts' },
          cookies: ['uc_test_stats'],
        },
      ],
    },
    {
      id: 'marketing',
      label: { 'zh-CN': '营销推广', en: 'Marketing' },
      description: { 'zh-CN': '衡量广告效果', en: 'Measures ads' },
      version: '1',
      cookies: ['uc_test_ads'],
    },
    {
      id: 'functional',
      label: { 'zh-CN': '功能', en: 'Functional' },
      description: { 'zh-CN': '记住您的偏好', en: 'Remembers your preferences' },
      version: '1',
    },
  ],
  separate: [
    {
      id: 'share-logistics',
      kind: 'third_party',
      recipient: { 'zh-CN': '测试物流公司', en: 'Test Logistics Ltd.' },
      purpose: { 'zh-CN': '配送订单', en: 'Delivers your order' },
      version: '1',
    },
  ],
  documents: [
    { id: 'privacy', title: { 'zh-CN': '隐私政策', en: 'Privacy policy' }, url: '/privacy.html', version: '1' },
  ],
};

export interface HarnessOptions {
  /** Extra origins the `test` site allows (loopback origins are allowed already). */
  origins?: string[];
  /** Replace the test registry's sites entirely. */
  sites?: SiteEntry[];
  /** Server log lines; default: to stderr (stdout is reserved for harness-main's one JSON line). */
  log?: Log;
}

export interface Harness {
  /** The fault proxy in front of the server: what tests point the page at. */
  api: string;
  /** The server itself, no faults. */
  direct: string;
  /** `${api}/__harness` */
  control: string;
  server: RunningServer;
  proxy: FaultProxy;
  dataDir: string;
  close(): Promise<void>;
}

export function testRegistry(options: Pick<HarnessOptions, 'origins' | 'sites'> = {}): RegistryFile {
  return {
    $comment: 'written by test/support/harness.ts for one test run',
    serverSecret: randomBytes(32).toString('base64url'),
    sites: options.sites ?? [
      {
        id: TEST_SITE,
        allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*', ...(options.origins ?? [])],
        hostTokenSecret: randomBytes(32).toString('base64url'),
        staffTokenSecret: randomBytes(32).toString('base64url'),
        staffTokens: [
          {
            name: 'Harness Agent',
            tokenSha256: createHash('sha256').update(HARNESS_STAFF_TOKEN).digest('hex'),
            roles: ['agent'],
          },
          {
            name: 'Harness Arbitrator',
            tokenSha256: createHash('sha256').update(HARNESS_ARBITRATOR_TOKEN).digest('hex'),
            roles: ['arbitrator'],
          },
          {
            name: 'Harness Admin',
            tokenSha256: createHash('sha256').update(HARNESS_ADMIN_TOKEN).digest('hex'),
            roles: ['admin'],
          },
        ],
        publicConfig: {},
        settings: {
          rateLimits: {
            anonymousPerMinute: 10_000,
            addressPerMinute: 100_000,
            sitePerMinute: 100_000,
            userPerMinute: 10_000,
          },
          timezone: 'Asia/Shanghai',
          points: HARNESS_POINTS,
        },
        consent: HARNESS_CONSENT,
      },
      {
        id: LOCKED_SITE,
        allowedOrigins: ['https://locked.example'],
        hostTokenSecret: randomBytes(32).toString('base64url'),
        // with a banner, so a page on another origin meets the origin's refusal rather than a 404
        consent: HARNESS_CONSENT,
      },
    ],
  };
}

const stderrLog: Log = (level, message, extra) => {
  process.stderr.write(`[harness server ${level}] ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'usercare-harness-'));
  let server: RunningServer | undefined;
  let proxy: FaultProxy | undefined;
  try {
    writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(testRegistry(options), null, 2), { mode: 0o600 });
    // It serves the built bundles too, as `npm start` does: a test page may load the loader from here, another origin.
    const dist = fileURLToPath(new URL('../../dist', import.meta.url));
    const running = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      log: options.log ?? stderrLog,
      staticRoots: { dist },
      // The studio's "Send a test" posts to a receiver on this machine: every address here is loopback.
      webhookLoopback: true,
    });
    server = running;
    proxy = await startFaultProxy({ target: running.url, extraControl: (request) => harnessControl(running, request) });
  } catch (error) {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const runningServer = server;
  const runningProxy = proxy;
  let closed: Promise<void> | undefined;
  return {
    api: runningProxy.url,
    direct: runningServer.url,
    control: `${runningProxy.url}/__harness`,
    server: runningServer,
    proxy: runningProxy,
    dataDir,
    close: () =>
      (closed ??= (async () => {
        await runningProxy.close();
        await runningServer.close();
        rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

async function harnessControl(server: RunningServer, request: ControlRequest): Promise<ControlAnswer> {
  if (request.path === '/submissions' && request.method === 'GET')
    return { status: 200, body: await listSubmissions(server, request.query) };
  if (request.path === '/token' && request.method === 'POST') return makeToken(server, request.body);
  if (request.path === '/staff-token' && request.method === 'POST') return makeStaffToken(server, request.body);
  if (request.path === '/status' && request.method === 'POST') return setStatus(server, request.body);
  if (request.path === '/channel' && request.method === 'POST') return setChannel(server, request.body);
  if (request.path === '/publish-form' && request.method === 'POST')
    return publishForm(server, TEST_SITE, request.body);
  if (request.path === '/raise-alerts' && request.method === 'POST') {
    const deps = { db: server.db, registry: server.registry, now: () => new Date() } as unknown as AppDeps;
    return { status: 200, body: { raised: await raiseDeadlineAlerts(deps) } };
  }
  if (request.path === '/consents' && request.method === 'GET')
    return staffRead(server, `/v1/staff/consents?site=${TEST_SITE}&format=json`);
  if (request.path === '/consent-text' && request.method === 'GET')
    return staffRead(server, `/v1/staff/consents/texts/${encodeURIComponent(request.query.get('sha256') ?? '')}`);
  return undefined;
}

/** What an admin reads through the real staff API (the browser test page is not a staff client). */
async function staffRead(server: RunningServer, path: string): Promise<ControlAnswer> {
  const response = await fetch(server.url + path, { headers: { Authorization: `Bearer ${HARNESS_ADMIN_TOKEN}` } });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: type.includes('json') ? await response.json() : { text: await response.text() },
  };
}

async function listSubmissions(server: RunningServer, query: URLSearchParams) {
  let q = server.db.selectFrom('submissions').selectAll().orderBy('received_at').orderBy('id');
  const site = query.get('site');
  if (site) q = q.where('site', '=', site);
  const rows = await q.execute();
  const contains = query.get('contains');
  const items = [];
  for (const row of rows) {
    const fields = JSON.parse(row.fields_json) as Record<string, unknown>;
    if (contains) {
      const texts = Object.values(fields)
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .map(String);
      if (!texts.some((t) => t.includes(contains)) && row.tracking_number !== contains) continue;
    }
    const attachments = await server.db
      .selectFrom('attachments')
      .select(['name', 'type', 'size'])
      .where('submission_id', '=', row.id)
      .orderBy('name')
      .execute();
    items.push({
      id: row.id,
      status: row.status,
      kind: row.kind,
      trackingNumber: row.tracking_number,
      submitter: `${row.submitter_type}:${row.submitter_id}`,
      fields,
      attachments,
    });
  }
  return { count: items.length, items };
}

async function makeToken(server: RunningServer, body: unknown): Promise<ControlAnswer> {
  const input = (body ?? {}) as { site?: string; sub?: unknown; name?: string; expiresIn?: number | string };
  const site = server.registry.getSite(input.site ?? TEST_SITE);
  if (!site) return { status: 404, body: { error: { code: 'not_found', message: `no site ${input.site}` } } };
  // A host may sign its user's id as a number: such a token is made as it is, to test that both sides read it.
  const numeric = typeof input.sub === 'number' && Number.isSafeInteger(input.sub);
  if (!numeric && (typeof input.sub !== 'string' || input.sub === ''))
    return { status: 400, body: { error: { code: 'invalid_request', message: 'sub is required' } } };
  const now = Math.floor(Date.now() / 1000);
  // A number is seconds from now; a string is a jose time span ('1h', '-5m', '2 days ago').
  const expiresIn = input.expiresIn ?? 3600;
  const claims: Record<string, unknown> = {
    ...(input.name === undefined ? {} : { name: input.name }),
    // jose's setSubject takes only a string; the number goes in as a claim of its own.
    ...(numeric ? { sub: input.sub } : {}),
  };
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now);
  if (!numeric) jwt = jwt.setSubject(input.sub as string);
  try {
    jwt = jwt.setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn);
  } catch {
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_request',
          message: `expiresIn must be seconds or a span like '1h' (got ${JSON.stringify(expiresIn)})`,
        },
      },
    };
  }
  return { status: 200, body: { token: await jwt.sign(site.hostTokenKey) } };
}

async function makeStaffToken(server: RunningServer, body: unknown): Promise<ControlAnswer> {
  const input = (body ?? {}) as { sub?: unknown; name?: unknown; roles?: unknown; expiresIn?: unknown };
  const key = server.registry.getSite(TEST_SITE)?.staffTokenKey;
  if (!key)
    return { status: 404, body: { error: { code: 'not_found', message: 'the test site has no staff secret' } } };
  if (typeof input.sub !== 'string' || typeof input.name !== 'string' || !Array.isArray(input.roles))
    return { status: 400, body: { error: { code: 'invalid_request', message: 'need { sub, name, roles }' } } };
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ name: input.name, roles: input.roles, site: TEST_SITE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.sub)
    .setAudience('usercare-staff')
    .setIssuedAt(now)
    .setExpirationTime(now + (typeof input.expiresIn === 'number' ? input.expiresIn : 3600))
    .sign(key);
  return { status: 200, body: { token } };
}

async function setStatus(server: RunningServer, body: unknown): Promise<ControlAnswer> {
  const input = (body ?? {}) as { id?: string; status?: string };
  if (!input.id || !SUBMISSION_STATUSES.includes(input.status as SubmissionStatus))
    return {
      status: 400,
      body: { error: { code: 'invalid_request', message: 'need { id, status } with a known status' } },
    };
  const row = await server.db.selectFrom('submissions').select('version').where('id', '=', input.id).executeTakeFirst();
  if (!row) return { status: 404, body: { error: { code: 'not_found', message: `no submission ${input.id}` } } };
  await server.db
    .updateTable('submissions')
    .set({ status: input.status as SubmissionStatus, version: row.version + 1, updated_at: new Date().toISOString() })
    .where('id', '=', input.id)
    .execute();
  return { status: 200, body: { id: input.id, status: input.status, version: row.version + 1 } };
}

/**
 * A channel this release does not know, written as a newer server would: its migration widens the
 * database's check of channels, so here the check is set aside (SQLite's ignore_check_constraints)
 * for this one write, on the one connection it runs on.
 */
async function setChannel(server: RunningServer, body: unknown): Promise<ControlAnswer> {
  const input = (body ?? {}) as { id?: unknown; channel?: unknown };
  if (typeof input.id !== 'string' || typeof input.channel !== 'string' || !/^[a-z_]{1,32}$/.test(input.channel))
    return { status: 400, body: { error: { code: 'invalid_request', message: 'need { id, channel: a-z_ }' } } };
  const { id, channel } = input;
  const changed = await server.db.connection().execute(async (db) => {
    await sql`pragma ignore_check_constraints = on`.execute(db);
    try {
      const result = await db
        .updateTable('submissions')
        .set({ channel: channel as never })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    } finally {
      await sql`pragma ignore_check_constraints = off`.execute(db);
    }
  });
  if (!changed) return { status: 404, body: { error: { code: 'not_found', message: `no submission ${id}` } } };
  return { status: 200, body: { id, channel } };
}
