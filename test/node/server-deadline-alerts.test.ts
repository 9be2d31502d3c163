/**
 * Deadline alerts on the real server, its clock the test's own: the sweep
 * raises "due soon" (within two working hours) and "overdue" once per
 * deadline however often it runs and on however many instances, onto the
 * staff stream and the site's signed webhook; staff read theirs and the
 * unassigned, and dismiss them. On SQLite, and on PostgreSQL too when one
 * answers on 127.0.0.1:5432 (a fresh database, dropped after).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { raiseDeadlineAlerts } from '../../src/server/complaints/deadline-alerts';
import type { AppDeps } from '../../src/server/context';
import type { SiteEntry } from '../../src/server/registry-schema';
import { call, newKey, startTestServer, submission, submit, testSites, type TestServer } from './_helpers';
import { startWebhookHost, type WebhookHost } from './_webhook-host';
import { newPostgresDatabase, postgresSkip } from './_postgres';

const DESK_A = 'alerts-desk-a-token-0123456789';
const DESK_B = 'alerts-desk-b-token-0123456789';
const SUPERVISOR = 'alerts-supervisor-token-0123456789';
const WEBHOOK_SECRET = 'alerts-webhook-secret-0123456789abcdef';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

let clock = shanghai('2026-06-01 10:00');
let host: WebhookHost;
before(async () => {
  host = await startWebhookHost();
});
after(() => host.close());

function site(): SiteEntry {
  const [test] = testSites();
  return {
    ...test!,
    staffTokens: [
      { name: 'Desk A', tokenSha256: sha(DESK_A), roles: ['agent'] },
      { name: 'Desk B', tokenSha256: sha(DESK_B), roles: ['agent'] },
      { name: 'Floor Supervisor', tokenSha256: sha(SUPERVISOR), roles: ['supervisor'] },
    ],
    settings: { ...test!.settings, webhook: { url: host.url, secret: WEBHOOK_SECRET } },
  };
}

/** Two instances on one database: `server`, and `second` behind the same load balancer. */
interface Instances {
  server: TestServer;
  second: TestServer;
}

function alertSuite(label: string, open: () => Promise<Instances>, skip: string | false): void {
  describe(label, { skip }, () => {
    let server: TestServer;
    let second: TestServer;
    before(async () => {
      ({ server, second } = await open());
    });
    after(async () => {
      await second?.close();
      await server?.close();
    });

    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

    async function complaint(): Promise<{ id: string; trackingNumber: string }> {
      const r = await submit(server.url, submission());
      assert.equal(r.status, 201, r.text);
      return r.json;
    }

    const alertsOf = (id: string) =>
      server.db
        .selectFrom('deadline_alerts')
        .selectAll()
        .where('submission_id', '=', id)
        .orderBy('raised_at')
        .execute();

    const alerts = (token: string) =>
      call(server.url, 'GET', '/v1/staff/alerts?site=test&limit=200', { headers: auth(token) });

    const dismiss = (token: string, ids: string[]) =>
      call(server.url, 'POST', '/v1/staff/alerts/dismiss', {
        headers: { ...auth(token), 'Idempotency-Key': newKey() },
        body: { site: 'test', ids },
      });

    test('due soon, then overdue: each raised once, however often the sweep runs and on however many instances', async () => {
      clock = shanghai('2026-06-01 10:00'); // Monday: the first reply is due Thursday 10:00
      const { id, trackingNumber } = await complaint();
      const due = shanghai('2026-06-04 10:00').toISOString();

      clock = shanghai('2026-06-03 16:30'); // two and a half working hours left
      await server.sweep();
      assert.deepEqual(await alertsOf(id), [], 'not due soon yet');

      clock = shanghai('2026-06-03 17:30'); // an hour and a half left
      await server.sweep();
      await server.sweep();
      await second.sweep();
      // Past the lease: two instances raising at once, each twice.
      const raise = (s: TestServer) =>
        raiseDeadlineAlerts({ db: s.db, registry: s.registry, now: () => clock } as unknown as AppDeps);
      await Promise.all([raise(server), raise(second), raise(server), raise(second)]);
      const soon = await alertsOf(id);
      assert.deepEqual(
        soon.map((a) => [a.kind, a.deadline, a.due_at]),
        [['due_soon', 'firstReply', due]],
      );

      clock = shanghai('2026-06-04 10:00'); // due now
      await second.sweep();
      clock = shanghai('2026-06-04 12:00');
      await server.sweep();
      await Promise.all([raise(server), raise(second)]);
      await server.sweep();
      const both = await alertsOf(id);
      assert.deepEqual(
        both.map((a) => [a.kind, a.deadline, a.due_at, a.raised_at]),
        [
          ['due_soon', 'firstReply', due, shanghai('2026-06-03 17:30').toISOString()],
          ['overdue', 'firstReply', due, shanghai('2026-06-04 10:00').toISOString()],
        ],
      );

      // On the staff stream, once each, for everyone (nobody works it).
      const events = await server.db
        .selectFrom('live_events')
        .select(['topic', 'payload_json'])
        .where('audience', '=', 'staff:test')
        .where('topic', '=', 'alert.raised')
        .execute();
      const ours = events.map((e) => JSON.parse(e.payload_json)).filter((p) => p.complaintId === id);
      assert.deepEqual(
        ours.map((p) => [p.kind, p.deadline, p.trackingNumber, p.assignee]),
        [
          ['due_soon', 'firstReply', trackingNumber, null],
          ['overdue', 'firstReply', trackingNumber, null],
        ],
      );

      // To the host, once each, signed like every webhook.
      const hooks = host.received.filter(
        (d) => d.json.complaint?.id === id && d.json.type !== 'complaint.status_changed',
      );
      assert.deepEqual(
        hooks.map((d) => d.json.type),
        ['complaint.deadline_due_soon', 'complaint.overdue'],
      );
      for (const hook of hooks) {
        assert.ok(host.signedWith(hook, WEBHOOK_SECRET), `${hook.json.type} is signed`);
        assert.equal(hook.json.deadline, 'firstReply');
        assert.equal(hook.json.due, due);
        assert.equal(hook.json.complaint.trackingNumber, trackingNumber);
        assert.equal(hook.json.assignee, null);
      }
      assert.deepEqual(
        hooks.map((d) => d.json.alert),
        both.map((a) => a.id),
      );
    });

    test('staff see the alerts of what they work and of what nobody works, newest first, and dismiss them', async () => {
      clock = shanghai('2026-06-08 10:00'); // Monday: due Thursday 10:00
      const mine = await complaint();
      const nobodys = await complaint();
      const claim = await call(server.url, 'POST', `/v1/staff/complaints/${mine.id}/assignee`, {
        headers: { ...auth(DESK_A), 'Idempotency-Key': newKey() },
        body: { assignee: 'staff:automation:Desk A', version: 1 },
      });
      assert.equal(claim.status, 200, claim.text);

      clock = shanghai('2026-06-11 10:30'); // both overdue: no "due soon" any more
      await server.sweep();
      const [mineAlert] = await alertsOf(mine.id);
      const [nobodysAlert] = await alertsOf(nobodys.id);
      assert.equal(mineAlert!.kind, 'overdue');

      const a = await alerts(DESK_A);
      assert.equal(a.status, 200, a.text);
      const ids = (r: typeof a) => r.json.items.map((i: { id: string }) => i.id);
      assert.ok(ids(a).includes(mineAlert!.id) && ids(a).includes(nobodysAlert!.id));
      const raised = a.json.items.map((i: { raisedAt: string }) => i.raisedAt);
      assert.deepEqual(raised, [...raised].sort().reverse(), 'newest first');
      const shown = a.json.items.find((i: { id: string }) => i.id === mineAlert!.id);
      assert.deepEqual(shown, {
        id: mineAlert!.id,
        complaintId: mine.id,
        trackingNumber: mine.trackingNumber,
        kind: 'overdue',
        deadline: 'firstReply',
        due: shanghai('2026-06-11 10:00').toISOString(),
        raisedAt: clock.toISOString(),
        assignee: { principal: 'staff:automation:Desk A', name: 'Desk A' },
        dismissed: null,
      });
      const b = await alerts(DESK_B);
      assert.ok(!ids(b).includes(mineAlert!.id), 'another’s complaint is not B’s to see');
      assert.ok(ids(b).includes(nobodysAlert!.id));
      assert.equal((await alerts(SUPERVISOR)).status, 200, 'a supervisor reads them');

      // B may not dismiss what B does not see; nothing changes.
      const refused = await dismiss(DESK_B, [nobodysAlert!.id, mineAlert!.id]);
      assert.equal(refused.status, 404, refused.text);
      assert.equal((await alertsOf(nobodys.id))[0]!.dismissed_at, null);
      assert.equal((await dismiss(SUPERVISOR, [nobodysAlert!.id])).status, 403);

      const openBefore = a.json.open as number;
      const done = await dismiss(DESK_A, [mineAlert!.id]);
      assert.equal(done.status, 200, done.text);
      const dismissedAt = clock.toISOString();
      assert.deepEqual(done.json.items[0].dismissed, {
        at: dismissedAt,
        principal: 'staff:automation:Desk A',
        name: 'Desk A',
      });
      assert.equal((await alerts(DESK_A)).json.open, openBefore - 1);
      clock = new Date(clock.getTime() + 60_000);
      const again = await dismiss(DESK_A, [mineAlert!.id]);
      assert.equal(again.json.items[0].dismissed.at, dismissedAt, 'the first dismissal stays');

      const entries = await server.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'alert.dismiss')
        .where('subject', '=', mine.id)
        .execute();
      assert.equal(entries.length, 1, 'one entry for the one dismissal');
      assert.equal(entries[0]!.principal, 'staff:automation:Desk A');
      assert.equal(JSON.parse(entries[0]!.detail_json).alert, mineAlert!.id);
      const told = await server.db
        .selectFrom('live_events')
        .select('payload_json')
        .where('topic', '=', 'alert.dismissed')
        .execute();
      assert.equal(told.filter((e) => JSON.parse(e.payload_json).id === mineAlert!.id).length, 1);

      // Who works a complaint now decides who sees its alerts.
      const version = (
        await server.db
          .selectFrom('submissions')
          .select('version')
          .where('id', '=', nobodys.id)
          .executeTakeFirstOrThrow()
      ).version;
      await call(server.url, 'POST', `/v1/staff/complaints/${nobodys.id}/assignee`, {
        headers: { ...auth(DESK_A), 'Idempotency-Key': newKey() },
        body: { assignee: 'staff:automation:Desk A', version },
      });
      assert.ok(!ids(await alerts(DESK_B)).includes(nobodysAlert!.id));
    });

    test('the list pages by cursor, and a bad cursor or limit is a 400', async () => {
      const first = await call(server.url, 'GET', '/v1/staff/alerts?site=test&limit=1', { headers: auth(DESK_A) });
      assert.equal(first.json.items.length, 1);
      assert.ok(first.json.nextCursor);
      const next = await call(server.url, 'GET', `/v1/staff/alerts?site=test&limit=1&cursor=${first.json.nextCursor}`, {
        headers: auth(DESK_A),
      });
      assert.notEqual(next.json.items[0].id, first.json.items[0].id);
      assert.ok(next.json.items[0].raisedAt <= first.json.items[0].raisedAt);
      for (const query of ['cursor=nonsense', 'limit=0', 'limit=201'])
        assert.equal(
          (await call(server.url, 'GET', `/v1/staff/alerts?site=test&${query}`, { headers: auth(DESK_A) })).status,
          400,
          query,
        );
    });
  });
}

alertSuite(
  'on SQLite',
  async () => {
    const server = await startTestServer([site()], { now: () => clock });
    const second = await startTestServer([site()], {
      now: () => clock,
      databaseFile: join(server.dataDir, 'usercare.sqlite'),
    });
    return { server, second };
  },
  false,
);

alertSuite(
  'on PostgreSQL',
  async () => {
    const url = new URL(await newPostgresDatabase('test'));
    const server = await startTestServer([site()], { now: () => clock, databaseUrl: url.toString() });
    const second = await startTestServer([site()], { now: () => clock, databaseUrl: url.toString() });
    return { server, second };
  },
  postgresSkip,
);
