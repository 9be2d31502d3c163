/**
 * The audit log over real HTTP: every staff read of a complaint or list,
 * and every staff write, writes one entry in the write's own transaction
 * (nothing for a refusal or a replay), with a short summary and never the
 * personal data; GET /v1/staff/audit for supervisors and admins, newest
 * first, filtered, paged, as CSV with formula cells defused, and itself
 * audited; the sweep purges due entries in batches and records each site's
 * purge.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AuditPage } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import { HARNESS_CONSENT, HARNESS_POINTS } from '../support/harness';
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

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const AUTOMATION = 'audit-automation-admin-0123456789';
const RETENTION_DAYS = 200;
/** When the hotline complaint below was received: an hour and a half before it is logged. */
const RECEIVED_AT = new Date(Date.now() - 90 * 60_000).toISOString();

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokens: [{ name: 'Nightly Export', tokenSha256: sha(AUTOMATION), roles: ['admin'] }],
      consent: HARNESS_CONSENT,
      settings: { ...test!.settings, points: HARNESS_POINTS, staff: { auditRetentionDays: RETENTION_DAYS } },
    },
    other!,
  ];
}

let server: TestServer;
let agent: string;
let admin: string;
let supervisor: string;
let arbitrator: string;
before(async () => {
  server = await startTestServer(sites());
  agent = await staffToken({ sub: 'li', name: '客服小李', roles: ['agent'] });
  admin = await staffToken({ sub: 'boss', name: '管理员', roles: ['admin'] });
  supervisor = await staffToken({ sub: 'wang', name: '主管王姐', roles: ['supervisor'] });
  arbitrator = await staffToken({ sub: 'zhao', name: '仲裁员老赵', roles: ['arbitrator'] });
});
after(() => server.close());

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const write = (token: string) => ({ ...auth(token), 'Idempotency-Key': newKey() });

async function complaint(email = `someone-${randomUUID()}@example.com`): Promise<string> {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission({ fields: { message: 'The page will not load', email } }),
    headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}

/** The log's rows for `subject` (or all of the site), oldest first, read straight from the database. */
async function entries(where: { subject?: string; principal?: string; action?: string } = {}) {
  let q = server.db.selectFrom('audit_log').selectAll().where('site', '=', 'test').orderBy('id');
  if (where.subject !== undefined) q = q.where('subject', '=', where.subject);
  if (where.principal !== undefined) q = q.where('principal', '=', where.principal);
  if (where.action !== undefined) q = q.where('action', '=', where.action);
  return (await q.execute()).map((r) => ({ ...r, detail: JSON.parse(r.detail_json) as Record<string, unknown> }));
}

function ok(r: Call, status: number, what: string): Call {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  return r;
}

describe('what is audited', () => {
  test('reading a complaint and the list, and each write, make one entry each; refusals and replays none', async () => {
    const email = `careful-${randomUUID()}@example.com`;
    const id = await complaint(email);
    ok(await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: auth(agent) }), 200, 'read');
    ok(
      await call(server.url, 'GET', '/v1/staff/complaints?site=test&status=submitted', { headers: auth(agent) }),
      200,
      'list',
    );
    const headers = write(agent);
    const accept = { headers, body: { action: 'accept' } };
    ok(await call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, accept), 200, 'accept');
    ok(await call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, accept), 200, 'the same accept, replayed');
    const refused = await call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
      headers: write(agent),
      body: { action: 'close' },
    });
    assert.equal(refused.status, 409, refused.text);
    const secret = 'Your refund code is 4711';
    ok(
      await call(server.url, 'POST', `/v1/staff/complaints/${id}/messages`, {
        headers: write(agent),
        body: { text: secret },
      }),
      200,
      'message',
    );

    const mine = await entries({ principal: 'staff:person:li' });
    const about = mine.filter((e) => e.subject === id || e.action === 'queue.read');
    assert.deepEqual(
      about.map((e) => [e.action, e.subject, e.name]),
      [
        ['complaint.read', id, '客服小李'],
        ['queue.read', null, '客服小李'],
        ['complaint.action', id, '客服小李'],
        ['complaint.message', id, '客服小李'],
      ],
    );
    assert.deepEqual(about[1]!.detail, { status: 'submitted', page: 'first', count: about[1]!.detail['count'] });
    assert.deepEqual(about[2]!.detail, { action: 'accept', status: 'accepted', version: 2 });
    assert.deepEqual(about[3]!.detail, { length: secret.length, files: 0, status: 'accepted', version: 3 });
    const all = JSON.stringify(await entries());
    assert.ok(!all.includes(email) && !all.includes(secret), 'no personal data nor message text in the log');
    for (const e of about) {
      assert.equal(
        Date.parse(e.purge_after) - Date.parse(e.at),
        RETENTION_DAYS * 24 * 3600_000,
        'kept for the site’s retention',
      );
    }
  });

  test('a complaint by hotline, points writes and reads, a feedback decision and the consent export each leave their entry', async () => {
    const user = `audited-${randomUUID()}`;
    const intake = ok(
      await call(server.url, 'POST', '/v1/staff/complaints', {
        headers: write(agent),
        body: {
          site: 'test',
          category: 'publishing',
          channel: 'hotline',
          locale: 'zh-CN',
          receivedAt: RECEIVED_AT,
          text: 'Called in',
          contact: 'caller@example.com',
          userId: user,
        },
      }),
      201,
      'intake',
    );
    ok(
      await call(server.url, 'POST', '/v1/staff/points/adjustments', {
        headers: write(admin),
        body: { site: 'test', user, points: 50, reason: 'Gift', note: 'for the log' },
      }),
      201,
      'adjustment',
    );
    ok(
      await call(server.url, 'POST', '/v1/staff/points/penalties', {
        headers: write(agent),
        body: { site: 'test', user, points: 10, reason: 'Spam' },
      }),
      201,
      'penalty',
    );
    const incident = `audited-${randomUUID()}`;
    ok(
      await call(server.url, 'POST', '/v1/staff/points/incidents', {
        headers: auth(admin),
        body: {
          site: 'test',
          id: incident,
          service: 'checkout',
          start: new Date(Date.now() - 3600_000).toISOString(),
          end: new Date(Date.now() - 1800_000).toISOString(),
          users: [user],
        },
      }),
      200,
      'incident',
    );
    ok(
      await call(server.url, 'POST', '/v1/staff/points/codes', {
        headers: auth(admin),
        body: { site: 'test', reward: 'mug', codes: ['MUG-SECRET-1', 'MUG-SECRET-2'] },
      }),
      200,
      'codes',
    );
    ok(
      await call(server.url, 'GET', `/v1/staff/points/accounts/${user}?site=test`, { headers: auth(agent) }),
      200,
      'account',
    );
    const suggestion = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ kind: 'suggestion' }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    });
    ok(
      await call(server.url, 'POST', `/v1/staff/feedback/${suggestion.json.id}/decision`, {
        headers: write(agent),
        body: { decision: 'accept' },
      }),
      200,
      'decision',
    );
    ok(
      await call(server.url, 'GET', '/v1/staff/consents?site=test&format=csv', { headers: auth(admin) }),
      200,
      'export',
    );

    const subjectOf = (action: string) => async () => (await entries({ action })).at(-1);
    const intakeEntry = await subjectOf('complaint.intake')();
    assert.equal(intakeEntry?.subject, intake.json.id);
    assert.deepEqual(intakeEntry?.detail, {
      channel: 'hotline',
      category: 'publishing',
      trackingNumber: intake.json.trackingNumber,
      receivedAt: RECEIVED_AT,
      forUser: true,
    });
    const adjustment = await subjectOf('points.adjustment')();
    assert.deepEqual(
      [adjustment?.subject, adjustment?.detail['points'], adjustment?.detail['reason']],
      [`user:${user}`, 50, 'Gift'],
    );
    assert.equal((await subjectOf('points.penalty')())?.principal, 'staff:person:li');
    assert.deepEqual((await subjectOf('points.incident')())?.detail, {
      incident,
      service: 'checkout',
      listed: true,
      users: 1,
      compensated: 1,
    });
    assert.deepEqual((await subjectOf('points.codes')())?.detail, { reward: 'mug', sent: 2, added: 2 });
    assert.equal((await subjectOf('points.read')())?.subject, `user:${user}`);
    assert.deepEqual((await subjectOf('feedback.decision')())?.detail, {
      kind: 'suggestion',
      decision: 'accept',
      points: 0,
    });
    const exported = await subjectOf('consent.export')();
    assert.deepEqual([exported?.principal, exported?.detail['format']], ['staff:person:boss', 'csv']);
    assert.ok(!JSON.stringify(await entries()).includes('MUG-SECRET'), 'codes are never logged');
  });
});

describe('GET /v1/staff/audit', () => {
  test('supervisors and admins read it; agents, arbitrators and a missing token do not', async () => {
    for (const [token, status] of [
      [supervisor, 200],
      [admin, 200],
      [AUTOMATION, 200],
      [agent, 403],
      [arbitrator, 403],
    ] as const) {
      const r = await call(server.url, 'GET', '/v1/staff/audit?site=test', { headers: auth(token) });
      assert.equal(r.status, status, r.text);
      if (status === 403) assert.deepEqual([r.json.error.code, r.json.error.details.reason], ['forbidden', 'audit']);
      else assert.ok(AuditPage.safeParse(r.json).success, r.text);
    }
    assert.equal((await call(server.url, 'GET', '/v1/staff/audit?site=test')).status, 401);
    const noSite = await call(server.url, 'GET', '/v1/staff/audit', { headers: auth(admin) });
    assert.deepEqual([noSite.status, noSite.json.error.code], [400, 'invalid_request']);
  });

  test('newest first, by principal and subject, within from and to, page by page; reading it is audited', async () => {
    const id = await complaint();
    const reader = await staffToken({ sub: `reader-${randomUUID()}`, name: 'Reader', roles: ['agent'] });
    for (let i = 0; i < 5; i++)
      ok(await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: auth(reader) }), 200, `read ${i}`);
    const me = await call(server.url, 'GET', '/v1/staff/me?site=test', { headers: auth(reader) });
    const principal = me.json.principal as string;

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `site=test&principal=${encodeURIComponent(principal)}&subject=${id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = ok(
        await call(server.url, 'GET', `/v1/staff/audit?${query}`, { headers: auth(supervisor) }),
        200,
        'page',
      );
      const page = AuditPage.parse(r.json);
      pages.push(page.items.map((e) => e.id));
      assert.ok(
        page.items.every((e) => e.principal === principal && e.subject === id && e.action === 'complaint.read'),
      );
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    const ids = pages.flat().map(Number);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    );

    const rows = await entries({ subject: id, principal });
    const middle = rows[2]!.at;
    const windowed = await call(
      server.url,
      'GET',
      `/v1/staff/audit?site=test&subject=${id}&from=${encodeURIComponent(middle)}&to=${encodeURIComponent(new Date(Date.parse(middle) + 1).toISOString())}`,
      { headers: auth(admin) },
    );
    assert.ok(windowed.json.items.length >= 1 && windowed.json.items.every((e: { at: string }) => e.at === middle));
    const bad = await call(server.url, 'GET', '/v1/staff/audit?site=test&from=yesterday', { headers: auth(admin) });
    assert.deepEqual([bad.status, bad.json.error.code], [400, 'invalid_request']);

    const reads = await entries({ principal: 'staff:person:wang', action: 'audit.read' });
    assert.ok(reads.length >= 3);
    assert.deepEqual(reads.at(-1)!.detail, {
      principal,
      subject: id,
      from: null,
      to: null,
      page: 'next',
      count: 1,
    });
  });

  test('as CSV: RFC 4180, formula cells defused, a Link to the next part, and audited as an export', async () => {
    const id = await complaint();
    const prankster = await staffToken({
      sub: `prank-${randomUUID()}`,
      name: '=HYPERLINK("http://x","y")',
      roles: ['agent'],
    });
    ok(await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: auth(prankster) }), 200, 'read');
    ok(await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: auth(agent) }), 200, 'read');
    const r = ok(
      await call(server.url, 'GET', `/v1/staff/audit?site=test&subject=${id}&format=csv&limit=1`, {
        headers: auth(admin),
      }),
      200,
      'csv',
    );
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="audit-test.csv"');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const lines = r.text.split('\r\n');
    assert.equal(lines[0], 'id,at,principal,name,action,subject,detail');
    assert.equal(lines.length, 3, 'the header, one entry, and the final CRLF');
    assert.match(lines[1]!, /,staff:person:li,客服小李,complaint\.read,/);
    assert.ok(lines[1]!.endsWith(',{}'));
    const next = r.headers.get('link');
    assert.match(next ?? '', /^<\/v1\/staff\/audit\?.*cursor=[^&>]+.*>; rel="next"$/);
    const rest = await call(server.url, 'GET', next!.slice(1, next!.indexOf('>')), { headers: auth(admin) });
    assert.ok(rest.text.includes(`"'=HYPERLINK(""http://x"",""y"")"`), rest.text);
    assert.equal(rest.headers.get('link'), null);
    const exports = await entries({ principal: 'staff:person:boss', action: 'audit.export' });
    assert.equal(exports.length, 2);
  });
});

describe('the sweep purges what is due', () => {
  test('in batches, by the database clock, with one audit.purge entry per site', async () => {
    const due = new Date(Date.now() - 60_000).toISOString();
    const later = new Date(Date.now() + 3600_000).toISOString();
    const row = (site: string, purgeAfter: string) => ({
      site,
      at: '2020-01-01T00:00:00.000Z',
      principal: 'staff:person:old',
      name: 'Old',
      action: 'complaint.read',
      subject: 'gone',
      detail_json: '{}',
      purge_after: purgeAfter,
    });
    const batch = Array.from({ length: 1203 }, () => row('test', due));
    for (let i = 0; i < batch.length; i += 300)
      await server.db
        .insertInto('audit_log')
        .values(batch.slice(i, i + 300))
        .execute();
    await server.db
      .insertInto('audit_log')
      .values([row('other', due), row('other', due), row('test', later)])
      .execute();

    const report = await server.sweep();
    assert.equal(report.auditPurged, 1205);
    const left = await server.db
      .selectFrom('audit_log')
      .select(['site', 'purge_after'])
      .where('subject', '=', 'gone')
      .execute();
    assert.deepEqual(left, [{ site: 'test', purge_after: later }]);
    const purges = await server.db
      .selectFrom('audit_log')
      .select(['site', 'principal', 'detail_json'])
      .where('action', '=', 'audit.purge')
      .orderBy('site')
      .execute();
    assert.deepEqual(purges, [
      { site: 'other', principal: 'system:sweep', detail_json: '{"count":2}' },
      { site: 'test', principal: 'system:sweep', detail_json: '{"count":1203}' },
    ]);
    assert.equal((await server.sweep()).auditPurged, 0, 'nothing more is due');
  });
});
