/**
 * Uploading a pool's coupon codes over real HTTP, on SQLite and on
 * PostgreSQL when one answers on 127.0.0.1:5432: the answer names by
 * position each code the pool held already and each one repeated in the
 * upload (what lets the studio name a file's lines), an upload is added
 * whole or not at all (one code that breaks a rule refuses it, naming that
 * code, and adds nothing), the rules refused are exactly `codeProblem`'s,
 * and the pools' read says what is left.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CodePools, CodePoolStatus, codeProblem } from '../../src/contract/points-codes';
import type { SiteEntry } from '../../src/server/registry-schema';
import { call, newKey, startTestServer, testSites, type TestServer } from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const ADMIN = 'codes-admin-token-0123456789';
const AGENT = 'codes-agent-token-0123456789';

function sites(): SiteEntry[] {
  const [test] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Admin Chen', tokenSha256: sha(ADMIN), roles: ['admin'] },
        { name: 'Agent Li', tokenSha256: sha(AGENT), roles: ['agent'] },
      ],
      settings: {
        points: {
          catalogue: [
            { id: 'mug', name: 'A mug', points: 30, source: 'pool' },
            { id: 'tea', name: 'Tea', points: 10, source: 'pool' },
          ],
        },
      },
    },
  ];
}

function suite(label: string, open: () => Promise<Record<string, string>>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(sites(), await open());
    });
    after(() => server?.close());

    const upload = (reward: string, codes: string[], token = ADMIN) =>
      call(server.url, 'POST', '/v1/staff/points/codes', {
        body: { site: 'test', reward, codes },
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
      });
    const pools = async (token = AGENT) => {
      const r = await call(server.url, 'GET', '/v1/staff/points/codes?site=test', {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(r.status, 200, r.text);
      return CodePools.parse(r.json).items;
    };
    const left = async (reward: string) => (await pools()).find((p) => p.reward === reward)?.available;

    test('codes held already and codes repeated are named by position; the rest are added', async () => {
      const [a, b, c] = [`MUG-${randomUUID()}`, `MUG-${randomUUID()}`, `MUG-${randomUUID()}`];
      const first = await upload('mug', [a]);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(CodePoolStatus.parse(first.json), {
        reward: 'mug',
        added: 1,
        available: 1,
        issued: 0,
        inPool: [],
        repeated: [],
      });
      const second = await upload('mug', [b, a, c, b, 'tea-like but for mugs']);
      assert.equal(second.status, 200, second.text);
      const status = CodePoolStatus.parse(second.json);
      assert.deepEqual(status.inPool, [1], 'the code uploaded before');
      assert.deepEqual(status.repeated, [3], 'the second b');
      assert.equal(status.added, 3);
      assert.equal(status.available, 4);
      assert.equal(await left('mug'), 4);
      const tea = CodePoolStatus.parse((await upload('tea', [a])).json);
      assert.deepEqual([tea.added, tea.inPool], [1, []], 'the same code in another pool is another code');
      assert.equal(await left('mug'), 4, 'and the first pool is as it was');
    });

    test('the most one upload carries, with codes held already spread through it, named in place', async () => {
      const held: [string, string, string] = [`TEA-${randomUUID()}`, `TEA-${randomUUID()}`, `TEA-${randomUUID()}`];
      assert.equal(CodePoolStatus.parse((await upload('tea', held)).json).added, 3);
      const before = (await left('tea'))!;
      const codes = Array.from({ length: 10_000 }, (_, i) => `TEA-${i}-${randomUUID()}`);
      [codes[0], codes[4_999], codes[9_999]] = held;
      const status = CodePoolStatus.parse((await upload('tea', codes)).json);
      assert.deepEqual(status.inPool, [0, 4_999, 9_999]);
      assert.deepEqual([status.added, status.repeated], [9_997, []]);
      assert.equal(await left('tea'), before + 9_997);
    });

    test('one code that breaks a rule refuses the whole upload, naming it, and adds nothing', async () => {
      const before = await left('mug');
      const good = `MUG-${randomUUID()}`;
      for (const [bad, why] of [
        ['x'.repeat(201), 'long'],
        ['MUG\t1', 'character'],
        ['MUG\u20281', 'character'],
        ['MUG-\ud800', 'character'],
        [' MUG-2', 'space'],
        ['MUG-3\u3000', 'space'],
        ['', 'empty'],
      ] as const) {
        assert.equal(codeProblem(bad), why, JSON.stringify(bad));
        const r = await upload('mug', [good, bad]);
        assert.equal(r.status, 422, `${JSON.stringify(bad)}: ${r.text}`);
        assert.deepEqual(
          r.json.error.details.fields.map((f: { path: string }) => f.path),
          ['codes[1]'],
        );
      }
      assert.equal(await left('mug'), before, 'nothing of a refused upload was added');
      for (const fine of ['x'.repeat(200), 'MUG 4 with spaces inside', '优惠券-五元-😀', 'A,B;"C"'])
        assert.equal(codeProblem(fine), undefined, fine);
      const r = await upload('mug', [good, 'x'.repeat(200), 'MUG 4 with spaces inside', '优惠券-五元-😀', 'A,B;"C"']);
      assert.equal(CodePoolStatus.parse(r.json).added, 5, r.text);
    });

    test('only admins upload, only to a pool reward of the published catalogue', async () => {
      assert.equal((await upload('mug', [`M-${randomUUID()}`], AGENT)).status, 403);
      assert.equal((await upload('no-such-reward', [`M-${randomUUID()}`])).status, 404);
      const many = Array.from({ length: 10_001 }, (_, i) => `M-${i}`);
      assert.equal((await upload('mug', many)).status, 422, 'more than one upload may carry');
    });
  });
}

suite('code pools on SQLite', async () => ({}), false);
suite(
  'code pools on PostgreSQL',
  async () => ({ databaseUrl: await newPostgresDatabase('points_codes') }),
  postgresSkip,
);
