/**
 * The same server on PostgreSQL (DATABASE_URL), when one answers on
 * 127.0.0.1:5432: a fresh database per run, dropped afterwards. Concurrent
 * requests with one key really race here (a pool of connections, unlike
 * SQLite's one), so the primary key decides and the losers replay.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import type { ConsentRecord } from '../../src/contract/consent';
import type { SiteEntry } from '../../src/server/registry-schema';
import { openStreamCount, STREAMS_PER_AUDIENCE } from '../../src/server/stream-slots';
import { HARNESS_CONSENT } from '../support/harness';
import {
  SECRETS,
  call,
  countSubmissions,
  hostToken,
  newDevice,
  newKey,
  startServerProcess,
  staffToken,
  startTestServer,
  submission,
  submit,
  testSites,
} from './_helpers';
import type { TestServer } from './_helpers';

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

const STAFF = {
  agent: 'pg-agent-token-0123456789',
  agent2: 'pg-agent2-token-0123456789',
  arbitrator: 'pg-arbitrator-token-0123456789',
  admin: 'pg-admin-token-0123456789',
};
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The usual test sites, with staff on `test` (two agents, an arbitrator who is neither of them, an admin) and its consent settings. */
function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'PG Agent', tokenSha256: sha256(STAFF.agent), roles: ['agent'] },
        { name: 'PG Agent Two', tokenSha256: sha256(STAFF.agent2), roles: ['agent'] },
        { name: 'PG Arbitrator', tokenSha256: sha256(STAFF.arbitrator), roles: ['arbitrator'] },
        { name: 'PG Admin', tokenSha256: sha256(STAFF.admin), roles: ['admin'] },
      ],
      consent: HARNESS_CONSENT,
      settings: {
        ...test!.settings,
        points: { catalogue: [{ id: 'mug', name: 'A mug', points: 30, source: 'pool' }] },
      },
    },
    ...rest,
  ];
}

describe('server on PostgreSQL', { skip: admin ? false : 'no PostgreSQL on 127.0.0.1:5432' }, () => {
  const name = `usercare_test_${randomUUID().replaceAll('-', '')}`;
  let server: TestServer;
  /** What the server logged as errors (it logs instead of throwing where a request or the sweep must go on). */
  const errorsLogged: string[] = [];
  before(async () => {
    await admin!.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    server = await startTestServer(sites(), {
      databaseUrl: url.toString(),
      log: (level, message, extra) => {
        if (level === 'error') errorsLogged.push(`${message} ${JSON.stringify(extra ?? {})}`);
      },
    });
  });
  after(async () => {
    await server?.close();
    await admin!.query(`drop database if exists ${name}`);
    await admin!.end();
  });

  test('health reports postgres, and a submission is stored with its receipt', async () => {
    assert.equal((await call(server.url, 'GET', '/healthz')).json.database, 'postgres');
    const res = await submit(server.url, submission());
    assert.equal(res.status, 201, res.text);
    assert.equal(await countSubmissions(server), 1);
  });

  test('twenty concurrent requests with one key make exactly one record', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const body = submission({ fields: { message: 'racing on postgres' } });
    const before = await countSubmissions(server);
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(server.url, body, headers)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]), answers.map((a) => a.text).join('\n'));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every caller got the same receipt, access key included');
    assert.equal(await countSubmissions(server), before + 1);
  });

  test('points: ten redemptions at once against a balance for three spend exactly three, and the ledger adds up', async () => {
    const user = `pg-points-${randomUUID()}`;
    const admin = { Authorization: `Bearer ${STAFF.admin}` };
    const give = await call(server.url, 'POST', '/v1/staff/points/adjustments', {
      headers: { ...admin, 'Idempotency-Key': newKey() },
      body: { site: 'test', user, points: 100, reason: 'Gift', note: 'set-up' },
    });
    assert.equal(give.status, 201, give.text);
    const codes = Array.from({ length: 10 }, () => `PG-${randomUUID()}`);
    assert.equal(
      (
        await call(server.url, 'POST', '/v1/staff/points/codes', {
          headers: admin,
          body: { site: 'test', reward: 'mug', codes },
        })
      ).status,
      200,
    );
    const token = await hostToken(SECRETS.test, user);
    const redeem = () =>
      call(server.url, 'POST', '/v1/points/redemptions', {
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
        body: { site: 'test', reward: 'mug' },
      });
    const answers = await Promise.all(Array.from({ length: 10 }, redeem));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(
      statuses,
      [201, 201, 201, 409, 409, 409, 409, 409, 409, 409],
      answers.map((a) => a.text).join('\n'),
    );
    assert.equal(
      new Set(answers.filter((a) => a.status === 201).map((a) => a.json.code)).size,
      3,
      'three different codes',
    );
    const account = await call(server.url, 'GET', `/v1/staff/points/accounts/${user}?site=test`, { headers: admin });
    assert.equal(account.json.summary.balance, 10);
    const entries = account.json.history.items as Array<{ points: number }>;
    assert.equal(
      entries.reduce((n, e) => n + e.points, 0),
      10,
      'the balance is what the entries add up to',
    );
    assert.deepEqual(errorsLogged, []);
  });

  test('two instances on one database share the rate limits: a client gets the limit once, not once per instance', async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const second = await startTestServer(sites(), { databaseUrl: url.toString() });
    try {
      // `other` lets a client send 2 anonymous submissions a minute.
      const headers = () => ({
        'Idempotency-Key': newKey(),
        'X-Usercare-Device': device,
        Origin: 'https://other.example.com',
      });
      const device = newDevice();
      const body = submission({ site: 'other' });
      assert.equal((await submit(server.url, body, headers())).status, 201);
      assert.equal((await submit(second.url, body, headers())).status, 201);
      const third = await submit(server.url, body, headers());
      assert.equal(third.status, 429, third.text);
      assert.ok(Number(third.headers.get('Retry-After')) >= 1);
      assert.equal((await submit(second.url, body, headers())).status, 429);
    } finally {
      await second.close();
    }
  });

  test(`two instances on one database share the cap of open live streams: of twenty opened at once, ${STREAMS_PER_AUDIENCE} are accepted`, async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    // A process of its own, so only the database stands between the two instances' streams.
    const second = await startServerProcess(sites(), { url: url.toString() });
    const device = newDevice();
    const audience = `device:${device}`;
    const opened: AbortController[] = [];
    try {
      const open = async (base: string) => {
        const abort = new AbortController();
        opened.push(abort);
        const response = await fetch(`${base}/v1/stream?site=test`, {
          headers: { 'X-Usercare-Device': device },
          signal: abort.signal,
        });
        // A refusal is read whole; an accepted stream stays open, unread, until every answer is in.
        return {
          status: response.status,
          retryAfter: response.headers.get('Retry-After'),
          body: response.status === 200 ? undefined : ((await response.json()) as { error: { code: string } }),
        };
      };
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => open(i % 2 === 0 ? server.url : second.url)),
      );
      assert.equal(answers.filter((a) => a.status === 200).length, STREAMS_PER_AUDIENCE, JSON.stringify(answers));
      for (const refused of answers.filter((a) => a.status !== 200)) {
        assert.equal(refused.status, 429, JSON.stringify(refused));
        assert.equal(refused.body?.error.code, 'rate_limited');
        assert.ok(Number(refused.retryAfter) > 0);
      }
      assert.equal(await openStreamCount(server.db, 'test', audience, Date.now()), STREAMS_PER_AUDIENCE);
    } finally {
      for (const abort of opened) abort.abort();
      // Each instance frees its streams' slots as they end (before the second one stops, or they would wait out their lease).
      const deadline = Date.now() + 5_000;
      while ((await openStreamCount(server.db, 'test', audience, Date.now())) > 0 && Date.now() < deadline)
        await new Promise((done) => setTimeout(done, 20));
      await second.close();
    }
    assert.equal(await openStreamCount(server.db, 'test', audience, Date.now()), 0);
    assert.deepEqual(errorsLogged, []);
  });

  test('withdraw works and a second withdraw is 409', async () => {
    const device = newDevice();
    const created = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': device,
    });
    const path = `/v1/feedback/${created.json.id}/withdraw`;
    const headers = () => ({ 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
    assert.equal(
      (await call(server.url, 'POST', path, { body: { accessKey: created.json.accessKey }, headers: headers() }))
        .status,
      200,
    );
    assert.equal(
      (await call(server.url, 'POST', path, { body: { accessKey: created.json.accessKey }, headers: headers() }))
        .status,
      409,
    );
  });

  test('a NUL character (which PostgreSQL text cannot hold) is a 422 naming where, never a 500 the outbox would retry', async () => {
    const device = newDevice();
    const created = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': device,
    });
    const reason = await call(server.url, 'POST', `/v1/feedback/${created.json.id}/withdraw`, {
      body: { accessKey: created.json.accessKey, reason: 'changed\u0000mind' },
      headers: { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device },
    });
    assert.equal(reason.status, 422, reason.text);
    assert.equal(reason.json.error.details.fields[0].path, 'reason');
    const lookup = await call(server.url, 'POST', '/v1/complaints/lookup', {
      body: { site: 'test', trackingNumber: `${created.json.trackingNumber}\u0000`, contact: 'user@example.com' },
    });
    assert.equal(lookup.status, 422, lookup.text);
    assert.deepEqual(errorsLogged, []);
  });

  test('a complaint through its lifecycle over HTTP, a lost race on accept, and a sweep holding its lease', async () => {
    const device = newDevice();
    const me = { 'X-Usercare-Device': device };
    const created = await submit(server.url, submission({ kind: 'complaint' }), { 'Idempotency-Key': newKey(), ...me });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    const staffAct = (token: string, action: string, extra: Record<string, unknown> = {}) =>
      call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
        body: { action, ...extra },
      });
    const userAct = (action: string, extra: Record<string, unknown> = {}) =>
      call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
        headers: { ...me, 'Idempotency-Key': newKey() },
        body: { action, ...extra },
      });

    // The arbitrator signs in through the host (a ruling is a person's): a staff token's round trip on PostgreSQL.
    const arbitrator = await staffToken({ sub: 'pg-zhao', name: 'PG Zhao', roles: ['arbitrator'] });
    const steps: [() => Promise<{ status: number; text: string }>, string][] = [
      [() => staffAct(STAFF.agent, 'accept'), 'accept'],
      [() => staffAct(STAFF.agent, 'start_investigation'), 'start_investigation'],
      [() => staffAct(STAFF.agent, 'ask_user', { text: '请提供订单号' }), 'ask_user'],
      [() => userAct('answer', { text: '订单号 12345' }), 'answer'],
      [() => staffAct(STAFF.agent, 'reply', { text: '已为您退款' }), 'reply'],
      [() => userAct('dispute', { text: '退款金额不对' }), 'dispute'],
      [() => staffAct(arbitrator, 'start_arbitration'), 'start_arbitration'],
      [() => staffAct(arbitrator, 'rule', { outcome: 'partly_upheld', reasons: '平台裁定：补退差额 20 元' }), 'rule'],
      [() => userAct('rate', { score: 5, comment: '满意' }), 'rate'],
    ];
    for (const [step, name] of steps) {
      const res = await step();
      assert.equal(res.status, 200, `${name}: ${res.text}`);
    }

    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: me });
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.json.status, 'resolved');
    assert.deepEqual(
      detail.json.timeline.map((e: { type: string }) => e.type),
      [
        'received',
        'accept',
        'start_investigation',
        'ask_user',
        'answer',
        'reply',
        'dispute',
        'start_arbitration',
        'rule',
        'rate',
      ],
    );
    assert.equal(detail.json.deadlines.find((d: { name: string }) => d.name === 'firstReply')?.status, 'met');
    assert.deepEqual(detail.json.rating, { score: 5, comment: '满意' });

    // Two agents accept a fresh complaint at once, both having seen version 1: one wins, the other is told it lost.
    const fresh = await submit(server.url, submission({ kind: 'complaint' }));
    assert.equal(fresh.status, 201, fresh.text);
    const accept = (token: string) =>
      call(server.url, 'POST', `/v1/staff/complaints/${fresh.json.id}/actions`, {
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
        body: { action: 'accept', version: 1 },
      });
    const [a, b] = await Promise.all([accept(STAFF.agent), accept(STAFF.agent2)]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    const loser = a.status === 409 ? a : b;
    assert.ok(['conflict', 'invalid_transition'].includes(loser.json.error.code), loser.text);

    // The sweep takes its lease row on PostgreSQL and runs its round without error.
    const report = await server.sweep();
    assert.equal(report.ran, true);
    const lease = await server.db.selectFrom('leases').selectAll().executeTakeFirst();
    assert.ok(lease && new Date(lease.expires_at).getTime() > Date.now(), 'the sweep holds an unexpired lease row');
    assert.deepEqual(errorsLogged, []);
  });

  test('staff: a staff token signs in (GET /v1/staff/me), its reads are audited, the audit log pages, and the sweep purges what is due', async () => {
    const token = await staffToken({ sub: 'pg-wang', name: 'PG Wang', roles: ['supervisor', 'agent'] });
    const me = await call(server.url, 'GET', '/v1/staff/me?site=test', {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual([me.json.principal, me.json.kind], ['staff:person:pg-wang', 'person']);
    assert.ok(me.json.permissions.includes('audit') && me.json.permissions.includes('work'));
    assert.equal(
      (await call(server.url, 'GET', '/v1/staff/me?site=other', { headers: { Authorization: `Bearer ${token}` } }))
        .status,
      401,
    );
    const created = await submit(server.url, submission({ kind: 'complaint' }));
    const id = created.json.id as string;
    for (let i = 0; i < 3; i++) {
      const read = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(read.status, 200, read.text);
    }
    const first = await call(server.url, 'GET', `/v1/staff/audit?site=test&subject=${id}&limit=2`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      first.json.items.map((e: { action: string; principal: string }) => [e.action, e.principal]),
      [
        ['complaint.read', 'staff:person:pg-wang'],
        ['complaint.read', 'staff:person:pg-wang'],
      ],
    );
    const rest = await call(
      server.url,
      'GET',
      `/v1/staff/audit?site=test&subject=${id}&cursor=${first.json.nextCursor}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    assert.deepEqual([rest.json.items.length, rest.json.nextCursor], [1, null]);

    const entry = (purgeAfter: string) => ({
      site: 'test',
      at: '2020-01-01T00:00:00.000Z',
      principal: 'staff:person:old',
      name: 'Old',
      action: 'complaint.read',
      subject: 'pg-gone',
      detail_json: '{}',
      purge_after: purgeAfter,
    });
    await server.db
      .insertInto('audit_log')
      .values([
        entry(new Date(Date.now() - 60_000).toISOString()),
        entry(new Date(Date.now() + 3600_000).toISOString()),
      ])
      .execute();
    const report = await server.sweep();
    assert.equal(report.auditPurged, 1);
    const left = await server.db
      .selectFrom('audit_log')
      .select('purge_after')
      .where('subject', '=', 'pg-gone')
      .execute();
    assert.equal(left.length, 1);
    await assert.rejects(server.db.deleteFrom('audit_log').where('subject', '=', 'pg-gone').execute(), /purge_after/);
    const purge = await server.db
      .selectFrom('audit_log')
      .select('detail_json')
      .where('action', '=', 'audit.purge')
      .where('site', '=', 'test')
      .executeTakeFirstOrThrow();
    assert.equal(purge.detail_json, '{"count":1}');
  });

  describe('consent proof', () => {
    const record = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
      id: `pg-${randomUUID()}`,
      site: 'test',
      revision: server.registry.getSite('test')!.consent!.revision,
      locale: 'en',
      text: 'We count visits. Analytics: on; marketing: off.',
      gpc: false,
      method: 'custom',
      categories: { analytics: { granted: true, version: '1' }, marketing: { granted: false, version: '1' } },
      services: { 'analytics/stats': true },
      separate: {},
      clientDecidedAt: '2001-01-01T00:00:00.000Z',
      ...overrides,
    });
    const post = (body: ConsentRecord, device: string) =>
      call(server.url, 'POST', '/v1/consents', {
        body,
        headers: { 'Idempotency-Key': body.id, 'X-Usercare-Device': device },
      });
    const count = async (table: 'consent_records' | 'consent_texts') =>
      Number(
        (
          await server.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('the config is served with its revision as ETag, and a 304 when it has not changed', async () => {
      const res = await call(server.url, 'GET', '/v1/sites/test/consent');
      assert.equal(res.status, 200, res.text);
      const etag = res.headers.get('etag')!;
      assert.equal(etag, `"${res.json.revision}"`);
      assert.equal(
        (await call(server.url, 'GET', '/v1/sites/test/consent', { headers: { 'If-None-Match': etag } })).status,
        304,
      );
    });

    test('twenty concurrent sends of one record keep it once; the same text twice is stored once; the server stamps the time', async () => {
      const device = newDevice();
      const body = record({ text: `racing consent ${randomUUID()}` });
      const texts = await count('consent_texts');
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(body, device)));
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]), answers.map((a) => a.text).join('\n'));
      assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every caller got the same receipt');
      const rows = await server.db.selectFrom('consent_records').selectAll().where('id', '=', body.id).execute();
      assert.equal(rows.length, 1);
      assert.notEqual(rows[0]!.received_at, body.clientDecidedAt);
      assert.ok(Math.abs(Date.parse(rows[0]!.received_at) - Date.now()) < 60_000);
      const second = await post(record({ text: body.text, method: 'reject_all' }), device);
      assert.equal(second.status, 201, second.text);
      assert.equal(second.json.textSha256, sha256(body.text));
      assert.equal(await count('consent_texts'), texts + 1);
      const mismatch = await post({ ...body, method: 'accept_all' }, device);
      assert.equal(mismatch.status, 422);
      assert.equal(mismatch.json.error.code, 'idempotency_mismatch');
    });

    test('PostgreSQL refuses UPDATE, DELETE and TRUNCATE of consent records and texts', async () => {
      const body = record();
      assert.equal((await post(body, newDevice())).status, 201);
      await assert.rejects(
        server.db.updateTable('consent_records').set({ method: 'accept_all' }).where('id', '=', body.id).execute(),
        /append-only/,
      );
      await assert.rejects(server.db.deleteFrom('consent_records').where('id', '=', body.id).execute(), /append-only/);
      await assert.rejects(
        server.db
          .updateTable('consent_texts')
          .set({ text: 'rewritten' })
          .where('sha256', '=', sha256(body.text))
          .execute(),
        /append-only/,
      );
      await assert.rejects(
        server.db.deleteFrom('consent_texts').where('sha256', '=', sha256(body.text)).execute(),
        /append-only/,
      );
      for (const table of ['consent_records', 'consent_texts']) {
        await assert.rejects(sql`truncate table ${sql.table(table)} cascade`.execute(server.db), /append-only/, table);
      }
      assert.equal(
        (
          await server.db
            .selectFrom('consent_records')
            .select('method')
            .where('id', '=', body.id)
            .executeTakeFirstOrThrow()
        ).method,
        'custom',
      );
    });

    test('the admin exports JSON and CSV by subject and period; other roles are refused', async () => {
      const device = newDevice();
      const first = record();
      assert.equal((await post(first, device)).status, 201);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = record({ method: 'withdraw' });
      assert.equal((await post(second, device)).status, 201);
      const get = (query: Record<string, string>, token = STAFF.admin) =>
        call(
          server.url,
          'GET',
          `/v1/staff/consents?${new URLSearchParams({ site: 'test', subject: `device:${device}`, ...query })}`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
      const all = await get({});
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(
        all.json.records.map((r: { id: string }) => r.id),
        [first.id, second.id],
      );
      assert.equal(all.json.records[0].textSha256, sha256(first.text));
      assert.deepEqual(
        (await get({ from: between })).json.records.map((r: { id: string }) => r.id),
        [second.id],
      );
      assert.deepEqual(
        (await get({ to: between })).json.records.map((r: { id: string }) => r.id),
        [first.id],
      );
      const csv = await get({ format: 'csv' });
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      const lines = csv.text.split('\r\n');
      assert.equal(lines.length, 4, 'header, two records, the final CRLF');
      assert.ok(lines[1]!.startsWith(`${first.id},test,device:${device},`));
      assert.equal((await get({}, STAFF.agent)).status, 403);
      assert.equal((await get({}, STAFF.arbitrator)).status, 403);
      const text = await call(server.url, 'GET', `/v1/staff/consents/texts/${sha256(first.text)}`, {
        headers: { Authorization: `Bearer ${STAFF.admin}` },
      });
      assert.equal(text.status, 200);
      assert.equal(text.text, first.text);
    });
  });

  test('pooled connections the database ends (a restart, an administrator) are replaced, and the server goes on answering', async () => {
    assert.equal((await call(server.url, 'GET', '/healthz')).status, 200);
    const ended = await admin!.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where datname = $1 and pid <> pg_backend_pid() and application_name <> 'usercare-live-listener'`,
      [name],
    );
    assert.ok(ended.rowCount! > 0, 'idle pooled connections ended');
    // Let the pool hear of it, as it would of a database restart, before the next request.
    await new Promise((done) => setTimeout(done, 200));
    const body = submission({ fields: { message: 'after the connections were ended' } });
    const res = await submit(server.url, body, { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() });
    assert.equal(res.status, 201, res.text);
  });
});
