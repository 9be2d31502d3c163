/**
 * Time on the server: deadlines of the SLA worked examples as the API sends
 * them, the sweep's automatic resolution and missed deadlines, the lease
 * that keeps the sweep to one instance, and the signed webhook to the host.
 * The server's clock is the test's (the only thing mocked: time itself).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { acquireLease } from '../../src/server/lease';
import type { SiteEntry } from '../../src/server/registry-schema';
import { call, newDevice, newKey, startTestServer, submission, submit, testSites, type TestServer } from './_helpers';

const AGENT = 'sweep-agent-token-0123456789';
const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef0123456789';
const DAY = 24 * 3_600_000;
/** Wall time in Asia/Shanghai (UTC+8, no DST) as an instant. */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

interface Received {
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
}

let host: Server;
const received: Received[] = [];
let hostAnswers: number[] = [];
/** While set, the host keeps the next request waiting until it settles (a slow host). */
let hostHold: Promise<void> | undefined;
let clock = shanghai('2026-09-30 10:00');
let server: TestServer;

before(async () => {
  host = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        body,
        signature: req.headers['usercare-signature'] as string | undefined,
        delivery: req.headers['usercare-delivery'] as string | undefined,
      });
      const status = hostAnswers.shift() ?? 204;
      const hold = hostHold;
      hostHold = undefined;
      void (hold ?? Promise.resolve()).then(() => res.writeHead(status).end());
    });
  });
  await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/usercare-hook`;
  const [test] = testSites();
  const sites: SiteEntry[] = [
    {
      ...test!,
      staffTokens: [
        { name: 'Agent Sweep', tokenSha256: createHash('sha256').update(AGENT).digest('hex'), roles: ['agent'] },
      ],
      settings: { ...test!.settings, webhook: { url: hostUrl, secret: WEBHOOK_SECRET } },
    },
  ];
  server = await startTestServer(sites, { now: () => clock });
});
after(async () => {
  await server.close();
  await new Promise<void>((done) => host.close(() => done()));
});

async function complaint() {
  const device = newDevice();
  const res = await submit(server.url, submission(), { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
  assert.equal(res.status, 201, res.text);
  return { device, id: res.json.id as string };
}

const staffAct = (id: string, action: string, extra: Record<string, unknown> = {}) =>
  call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: { Authorization: `Bearer ${AGENT}`, 'Idempotency-Key': newKey() },
    body: { action, ...extra },
  });
const detailOf = (id: string, device: string) =>
  call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { 'X-Usercare-Device': device } });

describe('deadlines and the sweep', () => {
  test('worked example: received Wed 2026-09-30 10:00 → first reply due Sat 2026-10-10 10:00 (make-up day)', async () => {
    clock = shanghai('2026-09-30 10:00');
    const { id, device } = await complaint();
    const detail = await detailOf(id, device);
    const reply = detail.json.deadlines.find((d: { name: string }) => d.name === 'firstReply');
    assert.equal(reply.due, shanghai('2026-10-10 10:00').toISOString());
    assert.equal(reply.msLeft, 3 * 9 * 3_600_000);
    assert.equal(reply.estimated, false);
  });

  test('worked example: waiting on the user pauses the clock (Mon 09-28 09:00, paused Tue 09:00 → Thu 10-08 14:00 → due Sat 10-10 14:00)', async () => {
    clock = shanghai('2026-09-28 09:00');
    const { id, device } = await complaint();
    assert.equal((await staffAct(id, 'accept')).status, 200);
    clock = shanghai('2026-09-29 09:00');
    assert.equal((await staffAct(id, 'ask_user', { text: '请补充截图' })).status, 200);
    clock = shanghai('2026-10-08 14:00');
    const answer = await call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
      headers: { 'X-Usercare-Device': device, 'Idempotency-Key': newKey() },
      body: { action: 'answer', text: '截图已上传' },
    });
    assert.equal(answer.status, 200, answer.text);
    const reply = (await detailOf(id, device)).json.deadlines.find((d: { name: string }) => d.name === 'firstReply');
    assert.equal(reply.due, shanghai('2026-10-10 14:00').toISOString());
  });

  test('a deadline passing unmet is recorded once, in the timeline and on the deadline', async () => {
    clock = shanghai('2026-11-02 10:00');
    const { id, device } = await complaint();
    clock = new Date(clock.getTime() + 10 * DAY);
    await server.sweep();
    await server.sweep();
    const detail = await detailOf(id, device);
    const missed = detail.json.timeline.filter((e: { type: string }) => e.type === 'deadline.missed');
    assert.equal(missed.length, 1);
    assert.equal(missed[0].deadline, 'firstReply');
    assert.equal(missed[0].actor.role, 'system');
    assert.equal(detail.json.nextDeadline.status, 'overdue');
    assert.ok(detail.json.nextDeadline.msLeft <= 0);
    const row = await server.db
      .selectFrom('complaint_deadlines')
      .selectAll()
      .where('submission_id', '=', id)
      .where('name', '=', 'firstReply')
      .executeTakeFirstOrThrow();
    assert.equal(row.missed_at, shanghai('2026-11-05 10:00').toISOString());
  });

  test('a reply the user does not answer for 7 days is resolved by the system, not before', async () => {
    clock = shanghai('2026-11-02 10:00');
    const { id, device } = await complaint();
    for (const action of ['accept', 'start_investigation']) assert.equal((await staffAct(id, action)).status, 200);
    assert.equal((await staffAct(id, 'reply', { text: '已处理' })).status, 200);
    clock = new Date(clock.getTime() + 6 * DAY);
    await server.sweep();
    assert.equal((await detailOf(id, device)).json.status, 'replied');
    clock = new Date(clock.getTime() + DAY + 60_000);
    const report = await server.sweep();
    assert.ok(report.autoResolved >= 1);
    const detail = await detailOf(id, device);
    assert.equal(detail.json.status, 'resolved');
    const last = detail.json.timeline.at(-1);
    assert.equal(last.type, 'system.auto_resolve');
    assert.deepEqual(last.actor, { role: 'system', name: null });
    assert.ok(detail.json.actions.includes('dispute'), 'an automatic resolution leaves the dispute window open');
  });

  test('only one instance holds the sweep lease until it runs out', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    assert.equal(await acquireLease(server.db, 'test-lease', 'a', now, 60_000), true);
    assert.equal(await acquireLease(server.db, 'test-lease', 'b', now, 60_000), false);
    assert.equal(
      await acquireLease(server.db, 'test-lease', 'a', new Date(now.getTime() + 1000), 60_000),
      true,
      'the holder renews',
    );
    assert.equal(
      await acquireLease(server.db, 'test-lease', 'b', new Date(now.getTime() + 62_000), 60_000),
      true,
      'another takes over after expiry',
    );
  });
});

describe('the host webhook', () => {
  test('each status change reaches the host once, signed; a failed delivery is retried later', async () => {
    clock = shanghai('2026-11-16 10:00');
    // Deliveries of earlier tests go first.
    await server.sweep();
    received.length = 0;
    const { id } = await complaint();
    assert.equal((await staffAct(id, 'accept')).status, 200);
    hostAnswers = [500];
    await server.sweep();
    assert.equal(received.length, 1, 'one attempt');
    const undelivered = await server.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('delivered_at', 'is', null)
      .execute();
    assert.equal(undelivered.length, 1);
    assert.equal(undelivered[0]!.last_error, 'host answered 500');

    clock = new Date(clock.getTime() + 3_600_000);
    await server.sweep();
    await server.sweep();
    assert.equal(received.length, 2, 'retried once, then delivered, then left alone');
    const hook = received[1]!;
    const body = JSON.parse(hook.body);
    assert.equal(body.type, 'complaint.status_changed');
    assert.equal(body.complaint.id, id);
    assert.deepEqual([body.from, body.to], ['submitted', 'accepted']);
    assert.equal(hook.delivery, received[0]!.delivery, 'the same delivery id, so the host can drop a repeat');
    const [t, v1] = hook.signature!.split(',').map((part) => part.split('=')[1]);
    assert.equal(v1, createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${hook.body}`).digest('hex'));
  });

  test('a sweep that outlives its lease on a slow host does not get its delivery sent twice by the next instance', async () => {
    clock = shanghai('2026-11-17 10:00');
    await server.sweep();
    received.length = 0;
    const { id } = await complaint();
    assert.equal((await staffAct(id, 'accept')).status, 200);
    // A second instance on the same database.
    const [site] = (JSON.parse(readFileSync(join(server.dataDir, 'sites.json'), 'utf8')) as { sites: SiteEntry[] })
      .sites;
    const second = await startTestServer([site!], {
      now: () => clock,
      databaseFile: join(server.dataDir, 'usercare.sqlite'),
    });
    let release!: () => void;
    hostHold = new Promise((done) => (release = done));
    try {
      const first = server.sweep();
      while (received.length === 0) await new Promise((tick) => setTimeout(tick, 10));
      // The first instance is stuck on the host past its lease; the second takes the lease and sweeps.
      clock = new Date(clock.getTime() + 61_000);
      const report = await second.sweep();
      assert.equal(report.ran, true, 'the second instance held the lease');
      // (It may deliver other complaints' changes that came due at the new time.)
      const ours = () =>
        received.filter((r) => (JSON.parse(r.body) as { complaint: { id: string } }).complaint.id === id).length;
      assert.equal(ours(), 1, 'the delivery in flight was not sent again');
      release();
      await first;
      assert.equal(ours(), 1);
      const left = await server.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      assert.deepEqual(left, []);
    } finally {
      hostHold = undefined;
      release();
      await second.close();
    }
  });
});
