/**
 * A reward is retired, never removed, through the admin API over real HTTP,
 * on SQLite and on PostgreSQL when one answers on 127.0.0.1:5432: a
 * publish that drops a published reward is refused naming its path, and
 * retiring it publishes; a retired reward is no longer offered (the user's
 * points route leaves it out, redeeming it is a 409 that spends nothing,
 * its pool takes no codes, a complaint cannot give it, a tier naming it is
 * a problem by its path), while what was redeemed or given with it before
 * keeps its name, for the user and for staff; restoring it offers it again;
 * a rollback to a version before a reward was added brings it back retired.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { PointsSummary, RedemptionList } from '../../src/contract/points';
import { CodePools } from '../../src/contract/points-codes';
import { ConfigDraft } from '../../src/contract/staff-config';
import { StaffComplaintDetail } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  ALLOWED_ORIGIN,
  SECRETS,
  call,
  hostToken,
  newKey,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are edited loosely; the server checks them
type Doc = any;

const text = (en: string) => ({ en, 'zh-CN': en });
const byCode = (a: unknown[], b: unknown[]) => String(a.at(-1)).localeCompare(String(b.at(-1)));

function sites(): SiteEntry[] {
  const [site] = testSites();
  return [
    {
      ...site!,
      settings: {
        ...site!.settings,
        points: {
          catalogue: [
            { id: 'mug', name: text('A mug'), points: 30, source: 'pool' },
            { id: 'tea', name: text('A pack of tea'), points: 20, source: 'pool' },
          ],
        },
      },
    },
  ];
}

function suite(label: string, open: () => Promise<TestServer>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let admin: string;
    before(async () => {
      server = await open();
      admin = await staffToken({ sub: 'rewards-admin', name: 'Admin Zhao', roles: ['admin'] });
    });
    after(() => server?.close());

    const ok = (r: Call, status = 200): Call => {
      assert.equal(r.status, status, r.text);
      return r;
    };
    const staff = (method: string, path: string, body?: unknown) =>
      call(server.url, method, path, {
        ...(body === undefined ? {} : { body }),
        headers: { Authorization: `Bearer ${admin}`, ...(method === 'GET' ? {} : { 'Idempotency-Key': newKey() }) },
      });
    const asUser = async (user: string, key?: string) => ({
      Authorization: `Bearer ${await hostToken(SECRETS.test, user)}`,
      Origin: ALLOWED_ORIGIN,
      ...(key ? { 'Idempotency-Key': key } : {}),
    });

    /** The draft set back to the version served, edited, saved: what publishing it would say. */
    const saveEdit = async (edit: (doc: Doc) => void): Promise<ConfigDraft> => {
      const now = ConfigDraft.parse(ok(await staff('GET', '/v1/staff/config/draft?site=test')).json);
      const served = ok(await staff('GET', `/v1/staff/config/versions/${now.publishedVersion}?site=test`)).json;
      const document = structuredClone(served.document);
      edit(document);
      return ConfigDraft.parse(
        ok(await staff('PUT', '/v1/staff/config/draft?site=test', { document, revision: now.revision })).json,
      );
    };
    const publish = (revision: number) =>
      staff('POST', '/v1/staff/config/publish?site=test', { revision, note: 'Rewards, by the test' });
    const publishEdit = async (edit: (doc: Doc) => void): Promise<number> => {
      const saved = await saveEdit(edit);
      assert.deepEqual(saved.problems, []);
      return (ok(await publish(saved.revision)).json as { version: number }).version;
    };
    const reward = (doc: Doc, id: string) => doc.settings.points.catalogue.find((r: Doc) => r.id === id);

    const offered = async (user: string) => {
      const r = ok(await call(server.url, 'GET', '/v1/points?site=test', { headers: await asUser(user) }));
      return PointsSummary.parse(r.json).rewards.map((x) => x.id);
    };
    const balance = async (user: string) =>
      PointsSummary.parse(
        ok(await call(server.url, 'GET', '/v1/points?site=test', { headers: await asUser(user) })).json,
      ).balance;
    const redeem = async (user: string, id: string) =>
      call(server.url, 'POST', '/v1/points/redemptions', {
        body: { site: 'test', reward: id },
        headers: await asUser(user, newKey()),
      });
    const upload = (id: string, codes: string[]) =>
      staff('POST', '/v1/staff/points/codes', { site: 'test', reward: id, codes });
    const pools = async () => CodePools.parse(ok(await staff('GET', '/v1/staff/points/codes?site=test')).json).items;
    const give = async (user: string, points: number) =>
      ok(
        await staff('POST', '/v1/staff/points/adjustments', {
          site: 'test',
          user,
          points,
          reason: 'Welcome gift',
          note: 'test set-up',
        }),
        201,
      );
    const complaintBy = async (user: string): Promise<string> =>
      ok(
        await call(server.url, 'POST', '/v1/feedback', {
          body: submission({ locale: 'en' }),
          headers: await asUser(user, newKey()),
        }),
        201,
      ).json.id as string;

    test('a published reward is retired, never removed: removing it is refused naming its path, retiring it publishes', async () => {
      const saved = await saveEdit((doc) => {
        doc.settings.points.catalogue = doc.settings.points.catalogue.filter((r: Doc) => r.id !== 'mug');
      });
      const refused = await publish(saved.revision);
      assert.equal(refused.status, 422, refused.text);
      assert.equal(refused.json.error.code, 'validation_failed');
      const [problem, ...others] = refused.json.error.details.fields;
      assert.deepEqual(others, []);
      assert.equal(problem.path, 'settings.points.catalogue');
      assert.match(problem.message, /reward "mug" was published in version \d+: retire it/);
      assert.deepEqual(
        saved.problems.map((p) => p.path),
        ['settings.points.catalogue'],
        'the draft says so before publishing',
      );

      const user = `user-${randomUUID()}`;
      assert.ok((await offered(user)).includes('mug'), 'still offered: nothing was published');
      await publishEdit((doc) => (reward(doc, 'mug').retired = true));
      assert.deepEqual(await offered(user), ['tea']);
      await publishEdit((doc) => delete reward(doc, 'mug').retired);
      assert.deepEqual(await offered(user), ['mug', 'tea'], 'restored, it is offered again');
    });

    test('a retired reward is not offered, redeemed, given or topped up; what was redeemed and given before keeps its name', async () => {
      const user = `user-${randomUUID()}`;
      const codes = [`TEA-${randomUUID()}`, `TEA-${randomUUID()}`];
      ok(await upload('tea', codes));
      await give(user, 100);
      const redeemed = ok(await redeem(user, 'tea'), 201);
      assert.ok(codes.includes(redeemed.json.code));
      const complaint = await complaintBy(user);
      ok(
        await staff('POST', `/v1/staff/complaints/${complaint}/points`, {
          kind: 'compensation',
          reward: 'tea',
          reason: 'Sorry for the wait',
        }),
        201,
      );

      await publishEdit((doc) => (reward(doc, 'tea').retired = true));

      assert.deepEqual(await offered(user), ['mug'], 'left out of the points route');
      const before = await balance(user);
      const refused = await redeem(user, 'tea');
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json.error.code, 'reward_unavailable');
      assert.deepEqual(refused.json.error.details, { reward: 'tea', reason: 'retired' });
      assert.match(refused.json.error.message, /no longer offered/);
      assert.equal(await balance(user), before, 'the refused redemption spent nothing');

      const topUp = await upload('tea', [`TEA-${randomUUID()}`]);
      assert.equal(topUp.status, 409, topUp.text);
      assert.deepEqual(topUp.json.error.details, { reward: 'tea', reason: 'retired' });
      assert.deepEqual(
        (await pools()).map((p) => p.reward),
        ['mug'],
        'no pool to choose for a compensation or an upload',
      );
      const second = await complaintBy(user);
      const given = await staff('POST', `/v1/staff/complaints/${second}/points`, {
        kind: 'compensation',
        reward: 'tea',
        reason: 'Sorry again',
      });
      assert.equal(given.status, 422, given.text);
      assert.equal(given.json.error.details.fields[0].path, 'reward');
      assert.match(given.json.error.details.fields[0].message, /retired/);

      const mine = RedemptionList.parse(
        ok(await call(server.url, 'GET', '/v1/points/redemptions?site=test', { headers: await asUser(user) })).json,
      ).items;
      assert.deepEqual(
        mine.map((r) => [r.reward.id, r.reward.name, r.code]).sort(byCode),
        codes.map((code) => ['tea', text('A pack of tea'), code]).sort(byCode),
        'the user’s codes keep the reward’s name',
      );
      const detail = StaffComplaintDetail.parse(ok(await staff('GET', `/v1/staff/complaints/${complaint}`)).json);
      assert.deepEqual(
        detail.pointsGiven.map((g) => g.reward),
        [{ id: 'tea', name: text('A pack of tea') }],
        'staff see the name of what was given',
      );

      const tier = await saveEdit(
        (doc) => (doc.settings.points.compensation = { tiers: [{ points: 5, reward: 'tea' }] }),
      );
      const [problem, ...others] = tier.problems;
      assert.deepEqual(others, []);
      assert.equal(problem?.path, 'settings.points.compensation.tiers[0].reward');
      assert.match(problem?.message ?? '', /"tea" is retired/);

      await publishEdit((doc) => delete reward(doc, 'tea').retired);
      assert.deepEqual(await offered(user), ['mug', 'tea'], 'restored, it is offered again');
      ok(await upload('tea', [`TEA-${randomUUID()}`]));
      ok(await redeem(user, 'tea'), 201);
    });

    test('a rollback to a version before a reward was added brings it back retired', async () => {
      const earlier = ConfigDraft.parse(
        ok(await staff('GET', '/v1/staff/config/draft?site=test')).json,
      ).publishedVersion!;
      await publishEdit((doc) =>
        doc.settings.points.catalogue.push({ id: 'lamp', name: text('A desk lamp'), points: 300, source: 'pool' }),
      );
      const user = `user-${randomUUID()}`;
      assert.ok((await offered(user)).includes('lamp'));
      const rolled = ok(
        await staff('POST', '/v1/staff/config/rollback?site=test', { version: earlier, note: 'Back: no lamps' }),
      ).json as { version: number };
      const document = ok(await staff('GET', `/v1/staff/config/versions/${rolled.version}?site=test`)).json.document;
      assert.deepEqual(reward(document, 'lamp'), {
        id: 'lamp',
        name: text('A desk lamp'),
        points: 300,
        source: 'pool',
        retired: true,
      });
      assert.ok(!(await offered(user)).includes('lamp'), 'back retired, so not offered');
      assert.equal((await upload('lamp', [`LAMP-${randomUUID()}`])).status, 409);
    });
  });
}

suite('retired rewards on SQLite', () => startTestServer(sites()), false);

suite(
  'retired rewards on PostgreSQL',
  async () => startTestServer(sites(), { databaseUrl: await newPostgresDatabase('rewards_retired') }),
  postgresSkip,
);
