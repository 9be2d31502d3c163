/**
 * Saved views of the staff queue over real HTTP (GET/PUT/DELETE
 * /v1/staff/views): saved, listed, replaced and deleted by their owner and
 * audited; another principal neither sees nor deletes them; values the
 * queue does not take are a 422 naming the field; one default each; names
 * unique per person; the cap. Then the queue's orders by time received,
 * paged by cursor (several statuses and a filter too). On SQLite always;
 * on PostgreSQL too when one answers on 127.0.0.1:5432 (a fresh database,
 * dropped after).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { QueuePage } from '../../src/contract/staff';
import { SAVED_VIEWS_MAX, SavedView, SavedViewList } from '../../src/contract/staff-views';
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
import { newPostgresDatabase, postgresSkip } from './_postgres';

const AUTOMATION = 'views-automation-token-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    { ...test!, staffTokens: [{ name: 'Views Bot', tokenSha256: sha256(AUTOMATION), roles: ['agent'] }] },
    ...rest,
  ];
}

const view = (overrides: Record<string, unknown> = {}) => ({
  filters: { assignee: 'me', due: 'overdue' },
  sort: 'deadline',
  columns: ['channel', 'assignee', 'deadlines'],
  ...overrides,
});

function viewsSuite(label: string, open: (clock: { now: Date }) => Promise<TestServer>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    const clock = { now: new Date('2026-06-01T02:00:00.000Z') };
    /** Two people and one automation token, each a principal of its own. */
    const who = {} as { li: string; wang: string; bot: string };
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const put = (token: string, id: string, body: unknown, key = newKey()): Promise<Call> =>
      call(server.url, 'PUT', `/v1/staff/views/${id}?site=test`, {
        body,
        headers: { ...auth(token), 'Idempotency-Key': key },
      });
    const list = async (token: string): Promise<SavedView[]> => {
      const r = await call(server.url, 'GET', '/v1/staff/views?site=test', { headers: auth(token) });
      assert.equal(r.status, 200, r.text);
      const parsed = SavedViewList.safeParse(r.json);
      assert.ok(parsed.success, r.text);
      assert.equal(parsed.data.max, SAVED_VIEWS_MAX);
      return parsed.data.items;
    };
    const remove = (token: string, id: string) =>
      call(server.url, 'DELETE', `/v1/staff/views/${id}?site=test`, { headers: auth(token) });
    const auditOf = (subject: string) =>
      server.db
        .selectFrom('audit_log')
        .select(['action', 'principal', 'detail_json'])
        .where('subject', '=', subject)
        .orderBy('id')
        .execute();

    before(async () => {
      server = await open(clock);
      const iat = clock.now.getTime();
      who.li = await staffToken({ sub: 'li', name: '小李', roles: ['agent'], issuedAtMs: iat });
      who.wang = await staffToken({ sub: 'wang', name: '王姐', roles: ['supervisor'], issuedAtMs: iat });
      who.bot = AUTOMATION;
    });
    after(() => server?.close());

    test('a view is saved, listed, replaced (a retry is one write) and deleted, each write audited', async () => {
      const id = `v-${randomUUID()}`;
      const key = newKey();
      const body = { name: 'My overdue', view: view(), isDefault: false };
      const saved = await put(who.li, id, body, key);
      assert.equal(saved.status, 200, saved.text);
      assert.ok(SavedView.safeParse(saved.json).success, saved.text);
      assert.deepEqual(saved.json.view, body.view);
      const retried = await put(who.li, id, body, key);
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('Idempotent-Replayed'), 'true');
      assert.deepEqual(retried.json, saved.json);
      assert.deepEqual(
        (await list(who.li)).map((v) => [v.id, v.name]),
        [[id, 'My overdue']],
      );

      clock.now = new Date(clock.now.getTime() + 60_000);
      const replaced = await put(who.li, id, {
        name: 'Newest first',
        view: view({ sort: 'received_desc', filters: { status: ['submitted', 'accepted'] }, columns: ['received'] }),
        isDefault: true,
      });
      assert.equal(replaced.status, 200, replaced.text);
      const [only, ...none] = await list(who.li);
      assert.deepEqual(none, []);
      assert.equal(only!.name, 'Newest first');
      assert.equal(only!.isDefault, true);
      assert.equal(only!.view.sort, 'received_desc');
      assert.deepEqual(only!.view.columns, ['received']);
      assert.equal(only!.createdAt, saved.json.createdAt, 'made once');
      assert.notEqual(only!.updatedAt, saved.json.updatedAt);

      assert.equal((await remove(who.li, id)).status, 204);
      assert.deepEqual(await list(who.li), []);
      assert.equal((await remove(who.li, id)).status, 404, 'gone');
      assert.deepEqual(
        (await auditOf(`view:${id}`)).map((e) => [e.action, e.principal, JSON.parse(e.detail_json).created ?? null]),
        [
          ['view.write', 'staff:person:li', true],
          ['view.write', 'staff:person:li', false],
          ['view.delete', 'staff:person:li', null],
        ],
      );
    });

    test('another principal neither sees nor deletes a view; the same id is a view of their own', async () => {
      const id = `v-${randomUUID()}`;
      assert.equal((await put(who.li, id, { name: 'Li’s', view: view(), isDefault: true })).status, 200);
      for (const other of [who.wang, who.bot]) {
        assert.ok(!(await list(other)).some((v) => v.id === id), 'not listed to another');
        const refused = await remove(other, id);
        assert.equal(refused.status, 404, refused.text);
        assert.equal(refused.json.error.code, 'not_found');
      }
      const theirs = await put(who.wang, id, { name: 'Wang’s', view: view({ filters: {} }), isDefault: false });
      assert.equal(theirs.status, 200, theirs.text);
      assert.deepEqual(
        (await list(who.li)).filter((v) => v.id === id).map((v) => [v.name, v.isDefault]),
        [['Li’s', true]],
        'Li’s view is as it was',
      );
      assert.deepEqual(
        (await list(who.wang)).filter((v) => v.id === id).map((v) => v.name),
        ['Wang’s'],
      );
      assert.equal((await remove(who.wang, id)).status, 204);
      assert.equal((await list(who.li)).filter((v) => v.id === id).length, 1, 'deleting theirs left Li’s');
      assert.equal((await remove(who.li, id)).status, 204);
    });

    test('a value the queue does not take is a 422 naming its field, and nothing is saved', async () => {
      const id = `v-${randomUUID()}`;
      const cases: Array<[unknown, string]> = [
        [{ name: 'x', view: view({ filters: { status: ['lost'] } }), isDefault: false }, 'view.filters.status[0]'],
        [{ name: 'x', view: view({ filters: { kind: 'rant' } }), isDefault: false }, 'view.filters.kind'],
        [{ name: 'x', view: view({ filters: { channel: 'fax' } }), isDefault: false }, 'view.filters.channel'],
        [{ name: 'x', view: view({ filters: { assignee: 'boss' } }), isDefault: false }, 'view.filters.assignee'],
        [{ name: 'x', view: view({ filters: { due: 'later' } }), isDefault: false }, 'view.filters.due'],
        [{ name: 'x', view: view({ filters: { colour: 'red' } }), isDefault: false }, 'view.filters'],
        [{ name: 'x', view: view({ sort: 'random' }), isDefault: false }, 'view.sort'],
        [{ name: 'x', view: view({ columns: ['excerpt'] }), isDefault: false }, 'view.columns[0]'],
        [{ name: 'x'.repeat(81), view: view(), isDefault: false }, 'name'],
        [{ name: '', view: view(), isDefault: false }, 'name'],
        [{ name: 'x', view: view() }, 'isDefault'],
      ];
      for (const [body, path] of cases) {
        const r = await put(who.li, id, body);
        assert.equal(r.status, 422, `${path}: ${r.text}`);
        assert.equal(r.json.error.code, 'validation_failed');
        assert.ok(
          r.json.error.details.fields.some((f: { path: string }) => f.path === path),
          `${path} named: ${r.text}`,
        );
      }
      assert.ok(!(await list(who.li)).some((v) => v.id === id));
      const bad = await call(server.url, 'PUT', `/v1/staff/views/${encodeURIComponent('no spaces')}?site=test`, {
        body: { name: 'x', view: view(), isDefault: false },
        headers: { ...auth(who.li), 'Idempotency-Key': newKey() },
      });
      assert.equal(bad.status, 400, 'an id that is not a slug');
      const unsigned = await call(server.url, 'GET', '/v1/staff/views?site=test');
      assert.equal(unsigned.status, 401);
    });

    test('one default each: making a view the default makes the others not; a name is one view’s', async () => {
      const [a, b] = [`v-${randomUUID()}`, `v-${randomUUID()}`];
      assert.equal((await put(who.bot, a, { name: 'A', view: view(), isDefault: true })).status, 200);
      assert.equal((await put(who.bot, b, { name: 'B', view: view(), isDefault: true })).status, 200);
      assert.deepEqual(
        (await list(who.bot)).map((v) => [v.name, v.isDefault]),
        [
          ['A', false],
          ['B', true],
        ],
      );
      const taken = await put(who.bot, `v-${randomUUID()}`, { name: 'A', view: view(), isDefault: false });
      assert.equal(taken.status, 409, taken.text);
      assert.equal(taken.json.error.details.reason, 'name_taken');
      assert.equal((await list(who.bot)).length, 2);
      for (const id of [a, b]) assert.equal((await remove(who.bot, id)).status, 204);
    });

    test(`at most ${SAVED_VIEWS_MAX} views each: one more is a 422 saying so; replacing one still works`, async () => {
      const token = await staffToken({ sub: `cap-${randomUUID()}`, issuedAtMs: clock.now.getTime() });
      const ids: string[] = [];
      for (let i = 0; i < SAVED_VIEWS_MAX; i++) {
        const id = `v-${i}`;
        ids.push(id);
        const r = await put(token, id, { name: `View ${i}`, view: view(), isDefault: false });
        assert.equal(r.status, 200, r.text);
      }
      const over = await put(token, 'v-over', { name: 'One too many', view: view(), isDefault: false });
      assert.equal(over.status, 422, over.text);
      assert.equal(over.json.error.code, 'validation_failed');
      assert.deepEqual(
        over.json.error.details.fields.map((f: { path: string; code: string; params: unknown }) => [
          f.path,
          f.code,
          f.params,
        ]),
        [['id', 'too_many', { max: SAVED_VIEWS_MAX }]],
      );
      assert.equal((await list(token)).length, SAVED_VIEWS_MAX);
      const replaced = await put(token, ids[0]!, { name: 'Replaced', view: view(), isDefault: true });
      assert.equal(replaced.status, 200, replaced.text);
      assert.equal((await remove(token, ids[1]!)).status, 204);
      assert.equal((await put(token, 'v-over', { name: 'Now fits', view: view(), isDefault: false })).status, 200);
    });

    test('the queue by time received, newest or oldest first, paged by cursor, with filters and several statuses', async () => {
      const ids: string[] = [];
      const start = Date.parse('2026-06-02T01:00:00.000Z');
      for (let i = 0; i < 7; i++) {
        clock.now = new Date(start + i * 60_000);
        const r = await call(server.url, 'POST', '/v1/feedback', {
          body: submission({ locale: 'en', category: 'transactions', kind: i % 2 ? 'suggestion' : 'complaint' }),
          headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
        });
        assert.equal(r.status, 201, r.text);
        ids.push(r.json.id);
      }
      clock.now = new Date(start + 3600_000);
      const li = await staffToken({ sub: 'li', name: '小李', roles: ['agent'], issuedAtMs: clock.now.getTime() });
      const read = async (query: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const r: Call = await call(
            server.url,
            'GET',
            `/v1/staff/queue?site=test&category=transactions&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
            { headers: auth(li) },
          );
          assert.equal(r.status, 200, r.text);
          const page = QueuePage.parse(r.json);
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };
      assert.deepEqual(await read('sort=received_desc'), [...ids].reverse());
      assert.deepEqual(await read('sort=received_asc'), ids);
      assert.deepEqual(await read('sort=received_desc&kind=suggestion'), ids.filter((_, i) => i % 2).reverse());
      // Two statuses: one read each, merged in order.
      await call(server.url, 'POST', `/v1/staff/complaints/${ids[2]}/actions`, {
        body: { action: 'accept' },
        headers: { ...auth(li), 'Idempotency-Key': newKey() },
      });
      assert.deepEqual(
        await read('sort=received_asc&status=submitted,accepted&kind=complaint'),
        ids.filter((_, i) => i % 2 === 0),
      );

      const first = await call(server.url, 'GET', '/v1/staff/queue?site=test&category=transactions&limit=2', {
        headers: auth(li),
      });
      const foreign = await call(
        server.url,
        'GET',
        `/v1/staff/queue?site=test&sort=received_desc&cursor=${first.json.nextCursor}`,
        { headers: auth(li) },
      );
      assert.equal(foreign.status, 400, 'a deadline cursor does not continue the received order');
      const unknown = await call(server.url, 'GET', '/v1/staff/queue?site=test&sort=random', {
        headers: auth(li),
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.json.error.message, /sort/);
    });
  });
}

viewsSuite('saved views on SQLite', (clock) => startTestServer(sites(), { now: () => clock.now }), false);

viewsSuite(
  'saved views on PostgreSQL',
  async (clock) => {
    const url = new URL(await newPostgresDatabase('views'));
    return startTestServer(sites(), { now: () => clock.now, databaseUrl: url.toString() });
  },
  postgresSkip,
);
