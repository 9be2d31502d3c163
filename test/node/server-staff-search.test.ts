/**
 * GET /v1/staff/search on the real server: Chinese words of two characters
 * and more (and a lone character), English words whatever their case,
 * tracking numbers, contacts (exact, masked in the answer, in the audit log
 * only masked), nothing of another site, personal fields never searched as
 * text, cursor pages that return every result once, and the refusals. On
 * SQLite always; on PostgreSQL too when one answers on 127.0.0.1:5432 (a
 * fresh database, dropped after), with the same results.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { SearchPage, type SearchResult } from '../../src/contract/staff-search';
import { readSearch } from '../../src/server/search/search';
import { queryTerms } from '../../src/server/search/tokens';
import { OTHER_ORIGIN, SECRETS, call, newDevice, newKey, staffToken, startTestServer, submission } from './_helpers';
import type { Call, TestServer } from './_helpers';

interface World {
  server: TestServer;
  ids: Record<string, string>;
  tracking: Record<string, string>;
  agent: string;
  supervisor: string;
  otherAgent: string;
}

function searchSuite(label: string, open: () => Promise<TestServer>, skip: string | false) {
  describe(label, { skip }, () => {
    const w = {} as World;
    const search = (query: string, token = w.agent, site = 'test'): Promise<Call> =>
      call(w.server.url, 'GET', `/v1/staff/search?site=${site}&${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    const found = async (query: string, token = w.agent, site = 'test'): Promise<SearchPage> => {
      const r = await search(query, token, site);
      assert.equal(r.status, 200, r.text);
      const parsed = SearchPage.safeParse(r.json);
      assert.ok(parsed.success, `the contract's SearchPage: ${r.text.slice(0, 300)}`);
      return parsed.data;
    };
    const names = (items: readonly SearchResult[]) =>
      items.map((i) => Object.entries(w.ids).find(([, id]) => id === i.id)?.[0] ?? `(other ${i.id})`).sort();
    const q = (text: string) => `q=${encodeURIComponent(text)}`;
    const marked = (item: SearchResult) => item.snippet.filter((s) => s.mark).map((s) => s.text);

    async function received(name: string, site: string, overrides: Parameters<typeof submission>[0]) {
      const r = await call(w.server.url, 'POST', '/v1/feedback', {
        body: submission({ site, ...overrides }),
        headers: {
          'X-Usercare-Device': newDevice(),
          'Idempotency-Key': newKey(),
          ...(site === 'other' ? { Origin: OTHER_ORIGIN } : {}),
        },
      });
      assert.equal(r.status, 201, r.text);
      w.ids[name] = r.json.id;
      w.tracking[name] = r.json.trackingNumber;
    }

    before(async () => {
      w.server = await open();
      w.ids = {};
      w.tracking = {};
      w.agent = await staffToken({ sub: 'search-agent', name: '小王', roles: ['agent'] });
      w.supervisor = await staffToken({ sub: 'search-supervisor', name: '主管', roles: ['supervisor'] });
      w.otherAgent = await staffToken({
        sub: 'other-agent',
        roles: ['agent'],
        site: 'other',
        secret: SECRETS.otherStaff,
      });
      await received('refusedRefund', 'test', {
        fields: { message: '我申请退款被拒，客服说已经超过了七天。', email: 'Wang.Fang@Example.com' },
      });
      await received('english', 'test', {
        locale: 'en',
        fields: { message: 'The REFUND was denied twice and nobody answers.', email: 'pat@example.org' },
      });
      await received('idea', 'test', {
        kind: 'suggestion',
        fields: { message: '建议在退货页面说明运费由谁承担', email: 'idea@example.com' },
      });
      await received('elsewhere', 'other', {
        fields: { message: '退款一直没有到账', email: 'wang.fang@example.com' },
      });
      const hotline = await call(w.server.url, 'POST', '/v1/staff/complaints', {
        body: {
          site: 'test',
          category: 'publishing',
          channel: 'hotline',
          locale: 'zh-CN',
          receivedAt: new Date().toISOString(),
          text: '电话投诉：快递丢失，要求赔偿',
          contact: '+86 138-0013-8000',
        },
        headers: { Authorization: `Bearer ${w.agent}`, 'Idempotency-Key': newKey() },
      });
      assert.equal(hotline.status, 201, hotline.text);
      w.ids['hotline'] = hotline.json.id;
      for (let i = 0; i < 23; i++)
        await received(`parcel${i}`, 'test', {
          locale: 'en',
          fields: { message: `Parcel number ${i} arrived ${'late '.repeat(i % 4)}and broken`, email: 'p@example.com' },
        });
    });
    after(() => w.server?.close());

    test('a two-character Chinese word finds the texts that hold it, marked in the snippet', async () => {
      const page = await found(q('退款'));
      assert.equal(page.mode, 'text');
      assert.deepEqual(names(page.items), ['refusedRefund']);
      const item = page.items[0]!;
      assert.deepEqual(marked(item), ['退款']);
      assert.equal(item.snippet.map((s) => s.text).join(''), '我申请退款被拒，客服说已经超过了七天。');
      assert.equal(item.kind, 'complaint');
      assert.equal(item.status, 'submitted');
      assert.equal(item.trackingNumber, w.tracking['refusedRefund']);
      assert.equal(item.contact, 'W***@Example.com', 'the contact masked, as in every staff answer');
      assert.ok(item.nextDue, 'a new complaint has its first reply due');
      assert.deepEqual(names((await found(q('退货'))).items), ['idea']);
    });

    test('longer Chinese words and phrases, a lone character, and words across a punctuation mark', async () => {
      assert.deepEqual(names((await found(q('申请退款'))).items), ['refusedRefund']);
      assert.deepEqual(names((await found(q('退款被拒'))).items), ['refusedRefund']);
      assert.deepEqual(marked((await found(q('申请退款被拒'))).items[0]!), ['申请退款被拒']);
      assert.deepEqual(names((await found(q('被拒 七天'))).items), ['refusedRefund'], 'every word, anywhere');
      assert.deepEqual(names((await found(q('拒绝'))).items), [], '拒绝 is not in 被拒，客服');
      assert.deepEqual(names((await found(q('被拒客服'))).items), [], 'not across the comma');
      assert.deepEqual(names((await found(q('赔偿'))).items), ['hotline'], 'a logged complaint too');
      assert.deepEqual(names((await found(q('拒'))).items), ['refusedRefund'], 'a lone character, at a run’s end');
      assert.deepEqual(names((await found(q('退'))).items), ['idea', 'refusedRefund'], 'and at a pair’s start');
      assert.deepEqual(names((await found(`${q('退')}&kind=suggestion`)).items), ['idea'], 'one kind');
    });

    test('English words whatever their case, and only whole words', async () => {
      for (const query of ['refund', 'Refund', 'REFUND denied', 'ＲＥＦＵＮＤ']) {
        const page = await found(q(query));
        assert.deepEqual(names(page.items), ['english'], query);
      }
      assert.deepEqual(marked((await found(q('refund DENIED'))).items[0]!), ['REFUND', 'denied']);
      assert.deepEqual(names((await found(q('refun'))).items), []);
      assert.deepEqual(names((await found(q('refund parcel'))).items), [], 'all the words');
    });

    test('a tracking number finds its submission, in either case', async () => {
      for (const query of [w.tracking['english']!, w.tracking['english']!.toLowerCase()]) {
        const page = await found(q(query));
        assert.equal(page.mode, 'tracking');
        assert.deepEqual(names(page.items), ['english']);
      }
      const otherSite = await found(q(w.tracking['elsewhere']!));
      assert.deepEqual(otherSite.items, [], "another site's tracking number finds nothing");
    });

    test('nothing of another site: its staff find their own, ours never theirs', async () => {
      assert.deepEqual(names((await found(q('到账'))).items), []);
      assert.deepEqual(names((await found(q('退款'), w.otherAgent, 'other')).items), ['elsewhere']);
      assert.deepEqual(names((await found(q('wang.fang@example.com'), w.otherAgent, 'other')).items), ['elsewhere']);
      assert.equal((await search(q('退款'), w.otherAgent)).status, 401, "another site's token is not ours");
    });

    test('a contact finds its submissions exactly, and the search is in the audit log, masked', async () => {
      const page = await found(q(' WANG.FANG@example.com '));
      assert.equal(page.mode, 'contact');
      assert.deepEqual(names(page.items), ['refusedRefund']);
      assert.deepEqual(names((await found(q('13800138000'))).items), ['hotline']);
      assert.deepEqual(names((await found(q('138 0013 8000'))).items), ['hotline']);
      assert.deepEqual(names((await found(q('wang'))).items), [], 'a personal field is never searched as text');
      assert.deepEqual(names((await found(q('example'))).items), []);

      const entries = await w.server.db
        .selectFrom('audit_log')
        .selectAll()
        .where('site', '=', 'test')
        .where('action', '=', 'search')
        .orderBy('id')
        .execute();
      const contactSearches = entries.filter((e) => JSON.parse(e.detail_json).mode === 'contact');
      assert.deepEqual(
        contactSearches.map((e) => [e.principal, e.name, JSON.parse(e.detail_json)]),
        [
          [
            'staff:person:search-agent',
            '小王',
            { mode: 'contact', kind: null, page: 'first', count: 1, contact: 'W***@example.com' },
          ],
          [
            'staff:person:search-agent',
            '小王',
            { mode: 'contact', kind: null, page: 'first', count: 1, contact: '138****8000' },
          ],
          [
            'staff:person:search-agent',
            '小王',
            { mode: 'contact', kind: null, page: 'first', count: 1, contact: '138****8000' },
          ],
        ],
      );
      assert.ok(
        entries.every((e) => !/fang|13800138000/i.test(e.detail_json)),
        'no entry holds a contact in clear',
      );
      assert.ok(
        entries.some((e) => JSON.parse(e.detail_json).mode === 'text'),
        'text searches are read too',
      );
    });

    test('cursor pages give every result once, best first, then nothing more', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: SearchPage = await found(`${q('parcel')}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.equal(seen.length, 23);
      assert.equal(new Set(seen).size, 23, 'each once');
      const first = await found(`${q('late')}&limit=5`);
      assert.ok(first.items.every((i) => marked(i).includes('late')));
      const shortest = names(first.items)[0];
      assert.ok(
        ['parcel3', 'parcel7', 'parcel11', 'parcel15', 'parcel19'].includes(shortest!),
        `most "late" first: ${shortest}`,
      );
    });

    test('past a window of the newest matches, pages go on into the next; a match indexed meanwhile shifts nothing', async () => {
      const site = w.server.registry.getSite('test')!;
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await readSearch(w.server.db, site, {
          mode: 'text',
          terms: queryTerms('parcel'),
          limit: 4,
          window: 5,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((i) => i.id));
        if (pages === 0)
          await received('parcelLate', 'test', {
            locale: 'en',
            fields: { message: 'Parcel lost', email: 'q@example.com' },
          });
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      assert.equal(pages, 6);
      assert.equal(seen.length, 23, 'the 23 there when the first page was read');
      assert.equal(new Set(seen).size, 23, 'each once');
      assert.ok(!seen.includes(w.ids['parcelLate']!));
      const newest = Array.from({ length: 5 }, (_, i) => w.ids[`parcel${22 - i}`]!).sort();
      assert.deepEqual(seen.slice(0, 5).sort(), newest, 'the newest five first, ranked among themselves');
    });

    test('a supervisor may search; no token may not', async () => {
      assert.deepEqual(names((await found(q('退款'), w.supervisor)).items), ['refusedRefund']);
      const r = await call(w.server.url, 'GET', `/v1/staff/search?site=test&${q('退款')}`);
      assert.equal(r.status, 401);
    });

    test('a query it cannot take is a 422 naming the field', async () => {
      const refused = async (query: string, path: string, code: string) => {
        const r = await search(query);
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.code, 'validation_failed');
        assert.deepEqual(
          r.json.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
          [[path, code]],
          query,
        );
      };
      await refused('q=', 'q', 'required');
      await refused('', 'q', 'required');
      await refused(q('   '), 'q', 'required');
      await refused(q('退'.repeat(201)), 'q', 'too_long');
      await refused(q('?!…，。'), 'q', 'no_words');
      await refused(`${q('退款')}&kind=everything`, 'kind', 'invalid_kind');
      await refused(`${q('退款')}&limit=0`, 'limit', 'out_of_range');
      await refused(`${q('退款')}&cursor=nonsense`, 'cursor', 'invalid_cursor');
      assert.equal((await search(q('退'.repeat(200)))).status, 200, '200 characters are taken');
    });

    test('a snippet of a long text starts near the match and marks it as data, never as markup', async () => {
      await received('long', 'test', {
        fields: {
          message: `${'前面的文字很长。'.repeat(20)}<b>关键</b>的退换货问题${'后面还有很多。'.repeat(20)}`,
          email: 'l@example.com',
        },
      });
      const item = (await found(q('退换货'))).items[0]!;
      assert.equal(item.id, w.ids['long']);
      assert.equal(item.snippet[0]!.text.startsWith('…'), true);
      assert.equal(item.snippet[item.snippet.length - 1]!.text.endsWith('…'), true);
      assert.deepEqual(marked(item), ['退换货']);
      assert.ok(
        item.snippet.some((s) => s.text.includes('<b>关键</b>')),
        'the text as written',
      );
    });
  });
}

searchSuite('staff search on SQLite', () => startTestServer(), false);

const ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function adminClient(): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}
const admin = await adminClient();
const database = `usercare_search_${randomUUID().replaceAll('-', '')}`;
if (admin)
  after(async () => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });
searchSuite(
  'staff search on PostgreSQL',
  async () => {
    await admin!.query(`create database ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    return startTestServer(undefined, { databaseUrl: url.toString() });
  },
  admin ? false : 'no PostgreSQL on 127.0.0.1:5432',
);
