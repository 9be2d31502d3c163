/**
 * The demo's points (`npm start`): the server started with the demo plug-in
 * on the registry it writes on first run (demoRegistry, here with test
 * secrets), read as the demo user the way the points widget reads it: a
 * balance, points still pending, points about to expire, an outage
 * compensated, a coupon redeemed, a penalty, rewards to redeem; and a second
 * start on the same data folder seeds nothing more.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PointsHistory, PointsSummary, RedemptionList } from '../../src/contract/points';
import { demoPlugin } from '../../src/server/demo';
import { DEMO_USER } from '../../src/server/demo/identities';
import { DEMO_POINTS, demoRegistry } from '../../src/server/demo/site';
import { startServer } from '../../src/server/server';
import type { RunningServer } from '../../src/server/server';
import { SECRETS, call, hostToken } from './_helpers';

const ORIGIN = 'http://127.0.0.1:8787';
const DAY = 24 * 3_600_000;

let dataDir: string;
let server: RunningServer | undefined;
let logged: string[] = [];

async function start(): Promise<RunningServer> {
  logged = [];
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    log: (_level, message) => logged.push(message),
    sweepIntervalMs: 0,
    demo: demoPlugin,
  });
}

/** As the demo's pages ask: from the server's own origin, which the demo allows on every start. */
async function asDemoUser(): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await hostToken(SECRETS.test, DEMO_USER)}`, Origin: server!.url };
}

async function read(base: string): Promise<{ summary: PointsSummary; history: PointsHistory }> {
  const headers = await asDemoUser();
  const s = await call(base, 'GET', '/v1/points?site=demo', { headers });
  assert.equal(s.status, 200, s.text);
  const h = await call(base, 'GET', '/v1/points/history?site=demo', { headers });
  assert.equal(h.status, 200, h.text);
  return { summary: PointsSummary.parse(s.json), history: PointsHistory.parse(h.json) };
}

/** What the seed wrote, row by row, to compare two starts. */
async function counts(db: RunningServer['db']): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'points_entries',
    'points_lots',
    'points_allocations',
    'points_codes',
    'points_redemptions',
    'points_incidents',
    'submissions',
  ] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'usercare-demo-points-'));
  const registry = demoRegistry(ORIGIN, { serverSecret: SECRETS.server, hostTokenSecret: SECRETS.test });
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(registry));
  server = await start();
});
after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo user’s points', () => {
  test('the registry written on first start gives the demo site its points rules', () => {
    const rules = server!.registry.getSite('demo')!.settings.points;
    assert.ok(rules.pendingHours > 0);
    assert.equal(rules.levels.length, 3);
    assert.deepEqual(
      rules.tiers.map((t) => t.upToMinutes),
      [59, 240, null],
    );
    assert.equal(rules.catalogue.length, 3);
    for (const reward of rules.catalogue) {
      assert.equal(reward.source, 'pool');
      for (const text of [reward.name, reward.description])
        assert.ok(typeof text === 'object' && text['zh-CN'] && text.en, reward.id);
    }
    assert.deepEqual(DEMO_POINTS.earn, undefined, 'the default earn triggers');
    assert.ok(
      logged.some((m) => m.startsWith(`seeded demo points for the demo user "${DEMO_USER}"`)),
      logged.join('\n'),
    );
  });

  test('a visitor sees a balance, points pending and expiring soon, a level, and rewards to redeem', async () => {
    const { summary } = await read(server!.url);
    const now = Date.parse(summary.asOf);
    assert.ok(summary.balance > 0, `balance ${summary.balance}`);
    assert.ok(summary.pending > 0, `pending ${summary.pending}`);
    assert.ok(summary.expiringSoon.length > 0, 'points expire within 30 days');
    for (const soon of summary.expiringSoon) {
      assert.ok(soon.points > 0);
      const at = Date.parse(soon.at);
      assert.ok(at > now && at <= now + 30 * DAY, soon.at);
    }
    assert.ok(summary.expiringSoon.reduce((n, e) => n + e.points, 0) <= summary.balance);
    assert.ok(summary.level?.current, 'a level reached');
    assert.ok(summary.level.lifetime >= summary.balance);
    assert.deepEqual(
      summary.rewards.map((r) => [r.id, r.available]),
      [
        ['coupon-10', true],
        ['free-shipping', true],
        ['member-badge', true],
      ],
    );
    assert.ok(
      summary.rewards.some((r) => r.points <= summary.balance),
      'something the balance pays for',
    );
  });

  test('the history has earnings with tracking numbers, one pending; an outage compensated by name; a redemption; a penalty with its reason', async () => {
    const { summary, history } = await read(server!.url);
    const items = history.items;
    assert.equal(history.nextCursor, null);
    const sorted = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    assert.deepEqual(
      items.map((e) => e.id),
      sorted.map((e) => e.id),
      'newest first',
    );
    const earliest = Date.parse(items.at(-1)!.createdAt);
    assert.ok(earliest < Date.parse(summary.asOf) - 330 * DAY, 'earned about a year ago');

    const earned = items.filter((e) => e.kind === 'earn');
    assert.ok(earned.length >= 5, `${earned.length} earnings`);
    assert.deepEqual(
      new Set(earned.map((e) => e.reason.code)),
      new Set(['suggestion_accepted', 'complaint_rated', 'report_confirmed']),
    );
    for (const e of earned) assert.match(e.reason.trackingNumber ?? '', /^UC\d{8}-[2-9A-HJKMNP-TW-Z]{6}$/, e.id);

    // The ratings' points name the complaints the demo user rated.
    const ratedNumbers = (
      await server!.db
        .selectFrom('complaint_events')
        .innerJoin('submissions', 'submissions.id', 'complaint_events.submission_id')
        .select('submissions.tracking_number')
        .where('submissions.submitter_id', '=', DEMO_USER)
        .where('complaint_events.type', '=', 'rate')
        .execute()
    ).map((r) => r.tracking_number);
    assert.ok(ratedNumbers.length > 0);
    assert.deepEqual(
      earned
        .filter((e) => e.reason.code === 'complaint_rated')
        .map((e) => e.reason.trackingNumber)
        .sort(),
      ratedNumbers.sort(),
    );

    const pending = items.filter((e) => e.status === 'pending');
    assert.ok(pending.length >= 1);
    assert.equal(
      pending.reduce((n, e) => n + e.points, 0),
      summary.pending,
      'the pending entries are the pending amount',
    );
    for (const e of pending) assert.ok(e.confirmsAt && Date.parse(e.confirmsAt) > Date.parse(summary.asOf));

    const compensation = items.filter((e) => e.kind === 'compensation');
    assert.equal(compensation.length, 1);
    const incident = compensation[0]!.reason.incident;
    assert.ok(incident, 'the compensation names its incident');
    assert.ok(incident.service.length > 0);
    assert.ok(incident.minutes > 60 && incident.minutes <= 240, `${incident.minutes} minutes`);
    assert.equal(compensation[0]!.points, 50, 'the 1–4 h tier');
    assert.ok(Date.parse(incident.end) < Date.parse(summary.asOf) - 7 * DAY, 'some weeks ago');

    const spend = items.filter((e) => e.kind === 'spend');
    assert.equal(spend.length, 1);
    assert.equal(spend[0]!.reason.code, 'redemption');
    assert.equal(spend[0]!.reason.reward?.id, 'coupon-10');
    assert.equal(spend[0]!.points, -100);

    const penalty = items.filter((e) => e.kind === 'penalty');
    assert.equal(penalty.length, 1);
    assert.ok(penalty[0]!.points < 0);
    assert.equal(penalty[0]!.shortfall, 0);
    assert.ok(penalty[0]!.reason.text, 'a penalty says why');

    // The ledger adds up: confirmed entries are the balance, lots hold it.
    const confirmed = items.filter((e) => e.status === 'confirmed').reduce((n, e) => n + e.points, 0);
    assert.equal(confirmed, summary.balance);
    assert.equal(
      items.reduce((n, e) => n + e.remaining, 0),
      summary.balance,
    );

    const redemptions = await call(server!.url, 'GET', '/v1/points/redemptions?site=demo', {
      headers: await asDemoUser(),
    });
    assert.equal(redemptions.status, 200, redemptions.text);
    const list = RedemptionList.parse(redemptions.json);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0]!.reward.id, 'coupon-10');
    assert.equal(list.items[0]!.status, 'active');
    assert.ok(
      list.items[0]!.undoUntil && Date.parse(list.items[0]!.undoUntil) < Date.parse(summary.asOf),
      'its undo window is over',
    );
  });

  test('a second start on the same data folder seeds nothing more', async () => {
    const before = await counts(server!.db);
    const { summary: first, history: firstHistory } = await read(server!.url);
    await server!.close();
    server = undefined;
    server = await start();
    assert.ok(!logged.some((m) => m.startsWith('seeded')), logged.join('\n'));
    assert.deepEqual(await counts(server.db), before);
    const { summary, history } = await read(server.url);
    assert.deepEqual([summary.balance, summary.pending], [first.balance, first.pending]);
    assert.deepEqual(
      history.items.map((e) => e.id),
      firstHistory.items.map((e) => e.id),
    );
  });
});
