/**
 * Points on the real server (SQLite in a temp folder, the server's clock
 * moved by the test): what earns (an accepted suggestion, a rated complaint,
 * a confirmed report) and the day's cap, pending points that count later,
 * expiry, penalties that stop at zero, outage compensation by tier (applied
 * twice, overlapping, at the tiers' edges), redemption from a code pool
 * (double-clicked, retried, more than the balance, an empty pool, undone),
 * who may do what, and the registry's checks of the rules.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { IncidentList, PointsHistory, PointsSummary, Redemption } from '../../src/contract/points';
import { CodePools } from '../../src/contract/points-codes';
import { RegistryError, parseRegistry } from '../../src/server/registry';
import { signWebhook } from '../../src/server/webhooks';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  ALLOWED_ORIGIN,
  SECRETS,
  call,
  hostToken,
  newDevice,
  newKey,
  startTestServer,
  submission,
  testSites,
} from './_helpers';
import type { Call, TestServer } from './_helpers';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const STAFF = { admin: 'points-admin-token-0123456789', agent: 'points-agent-token-0123456789' };
const text = (en: string) => ({ en, 'zh-CN': en });

function sites(): SiteEntry[] {
  const [test] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Admin Chen', tokenSha256: sha(STAFF.admin), roles: ['admin'] },
        { name: 'Agent Li', tokenSha256: sha(STAFF.agent), roles: ['agent'] },
      ],
      settings: {
        points: {
          pendingHours: 48,
          expiryMonths: 12,
          earn: { suggestion_accepted: { points: 50, dailyCap: 80 }, report_confirmed: { points: 20 } },
          compensation: {
            tiers: [
              { upToMinutes: 59, points: 10 },
              { upToMinutes: 240, points: 50 },
              { points: 200, reward: 'coupon-10' },
            ],
          },
          catalogue: [
            { id: 'coupon-10', name: text('10 yuan off'), points: 100, source: 'pool', undoHours: 24 },
            { id: 'mug', name: text('A mug'), points: 30, source: 'pool' },
          ],
        },
      },
    },
  ];
}

let server: TestServer;
let clock = Date.parse('2026-03-02T02:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
before(async () => {
  server = await startTestServer(sites(), { now: () => new Date(clock) });
});
after(() => server.close());

const staffHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() });
const asUser = async (user: string) => ({
  // Issued by the server's clock, which the tests move by days.
  Authorization: `Bearer ${await hostToken(SECRETS.test, user, 3600, 'Test User', clock)}`,
  Origin: ALLOWED_ORIGIN,
});

async function summary(user: string): Promise<PointsSummary> {
  const r = await call(server.url, 'GET', '/v1/points?site=test', { headers: await asUser(user) });
  assert.equal(r.status, 200, r.text);
  return PointsSummary.parse(r.json);
}
async function history(user: string): Promise<PointsHistory> {
  const r = await call(server.url, 'GET', '/v1/points/history?site=test', { headers: await asUser(user) });
  assert.equal(r.status, 200, r.text);
  return PointsHistory.parse(r.json);
}
/** A suggestion or report by the signed-in user, as the form sends it. */
async function feedback(user: string, kind: 'suggestion' | 'report'): Promise<string> {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission({ kind, locale: 'en' }),
    headers: { ...(await asUser(user)), 'Idempotency-Key': newKey() },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}
function decide(id: string, decision: string, token = STAFF.agent, headers = staffHeaders(token)): Promise<Call> {
  // Declining and dismissing say why (shown to the sender).
  const reason = decision === 'decline' || decision === 'dismiss' ? { reason: 'Not for now' } : {};
  return call(server.url, 'POST', `/v1/staff/feedback/${id}/decision`, { body: { decision, ...reason }, headers });
}
async function adjust(user: string, points: number): Promise<void> {
  const r = await call(server.url, 'POST', '/v1/staff/points/adjustments', {
    body: { site: 'test', user, points, reason: 'Welcome gift', note: 'test set-up' },
    headers: staffHeaders(STAFF.admin),
  });
  assert.equal(r.status, 201, r.text);
}
async function upload(reward: string, codes: string[]): Promise<Call> {
  return call(server.url, 'POST', '/v1/staff/points/codes', {
    body: { site: 'test', reward, codes },
    headers: staffHeaders(STAFF.admin),
  });
}
async function redeem(user: string, reward: string, key = newKey()): Promise<Call> {
  return call(server.url, 'POST', '/v1/points/redemptions', {
    body: { site: 'test', reward },
    headers: { ...(await asUser(user)), 'Idempotency-Key': key },
  });
}
const user = () => `user-${randomUUID()}`;

beforeEach(() => {
  clock += DAY;
});

describe('earning', () => {
  test('an accepted suggestion earns its author points that count after the pending delay, once however often staff send the decision', async () => {
    const u = user();
    const id = await feedback(u, 'suggestion');
    const headers = staffHeaders(STAFF.agent);
    const first = await decide(id, 'accept', STAFF.agent, headers);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.points.points, 50);
    assert.equal(first.json.points.status, 'pending');
    const again = await decide(id, 'accept', STAFF.agent, headers);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    const other = await decide(id, 'decline');
    assert.equal(other.status, 409, 'a second, different decision is refused');

    let s = await summary(u);
    assert.deepEqual([s.balance, s.pending], [0, 50]);
    clock += 48 * HOUR;
    s = await summary(u);
    assert.deepEqual([s.balance, s.pending], [50, 0]);
    const [entry] = (await history(u)).items;
    assert.equal(entry!.reason.code, 'suggestion_accepted');
    assert.ok(entry!.reason.trackingNumber);
    assert.equal(entry!.status, 'confirmed');
  });

  test('the day’s cap holds earnings back, and says so in the entry', async () => {
    const u = user();
    const a = await feedback(u, 'suggestion');
    const b = await feedback(u, 'suggestion');
    assert.equal((await decide(a, 'accept')).json.points.points, 50);
    const capped = (await decide(b, 'accept')).json.points;
    assert.equal(capped.points, 30);
    assert.equal(capped.reason.capped, 20);
  });

  test('a confirmed report earns; a dismissed one and anonymous authors earn nothing', async () => {
    const u = user();
    const confirmed = await decide(await feedback(u, 'report'), 'confirm');
    assert.equal(confirmed.json.points.points, 20);
    const dismissed = await decide(await feedback(u, 'report'), 'dismiss');
    assert.equal(dismissed.json.points, null);
    const anon = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ kind: 'report', locale: 'en' }),
      headers: { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
    });
    assert.equal((await decide(anon.json.id, 'confirm')).json.points, null);
    const wrong = await decide(await feedback(u, 'suggestion'), 'confirm');
    assert.equal(wrong.status, 422, 'a suggestion is accepted or declined, not confirmed');
  });

  test('points expire after the site’s months, oldest first, and the history says when', async () => {
    const u = user();
    await adjust(u, 40);
    clock += 100 * DAY;
    await adjust(u, 25);
    clock += 270 * DAY; // the first lot is 370 days old: expired; the second is 270 days old
    const s = await summary(u);
    assert.equal(s.balance, 25);
    const expiry = (await history(u)).items.find((e) => e.kind === 'expiry');
    assert.equal(expiry?.points, -40);
    assert.ok(s.expiringSoon.length === 0 || s.expiringSoon[0]!.points === 25);
  });
});

describe('penalties and adjustments', () => {
  test('a penalty takes at most the balance and records the rest as its shortfall; the staff note stays with staff', async () => {
    const u = user();
    await adjust(u, 30);
    const r = await call(server.url, 'POST', '/v1/staff/points/penalties', {
      body: { site: 'test', user: u, points: 50, reason: 'Harassing another user', note: 'ticket 4411' },
      headers: staffHeaders(STAFF.agent),
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.entry.points, r.json.entry.shortfall, r.json.balance], [-30, 20, 0]);
    assert.equal((await summary(u)).balance, 0);
    const seen = (await history(u)).items[0]!;
    assert.equal(seen.reason.text, 'Harassing another user');
    assert.ok(!JSON.stringify(await history(u)).includes('ticket 4411'), 'the note is not shown to the user');
    const staff = await call(server.url, 'GET', `/v1/staff/points/accounts/${u}?site=test`, {
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    });
    assert.ok(staff.text.includes('ticket 4411'));
    // Without an amount, the site's rule (default 20) applies.
    await adjust(u, 50);
    const byRule = await call(server.url, 'POST', '/v1/staff/points/penalties', {
      body: { site: 'test', user: u, reason: 'Spam' },
      headers: staffHeaders(STAFF.agent),
    });
    assert.deepEqual([byRule.status, byRule.json.entry.points, byRule.json.balance], [201, -20, 30]);
  });

  test('an adjustment needs a note and an admin', async () => {
    const u = user();
    const noNote = await call(server.url, 'POST', '/v1/staff/points/adjustments', {
      body: { site: 'test', user: u, points: 10, reason: 'Sorry' },
      headers: staffHeaders(STAFF.admin),
    });
    assert.equal(noNote.status, 422);
    assert.ok(noNote.text.includes('note'));
    const agent = await call(server.url, 'POST', '/v1/staff/points/adjustments', {
      body: { site: 'test', user: u, points: 10, reason: 'Sorry', note: 'x' },
      headers: staffHeaders(STAFF.agent),
    });
    assert.equal(agent.status, 403);
  });
});

describe('penalties and adjustments under one Idempotency-Key', () => {
  const staffWrite = (what: 'penalties' | 'adjustments', body: object, key: string, token: string) =>
    call(server.url, 'POST', `/v1/staff/points/${what}`, {
      body: { site: 'test', ...body },
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    });
  const mismatch = (r: Call, what: string) => {
    assert.equal(r.status, 422, `${what}: ${r.text}`);
    assert.equal(r.json.error.code, 'idempotency_mismatch', what);
  };

  for (const [what, token, body, other] of [
    ['penalties', STAFF.agent, { points: 20, reason: 'Spam' }, { points: 200, reason: 'Spam' }],
    [
      'adjustments',
      STAFF.admin,
      { points: 20, reason: 'Gift', note: 'ticket 1' },
      { points: 200, reason: 'Gift', note: 'ticket 1' },
    ],
  ] as const) {
    test(`${what}: a retry is the first answer, replayed; the key with other points or another user is a 422 and changes nothing`, async () => {
      const [u, v] = [user(), user()];
      await adjust(u, 500);
      await adjust(v, 500);
      const key = newKey();
      const first = await staffWrite(what, { user: u, ...body }, key, token);
      assert.equal(first.status, 201, first.text);
      const again = await staffWrite(what, { user: u, ...body }, key, token);
      assert.deepEqual([again.status, again.json], [201, first.json]);
      assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(first.headers.get('Idempotent-Replayed'), null);
      mismatch(await staffWrite(what, { user: u, ...other }, key, token), 'other points');
      mismatch(await staffWrite(what, { user: v, ...body }, key, token), 'another user');
      const moved = what === 'penalties' ? -20 : 20;
      assert.deepEqual(
        [(await summary(u)).balance, (await summary(v)).balance],
        [500 + moved, 500],
        'one entry, for the first request only',
      );
    });
  }

  test('an entry made before staff requests kept their hash: its retry is answered with it, another request under its key is a 422', async () => {
    const u = user();
    await adjust(u, 100);
    const key = newKey();
    const body = { user: u, points: 30, reason: 'Spam', note: 'ticket 9' };
    const first = await staffWrite('penalties', body, key, STAFF.agent);
    assert.equal(first.status, 201, first.text);
    // What an older server left: the ledger entry, and no idempotency row for it.
    await server.db
      .deleteFrom('idempotency_keys')
      .where('actor', '=', 'staff:Agent Li')
      .where('key', '=', key)
      .execute();
    const retry = await staffWrite('penalties', body, key, STAFF.agent);
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(retry.json, first.json);
    for (const [what, changed] of [
      ['other points', { points: 31 }],
      ['another reason', { reason: 'Scam' }],
      ['another note', { note: 'ticket 10' }],
      ['no note', { note: undefined }],
    ] as const)
      mismatch(await staffWrite('penalties', { ...body, ...changed }, key, STAFF.agent), what);
    assert.equal((await summary(u)).balance, 70);
  });
});

describe('outage compensation', () => {
  const incident = (id: string, minutes: number, users: string[], startMs = clock - 10 * DAY) =>
    call(server.url, 'POST', '/v1/staff/points/incidents', {
      body: {
        site: 'test',
        id,
        service: 'checkout',
        start: new Date(startMs).toISOString(),
        end: new Date(startMs + minutes * 60_000).toISOString(),
        users,
      },
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    });

  test('tiers by length at their edges: 59 min, 60 min, 240 min', async () => {
    const [a, b, c] = [user(), user(), user()];
    assert.equal((await incident(`edge-59-${a}`, 59, [a])).json.tier.points, 10);
    assert.equal((await incident(`edge-60-${b}`, 60, [b])).json.tier.points, 50);
    assert.equal((await incident(`edge-240-${c}`, 240, [c])).json.tier.points, 50);
    assert.deepEqual(
      [(await summary(a)).balance, (await summary(b)).balance, (await summary(c)).balance],
      [10, 50, 50],
    );
    const entry = (await history(a)).items[0]!;
    assert.equal(entry.kind, 'compensation');
    assert.equal(entry.reason.incident?.service, 'checkout');
  });

  test('the same incident applied twice compensates once; its id with other facts is refused', async () => {
    const u = user();
    const id = `twice-${u}`;
    const start = clock - 5 * DAY;
    const first = await incident(id, 90, [u], start);
    const second = await incident(id, 90, [u], start);
    assert.deepEqual([first.json.compensated, second.json.compensated], [1, 0]);
    assert.equal((await summary(u)).balance, 50);
    assert.equal((await incident(id, 95, [u], start)).status, 409);
    const listed = await call(server.url, 'GET', '/v1/staff/points/incidents?site=test', {
      headers: { Authorization: `Bearer ${STAFF.agent}` },
    });
    const recorded = IncidentList.parse(listed.json).items.find((i) => i.id === id);
    assert.deepEqual(
      recorded && [recorded.service, recorded.result.minutes, recorded.result.compensated, recorded.staff],
      ['checkout', 90, 1, 'staff:automation:Admin Chen'],
    );
  });

  test('overlapping incidents each compensate', async () => {
    const u = user();
    const start = clock - 3 * DAY;
    await incident(`overlap-a-${u}`, 30, [u], start);
    await incident(`overlap-b-${u}`, 30, [u], start + 10 * 60_000);
    assert.equal((await summary(u)).balance, 20);
  });

  test('an incident that ends before it starts is a 422', async () => {
    const r = await incident(`backwards-${randomUUID()}`, -5, [user()]);
    assert.equal(r.status, 422);
    assert.equal(r.json.error.details.fields[0].path, 'end');
  });

  test('without a list, everyone seen signed in during the outage is compensated; a long outage gives the coupon too', async () => {
    const u = user();
    await summary(u); // seen now
    await upload('coupon-10', [`OUTAGE-${randomUUID()}`]);
    const r = await incident(`seen-${u}`, 300, undefined as unknown as string[], clock - 60_000);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.users >= 1);
    assert.equal((await summary(u)).balance, 200);
    const codes = await call(server.url, 'GET', '/v1/points/redemptions?site=test', { headers: await asUser(u) });
    assert.equal(codes.json.items[0].reward.id, 'coupon-10');
  });
});

describe('redemption', () => {
  test('double-clicked and retried, a confirmation spends once; a second confirmation is a second redemption', async () => {
    const u = user();
    await adjust(u, 100);
    await upload('mug', ['MUG-1', 'MUG-2', 'MUG-3']);
    const key = newKey();
    const [a, b] = await Promise.all([redeem(u, 'mug', key), redeem(u, 'mug', key)]);
    assert.deepEqual([a.status, b.status], [201, 201]);
    assert.equal(Redemption.parse(a.json).code, b.json.code);
    const retried = await redeem(u, 'mug', key);
    assert.equal(retried.json.code, a.json.code);
    assert.equal((await summary(u)).balance, 70);
    const second = await redeem(u, 'mug');
    assert.equal(second.status, 201);
    assert.notEqual(second.json.code, a.json.code);
    assert.equal((await summary(u)).balance, 40);
  });

  test('more than the balance is a 409 naming the balance; an empty pool is a 409 naming the reward, and spends nothing', async () => {
    const u = user();
    await adjust(u, 50);
    const poor = await redeem(u, 'coupon-10');
    assert.equal(poor.status, 409);
    assert.equal(poor.json.error.code, 'insufficient_points');
    assert.equal(poor.json.error.details.balance, 50);
    assert.ok(poor.json.error.message.includes('50'));
    // Enough points for every mug left: only the pool can run out.
    await adjust(u, 10_000);
    let empty = await redeem(u, 'mug');
    for (let i = 0; empty.status === 201 && i < 10; i++) empty = await redeem(u, 'mug');
    const before = (await summary(u)).balance;
    assert.equal(empty.status, 409);
    assert.equal(empty.json.error.code, 'reward_unavailable');
    assert.equal(empty.json.error.details.reward, 'mug');
    assert.equal((await redeem(u, 'mug')).status, 409);
    assert.equal((await summary(u)).balance, before, 'the refused redemption spent nothing');
    const pools = CodePools.parse(
      (
        await call(server.url, 'GET', '/v1/staff/points/codes?site=test', {
          headers: { Authorization: `Bearer ${STAFF.admin}` },
        })
      ).json,
    );
    assert.deepEqual(
      pools.items.find((p) => p.reward === 'mug'),
      { reward: 'mug', name: text('A mug'), available: 0, issued: 3, void: 0 },
    );
  });

  test('undo within the window voids the code and gives the points back; after it, it is refused', async () => {
    const u = user();
    await adjust(u, 120);
    await upload('coupon-10', [`C-${randomUUID()}`, `C-${randomUUID()}`]);
    const r = await redeem(u, 'coupon-10');
    assert.equal(r.status, 201, r.text);
    assert.equal((await summary(u)).balance, 20);
    const undo = await call(server.url, 'POST', `/v1/points/redemptions/${r.json.id}/undo`, {
      body: { site: 'test' },
      headers: await asUser(u),
    });
    assert.equal(undo.status, 200, undo.text);
    assert.equal(undo.json.status, 'undone');
    assert.equal((await summary(u)).balance, 120);
    const late = await redeem(u, 'coupon-10');
    clock += 25 * HOUR;
    const refused = await call(server.url, 'POST', `/v1/points/redemptions/${late.json.id}/undo`, {
      body: { site: 'test' },
      headers: await asUser(u),
    });
    assert.equal(refused.status, 409);
  });

  test('a balance sent by the browser is refused, and only the ledger counts', async () => {
    const u = user();
    const r = await call(server.url, 'POST', '/v1/points/redemptions', {
      body: { site: 'test', reward: 'mug', balance: 99999 },
      headers: { ...(await asUser(u)), 'Idempotency-Key': newKey() },
    });
    assert.equal(r.status, 422);
    assert.equal((await summary(u)).balance, 0);
  });

  test('anonymous devices have no points', async () => {
    const r = await call(server.url, 'GET', '/v1/points?site=test', {
      headers: { 'X-Usercare-Device': newDevice(), Origin: ALLOWED_ORIGIN },
    });
    assert.equal(r.status, 401);
  });
});

describe('codes the host issues (a webhook reward)', () => {
  const received: Array<{ body: Record<string, unknown>; signature: string; delivery: string }> = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { code: 'HOST-1' } };
  let host: Server;
  let hosted: TestServer;
  const SECRET = 'host-webhook-secret-0123456789abcdef';
  before(async () => {
    host = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk));
      req.on('end', () => {
        received.push({
          body: JSON.parse(text) as Record<string, unknown>,
          signature: String(req.headers['usercare-signature']),
          delivery: String(req.headers['usercare-delivery']),
        });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((ready) => host.listen(0, '127.0.0.1', ready));
    const [test] = testSites();
    hosted = await startTestServer(
      [
        {
          ...test!,
          staffTokens: [{ name: 'Admin Chen', tokenSha256: sha(STAFF.admin), roles: ['admin'] }],
          settings: {
            webhook: { url: `http://127.0.0.1:${(host.address() as AddressInfo).port}/usercare`, secret: SECRET },
            points: {
              catalogue: [{ id: 'gift-card', name: text('A gift card'), points: 50, source: 'webhook', undoHours: 1 }],
            },
          },
        },
      ],
      { now: () => new Date(clock) },
    );
  });
  after(async () => {
    await hosted.close();
    await new Promise((closed) => host.close(closed));
  });
  beforeEach(() => {
    received.length = 0;
    answer = { status: 200, body: { code: `HOST-${randomUUID()}` } };
  });
  const give = async (u: string, points: number) => {
    const r = await call(hosted.url, 'POST', '/v1/staff/points/adjustments', {
      body: { site: 'test', user: u, points, reason: 'Gift', note: 'set-up' },
      headers: staffHeaders(STAFF.admin),
    });
    assert.equal(r.status, 201, r.text);
  };
  const redeemHosted = async (u: string, key = newKey()) =>
    call(hosted.url, 'POST', '/v1/points/redemptions', {
      body: { site: 'test', reward: 'gift-card' },
      headers: { ...(await asUser(u)), 'Idempotency-Key': key },
    });
  const hostedBalance = async (u: string) =>
    (await call(hosted.url, 'GET', '/v1/points?site=test', { headers: await asUser(u) })).json.balance as number;

  test('the host is asked, signed, for a code; a retry of the same confirmation gets the same answer without asking again', async () => {
    const u = user();
    await give(u, 80);
    const key = newKey();
    const first = await redeemHosted(u, key);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.code, (answer.body as { code: string }).code);
    assert.equal(received.length, 1);
    const [request] = received;
    assert.equal(request!.body.type, 'points.code_requested');
    assert.deepEqual(request!.body.user, { userId: u });
    const t = /^t=(\d+),v1=[0-9a-f]{64}$/.exec(request!.signature)?.[1];
    assert.ok(t, request!.signature);
    assert.equal(request!.signature, signWebhook(SECRET, JSON.stringify(request!.body), Number(t)));
    const again = await redeemHosted(u, key);
    assert.equal(again.json.code, first.json.code);
    assert.equal(received.length, 1, 'a replayed confirmation does not ask the host again');
    assert.equal(await hostedBalance(u), 30);
  });

  test('a host that fails is a 503 the outbox retries, and nothing is spent; a host with no code left is a 409 naming the reward', async () => {
    const u = user();
    await give(u, 80);
    answer = { status: 500, body: { oops: true } };
    const down = await redeemHosted(u);
    assert.equal(down.status, 503);
    assert.equal(down.json.error.code, 'unavailable');
    answer = { status: 409, body: { error: 'none left' } };
    const none = await redeemHosted(u);
    assert.equal(none.status, 409);
    assert.deepEqual([none.json.error.code, none.json.error.details.reward], ['reward_unavailable', 'gift-card']);
    assert.equal(await hostedBalance(u), 80);
  });

  test('a balance that does not cover the reward is refused before the host is asked', async () => {
    const u = user();
    await give(u, 10);
    const r = await redeemHosted(u);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'insufficient_points');
    assert.equal(received.length, 0);
  });

  test('undoing it gives the points back and tells the host to void the code', async () => {
    const u = user();
    await give(u, 60);
    const r = await redeemHosted(u);
    const undo = await call(hosted.url, 'POST', `/v1/points/redemptions/${r.json.id}/undo`, {
      body: { site: 'test' },
      headers: await asUser(u),
    });
    assert.equal(undo.status, 200, undo.text);
    assert.equal(await hostedBalance(u), 60);
    received.length = 0;
    await hosted.sweep();
    const voided = received.find((x) => x.body.type === 'points.code_voided');
    assert.deepEqual(voided && { code: voided.body.code, why: voided.body.why }, { code: r.json.code, why: 'undone' });
  });
});

describe('the registry’s points rules', () => {
  const withPoints = (points: unknown) => {
    const [site] = testSites();
    return { serverSecret: SECRETS.server, sites: [{ ...site!, settings: { points } }] };
  };
  const problems = (points: unknown) => {
    try {
      parseRegistry('sites.json', withPoints(points));
      return [];
    } catch (error) {
      assert.ok(error instanceof RegistryError);
      return error.problems.map((p) => p.path);
    }
  };
  test('a negative earn, an unknown trigger, an unknown reward in a tier are errors naming their path', () => {
    assert.deepEqual(problems({ earn: { suggestion_accepted: { points: -5 } } }), [
      'sites[0].settings.points.earn.suggestion_accepted.points',
    ]);
    assert.deepEqual(problems({ earn: { logged_in: { points: 5 } } }), ['sites[0].settings.points.earn']);
    assert.deepEqual(problems({ compensation: { tiers: [{ points: 5, reward: 'nope' }] } }), [
      'sites[0].settings.points.compensation.tiers[0].reward',
    ]);
    assert.deepEqual(problems({ earn: { complaint_rated: null } }), []);
    assert.deepEqual(problems({ catalogue: [{ id: 'card', name: 'Card', points: 5, source: 'webhook' }] }), [
      'sites[0].settings.points.catalogue[0].source',
    ]);
    const webhook = { url: 'https://shop.example.com/usercare', secret: 'host-webhook-secret-0123456789abcdef' };
    const [site] = testSites();
    assert.throws(
      () =>
        parseRegistry('sites.json', {
          serverSecret: SECRETS.server,
          sites: [
            {
              ...site!,
              settings: {
                webhook,
                points: {
                  catalogue: [{ id: 'card', name: 'Card', points: 5, source: 'webhook' }],
                  compensation: { tiers: [{ points: 5, reward: 'card' }] },
                },
              },
            },
          ],
        }),
      (error: unknown) =>
        error instanceof RegistryError &&
        error.problems.map((p) => p.path).join() === 'sites[0].settings.points.compensation.tiers[0].reward',
    );
  });
});
