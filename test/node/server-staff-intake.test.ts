/**
 * Staff log complaints received by hotline, mailbox, letter or at a counter
 * (POST /v1/staff/complaints) on the real server, its clock the test's own:
 * the deadlines run from when the complaint was received, within the bounds
 * the site sets; the user's access key reaches the host in the signed
 * webhook and nowhere else; a retry logs it once.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SiteEntry } from '../../src/server/registry-schema';
import { call, newDevice, newKey, startTestServer, testSites, type Call, type TestServer } from './_helpers';
import { startWebhookHost, type WebhookHost } from './_webhook-host';

const AGENT = 'intake-agent-token-0123456789';
const SUPERVISOR = 'intake-supervisor-token-0123456789';
const OTHER_AGENT = 'intake-other-agent-token-0123456789';
const WEBHOOK_SECRET = 'intake-webhook-secret-0123456789abcdef';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sha = (token: string) => createHash('sha256').update(token).digest('hex');
/** Wall time in Asia/Shanghai (UTC+8, no DST) as an instant. */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

let clock = shanghai('2026-06-03 10:00');
let server: TestServer;
let host: WebhookHost;

before(async () => {
  host = await startWebhookHost();
  const [test, other] = testSites();
  const sites: SiteEntry[] = [
    {
      ...test!,
      staffTokens: [
        { name: 'Hotline Desk', tokenSha256: sha(AGENT), roles: ['agent'] },
        { name: 'Floor Supervisor', tokenSha256: sha(SUPERVISOR), roles: ['supervisor'] },
      ],
      settings: { ...test!.settings, webhook: { url: host.url, secret: WEBHOOK_SECRET } },
    },
    {
      ...other!,
      staffTokens: [{ name: 'Other Desk', tokenSha256: sha(OTHER_AGENT), roles: ['agent'] }],
      settings: { ...other!.settings, staff: { intakeMaxAgeDays: 2 } },
    },
  ];
  server = await startTestServer(sites, { now: () => clock });
});
after(async () => {
  await server.close();
  await host.close();
});

interface Intake {
  site?: string;
  channel?: string;
  category?: string;
  receivedAt?: string;
  contact?: string;
  text?: string;
  userId?: string;
  locale?: string;
}

const body = (intake: Intake = {}) => ({
  site: 'test',
  category: 'publishing',
  channel: 'hotline',
  locale: 'zh-CN',
  receivedAt: clock.toISOString(),
  contact: '13800138000',
  text: '电话投诉：商品与描述不符',
  ...intake,
});

function log(intake: Intake = {}, token = AGENT, key = newKey()): Promise<Call> {
  return call(server.url, 'POST', '/v1/staff/complaints', {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: body(intake),
  });
}

const staffRead = (path: string, token = AGENT) =>
  call(server.url, 'GET', path, { headers: { Authorization: `Bearer ${token}` } });

/** A 422 with a problem at `path`, `code`; the message of a problem with what intake adds names the field too. */
function refusedAt(r: Call, path: string, code: string): void {
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'validation_failed', r.text);
  const field = r.json.error.details.fields.find((f: { path: string }) => f.path === path);
  assert.ok(field, `a problem at ${path}: ${r.text}`);
  assert.equal(field.code, code, r.text);
  if (['receivedAt', 'contact', 'text'].includes(path)) assert.match(field.message, new RegExp(`^${path}`));
}

/** Sends what the sweep has queued; the host's deliveries about `id`. */
async function deliveredAbout(id: string) {
  await server.sweep();
  return host.received.filter((d) => d.json.complaint?.id === id);
}

describe('a complaint staff log from another channel', () => {
  test('a hotline call received two days ago: its deadlines run from then, not from when it was typed in', async () => {
    clock = shanghai('2026-06-03 10:00'); // Wednesday
    const received = shanghai('2026-06-01 10:00'); // Monday
    const logged = await log({ receivedAt: received.toISOString(), text: '周一来电：退款一直没到账' });
    assert.equal(logged.status, 201, logged.text);
    assert.equal(logged.json.receivedAt, received.toISOString());
    assert.equal(logged.json.channel, 'hotline');
    assert.match(logged.json.trackingNumber, /^UC20260601-/, 'numbered by the day it was received');

    const detail = await staffRead(`/v1/staff/complaints/${logged.json.id}`);
    assert.equal(detail.status, 200, detail.text);
    const reply = detail.json.deadlines.find((d: { name: string }) => d.name === 'firstReply');
    // 3 working days from Monday 10:00: Thursday 10:00, one working hour after "now".
    assert.equal(reply.due, shanghai('2026-06-04 10:00').toISOString());
    assert.equal(reply.msLeft, 9 * HOUR);
    assert.equal(detail.json.timeline[0].type, 'received');
    assert.equal(detail.json.timeline[0].at, received.toISOString());
    assert.equal(detail.json.timeline[0].actor.name, 'Hotline Desk');

    const row = (await staffRead('/v1/staff/queue?site=test&channel=hotline')).json.items.find(
      (i: { id: string }) => i.id === logged.json.id,
    );
    assert.equal(row.receivedAt, received.toISOString());
    assert.equal(row.nextDue, shanghai('2026-06-04 10:00').toISOString());

    const entry = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'complaint.intake')
      .where('subject', '=', logged.json.id)
      .executeTakeFirstOrThrow();
    assert.equal(entry.principal, 'staff:automation:Hotline Desk');
    assert.equal(JSON.parse(entry.detail_json).receivedAt, received.toISOString());
  });

  test('letters and counter visits are channels of their own', async () => {
    clock = shanghai('2026-06-03 11:00');
    for (const channel of ['letter', 'counter', 'mailbox']) {
      const logged = await log({ channel });
      assert.equal(logged.status, 201, logged.text);
      assert.equal(logged.json.channel, channel);
      const rows = (await staffRead(`/v1/staff/queue?site=test&channel=${channel}`)).json.items;
      assert.ok(
        rows.some((i: { id: string }) => i.id === logged.json.id),
        `the queue filters by ${channel}`,
      );
    }
    refusedAt(await log({ channel: 'web' }), 'channel', 'invalid_value');
  });

  test('receivedAt may be 120 s ahead of the server at most, and as far back as the site allows, that instant included', async () => {
    clock = shanghai('2026-06-03 12:00');
    const at = (ms: number) => new Date(clock.getTime() + ms).toISOString();
    const before = await server.db.selectFrom('submissions').select('id').execute();

    const nextWeek = await log({ receivedAt: at(7 * DAY) });
    refusedAt(nextWeek, 'receivedAt', 'in_future');
    assert.match(nextWeek.json.error.details.fields[0].message, /120 s/);
    refusedAt(await log({ receivedAt: at(121_000) }), 'receivedAt', 'in_future');
    const tooOld = await log({ receivedAt: at(-7 * DAY - 1000) });
    refusedAt(tooOld, 'receivedAt', 'too_old');
    assert.equal(tooOld.json.error.details.fields[0].params.max, 7);
    assert.match(tooOld.json.error.details.fields[0].message, /intakeMaxAgeDays/);
    assert.equal(
      (await server.db.selectFrom('submissions').select('id').execute()).length,
      before.length,
      'a refusal logs nothing',
    );

    assert.equal((await log({ receivedAt: at(120_000) })).status, 201, 'a clock 120 s fast is tolerated');
    assert.equal((await log({ receivedAt: at(-7 * DAY) })).status, 201, 'exactly 7 days ago is taken');

    // Another site lets staff go back two days only, and says so to the console.
    const me = await staffRead('/v1/staff/me?site=other', OTHER_AGENT);
    assert.deepEqual(me.json.intake, { maxAgeDays: 2, clockSkewSeconds: 120 });
    const other = await log({ site: 'other', receivedAt: at(-3 * DAY) }, OTHER_AGENT);
    refusedAt(other, 'receivedAt', 'too_old');
    assert.equal(other.json.error.details.fields[0].params.max, 2);
    assert.equal((await log({ site: 'other', receivedAt: at(-2 * DAY) }, OTHER_AGENT)).status, 201);
  });

  test('the access key reaches the host in the signed webhook, and no staff answer, view or audit entry', async () => {
    clock = shanghai('2026-06-03 14:00');
    await server.sweep();
    const key = newKey();
    const logged = await log({ contact: '138-0013-8000', text: '柜台来访：快递丢件', channel: 'counter' }, AGENT, key);
    assert.equal(logged.status, 201, logged.text);
    assert.equal(logged.json.accessKey, undefined, 'the answer has no key');

    const [hook, ...more] = await deliveredAbout(logged.json.id);
    assert.deepEqual(more, [], 'one delivery');
    assert.ok(host.signedWith(hook!, WEBHOOK_SECRET), 'signed like every webhook');
    assert.equal(hook!.json.type, 'complaint.logged_for_user');
    assert.deepEqual(hook!.json.submitter, { anonymous: true });
    assert.equal(hook!.json.contact, '138-0013-8000');
    assert.equal(hook!.json.locale, 'zh-CN');
    assert.equal(hook!.json.complaint.trackingNumber, logged.json.trackingNumber);
    assert.equal(hook!.json.complaint.channel, 'counter');
    const accessKey = hook!.json.complaint.accessKey as string;
    assert.match(accessKey, /^[A-Za-z0-9_-]{43}$/);

    // It opens the complaint on any device: what the host sends the user works.
    const opened = await call(server.url, 'GET', `/v1/complaints/${logged.json.id}`, {
      headers: { 'X-Usercare-Device': newDevice(), 'X-Usercare-Access-Key': accessKey },
    });
    assert.equal(opened.status, 200, opened.text);
    // So does the lookup by the tracking number and the contact, spelt another way.
    const found = await call(server.url, 'POST', '/v1/complaints/lookup', {
      body: { site: 'test', trackingNumber: logged.json.trackingNumber, contact: '13800138000' },
    });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.json.accessKey, accessKey);

    // Nowhere staff look, nor in what the server keeps.
    const replay = await log({ contact: '138-0013-8000', text: '柜台来访：快递丢件', channel: 'counter' }, AGENT, key);
    assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
    const detail = await staffRead(`/v1/staff/complaints/${logged.json.id}`);
    const queue = await staffRead('/v1/staff/queue?site=test&channel=counter');
    const audit = await staffRead(`/v1/staff/audit?site=test&subject=${logged.json.id}`, SUPERVISOR);
    const kept = [
      ...(await server.db.selectFrom('audit_log').select('detail_json as text').execute()),
      ...(await server.db.selectFrom('webhook_deliveries').select('body as text').execute()),
      ...(await server.db.selectFrom('idempotency_keys').select('response_json as text').execute()),
      ...(await server.db.selectFrom('live_events').select('payload_json as text').execute()),
    ];
    for (const [what, text] of [
      ['the answer', logged.text],
      ['the replay', replay.text],
      ['the staff view', detail.text],
      ['the queue', queue.text],
      ['the audit log', audit.text],
      ...kept.map((k, i) => [`stored row ${i}`, k.text] as const),
    ])
      assert.ok(!text.includes(accessKey), `${what} holds the access key`);

    // The contact is masked like any contact, and revealed with a reason.
    assert.equal(detail.json.fields.contact, '138****8000');
    assert.ok(detail.json.masked.includes('contact'));
    assert.ok(!detail.text.includes('0013-8000'));
    assert.equal(detail.json.fields.message, '柜台来访：快递丢件');
    const revealed = await call(server.url, 'POST', `/v1/staff/complaints/${logged.json.id}/reveal`, {
      headers: { Authorization: `Bearer ${AGENT}` },
      body: { reason: 'Calling the visitor back' },
    });
    assert.equal(revealed.json.fields.contact, '138-0013-8000');
  });

  test('for a user the host knows: in their tracker, the e-mail in the form’s own field, and a webhook without a key', async () => {
    clock = shanghai('2026-06-04 09:30');
    const logged = await log({ userId: 'known-user', contact: 'Caller@Example.com', channel: 'mailbox' });
    assert.equal(logged.status, 201, logged.text);
    const [hook] = await deliveredAbout(logged.json.id);
    assert.deepEqual(hook!.json.submitter, { userId: 'known-user' });
    assert.equal(hook!.json.complaint.accessKey, null);
    const detail = await staffRead(`/v1/staff/complaints/${logged.json.id}`);
    assert.equal(detail.json.fields.email, 'C***@Example.com');
    assert.deepEqual(detail.json.masked, ['email']);
    const audit = await server.db
      .selectFrom('audit_log')
      .select('detail_json')
      .where('subject', '=', logged.json.id)
      .where('action', '=', 'complaint.intake')
      .executeTakeFirstOrThrow();
    assert.ok(!audit.detail_json.toLowerCase().includes('caller@example.com'), 'no contact in the audit log');
  });

  test('a retry with the same key logs it once; the same key with another text is refused', async () => {
    clock = shanghai('2026-06-04 10:00');
    const key = newKey();
    const text = '信件：同一封信只登记一次';
    const first = await log({ channel: 'letter', text }, AGENT, key);
    const again = await log({ channel: 'letter', text }, AGENT, key);
    assert.equal(first.status, 201, first.text);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(again.json, first.json);
    const rows = await server.db
      .selectFrom('submissions')
      .select('id')
      .where('fields_json', 'like', `%${text}%`)
      .execute();
    assert.equal(rows.length, 1);
    const deliveries = await server.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('body', 'like', `%${first.json.id}%`)
      .execute();
    assert.equal(deliveries.length, 1, 'one webhook');
    const other = await log({ channel: 'letter', text: '信件：另一封' }, AGENT, key);
    assert.equal(other.status, 422, other.text);
    assert.equal(other.json.error.code, 'idempotency_mismatch');
  });

  test('what staff type is checked as the form checks it, each problem at the name it was sent under', async () => {
    clock = shanghai('2026-06-04 11:00');
    refusedAt(await log({ contact: 'call me maybe' }), 'contact', 'invalid_contact');
    refusedAt(await log({ text: '太慢' }), 'text', 'too_short');
    refusedAt(await log({ category: 'nope' }), 'category', 'invalid_category');
    const both = await log({ contact: 'nobody', receivedAt: new Date(clock.getTime() + DAY).toISOString() });
    assert.deepEqual(
      both.json.error.details.fields.map((f: { path: string }) => f.path),
      ['receivedAt', 'contact'],
      'every problem at once',
    );
    const supervisor = await log({}, SUPERVISOR);
    assert.equal(supervisor.status, 403, supervisor.text);
    assert.equal(supervisor.json.error.details.reason, 'work');
  });
});
