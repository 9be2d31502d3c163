/**
 * What the studio asks before a new version of a consent purpose is
 * published (GET /v1/staff/config/consent-reask), over real HTTP on a server
 * whose clock the test holds: of the people whose latest decision is still
 * in force, how many chose under the version being replaced and how many of
 * them agreed; an older decision of the same person, one on an older
 * version and one expired do not count; counts only, never who; an agent is
 * refused. And the banner's texts overridden in the site's messages
 * (`consent.<key>`) are served with its consent config, by the banner's own
 * keys. On SQLite always; on PostgreSQL too when one answers on 127.0.0.1:5432.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ConsentConfig, type ConsentRecord } from '../../src/contract/consent';
import { ConfigDraft } from '../../src/contract/staff-config';
import { ConsentReask } from '../../src/contract/staff-config-consent';
import type { SiteEntry } from '../../src/server/registry-schema';
import { HARNESS_CONSENT } from '../support/harness';
import {
  ALLOWED_ORIGIN,
  SECRETS,
  call,
  hostToken,
  newDevice,
  newKey,
  staffToken,
  startTestServer,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

const NOW = new Date('2026-03-02T04:00:00.000Z');
const DAY = 86_400_000;

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [{ ...test!, consent: HARNESS_CONSENT }, other!];
}

type Choices = Record<string, { granted: boolean; version: string }>;

function suite(label: string, open: () => Promise<Record<string, string>>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let clock = NOW;

    const staff = (roles: string[]) => staffToken({ sub: 'wang', name: '王管理', roles, issuedAtMs: clock.getTime() });
    const reask = async (query: string, roles = ['admin']): Promise<Call> =>
      call(server.url, 'GET', `/v1/staff/config/consent-reask?site=test&${query}`, {
        headers: { Authorization: `Bearer ${await staff(roles)}` },
      });
    const ok = (r: Call, status = 200): Call => {
      assert.equal(r.status, status, r.text);
      return r;
    };
    /** One decision as the banner sends it, from `subject`'s headers, received at `at`. */
    const decide = async (
      headers: Record<string, string>,
      at: Date,
      categories: Choices,
      separate: Choices = {},
    ): Promise<void> => {
      clock = at;
      const record: ConsentRecord = {
        id: `rec-${randomUUID()}`,
        site: 'test',
        revision: server.registry.getSite('test')!.consent!.revision,
        locale: 'en',
        text: 'We use cookies. Analytics: on.',
        gpc: false,
        method: 'custom',
        categories,
        services: {},
        separate,
        clientDecidedAt: at.toISOString(),
      };
      ok(
        await call(server.url, 'POST', '/v1/consents', {
          body: record,
          headers: { 'Idempotency-Key': record.id, Origin: ALLOWED_ORIGIN, ...headers },
        }),
        201,
      );
      clock = NOW;
    };
    const device = () => ({ 'X-Usercare-Device': newDevice() });
    const on = (version: string, granted = true) => ({ granted, version });

    before(async () => {
      server = await startTestServer(sites(), { ...(await open()), now: () => clock });
      const changedMind = device();
      const yesterday = new Date(NOW.getTime() - 1 * DAY);
      const user = {
        Authorization: `Bearer ${await hostToken(SECRETS.test, 'user-17', 3600, 'U', yesterday.getTime())}`,
      };
      // agreed to analytics 1, then refused it: the later decision is the one in force
      await decide(changedMind, new Date(NOW.getTime() - 10 * DAY), { analytics: on('1') });
      await decide(changedMind, new Date(NOW.getTime() - 2 * DAY), { analytics: on('1', false) });
      await decide(device(), new Date(NOW.getTime() - 3 * DAY), { analytics: on('1') }, { 'share-logistics': on('1') });
      await decide(user, yesterday, { analytics: on('1') }, { 'share-logistics': on('1', false) });
      // on an older version: already asked again, not by this change
      await decide(device(), new Date(NOW.getTime() - 5 * DAY), { analytics: on('0') });
      // expired (the default expiry is 365 days): asked again whatever changes
      await decide(device(), new Date(NOW.getTime() - 400 * DAY), { analytics: on('1') });
    });
    after(() => server?.close());

    test('counts the decisions in force resting on the version, and those that agreed; never who', async () => {
      const analytics = ConsentReask.parse(ok(await reask('purpose=category:analytics&version=1')).json);
      assert.deepEqual(analytics, {
        purpose: 'category:analytics',
        version: '1',
        inForce: 4,
        onVersion: 3,
        agreed: 2,
        expiryDays: 365,
      });
      const older = ConsentReask.parse(ok(await reask('purpose=category:analytics&version=0')).json);
      assert.deepEqual([older.onVersion, older.agreed], [1, 1]);
      const shared = ConsentReask.parse(ok(await reask('purpose=separate:share-logistics&version=1')).json);
      assert.deepEqual([shared.inForce, shared.onVersion, shared.agreed], [4, 2, 1]);
      const never = ConsentReask.parse(ok(await reask('purpose=category:marketing&version=1')).json);
      assert.deepEqual([never.onVersion, never.agreed], [0, 0]);
      const text = ok(await reask('purpose=category:analytics&version=1')).text;
      for (const leak of ['user:', 'device:', 'user-17', 'rec-']) assert.ok(!text.includes(leak), `${leak} in ${text}`);
    });

    test('refuses a purpose or version that is not one, an agent, and no token', async () => {
      for (const query of [
        'purpose=analytics&version=1',
        'purpose=cookie:analytics&version=1',
        'purpose=category:analytics&version=',
        'purpose=category:analytics&version=v%202',
        'version=1',
      ]) {
        const refused = await reask(query);
        assert.equal(refused.status, 400, `${query}: ${refused.text}`);
        assert.equal(refused.json.error.code, 'invalid_request');
      }
      const agent = await reask('purpose=category:analytics&version=1', ['agent']);
      assert.equal(agent.status, 403, agent.text);
      const anonymous = await call(
        server.url,
        'GET',
        '/v1/staff/config/consent-reask?site=test&purpose=category:a&version=1',
      );
      assert.equal(anonymous.status, 401, anonymous.text);
    });

    test("the banner's texts overridden in the site's messages are served with its consent config", async () => {
      const before = ConsentConfig.parse(ok(await call(server.url, 'GET', '/v1/sites/test/consent')).json);
      assert.equal(before.messages, undefined);
      const headers = async () => ({ Authorization: `Bearer ${await staff(['admin'])}`, 'Idempotency-Key': newKey() });
      const draft = ConfigDraft.parse(
        ok(await call(server.url, 'GET', '/v1/staff/config/draft?site=test', { headers: await headers() })).json,
      );
      const document = structuredClone(draft.document) as { publicConfig: Record<string, unknown> };
      document.publicConfig.messages = {
        en: { 'consent.title': 'Cookies at our shop', 'form.submit': 'Send it' },
        'zh-CN': { 'consent.title': '本店的 Cookie', 'consent.acceptAll': '全部同意' },
      };
      const saved = ConfigDraft.parse(
        ok(
          await call(server.url, 'PUT', '/v1/staff/config/draft?site=test', {
            body: { document, revision: draft.revision },
            headers: await headers(),
          }),
        ).json,
      );
      assert.deepEqual(saved.problems, []);
      ok(
        await call(server.url, 'POST', '/v1/staff/config/publish?site=test', {
          body: { revision: saved.revision, note: 'Our own words on the banner' },
          headers: await headers(),
        }),
      );
      const served = ConsentConfig.parse(ok(await call(server.url, 'GET', '/v1/sites/test/consent')).json);
      assert.deepEqual(served.messages, {
        en: { title: 'Cookies at our shop' },
        'zh-CN': { title: '本店的 Cookie', acceptAll: '全部同意' },
      });
      assert.notEqual(served.revision, before.revision, 'what is shown changed: returning visitors look again');
      const { messages: _, revision: __, ...rest } = served;
      const { revision: ___, ...was } = before;
      assert.deepEqual(rest, was, 'nothing else changed');
    });
  });
}

suite('consent re-ask counts on SQLite', async () => ({}), false);
suite(
  'consent re-ask counts on PostgreSQL',
  async () => ({ databaseUrl: await newPostgresDatabase('consent_reask') }),
  postgresSkip,
);
