/**
 * Every write route the server documents, against the same faults: the
 * routes come from the OpenAPI document the server serves, so a new route is
 * covered by being documented, and a documented route without a fixture
 * here fails the first test by name. Each route gets a fixture whose request
 * succeeds with the documented status; each fault is then the only
 * difference from it, on a fresh setup, and the exact status and error code
 * are asserted: a body nesting too deep (400 invalid_request), U+0000 in any
 * string (422 validation_failed at its path), a host token whose `sub` is
 * not a string or an integer where the route takes one (401 unauthorized),
 * the same Idempotency-Key with another body where the route takes one (422
 * idempotency_mismatch) and a true retry (the first answer, replayed). After
 * each refusal the unchanged request still succeeds, so a refusal wrote
 * nothing. No shape of any body is a 5xx, and no answer of any of them,
 * nor of any read route (each asked once, or said why not), holds a secret
 * (the sites' host and staff token secrets, the webhook's, the server's, a
 * static staff token's stored hash, and every secret and token the
 * configuration routes made, from the moment their one answer showed it:
 * SECRET_NEEDLES grows as they run). On SQLite always; on PostgreSQL
 * too when one answers on 127.0.0.1:5432 (a fresh database, dropped after).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { ConsentRecord } from '../../src/contract/consent';
import type { SiteEntry } from '../../src/server/registry-schema';
import { HARNESS_CONSENT, HARNESS_POINTS } from '../support/harness';
import {
  SECRETS,
  call,
  newDevice,
  newKey,
  signClaims,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';
import { versionedDist } from './_versioned-dist';

const STAFF = { agent: 'write-routes-agent-token-0123456789', admin: 'write-routes-admin-token-0123456789' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const WEBHOOK_SECRET = 'write-routes-webhook-secret-0123456789abcdef';
/** What no answer may ever hold; a secret or token a route makes joins once its one answer has shown it (Setup.reveals). */
const SECRET_NEEDLES: string[] = [
  SECRETS.server,
  SECRETS.test,
  SECRETS.other,
  SECRETS.staff,
  SECRETS.otherStaff,
  WEBHOOK_SECRET,
  sha256(STAFF.agent),
  sha256(STAFF.admin),
];

function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Route Agent', tokenSha256: sha256(STAFF.agent), roles: ['agent'] },
        { name: 'Route Admin', tokenSha256: sha256(STAFF.admin), roles: ['admin'] },
      ],
      consent: HARNESS_CONSENT,
      settings: {
        ...test!.settings,
        points: HARNESS_POINTS,
        // never delivered here (no sweep runs): there for its secret, which no answer may hold
        webhook: { url: 'http://127.0.0.1:9/usercare-hook', secret: WEBHOOK_SECRET },
        // A complaint received two hours ago in this category is overdue, whatever the calendar says of today.
        sla: { policies: [{ kind: 'complaint', category: 'interaction', firstReply: { elapsedHours: 1 } }] },
      },
    },
    ...rest,
  ];
}

/** Lookups are limited per address: each setup comes from an address of its own, through the one proxy the server trusts. */
// A versioned build served, so the snippet route has one to name.
const SERVER_OPTIONS = { trustedProxyHops: 1, staticRoots: { dist: versionedDist() } };

type Body = Record<string, unknown>;

/** Who sends a route's request: a signed-in user (whose token's sub the fault changes), staff, or nobody in particular. */
type Sender = { user: string } | { staff: string } | { anonymous: true };

/** One route's valid request on a fresh setup. */
interface Setup {
  path: string;
  /** the route's method, as documented (the table sets it) */
  method?: string;
  as: Sender;
  /** the request's body for an Idempotency-Key (a consent record's id is its key) */
  body(key: string): Body;
  /** another valid body, sent under the first request's key */
  other?(key: string): Body;
  headers?: Record<string, string>;
  /** the new secrets a successful answer shows, once: each is a needle from then on */
  reveals?(answer: Call): string[];
}

interface World {
  server: TestServer;
}

const HOUR_S = 3600;
const nowS = () => Math.floor(Date.now() / 1000);
const hostHeader = async (claims: Body) =>
  `Bearer ${await signClaims(SECRETS.test, { name: 'Route User', iat: nowS(), exp: nowS() + HOUR_S, ...claims })}`;

async function send(
  w: World,
  setup: Setup,
  options: { key?: string; body?: unknown; rawBody?: string; sub?: unknown },
): Promise<Call> {
  const bodyless = options.rawBody === undefined && options.body === undefined;
  const headers: Record<string, string> = {
    ...(bodyless ? {} : { 'Content-Type': 'application/json' }),
    ...setup.headers,
  };
  if (options.key !== undefined) headers['Idempotency-Key'] = options.key;
  if ('user' in setup.as) headers['Authorization'] = await hostHeader({ sub: options.sub ?? setup.as.user });
  if ('staff' in setup.as) headers['Authorization'] = `Bearer ${setup.as.staff}`;
  const rawBody = bodyless ? undefined : (options.rawBody ?? JSON.stringify(options.body));
  const answer = await call(w.server.url, setup.method ?? 'POST', setup.path, {
    ...(rawBody !== undefined ? { rawBody } : {}),
    headers,
  });
  const leaked = SECRET_NEEDLES.find((secret) => answer.text.includes(secret));
  assert.equal(leaked, undefined, `${setup.method ?? 'POST'} ${setup.path} answered a secret`);
  if (setup.reveals && answer.status < 300) SECRET_NEEDLES.push(...setup.reveals(answer));
  return answer;
}

// ---- what the fixtures set up, through the API as a client would -----------------------------------------

const newUser = () => `route-user-${randomUUID()}`;
const randomAddress = () =>
  `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;

async function ok(r: Promise<Call>, what: string): Promise<Call> {
  const answer = await r;
  assert.ok(answer.status >= 200 && answer.status < 300, `${what}: ${answer.status} ${answer.text}`);
  return answer;
}

async function userSubmission(w: World, user: string, kind: 'complaint' | 'suggestion'): Promise<string> {
  const r = await ok(
    call(w.server.url, 'POST', '/v1/feedback', {
      body: submission({ kind, locale: 'en' }),
      headers: { Authorization: await hostHeader({ sub: user }), 'Idempotency-Key': newKey() },
    }),
    `a ${kind} by ${user}`,
  );
  return r.json.id as string;
}

async function anonymousComplaint(w: World, email = `anon-${randomUUID()}@example.com`) {
  const r = await ok(
    call(w.server.url, 'POST', '/v1/feedback', {
      body: submission({ fields: { message: 'The page will not load', email } }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    }),
    'an anonymous complaint',
  );
  return { id: r.json.id as string, trackingNumber: r.json.trackingNumber as string, email };
}

/** A deadline alert the sweep raised: of a complaint logged by hotline two hours after it came, overdue by an hour. */
async function overdueAlert(w: World): Promise<string> {
  const logged = await ok(
    call(w.server.url, 'POST', '/v1/staff/complaints', {
      body: {
        site: 'test',
        category: 'interaction',
        channel: 'hotline',
        locale: 'en',
        receivedAt: new Date(Date.now() - 2 * HOUR_S * 1000).toISOString(),
        text: 'Nobody called me back',
        contact: `caller-${randomUUID()}@example.com`,
      },
      headers: { Authorization: `Bearer ${STAFF.agent}`, 'Idempotency-Key': newKey() },
    }),
    'a complaint to alert about',
  );
  await w.server.sweep();
  const alert = await w.server.db
    .selectFrom('deadline_alerts')
    .select('id')
    .where('submission_id', '=', logged.json.id as string)
    .where('kind', '=', 'overdue')
    .executeTakeFirstOrThrow();
  return alert.id;
}

/** A signed-in user's complaint, replied to by an agent, disputed, and referred to a third party by an admin (automation may refer; only a person rules). */
async function referredComplaint(w: World): Promise<string> {
  const user = newUser();
  const id = await userSubmission(w, user, 'complaint');
  const act = async (who: 'user' | 'agent' | 'admin', body: Body) =>
    ok(
      call(w.server.url, 'POST', `/v1/${who === 'user' ? '' : 'staff/'}complaints/${id}/actions`, {
        body,
        headers: {
          Authorization: who === 'user' ? await hostHeader({ sub: user }) : `Bearer ${STAFF[who]}`,
          'Idempotency-Key': newKey(),
        },
      }),
      `${String(body['action'])} for the fixture`,
    );
  await act('agent', { action: 'accept' });
  await act('agent', { action: 'start_investigation' });
  await act('agent', { action: 'reply', text: 'The seller says it was sent' });
  await act('user', { action: 'dispute', text: 'It never came' });
  await act('admin', { action: 'start_arbitration' });
  await act('admin', {
    action: 'refer_third_party',
    referral: { body: 'Consumer Association', reference: 'CA-2021-77', referredOn: '2021-03-01' },
  });
  return id;
}

async function givePoints(w: World, user: string, points: number): Promise<void> {
  await ok(
    call(w.server.url, 'POST', '/v1/staff/points/adjustments', {
      body: { site: 'test', user, points, reason: 'Set-up', note: 'write-route fixture' },
      headers: { Authorization: `Bearer ${STAFF.admin}`, 'Idempotency-Key': newKey() },
    }),
    'points for the fixture',
  );
}

async function uploadCodes(w: World, reward: string, count: number): Promise<void> {
  await ok(
    call(w.server.url, 'POST', '/v1/staff/points/codes', {
      body: { site: 'test', reward, codes: Array.from({ length: count }, () => `${reward}-${randomUUID()}`) },
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    }),
    'codes for the fixture',
  );
}

function consentRecord(w: World, id: string, text = 'We use cookies to count visits.'): ConsentRecord {
  return {
    id,
    site: 'test',
    revision: w.server.registry.getSite('test')!.consent!.revision,
    locale: 'en',
    text,
    gpc: false,
    method: 'custom',
    categories: {
      analytics: { granted: true, version: '1' },
      marketing: { granted: false, version: '1' },
      functional: { granted: true, version: '1' },
    },
    services: { 'analytics/stats': true },
    separate: { 'share-logistics': { granted: false, version: '1' } },
    clientDecidedAt: '2001-01-01T00:00:00.000Z',
  };
}

/** A site's admin signed in by its host: the configuration routes take a person, never automation. */
const adminPerson = (site = 'test', secret: string = SECRETS.staff) =>
  staffToken({ sub: `route-admin-${site}`, name: 'Route Admin Person', roles: ['admin'], site, secret });

/** A new secret's answer: the secret, a needle from then on. */
const rotatedSecret = (answer: Call): string[] => [answer.json.secret as string];
/** An issued token's answer: the token and the hash the database keeps, needles from then on. */
const issuedToken = (answer: Call): string[] => [answer.json.token as string, sha256(answer.json.token as string)];

/**
 * The site's host and staff token secrets rotated once per server, each
 * replaced one staying accepted for 29 days (every fixture signs with it),
 * so the answers of every route after are checked for these new secrets too.
 */
const rotatedOnce = new WeakSet<TestServer>();
async function rotateSigningSecrets(w: World): Promise<void> {
  if (rotatedOnce.has(w.server)) return;
  rotatedOnce.add(w.server);
  for (const kind of ['host_token', 'staff_token']) {
    const r = await ok(
      call(w.server.url, 'POST', `/v1/staff/config/secrets/${kind}/rotate?site=test`, {
        body: { overlapUntil: new Date(Date.now() + 29 * 24 * HOUR_S * 1000).toISOString() },
        headers: { Authorization: `Bearer ${await adminPerson()}` },
      }),
      `the ${kind} rotated`,
    );
    SECRET_NEEDLES.push(...rotatedSecret(r));
  }
}

/** The `test` site's draft set back to the version it serves, as an admin would open it to publish. */
async function servedDraft(w: World): Promise<{ revision: number }> {
  const admin = { Authorization: `Bearer ${await adminPerson()}` };
  const draft = (
    await ok(call(w.server.url, 'GET', '/v1/staff/config/draft?site=test', { headers: admin }), 'the draft')
  ).json;
  const version = await ok(
    call(w.server.url, 'GET', `/v1/staff/config/versions/${draft.publishedVersion}?site=test`, { headers: admin }),
    'the version served',
  );
  const saved = await ok(
    call(w.server.url, 'PUT', '/v1/staff/config/draft?site=test', {
      body: { document: version.json.document, revision: draft.revision },
      headers: { ...admin, 'Idempotency-Key': newKey() },
    }),
    'the draft set back',
  );
  return { revision: saved.json.revision as number };
}

/**
 * A valid request for every write route, keyed `METHOD path` as the
 * document names it. A route added to the server and its document needs an
 * entry here; the first test names any that lack one.
 */
const FIXTURES: Record<string, (w: World) => Promise<Setup>> = {
  'POST /v1/feedback': async () => ({
    path: '/v1/feedback',
    as: { user: newUser() },
    body: () => submission() as unknown as Body,
    other: () => submission({ fields: { message: 'Another message', email: 'user@example.com' } }) as unknown as Body,
  }),
  'POST /v1/feedback/{id}/withdraw': async (w) => {
    const user = newUser();
    const id = await userSubmission(w, user, 'suggestion');
    return {
      path: `/v1/feedback/${id}/withdraw`,
      as: { user },
      body: () => ({ reason: 'Changed my mind' }),
      other: () => ({ reason: 'Sent it twice' }),
    };
  },
  'POST /v1/complaints/lookup': async (w) => {
    const { trackingNumber, email } = await anonymousComplaint(w);
    return {
      path: '/v1/complaints/lookup',
      as: { anonymous: true },
      headers: { 'X-Forwarded-For': randomAddress() },
      body: () => ({ site: 'test', trackingNumber, contact: email }),
    };
  },
  'POST /v1/complaints/{id}/actions': async (w) => {
    const user = newUser();
    const id = await userSubmission(w, user, 'complaint');
    return {
      path: `/v1/complaints/${id}/actions`,
      as: { user },
      body: () => ({ action: 'withdraw', reason: 'Sorted out' }),
      other: () => ({ action: 'withdraw', reason: 'Sent by mistake' }),
    };
  },
  'POST /v1/complaints/{id}/messages': async (w) => {
    const user = newUser();
    const id = await userSubmission(w, user, 'complaint');
    return {
      path: `/v1/complaints/${id}/messages`,
      as: { user },
      body: () => ({ text: 'Any news?' }),
      other: () => ({ text: 'Any news at all?' }),
    };
  },
  'POST /v1/staff/complaints': async () => {
    const body = (channel: string) => ({
      site: 'test',
      category: 'publishing',
      channel,
      locale: 'zh-CN',
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      text: 'Called about a listing',
      contact: 'caller@example.com',
      userId: newUser(),
    });
    const first = body('hotline');
    return {
      path: '/v1/staff/complaints',
      as: { staff: STAFF.agent },
      body: () => first,
      other: () => ({ ...first, channel: 'mailbox' }),
    };
  },
  'POST /v1/staff/alerts/dismiss': async (w) => {
    const [first, second] = [await overdueAlert(w), await overdueAlert(w)];
    return {
      path: '/v1/staff/alerts/dismiss',
      as: { staff: STAFF.agent },
      body: () => ({ site: 'test', ids: [first] }),
      other: () => ({ site: 'test', ids: [second] }),
    };
  },
  'POST /v1/staff/complaints/{id}/actions': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/actions`,
      as: { staff: STAFF.agent },
      body: () => ({ action: 'accept' }),
      other: () => ({ action: 'reject', reason: 'Not a complaint about us' }),
    };
  },
  'POST /v1/staff/complaints/{id}/messages': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/messages`,
      as: { staff: STAFF.agent },
      body: () => ({ text: 'We are looking into it' }),
      other: () => ({ text: 'We are still looking into it' }),
    };
  },
  'POST /v1/staff/complaints/{id}/notes': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/notes`,
      as: { staff: STAFF.agent },
      body: () => ({ text: 'Called the seller; waiting for their answer' }),
      other: () => ({ text: 'The seller did not answer' }),
    };
  },
  'POST /v1/staff/complaints/{id}/assignee': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/assignee`,
      as: { staff: STAFF.agent },
      body: () => ({ assignee: 'staff:automation:Route Agent', version: 1 }),
      other: () => ({ assignee: 'staff:person:colleague-7', version: 1 }),
    };
  },
  'POST /v1/staff/complaints/{id}/category': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/category`,
      as: { staff: STAFF.agent },
      body: () => ({ category: 'transactions', complex: true, version: 1 }),
      other: () => ({ category: 'interaction', complex: false, version: 1 }),
    };
  },
  'POST /v1/staff/complaints/{id}/third-party-outcome': async (w) => {
    const id = await referredComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/third-party-outcome`,
      as: { staff: STAFF.agent },
      body: () => ({ outcome: 'The association found for the user: refund in full', decidedOn: '2021-03-15' }),
      other: () => ({ outcome: 'The association found for the platform', decidedOn: '2021-03-16' }),
    };
  },
  'POST /v1/staff/complaints/{id}/reveal': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/reveal`,
      as: { staff: STAFF.agent },
      body: () => ({ reason: 'Calling the user back about the refund' }),
    };
  },
  'POST /v1/staff/complaints/{id}/presence': async (w) => {
    const { id } = await anonymousComplaint(w);
    return {
      path: `/v1/staff/complaints/${id}/presence`,
      as: { staff: STAFF.agent },
      body: () => ({ state: 'typing' }),
    };
  },
  'PUT /v1/staff/canned/{id}': async () => {
    const id = `canned-${randomUUID().slice(0, 8)}`;
    return {
      path: `/v1/staff/canned/${id}?site=test`,
      as: { staff: STAFF.admin },
      body: () => ({ title: '退款进度', text: '您好 {name}，您的投诉 {trackingNumber} 已受理。', locale: 'zh-CN' }),
      other: () => ({ title: 'Refund', text: 'Hello {name}, we have your complaint {trackingNumber}.', locale: 'en' }),
    };
  },
  'DELETE /v1/staff/canned/{id}': async (w) => {
    const id = `canned-${randomUUID().slice(0, 8)}`;
    const path = `/v1/staff/canned/${id}?site=test`;
    await ok(
      call(w.server.url, 'PUT', path, {
        body: { title: 'To remove', text: 'Soon gone', locale: 'en' },
        headers: { Authorization: `Bearer ${STAFF.admin}`, 'Idempotency-Key': newKey() },
      }),
      'a canned reply to delete',
    );
    return { path, as: { staff: STAFF.admin }, body: () => ({}) };
  },
  'PUT /v1/staff/views/{id}': async () => {
    const id = `view-${randomUUID()}`;
    return {
      path: `/v1/staff/views/${id}?site=test`,
      as: { staff: STAFF.agent },
      body: () => ({
        name: `Mine, overdue ${id}`,
        view: { filters: { assignee: 'me', due: 'overdue' }, sort: 'deadline', columns: ['channel', 'deadlines'] },
        isDefault: false,
      }),
      other: () => ({
        name: `New first ${id}`,
        view: { filters: { status: ['submitted', 'accepted'] }, sort: 'received_desc', columns: ['received'] },
        isDefault: true,
      }),
    };
  },
  'DELETE /v1/staff/views/{id}': async (w) => {
    const path = `/v1/staff/views/view-${randomUUID()}?site=test`;
    await ok(
      call(w.server.url, 'PUT', path, {
        body: {
          name: `To remove ${randomUUID()}`,
          view: { filters: {}, sort: 'deadline', columns: [] },
          isDefault: false,
        },
        headers: { Authorization: `Bearer ${STAFF.agent}`, 'Idempotency-Key': newKey() },
      }),
      'a saved view to delete',
    );
    return { path, as: { staff: STAFF.agent }, body: () => ({}) };
  },
  'PUT /v1/staff/config/draft': async (w) => {
    const { revision } = await servedDraft(w);
    // A draft is work in progress: kept as it is, whether it checks or not.
    const document = (title: string) => ({ allowedOrigins: ['https://shop.example.com'], publicConfig: { title } });
    return {
      path: '/v1/staff/config/draft?site=test',
      as: { staff: await adminPerson() },
      body: () => ({ document: document('意见反馈'), revision }),
      other: () => ({ document: document('Feedback'), revision }),
    };
  },
  'POST /v1/staff/config/validate': async () => ({
    path: '/v1/staff/config/validate?site=test',
    as: { staff: await adminPerson() },
    body: () => ({ document: { allowedOrigins: ['https://shop.example.com'], publicConfig: { title: 'Feedback' } } }),
  }),
  'POST /v1/staff/config/deadline-preview': async () => ({
    path: '/v1/staff/config/deadline-preview?site=test',
    as: { staff: await adminPerson() },
    body: () => ({
      document: { allowedOrigins: ['https://shop.example.com'], settings: { timezone: 'Asia/Shanghai' } },
      kind: 'complaint',
      category: 'publishing',
      receivedAt: '2025-06-11T02:00:00.000Z',
    }),
  }),
  'POST /v1/staff/config/publish': async (w) => {
    const { revision } = await servedDraft(w);
    return {
      path: '/v1/staff/config/publish?site=test',
      as: { staff: await adminPerson() },
      body: () => ({ revision, note: '发布：无改动' }),
      other: () => ({ revision, note: 'Published again, unchanged' }),
    };
  },
  'POST /v1/staff/config/rollback': async () => ({
    path: '/v1/staff/config/rollback?site=test',
    as: { staff: await adminPerson() },
    body: () => ({ version: 1, note: '回到第一版' }),
    other: () => ({ version: 1, note: 'Back to the first version' }),
  }),
  'POST /v1/consents': async (w) => ({
    path: '/v1/consents',
    as: { user: newUser() },
    body: (key) => consentRecord(w, key) as unknown as Body,
    other: (key) => consentRecord(w, key, 'Another text was shown.') as unknown as Body,
  }),
  'POST /v1/points/redemptions': async (w) => {
    const user = newUser();
    await givePoints(w, user, 500);
    await uploadCodes(w, 'mug', 3);
    await uploadCodes(w, 'coupon', 1);
    return {
      path: '/v1/points/redemptions',
      as: { user },
      body: () => ({ site: 'test', reward: 'mug' }),
      other: () => ({ site: 'test', reward: 'coupon' }),
    };
  },
  'POST /v1/points/redemptions/{id}/undo': async (w) => {
    const user = newUser();
    await givePoints(w, user, 200);
    await uploadCodes(w, 'coupon', 1);
    const redeemed = await ok(
      call(w.server.url, 'POST', '/v1/points/redemptions', {
        body: { site: 'test', reward: 'coupon' },
        headers: { Authorization: await hostHeader({ sub: user }), 'Idempotency-Key': newKey() },
      }),
      'a redemption to undo',
    );
    return {
      path: `/v1/points/redemptions/${redeemed.json.id}/undo`,
      as: { user },
      body: () => ({ site: 'test' }),
    };
  },
  'POST /v1/staff/points/incidents': async () => {
    const start = Date.now() - 3 * HOUR_S * 1000;
    const body = {
      site: 'test',
      id: `incident-${randomUUID()}`,
      service: 'checkout',
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
      users: [newUser()],
    };
    return { path: '/v1/staff/points/incidents', as: { staff: STAFF.admin }, body: () => body };
  },
  'POST /v1/staff/points/penalties': async (w) => {
    const user = newUser();
    await givePoints(w, user, 100);
    return {
      path: '/v1/staff/points/penalties',
      as: { staff: STAFF.agent },
      body: () => ({ site: 'test', user, points: 20, reason: 'Spam' }),
      other: () => ({ site: 'test', user, points: 200, reason: 'Spam' }),
    };
  },
  'POST /v1/staff/points/adjustments': async () => {
    const user = newUser();
    return {
      path: '/v1/staff/points/adjustments',
      as: { staff: STAFF.admin },
      body: () => ({ site: 'test', user, points: 20, reason: 'Gift', note: 'ticket 1' }),
      other: () => ({ site: 'test', user, points: 200, reason: 'Gift', note: 'ticket 1' }),
    };
  },
  'POST /v1/staff/points/codes': async () => {
    const codes = [`mug-${randomUUID()}`, `mug-${randomUUID()}`];
    return {
      path: '/v1/staff/points/codes',
      as: { staff: STAFF.admin },
      body: () => ({ site: 'test', reward: 'mug', codes }),
    };
  },
  'POST /v1/staff/feedback/{id}/decision': async (w) => {
    const id = await userSubmission(w, newUser(), 'suggestion');
    return {
      path: `/v1/staff/feedback/${id}/decision`,
      as: { staff: STAFF.agent },
      body: () => ({ decision: 'accept' }),
      other: () => ({ decision: 'decline', reason: 'Not for now' }),
    };
  },
  'POST /v1/staff/points/incidents/preview': async () => {
    const start = Date.now() - 3 * HOUR_S * 1000;
    const body = {
      site: 'test',
      id: `incident-${randomUUID()}`,
      service: 'checkout',
      start: new Date(start).toISOString(),
      end: new Date(start + 30 * 60_000).toISOString(),
      users: [newUser()],
    };
    return { path: '/v1/staff/points/incidents/preview', as: { staff: STAFF.admin }, body: () => body };
  },
  'POST /v1/staff/config/secrets/{kind}/rotate': async (w) => {
    await rotateSigningSecrets(w);
    // The webhook's: nothing here is signed with it, so a body without an overlap (which ends the old one at once) harms nothing.
    return {
      path: '/v1/staff/config/secrets/webhook/rotate?site=test',
      as: { staff: await adminPerson() },
      body: () => ({ overlapUntil: new Date(Date.now() + 24 * HOUR_S * 1000).toISOString() }),
      reveals: rotatedSecret,
    };
  },
  'POST /v1/staff/config/tokens': async () => ({
    path: '/v1/staff/config/tokens?site=test',
    as: { staff: await adminPerson() },
    body: (key) => ({ name: `robot ${key}`, roles: ['agent'] }),
    reveals: issuedToken,
  }),
  'DELETE /v1/staff/config/tokens/{name}': async (w) => {
    const name = `to revoke ${randomUUID()}`;
    const token = await adminPerson();
    const issued = await ok(
      call(w.server.url, 'POST', '/v1/staff/config/tokens?site=test', {
        body: { name, roles: ['agent'] },
        headers: { Authorization: `Bearer ${token}` },
      }),
      'a token to revoke',
    );
    SECRET_NEEDLES.push(...issuedToken(issued));
    return {
      path: `/v1/staff/config/tokens/${encodeURIComponent(name)}?site=test`,
      as: { staff: token },
      body: () => ({}),
    };
  },
  // On the other site, whose staff no other fixture signs in: the sign-out refuses every staff token of the site signed before it.
  'POST /v1/staff/config/sign-out-staff': async () => ({
    path: '/v1/staff/config/sign-out-staff?site=other',
    as: { staff: await adminPerson('other', SECRETS.otherStaff) },
    body: () => ({}),
  }),
  'POST /v1/staff/config/webhook/test': async () => ({
    path: '/v1/staff/config/webhook/test?site=test',
    as: { staff: await adminPerson() },
    // The site's own webhook address: nobody listens there, so the answer is the connection's error and the time.
    body: () => ({ url: 'http://127.0.0.1:9/usercare-hook' }),
  }),
  'POST /v1/staff/complaints/{id}/points': async (w) => {
    const id = await userSubmission(w, newUser(), 'complaint');
    return {
      path: `/v1/staff/complaints/${id}/points`,
      as: { staff: STAFF.agent },
      body: () => ({ kind: 'compensation', points: 20, reason: 'Sorry for the wait' }),
      other: () => ({ kind: 'compensation', points: 40, reason: 'Sorry for the wait' }),
    };
  },
};

// ---- the routes, as the served document describes them ------------------------------------------------------

interface Route {
  id: string;
  method: string;
  /** the one success status the document gives */
  status: number;
  takesKey: boolean;
  takesHostToken: boolean;
  /** whether it takes a request body at all (a DELETE does not): the body's faults are tried only then */
  takesBody: boolean;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read loosely; the assertions check what is used
function writeRoutesOf(doc: any): Route[] {
  const routes: Route[] = [];
  for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of WRITE_METHODS) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
      const op = item[method] as any;
      if (!op) continue;
      const successes = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      assert.equal(successes.length, 1, `${method.toUpperCase()} ${path} documents one success status`);
      routes.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        status: Number(successes[0]),
        takesBody: op.requestBody !== undefined,
        takesKey: (op.parameters ?? []).some(
          (p: { $ref?: string }) => p.$ref === '#/components/parameters/IdempotencyKey',
        ),
        takesHostToken: (op.security ?? []).some((s: Record<string, unknown>) => 'hostToken' in s),
      });
    }
  }
  return routes;
}

// ---- the faults -----------------------------------------------------------------------------------------------

/** `levels` arrays inside each other, as JSON text (building the value would be as deep). */
const deepJson = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const PROBE_DEPTH = 8000;

/** The body's JSON with `json` put in as the value of a new key or in place of `key`'s value. */
function withJsonAt(body: Body, key: string, json: string): string {
  const marker = `__value_${randomUUID()}__`;
  return JSON.stringify({ ...body, [key]: marker }).replace(JSON.stringify(marker), json);
}

/** Paths of every string in a body (keys and indexes), in document order. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function withNulAt(body: Body, path: (string | number)[]): Body {
  const copy = structuredClone(body);
  let at: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  at[last] = `${String(at[last])}\u0000`;
  return copy;
}

/** The contract's path format (src/config/validate.ts formatPath): dotted, indexes in brackets. */
const formatted = (path: (string | number)[]) =>
  path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');

const BAD_SUBS: Array<[string, unknown]> = [
  ['a fraction', 12.5],
  ['an object', { id: 12345 }],
  ['an array', ['user-1']],
  ['a boolean', true],
];

/** Values every top-level field is swapped for, and whole bodies, in the shape test. */
const ODD_VALUES: unknown[] = [null, true, -1.5, 0, 2 ** 60, '', [], {}, [[{}]], { a: { b: [1] } }];
const ODD_BODIES = ['[]', '"text"', '1', 'null', '{}', '[{}]', '{"__proto__":{"polluted":1}}'];

function assertError(r: Call, status: number, code: string, what: string): void {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.json?.error?.code, code, `${what}: ${r.text}`);
  assert.equal(typeof r.json.error.message, 'string', what);
}

function registerTable(label: string, world: () => World, routes: readonly Route[]): void {
  describe(label, () => {
    test('every write route in /openapi.json has a fixture here, and every fixture a documented route', () => {
      const documented = routes.map((r) => r.id);
      assert.deepEqual(
        documented.filter((id) => !(id in FIXTURES)),
        [],
        'documented write routes without a fixture',
      );
      assert.deepEqual(
        Object.keys(FIXTURES).filter((id) => !documented.includes(id)),
        [],
        'fixtures of routes the document does not have',
      );
    });

    for (const route of routes) {
      const fixture = FIXTURES[route.id];
      describe(route.id, { skip: fixture ? false : 'no fixture: the first test names it' }, () => {
        /** A fresh setup and its valid request's key; `checkStillFine` sends the valid request after a refusal. */
        const fresh = async () => {
          const w = world();
          const setup: Setup = { ...(await fixture!(w)), method: route.method };
          const key = route.takesKey ? newKey() : undefined;
          const bodyOf = (k: string) => (route.takesBody ? setup.body(k) : undefined);
          const valid = () => send(w, setup, { key, body: bodyOf(key ?? newKey()) });
          const checkStillFine = async (what: string) => {
            const r = await valid();
            assert.equal(r.status, route.status, `the valid request after ${what}: ${r.text}`);
            assert.equal(r.headers.get('Idempotent-Replayed'), null, `after ${what}, nothing was stored under the key`);
          };
          return { w, setup, key, checkStillFine, bodyOf };
        };

        test(`the valid request is a ${route.status}${route.takesKey ? '; a retry with its key is the first answer, replayed' : ''}`, async () => {
          const { w, setup, key, bodyOf } = await fresh();
          const body = bodyOf(key ?? newKey());
          const first = await send(w, setup, { key, body });
          assert.equal(first.status, route.status, first.text);
          if (!route.takesKey) return;
          assert.equal(first.headers.get('Idempotent-Replayed'), null);
          const retry = await send(w, setup, { key, body });
          assert.equal(retry.status, first.status, retry.text);
          assert.deepEqual(retry.json, first.json);
          assert.equal(retry.headers.get('Idempotent-Replayed'), 'true');
        });

        if (route.takesKey)
          test('its key with another body is a 422 idempotency_mismatch, and the key keeps its first answer', async () => {
            const { w, setup, key } = await fresh();
            assert.ok(setup.other, 'a route that takes a key needs another body in its fixture');
            const first = await send(w, setup, { key, body: setup.body(key!) });
            assert.equal(first.status, route.status, first.text);
            assertError(
              await send(w, setup, { key, body: setup.other(key!) }),
              422,
              'idempotency_mismatch',
              'another body',
            );
            const retry = await send(w, setup, { key, body: setup.body(key!) });
            assert.deepEqual([retry.status, retry.json], [first.status, first.json]);
          });

        if (route.takesBody)
          test(`a body nesting ${PROBE_DEPTH} arrays is a 400 invalid_request, under a new key or in place of a field`, async () => {
            const { w, setup, key, checkStillFine } = await fresh();
            const body = setup.body(key ?? newKey());
            const placements = ['probe', Object.keys(body)[0]!];
            for (const at of placements) {
              const r = await send(w, setup, { key, rawBody: withJsonAt(body, at, deepJson(PROBE_DEPTH)) });
              assertError(r, 400, 'invalid_request', `nested at "${at}"`);
            }
            await checkStillFine('too deep a body');
          });

        if (route.takesBody)
          test('U+0000 in any string of the body is a 422 validation_failed naming where', async () => {
            const { w, setup, key, checkStillFine } = await fresh();
            const body = setup.body(key ?? newKey());
            const paths = stringPaths(body);
            assert.ok(paths.length > 0, 'the body has strings');
            for (const path of paths) {
              const r = await send(w, setup, { key, body: withNulAt(body, path) });
              assertError(r, 422, 'validation_failed', `NUL at ${formatted(path)}`);
              assert.equal(r.json.error.details.fields[0].path, formatted(path));
            }
            await checkStillFine('NUL in a string');
          });

        if (route.takesHostToken)
          test('a host token whose sub is not a string or an integer is a 401 unauthorized', async () => {
            const { w, setup, key, checkStillFine, bodyOf } = await fresh();
            assert.ok('user' in setup.as, 'a route that takes a host token is sent by a signed-in user in its fixture');
            const body = bodyOf(key ?? newKey());
            for (const [what, sub] of BAD_SUBS)
              assertError(await send(w, setup, { key, body, sub }), 401, 'unauthorized', what);
            await checkStillFine('a bad sub');
          });

        if (route.takesBody)
          test('no shape of the body is a 5xx, and every refusal has the error shape', async () => {
            const { w, setup } = await fresh();
            const probes: Array<{ what: string; key: string | undefined; rawBody: string }> = [];
            for (const odd of ODD_BODIES) probes.push({ what: `the body ${odd}`, key: newKey(), rawBody: odd });
            for (const field of Object.keys(setup.body(newKey())))
              for (const value of ODD_VALUES) {
                const key = newKey();
                probes.push({
                  what: `${field}: ${JSON.stringify(value)}`,
                  key,
                  rawBody: JSON.stringify({ ...setup.body(key), [field]: value }),
                });
              }
            for (const probe of probes) {
              const r = await send(w, setup, { key: route.takesKey ? probe.key : undefined, rawBody: probe.rawBody });
              assert.ok(r.status < 500, `${probe.what}: ${r.status} ${r.text}`);
              if (r.status >= 400) assert.equal(typeof r.json?.error?.code, 'string', `${probe.what}: ${r.text}`);
            }
          });
      });
    }

    test('twelve too-deep bodies in a row, signed out, are twelve 400s, and the server goes on', async () => {
      const w = world();
      const rawBody = JSON.stringify(submission()).replace(/^\{/, `{"probe":${deepJson(PROBE_DEPTH)},`);
      for (let i = 0; i < 12; i++) {
        const r = await call(w.server.url, 'POST', '/v1/feedback', {
          rawBody,
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': newKey(),
            'X-Usercare-Device': newDevice(),
          },
        });
        assertError(r, 400, 'invalid_request', `body ${i + 1}`);
      }
      const fine = await call(w.server.url, 'POST', '/v1/feedback', {
        body: submission(),
        headers: { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
      });
      assert.equal(fine.status, 201, fine.text);
    });

    test('64 levels of nesting pass the depth check (the contract then refuses the unknown key); 65 do not', async () => {
      const w = world();
      const send64 = (levels: number) =>
        call(w.server.url, 'POST', '/v1/points/redemptions', {
          rawBody: `{"site":"test","reward":"mug","probe":${deepJson(levels)}}`,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
        });
      // The body's object is level 1: 63 arrays inside it make 64 levels.
      assertError(await send64(63), 422, 'validation_failed', '64 levels');
      assertError(await send64(64), 400, 'invalid_request', '65 levels');
    });
  });
}

// ---- the read routes: none answers a secret either ------------------------------------------------------------

/** Each documented read route, as one request a client would make of it once the fixtures above have run. */
const READS: Record<string, (w: World) => Promise<Setup>> = {
  'GET /healthz': async () => ({ path: '/healthz', as: { anonymous: true }, body: () => ({}) }),
  'GET /openapi.json': async () => ({ path: '/openapi.json', as: { anonymous: true }, body: () => ({}) }),
  'GET /v1/sites/{site}/config': async () => ({
    path: '/v1/sites/test/config',
    as: { anonymous: true },
    body: () => ({}),
  }),
  'GET /v1/sites/{site}/consent': async () => ({
    path: '/v1/sites/test/consent',
    as: { anonymous: true },
    body: () => ({}),
  }),
  'GET /v1/complaints': async (w) => {
    const user = newUser();
    await userSubmission(w, user, 'complaint');
    return { path: '/v1/complaints?site=test', as: { user }, body: () => ({}) };
  },
  'GET /v1/complaints/{id}': async (w) => {
    const user = newUser();
    const id = await userSubmission(w, user, 'complaint');
    return { path: `/v1/complaints/${id}`, as: { user }, body: () => ({}) };
  },
  'GET /v1/points': async () => ({ path: '/v1/points?site=test', as: { user: newUser() }, body: () => ({}) }),
  'GET /v1/points/history': async () => ({
    path: '/v1/points/history?site=test',
    as: { user: newUser() },
    body: () => ({}),
  }),
  'GET /v1/points/redemptions': async () => ({
    path: '/v1/points/redemptions?site=test',
    as: { user: newUser() },
    body: () => ({}),
  }),
  'GET /v1/staff/me': async () => ({ path: '/v1/staff/me?site=test', as: { staff: STAFF.admin }, body: () => ({}) }),
  'GET /v1/staff/queue': async () => ({
    path: '/v1/staff/queue?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/complaints': async () => ({
    path: '/v1/staff/complaints?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/complaints/{id}': async (w) => ({
    path: `/v1/staff/complaints/${(await anonymousComplaint(w)).id}`,
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/feedback/{id}': async (w) => ({
    path: `/v1/staff/feedback/${await userSubmission(w, newUser(), 'suggestion')}`,
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/alerts': async () => ({
    path: '/v1/staff/alerts?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/audit': async () => ({
    path: '/v1/staff/audit?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/canned': async () => ({
    path: '/v1/staff/canned?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/consents': async () => ({
    path: '/v1/staff/consents?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/points/accounts/{user}': async () => ({
    path: `/v1/staff/points/accounts/${newUser()}?site=test`,
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/points/incidents': async () => ({
    path: '/v1/staff/points/incidents?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/points/codes': async () => ({
    path: '/v1/staff/points/codes?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/presence': async () => ({
    path: '/v1/staff/presence?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/search': async (w) => {
    await anonymousComplaint(w);
    return { path: '/v1/staff/search?site=test&q=page', as: { staff: STAFF.admin }, body: () => ({}) };
  },
  'GET /v1/staff/config/draft': async () => ({
    path: '/v1/staff/config/draft?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/versions': async () => ({
    path: '/v1/staff/config/versions?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/versions/{version}': async () => ({
    path: '/v1/staff/config/versions/1?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/snippet': async () => ({
    path: '/v1/staff/config/snippet?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/consent-reask': async () => ({
    path: '/v1/staff/config/consent-reask?site=test&purpose=category:analytics&version=1',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/diff': async () => ({
    path: '/v1/staff/config/diff?site=test&from=1&to=draft',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/views': async () => ({
    path: '/v1/staff/views?site=test',
    as: { staff: STAFF.admin },
    body: () => ({}),
  }),
  'GET /v1/staff/config/secrets': async () => ({
    path: '/v1/staff/config/secrets?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
  'GET /v1/staff/config/tokens': async () => ({
    path: '/v1/staff/config/tokens?site=test',
    as: { staff: await adminPerson() },
    body: () => ({}),
  }),
};

/** Read routes not asked here, and why. */
const READS_NOT_ASKED: Record<string, string> = {
  'GET /v1/stream': 'an open event stream, never ending; it carries ids, versions and statuses (server-stream.test.ts)',
  'GET /v1/staff/stream': 'as the user stream',
  'GET /v1/complaints/{id}/files/{fileId}': "a file's own bytes, as the user uploaded them",
  'GET /v1/staff/complaints/{id}/files/{fileId}': "a file's own bytes, as the user uploaded them",
  'GET /v1/staff/consents/texts/{sha256}': 'a consent text the site published, as it was shown',
};

function registerReads(label: string, world: () => World, documented: readonly string[]): void {
  describe(label, () => {
    test('every read route in /openapi.json is asked here or says why not', () => {
      assert.deepEqual(
        documented.filter((id) => !(id in READS) && !(id in READS_NOT_ASKED)),
        [],
        'documented read routes neither asked nor explained',
      );
    });
    test('no read route answers a secret', async () => {
      for (const id of documented.filter((r) => r in READS)) {
        const w = world();
        const setup = { ...(await READS[id]!(w)), method: 'GET' };
        // send() fails on an answer holding a secret, naming the route
        const answer = await send(w, setup, {});
        assert.equal(answer.status, 200, `${id}: ${answer.text}`);
      }
    });
  });
}

// ---- SQLite, and PostgreSQL when one answers ------------------------------------------------------------------

const sqlite = await startTestServer(sites(), SERVER_OPTIONS);
after(() => sqlite.close());
const served = (await call(sqlite.url, 'GET', '/openapi.json')).json;
const routes = writeRoutesOf(served);
const reads = Object.entries<Record<string, unknown>>(served.paths)
  .filter(([, item]) => 'get' in item)
  .map(([path]) => `GET ${path}`);
registerTable('every write route on SQLite', () => ({ server: sqlite }), routes);
registerReads('every read route on SQLite', () => ({ server: sqlite }), reads);

const ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function adminClient(): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}
const admin = await adminClient();

describe('on PostgreSQL', { skip: admin ? false : 'no PostgreSQL on 127.0.0.1:5432' }, () => {
  const name = `usercare_test_${randomUUID().replaceAll('-', '')}`;
  let server: TestServer | undefined;
  before(async () => {
    await admin!.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    server = await startTestServer(sites(), { ...SERVER_OPTIONS, databaseUrl: url.toString() });
  });
  after(async () => {
    await server?.close();
    await admin!.query(`drop database if exists ${name}`);
    await admin!.end();
  });
  registerTable('every write route on PostgreSQL', () => ({ server: server! }), routes);
  registerReads('every read route on PostgreSQL', () => ({ server: server! }), reads);
});
