/**
 * GET /v1/staff/queue on the real server, on a clock of the test's own: the
 * order (next deadline, then id; nothing running last), each filter alone
 * and together, cursor pages across ties and from the dated part into the
 * undated one, what each row says (deadlines still owed, due soon, overdue,
 * paused, assignee, complex, an excerpt without personal fields), the
 * refusals, and the audit entry. Then GET /v1/staff/stream: every change
 * arrives as queue.changed, a resume replays what was missed once, the cap
 * of open streams is per principal, and nothing of it is audited. On SQLite
 * always; on PostgreSQL too when one answers on 127.0.0.1:5432 (a fresh
 * database, dropped after).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { SseMessage } from '../../src/client/live-stream';
import { openEventStream, type EventStream } from './_event-stream';
import { QueueChange, QueuePage, type QueueItem } from '../../src/contract/staff';
import { STREAMS_PER_AUDIENCE } from '../../src/server/stream-slots';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  newDevice,
  newKey,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';

const AGENT = 'queue-agent-token-0123456789';
const SUPERVISOR = 'queue-supervisor-token-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Queue Agent', tokenSha256: sha256(AGENT), roles: ['agent'] },
        { name: 'Queue Supervisor', tokenSha256: sha256(SUPERVISOR), roles: ['supervisor'] },
      ],
    },
    ...rest,
  ];
}

/** An instant given as Asia/Shanghai wall time, 'YYYY-MM-DD HH:MM'. */
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);
const iso = (wall: string) => shanghai(wall).toISOString();

/** What the suite built, by name. */
interface World {
  server: TestServer;
  clock: { now: Date };
  ids: Record<string, string>;
  /** the person token of 小李, an agent, valid at the suite's "now" */
  xiaoli: string;
}

function queueSuite(label: string, open: (clock: { now: Date }) => Promise<TestServer>, skip: string | false) {
  describe(label, { skip }, () => {
    const w = {} as World;
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const queue = async (query = '', token = AGENT): Promise<Call> =>
      call(w.server.url, 'GET', `/v1/staff/queue?site=test${query ? `&${query}` : ''}`, { headers: auth(token) });
    const items = async (query = '', token = AGENT): Promise<QueueItem[]> => {
      const r = await queue(query, token);
      assert.equal(r.status, 200, r.text);
      const parsed = QueuePage.safeParse(r.json);
      assert.ok(parsed.success, `the contract's QueuePage: ${r.text.slice(0, 300)}`);
      return parsed.data.items;
    };
    const names = (list: readonly QueueItem[]) =>
      list.map((i) => Object.entries(w.ids).find(([, id]) => id === i.id)?.[0] ?? `(other ${i.id})`);

    /** A submission received at `wall` (Shanghai), as an anonymous device unless staff log it. */
    async function received(name: string, wall: string, overrides: Parameters<typeof submission>[0] = {}) {
      w.clock.now = shanghai(wall);
      const r = await call(w.server.url, 'POST', '/v1/feedback', {
        body: submission({ locale: 'en', ...overrides }),
        headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status, 201, r.text);
      w.ids[name] = r.json.id;
    }
    async function staffPost(path: string, body: unknown, token = AGENT): Promise<Call> {
      const r = await call(w.server.url, 'POST', path, {
        body,
        headers: { ...auth(token), 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status < 300, true, `${path}: ${r.status} ${r.text}`);
      return r;
    }
    const version = async (name: string) =>
      (
        await w.server.db
          .selectFrom('submissions')
          .select('version')
          .where('id', '=', w.ids[name]!)
          .executeTakeFirstOrThrow()
      ).version;

    before(async () => {
      w.clock = { now: shanghai('2026-05-28 09:00') };
      w.server = await open(w.clock);
      w.ids = {};
      // First replies are due 27 working hours (3 days of 09:00–18:00) after receipt.
      await received('late', '2026-05-28 09:00'); // due Mon 06-01 18:00: overdue by Wednesday
      await received('soon', '2026-06-01 09:00', {
        fields: {
          message: `  The seller\nnever shipped   my order. ${'Really. '.repeat(30)}`,
          email: 'buyer@example.com',
          name: '张三',
        },
      }); // due Wed 06-03 18:00
      await received('tieA', '2026-06-01 10:00', { category: 'transactions' }); // due Thu 06-04 10:00
      await received('tieB', '2026-06-01 10:00', { category: 'transactions' }); // the same instant
      await received('later', '2026-06-02 09:00', { category: 'interaction' }); // due Thu 06-04 18:00
      await received('asked', '2026-06-01 09:30');
      await received('idea', '2026-06-01 11:00', { kind: 'suggestion' });
      await received('thanks', '2026-06-01 11:30', { kind: 'praise', category: 'interaction' });
      w.clock.now = shanghai('2026-06-01 12:00');
      const hotline = await staffPost('/v1/staff/complaints', {
        site: 'test',
        category: 'publishing',
        channel: 'hotline',
        locale: 'zh-CN',
        receivedAt: w.clock.now.toISOString(),
        text: '电话投诉：商品与描述不符',
        contact: 'caller@example.com',
      });
      w.ids['hotline'] = hotline.json.id; // due Thu 06-04 12:00
      w.clock.now = shanghai('2026-06-01 14:00');
      await staffPost(`/v1/staff/complaints/${w.ids['asked']}/actions`, { action: 'accept' });
      await staffPost(`/v1/staff/complaints/${w.ids['asked']}/actions`, { action: 'start_investigation' });
      await staffPost(`/v1/staff/complaints/${w.ids['asked']}/actions`, {
        action: 'ask_user',
        text: 'Which order is it?',
      });
      w.clock.now = shanghai('2026-06-03 16:30');
      w.xiaoli = await staffToken({ sub: 'xiaoli', name: '小李', issuedAtMs: w.clock.now.getTime() });
    });
    after(() => w.server?.close());

    test('soonest next deadline first (overdue ones with it), ties by id, nothing running last by id', async () => {
      const list = await items();
      const ties = [w.ids['tieA']!, w.ids['tieB']!].sort();
      const tieNames = ties.map((id) => (id === w.ids['tieA'] ? 'tieA' : 'tieB'));
      const undated = ['asked', 'idea', 'thanks'].sort((a, b) => (w.ids[a]! < w.ids[b]! ? -1 : 1));
      assert.deepEqual(names(list), ['late', 'soon', ...tieNames, 'hotline', 'later', ...undated]);
      assert.deepEqual(
        list.map((i) => i.nextDue),
        [
          iso('2026-06-01 18:00'),
          iso('2026-06-03 18:00'),
          iso('2026-06-04 10:00'),
          iso('2026-06-04 10:00'),
          iso('2026-06-04 12:00'),
          iso('2026-06-04 18:00'),
          null,
          null,
          null,
        ],
      );
    });

    test('a row: the deadlines still owed, due soon, overdue, paused, and the first words without personal fields', async () => {
      const list = await items();
      const of = (name: string) => list.find((i) => i.id === w.ids[name])!;
      const late = of('late');
      assert.deepEqual(
        late.deadlines.map((d) => [d.name, d.status]),
        [['firstReply', 'overdue']],
        'the acknowledgement, met at receipt, is left out',
      );
      assert.deepEqual([late.overdue, late.dueSoon, late.paused], [true, false, false]);
      const soon = of('soon');
      assert.deepEqual([soon.overdue, soon.dueSoon, soon.paused], [false, true, false]);
      assert.equal(soon.deadlines[0]!.msLeft, 1.5 * 3_600_000, 'working time left, counted by the server');
      assert.equal(soon.excerpt.startsWith('The seller never shipped my order. Really.'), true, soon.excerpt);
      assert.equal(Array.from(soon.excerpt).length, 141, 'cut at 140 characters, then …');
      assert.ok(soon.excerpt.endsWith('…'));
      for (const item of list) {
        assert.ok(!item.excerpt.includes('@'), `no contact in ${item.excerpt}`);
        assert.ok(!item.excerpt.includes('张三'));
      }
      const tie = of('tieA');
      assert.deepEqual([tie.overdue, tie.dueSoon], [false, false], 'two and a half working hours left');
      const asked = of('asked');
      assert.deepEqual(
        asked.deadlines.map((d) => [d.name, d.status, d.due]),
        [['firstReply', 'paused', null]],
      );
      assert.deepEqual([asked.paused, asked.nextDue, asked.status], [true, null, 'awaiting_user']);
      const idea = of('idea');
      assert.deepEqual([idea.kind, idea.deadlines, idea.nextDue, idea.status], ['suggestion', [], null, 'submitted']);
      assert.equal(of('hotline').channel, 'hotline');
      assert.equal(of('hotline').excerpt, '电话投诉：商品与描述不符');
      assert.deepEqual([of('late').assignee, of('late').complex], [null, false]);
    });

    test('each filter alone: status (one or a list), kind, category, channel, due soon, overdue', async () => {
      assert.deepEqual(names(await items('status=awaiting_user')), ['asked']);
      assert.deepEqual(names(await items('status=submitted&kind=complaint')).sort(), [
        'hotline',
        'late',
        'later',
        'soon',
        'tieA',
        'tieB',
      ]);
      assert.deepEqual(
        names(await items('status=awaiting_user,submitted&kind=complaint')).slice(-1),
        ['asked'],
        'a list of statuses, still in the queue order',
      );
      assert.deepEqual(names(await items('kind=suggestion')), ['idea']);
      assert.deepEqual(names(await items('kind=praise')), ['thanks']);
      const transactions = await items('category=transactions');
      assert.deepEqual(names(transactions).sort(), ['tieA', 'tieB']);
      assert.deepEqual(names(await items('category=interaction')), ['later', 'thanks']);
      assert.deepEqual(names(await items('channel=hotline')), ['hotline']);
      assert.equal((await items('channel=web')).length, 8);
      assert.deepEqual(names(await items('due=soon')), ['soon']);
      assert.deepEqual(names(await items('due=overdue')), ['late']);
      assert.deepEqual(names(await items('due=overdue&category=transactions')), []);
    });

    test('due soon is two working hours on the calendar: across the night, and not once it has passed', async () => {
      const saved = w.clock.now;
      try {
        w.clock.now = shanghai('2026-06-03 17:30'); // tieA/tieB are due Thu 10:00: 0.5 h today + 1 h tomorrow
        assert.deepEqual(names(await items('due=soon')).sort(), ['soon', 'tieA', 'tieB'].sort());
        w.clock.now = shanghai('2026-06-03 18:00'); // 'soon' is due now: overdue, no longer soon
        assert.deepEqual(names(await items('due=soon')).sort(), ['tieA', 'tieB']);
        assert.deepEqual(names(await items('due=overdue')), ['late', 'soon']);
      } finally {
        w.clock.now = saved;
      }
    });

    test('read again later, each row shows its deadlines as they stand then, as the complaint itself does', async () => {
      const saved = w.clock.now;
      try {
        await items(); // the rows as of Wednesday 16:30
        // Over the night, into Thursday after tieA and tieB fell due, and over the weekend.
        for (const wall of ['2026-06-03 23:00', '2026-06-04 11:00', '2026-06-06 12:00', '2026-06-08 09:30']) {
          w.clock.now = shanghai(wall);
          for (const item of await items()) {
            if (item.kind !== 'complaint') continue;
            const detail = await call(w.server.url, 'GET', `/v1/staff/complaints/${item.id}`, {
              headers: auth(AGENT),
            });
            assert.equal(detail.status, 200, detail.text);
            const owed = (detail.json.deadlines as QueueItem['deadlines']).filter((d) =>
              ['running', 'paused', 'overdue'].includes(d.status),
            );
            assert.deepEqual(item.deadlines, owed, `${names([item])[0]} at ${wall}`);
          }
        }
        const tieA = (await items()).find((i) => i.id === w.ids['tieA'])!;
        assert.deepEqual([tieA.overdue, tieA.deadlines[0]!.status], [true, 'overdue']);
      } finally {
        w.clock.now = saved;
      }
    });

    test('assignee: me, unassigned, anyone, one principal; claiming shows on the row', async () => {
      const claimed = await staffPost(
        `/v1/staff/complaints/${w.ids['later']}/assignee`,
        { assignee: 'staff:person:xiaoli', version: await version('later') },
        w.xiaoli,
      );
      assert.equal(claimed.json.id, w.ids['later']);
      assert.deepEqual(names(await items('assignee=me', w.xiaoli)), ['later']);
      assert.deepEqual(names(await items('assignee=staff:person:xiaoli')), ['later']);
      assert.deepEqual(names(await items('assignee=me')), [], "the agent's own: nothing yet");
      const unassigned = await items('assignee=unassigned');
      assert.equal(unassigned.length, 8);
      assert.ok(!unassigned.some((i) => i.id === w.ids['later']));
      assert.equal((await items('assignee=anyone')).length, 9);
      const row = (await items()).find((i) => i.id === w.ids['later'])!;
      assert.deepEqual(row.assignee, { principal: 'staff:person:xiaoli', name: '小李' });
    });

    test('marked complex, the 24-hour solution clock shows on the row and orders it', async () => {
      await staffPost(`/v1/staff/complaints/${w.ids['thanks']}/assignee`, {
        assignee: 'staff:automation:Queue Agent',
        version: await version('thanks'),
      });
      w.clock.now = shanghai('2026-06-03 16:00');
      const fresh = await call(w.server.url, 'POST', '/v1/feedback', {
        body: submission({ locale: 'en', category: 'interaction' }),
        headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
      });
      w.ids['complex'] = fresh.json.id;
      await staffPost(`/v1/staff/complaints/${w.ids['complex']}/category`, {
        category: 'transactions',
        complex: true,
        version: 1,
      });
      w.clock.now = shanghai('2026-06-03 16:30');
      const row = (await items('category=transactions')).find((i) => i.id === w.ids['complex'])!;
      assert.equal(row.complex, true);
      assert.deepEqual(
        row.deadlines.map((d) => [d.name, d.due]),
        [
          ['solution', iso('2026-06-04 16:00')],
          ['firstReply', iso('2026-06-08 16:00')],
        ],
        'soonest first',
      );
      assert.equal(row.nextDue, iso('2026-06-04 16:00'));
      assert.deepEqual(names(await items('category=transactions')), [
        ...['tieA', 'tieB'].sort((a, b) => (w.ids[a]! < w.ids[b]! ? -1 : 1)),
        'complex',
      ]);
    });

    test('pages by cursor: every row once, in order, across ties and into the undated part', async () => {
      const all = await items();
      for (const limit of [1, 2, 3, 4]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const r = await queue(`limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.equal(r.status, 200, r.text);
          assert.ok(r.json.items.length <= limit);
          seen.push(...r.json.items.map((i: QueueItem) => i.id));
          cursor = r.json.nextCursor;
          assert.ok(++pages <= all.length + 1, 'the pages end');
        } while (cursor);
        assert.deepEqual(
          seen,
          all.map((i) => i.id),
          `limit ${limit}`,
        );
      }
      const first = await queue('limit=2&status=submitted,awaiting_user');
      const second = await queue(`limit=50&status=submitted,awaiting_user&cursor=${first.json.nextCursor}`);
      assert.deepEqual(
        [...first.json.items, ...second.json.items].map((i: QueueItem) => i.id),
        (await items('status=submitted,awaiting_user')).map((i) => i.id),
      );
      const overdue = await queue('limit=1&due=overdue');
      assert.equal(overdue.json.nextCursor, null, 'one row, one page');
    });

    test('anyone on the staff reads it, a supervisor too; the read is audited with its filters', async () => {
      assert.equal((await items('', SUPERVISOR)).length > 0, true);
      await items('kind=complaint&due=soon&assignee=unassigned');
      const entry = await w.server.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'queue.read')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      assert.equal(entry.principal, 'staff:automation:Queue Agent');
      assert.deepEqual(JSON.parse(entry.detail_json), {
        status: null,
        kind: 'complaint',
        category: null,
        channel: null,
        assignee: 'unassigned',
        due: 'soon',
        page: 'first',
        count: 1,
      });
    });

    test('refusals: bad filters and cursors are 400s naming the parameter, no token a 401, no site a 400', async () => {
      const refused = async (query: string, status: number, code: string) => {
        const r = await queue(query);
        assert.equal(r.status, status, `${query}: ${r.text}`);
        assert.equal(r.json.error.code, code, query);
        return r.json.error.message as string;
      };
      assert.match(await refused('status=lost', 400, 'invalid_request'), /status/);
      assert.match(await refused('status=submitted,lost', 400, 'invalid_request'), /lost/);
      assert.match(await refused('kind=rant', 400, 'invalid_request'), /kind/);
      assert.match(await refused('channel=fax', 400, 'invalid_request'), /channel/);
      assert.match(await refused('due=later', 400, 'invalid_request'), /due/);
      assert.match(await refused('assignee=bob', 400, 'invalid_request'), /assignee/);
      assert.match(await refused('limit=0', 400, 'invalid_request'), /limit/);
      assert.match(await refused('limit=201', 400, 'invalid_request'), /limit/);
      assert.match(await refused('cursor=not-ours', 400, 'invalid_request'), /cursor/);
      const anonymous = await call(w.server.url, 'GET', '/v1/staff/queue?site=test');
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'unauthorized']);
      const noSite = await call(w.server.url, 'GET', '/v1/staff/queue', { headers: auth(AGENT) });
      assert.deepEqual([noSite.status, noSite.json.error.code], [400, 'invalid_request']);
      const otherSite = await call(w.server.url, 'GET', '/v1/staff/queue?site=other', { headers: auth(AGENT) });
      assert.equal(otherSite.status, 404, otherSite.text);
    });
  });
}

/** Reads a stream as the browser does (_event-stream.ts); a refused one's answer is read to its end. */
async function openStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const stream = await openEventStream(url, headers);
  if (stream.status !== 200) await stream.response.text();
  return stream;
}

const changeOf = (m: SseMessage) => QueueChange.parse(JSON.parse(m.data));

function streamSuite(label: string, open: () => Promise<TestServer>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await open();
    });
    after(() => server?.close());
    const stream = (token: string, headers: Record<string, string> = {}) =>
      openStream(`${server.url}/v1/staff/stream?site=test`, { Authorization: `Bearer ${token}`, ...headers });
    const complaint = async () => {
      const r = await call(server.url, 'POST', '/v1/feedback', {
        body: submission(),
        headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status, 201, r.text);
      return r.json.id as string;
    };
    const staffWrite = async (id: string, what: string, body: unknown, token = AGENT) => {
      const r = await call(server.url, 'POST', `/v1/staff/complaints/${id}/${what}`, {
        body,
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status, 200, r.text);
      return r.json as { version: number };
    };

    test('every change arrives as queue.changed: a new submission, an action, a note, an assignment, a category', async () => {
      const s = await stream(AGENT);
      try {
        assert.equal(s.status, 200);
        const ready = await s.next((m) => m.event === 'ready');
        assert.equal(JSON.parse(ready.data).resumed, false);
        const id = await complaint();
        const arrived = (version: number, by: string | null) =>
          s.next((m) => {
            if (m.event !== 'queue.changed') return false;
            const c = changeOf(m);
            return c.id === id && c.version === version && c.by === by;
          });
        assert.deepEqual(changeOf(await arrived(1, null)), { id, version: 1, status: 'submitted', by: null });
        await staffWrite(id, 'actions', { action: 'accept' });
        assert.equal(changeOf(await arrived(2, 'staff:automation:Queue Agent')).status, 'accepted');
        await staffWrite(id, 'notes', { text: 'Checked with the seller' });
        await staffWrite(id, 'assignee', { assignee: 'staff:automation:Queue Agent', version: 2 });
        await arrived(3, 'staff:automation:Queue Agent');
        await staffWrite(id, 'category', { category: 'transactions', complex: true, version: 3 });
        await arrived(4, 'staff:automation:Queue Agent');
        const events = s.messages.filter((m) => m.event !== 'ready');
        assert.ok(
          events.every((m) => m.event === 'queue.changed'),
          'only the staff topic: the user’s complaint.updated is theirs alone',
        );
        assert.equal(
          events.filter((m) => changeOf(m).id === id && changeOf(m).version === 2).length,
          2,
          'the accept, and the note after it (a note keeps the version)',
        );
        const praise = await call(server.url, 'POST', '/v1/feedback', {
          body: submission({ kind: 'praise' }),
          headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
        });
        await s.next((m) => m.event === 'queue.changed' && changeOf(m).id === praise.json.id);
      } finally {
        s.close();
      }
    });

    test('a resume replays what was missed once, then says ready; a first connect gets none of it', async () => {
      const first = await stream(AGENT);
      await first.next((m) => m.event === 'ready');
      const id = await complaint();
      const seen = await first.next((m) => m.event === 'queue.changed' && changeOf(m).id === id);
      first.close();
      await staffWrite(id, 'notes', { text: 'While nobody listened' });
      await staffWrite(id, 'actions', { action: 'accept' });
      const resumed = await stream(AGENT, { 'Last-Event-ID': seen.id! });
      try {
        const ready = await resumed.next((m) => m.event === 'ready');
        assert.equal(JSON.parse(ready.data).resumed, true);
        const replayed = resumed.messages
          .slice(0, resumed.messages.indexOf(ready))
          .filter((m) => changeOf(m).id === id)
          .map((m) => [changeOf(m).version, changeOf(m).status]);
        assert.deepEqual(replayed, [
          [1, 'submitted'],
          [2, 'accepted'],
        ]);
        assert.ok(
          resumed.messages.every((m) => m.event === 'ready' || Number(m.id) > Number(seen.id)),
          'nothing at or before the resume point',
        );
      } finally {
        resumed.close();
      }
      const fresh = await stream(AGENT);
      try {
        const ready = await fresh.next((m) => m.event === 'ready');
        assert.equal(fresh.messages.indexOf(ready), 0, 'a first connect: ready alone');
      } finally {
        fresh.close();
      }
    });

    test('at most five open streams per principal (429), another principal still gets one; no token is a 401; not audited', async () => {
      const auditedBefore = await server.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const open: EventStream[] = [];
      try {
        for (let i = 0; i < STREAMS_PER_AUDIENCE; i++) {
          const s = await stream(AGENT);
          assert.equal(s.status, 200);
          await s.next((m) => m.event === 'ready');
          open.push(s);
        }
        const sixth = await stream(AGENT);
        assert.equal(sixth.status, 429);
        const other = await stream(SUPERVISOR);
        assert.equal(other.status, 200, 'a supervisor reads the stream too, on slots of their own');
        open.push(other);
        await other.next((m) => m.event === 'ready');
      } finally {
        for (const s of open) s.close();
      }
      const anonymous = await openStream(`${server.url}/v1/staff/stream?site=test`, {});
      assert.equal(anonymous.status, 401);
      const userToken = await openStream(`${server.url}/v1/staff/stream?site=test`, {
        'X-Usercare-Device': newDevice(),
      });
      assert.equal(userToken.status, 401, 'a device is not staff');
      const auditedAfter = await server.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(auditedAfter.n), Number(auditedBefore.n));
    });
  });
}

queueSuite('the queue on SQLite', (clock) => startTestServer(sites(), { now: () => clock.now }), false);

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
const database = `usercare_test_${randomUUID().replaceAll('-', '')}`;
const streamDatabase = `usercare_test_${randomUUID().replaceAll('-', '')}`;
if (admin) {
  after(async () => {
    await admin.query(`drop database if exists ${database}`);
    await admin.query(`drop database if exists ${streamDatabase}`);
    await admin.end();
  });
}
async function postgresUrl(name: string): Promise<string> {
  await admin!.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
queueSuite(
  'the queue on PostgreSQL',
  async (clock) => startTestServer(sites(), { now: () => clock.now, databaseUrl: await postgresUrl(database) }),
  admin ? false : 'no PostgreSQL on 127.0.0.1:5432',
);

streamSuite('the staff stream on SQLite', () => startTestServer(sites()), false);
streamSuite(
  'the staff stream on PostgreSQL',
  async () => startTestServer(sites(), { databaseUrl: await postgresUrl(streamDatabase) }),
  admin ? false : 'no PostgreSQL on 127.0.0.1:5432',
);
