/**
 * The staff queue and search keep the pages they read while the site's
 * submissions stand still (src/server/staff/page-memo.ts). What a staff
 * member must never notice is a kept page: a change shows in the very next
 * read, whoever made it — this instance, another server process on the
 * same database, or a statement written by hand — and a kept queue page
 * still counts its deadlines at the time of each read. The rounds that
 * commit the reads' audit entries and read the revision fail only the
 * entry the database refuses. On SQLite (two
 * processes on one file) and on PostgreSQL when one answers on
 * 127.0.0.1:5432 (a fresh database, dropped after).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { QueuePage } from '../../src/contract/staff';
import { SearchPage } from '../../src/contract/staff-search';
import { readQueueRows } from '../../src/server/complaints/queue';
import { toQueueItem } from '../../src/server/complaints/queue-items';
import { commitInRound, revisionInRound } from '../../src/server/staff/read-rounds';
import { readQueueRowsByReceived } from '../../src/server/complaints/queue-received';
import {
  call,
  newDevice,
  newKey,
  staffToken,
  startServerProcess,
  startTestServer,
  submission,
  testSites,
  type ServerProcess,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

/** Monday 7 December 2026, 10:00 in Shanghai: inside working hours, the day's hours ahead. */
const MONDAY_10 = new Date('2026-12-07T02:00:00.000Z');
const HOUR = 3600_000;

function pageMemoSuite(
  label: string,
  open: () => Promise<{ server: TestServer; clock: { now: Date }; other: ServerProcess }>,
  skip: string | false,
) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let other: ServerProcess;
    let clock: { now: Date };
    // Signed on the server's clock, which the tests move on by days.
    const agent = () =>
      staffToken({ sub: 'memo-agent', name: '小周', roles: ['agent'], issuedAtMs: clock.now.getTime() });

    const get = async (url: string, path: string) => {
      const r = await call(url, 'GET', path, { headers: { Authorization: `Bearer ${await agent()}` } });
      assert.equal(r.status, 200, r.text);
      return r.json as unknown;
    };
    const queue = async (query = '') => QueuePage.parse(await get(server.url, `/v1/staff/queue?site=test${query}`));
    const search = async (words: string) =>
      SearchPage.parse(await get(server.url, `/v1/staff/search?site=test&q=${encodeURIComponent(words)}`));
    const submitTo = async (url: string, message: string): Promise<string> => {
      const r = await call(url, 'POST', '/v1/feedback', {
        body: submission({ fields: { message } }),
        headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status, 201, r.text);
      return (r.json as { id: string }).id;
    };

    before(async () => {
      ({ server, clock, other } = await open());
    });
    after(async () => {
      await other?.close();
      await server?.close();
    });

    test('a queue page read again shows what another server process, or a hand-written statement, changed since', async () => {
      const first = await submitTo(server.url, '快递三天没有更新，想问问物流到哪里了。');
      const before = await queue();
      assert.deepEqual(await queue(), before, 'read twice, nothing changed: the same page');
      assert.ok(before.items.some((i) => i.id === first));

      const second = await submitTo(other.url, '商品有划痕，申请换货。');
      const afterOther = await queue();
      assert.ok(
        afterOther.items.some((i) => i.id === second),
        'a submission another process stored is in the next read',
      );
      assert.equal(afterOther.items.length, before.items.length + 1);

      await sql`update submissions set category = 'delivery' where id = ${first}`.execute(server.db);
      const afterStatement = await queue();
      assert.equal(afterStatement.items.find((i) => i.id === first)?.category, 'delivery');
      assert.deepEqual(
        (await queue('&category=delivery')).items.map((i) => i.id),
        [first],
        'and in the pages of that filter',
      );
    });

    test('a kept queue page counts its deadlines at the time of each read', async () => {
      const id = await submitTo(server.url, '会员积分没有到账。');
      const deadline = (page: QueuePage) => {
        const item = page.items.find((i) => i.id === id);
        assert.ok(item, 'in the page');
        const firstReply = item.deadlines.find((d) => d.name === 'firstReply');
        assert.ok(firstReply, `a first reply owed: ${JSON.stringify(item.deadlines)}`);
        return firstReply;
      };
      const atTen = deadline(await queue());
      assert.equal(atTen.status, 'running');
      clock.now = new Date(MONDAY_10.getTime() + HOUR);
      const atEleven = deadline(await queue());
      assert.equal(atTen.msLeft - atEleven.msLeft, HOUR, 'an hour of working time less');
      assert.equal(atEleven.due, atTen.due);
      clock.now = MONDAY_10;
    });

    test('an "overdue" page read again shows what fell overdue since, with no change to any row', async () => {
      const DAY = 24 * HOUR;
      const early = await submitTo(server.url, '发票开错了抬头。');
      clock.now = new Date(MONDAY_10.getTime() + DAY);
      const late = await submitTo(server.url, '优惠券无法使用。');
      const overdue = async () => (await queue('&due=overdue')).items.map((i) => i.id);
      // Three working days to a first reply: Thursday 10:00 for the first, Friday 10:00 for the second.
      clock.now = new Date(MONDAY_10.getTime() + 3 * DAY + 2 * HOUR);
      assert.ok((await overdue()).includes(early), 'Thursday noon: the first is overdue');
      assert.ok(!(await overdue()).includes(late), 'the second is not, read twice');
      clock.now = new Date(MONDAY_10.getTime() + 4 * DAY + 2 * HOUR);
      assert.ok((await overdue()).includes(late), 'Friday noon: the second is overdue too');
      clock.now = MONDAY_10;
    });

    test('a kept page answers field for field what its rows make at the time of the read', async () => {
      clock.now = new Date(MONDAY_10.getTime() + 4 * 24 * HOUR + 2 * HOUR);
      const site = server.registry.getSite('test')!;
      for (const [query, sort] of [
        ['', 'deadline'],
        ['&sort=received_desc&limit=3', 'received_desc'],
      ] as const) {
        const answered = await queue(query);
        const kept = await queue(query);
        const limit = query ? 3 : 50;
        const rows =
          sort === 'deadline'
            ? await readQueueRows(server.db, site, { limit }, clock.now)
            : await readQueueRowsByReceived(server.db, site, { limit }, sort, clock.now);
        const items = rows.slice(0, limit).map((row) => toQueueItem(site, row, clock.now, clock.now.toISOString()));
        assert.deepEqual(answered.items, items);
        assert.deepEqual(kept, answered);
        assert.ok(
          answered.items.some((i) => i.overdue),
          'overdue rows among them',
        );
        assert.equal(answered.nextCursor === null, rows.length <= limit);
      }
      clock.now = MONDAY_10;
    });

    test('a round that meets an audit entry the database refuses fails that one only; the others commit, the checks answer', async () => {
      const entry = (subject: string) => ({
        site: 'test',
        at: clock.now.toISOString(),
        principal: 'staff:person:rounds',
        name: 'Rounds',
        action: 'test.round',
        subject,
        detail_json: '{}',
        purge_after: '2099-01-01T00:00:00.000Z',
      });
      // Asked for in one turn, so they go in one round (on PostgreSQL one statement).
      const settled = await Promise.allSettled([
        commitInRound(server.db, entry('first')),
        commitInRound(server.db, { ...entry('refused'), detail_json: null as unknown as string }),
        commitInRound(server.db, entry('third')),
        revisionInRound(server.db, 'test'),
      ]);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
      );
      const revision = (settled[3] as PromiseFulfilledResult<string | null>).value;
      assert.match(String(revision), /^\d+$/, 'the site has changed since migration 017');
      const [, again] = await Promise.all([
        commitInRound(server.db, entry('fourth')),
        revisionInRound(server.db, 'test'),
      ]);
      assert.equal(again, revision, 'nothing changed the submissions in between');
      const written = await server.db
        .selectFrom('audit_log')
        .select('subject')
        .where('action', '=', 'test.round')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        written.map((r) => r.subject),
        ['first', 'third', 'fourth'],
      );
    });

    test('a search read again finds what another server process stored since, and a status changed by hand', async () => {
      const near = await submitTo(server.url, '耳机左边没有声音，申请退款。');
      const before = await search('耳机');
      assert.deepEqual(
        before.items.map((i) => i.id),
        [near],
      );
      assert.deepEqual(await search('耳机'), before);
      const far = await submitTo(other.url, '新买的耳机充不进电。');
      assert.deepEqual((await search('耳机')).items.map((i) => i.id).sort(), [near, far].sort());

      await sql`update submissions set status = 'withdrawn' where id = ${far}`.execute(server.db);
      assert.equal(
        (await search('耳机')).items.find((i) => i.id === far)?.status,
        'withdrawn',
        'its status as it is now',
      );
    });
  });
}

pageMemoSuite(
  'kept staff pages on SQLite',
  async () => {
    const clock = { now: MONDAY_10 };
    const server = await startTestServer(undefined, { now: () => clock.now });
    const other = await startServerProcess(testSites(), { file: join(server.dataDir, 'usercare.sqlite') });
    return { server, clock, other };
  },
  false,
);

pageMemoSuite(
  'kept staff pages on PostgreSQL',
  async () => {
    const url = await newPostgresDatabase('memo');
    const clock = { now: MONDAY_10 };
    const server = await startTestServer(undefined, { now: () => clock.now, databaseUrl: url });
    const other = await startServerProcess(testSites(), { url });
    return { server, clock, other };
  },
  postgresSkip,
);
