/**
 * The staff's daily work on one submission, over HTTP on SQLite: internal
 * notes (never in anything a user can read: detail, list, lookup, stream,
 * webhook), claiming, assigning, reassigning and releasing, the category
 * and the complex mark (which starts and stops the 24-hour solution clock),
 * each with its exact refusals, its 409 on a stale version, its line in the
 * staff timeline and its audit entry; the staff detail of feedback that has
 * no lifecycle; and the site's canned replies.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ComplaintChange } from '../../src/contract/complaints';
import { CannedReply, CannedReplyList, StaffComplaintDetail } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  hostToken,
  newDevice,
  newKey,
  SECRETS,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';

const AGENT = 'work-agent-token-0123456789';
const SUPERVISOR = 'work-supervisor-token-0123456789';
const ARBITRATOR = 'work-arbitrator-token-0123456789';
const ADMIN = 'work-admin-token-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const NOTE = 'INTERNAL-NOTE-7f3a: the seller is a repeat offender, see ticket 4411';

function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Work Agent', tokenSha256: sha256(AGENT), roles: ['agent'] },
        { name: 'Work Supervisor', tokenSha256: sha256(SUPERVISOR), roles: ['supervisor'] },
        { name: 'Work Arbitrator', tokenSha256: sha256(ARBITRATOR), roles: ['arbitrator'] },
        { name: 'Work Admin', tokenSha256: sha256(ADMIN), roles: ['admin'] },
      ],
      // A host that gets webhooks: they must never carry what staff keep to themselves.
      settings: { ...test!.settings, webhook: { url: 'http://127.0.0.1:9/hook', secret: 'w'.repeat(32) } },
    },
    ...rest,
  ];
}

let server: TestServer;
before(async () => {
  server = await startTestServer(sites());
});
after(() => server.close());

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const write = (id: string, what: string, body: unknown, token = AGENT, key = newKey()): Promise<Call> =>
  call(server.url, 'POST', `/v1/staff/complaints/${id}/${what}`, {
    body,
    headers: { ...auth(token), 'Idempotency-Key': key },
  });
const detail = async (id: string, token = AGENT): Promise<StaffComplaintDetail> => {
  const r = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: auth(token) });
  assert.equal(r.status, 200, r.text);
  const parsed = StaffComplaintDetail.safeParse(r.json);
  assert.ok(parsed.success, `StaffComplaintDetail: ${r.text.slice(0, 300)}`);
  return parsed.data;
};
const change = (r: Call): ComplaintChange => {
  assert.equal(r.status, 200, r.text);
  const parsed = ComplaintChange.safeParse(r.json);
  assert.ok(parsed.success, `ComplaintChange: ${r.text}`);
  return parsed.data;
};
function refused(r: Call, status: number, code: string, what: string) {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.json?.error?.code, code, `${what}: ${r.text}`);
}

async function anonymousComplaint(email = 'someone@example.com') {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission({ fields: { message: 'My refund never arrived', email } }),
    headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
  });
  assert.equal(r.status, 201, r.text);
  return r.json as { id: string; trackingNumber: string; accessKey: string };
}

describe('internal notes', () => {
  test('a note is a staff timeline line with its author; the version and status stay; retries replay', async () => {
    const { id } = await anonymousComplaint();
    const person = await staffToken({ sub: 'note-writer', name: '客服小李' });
    const key = newKey();
    const first = change(await write(id, 'notes', { text: NOTE }, person, key));
    assert.deepEqual([first.id, first.status, first.version], [id, 'submitted', 1]);
    const again = await write(id, 'notes', { text: NOTE }, person, key);
    assert.deepEqual([again.status, again.json, again.headers.get('Idempotent-Replayed')], [200, first, 'true']);
    const d = await detail(id);
    const line = d.timeline.find((e) => e.type === 'note')!;
    assert.deepEqual(
      [line.id, line.text, line.actor, line.from, line.to],
      [String(first.eventId), NOTE, { role: 'agent', name: '客服小李' }, null, null],
    );
    assert.equal(d.version, 1);
    const entry = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'note')
      .where('subject', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [entry.principal, entry.name, JSON.parse(entry.detail_json)],
      ['staff:person:note-writer', '客服小李', { length: NOTE.length, status: 'submitted', version: 1 }],
    );
    assert.ok(!entry.detail_json.includes('repeat offender'), 'the audit log keeps its length, not its text');
  });

  test('refusals: a supervisor 403 (note), an empty or too long text 422, no key 400, no token 401, unknown id 404', async () => {
    const { id } = await anonymousComplaint();
    const r = await write(id, 'notes', { text: 'x' }, SUPERVISOR);
    refused(r, 403, 'forbidden', 'a supervisor');
    assert.equal(r.json.error.details.reason, 'note');
    refused(await write(id, 'notes', { text: '' }), 422, 'validation_failed', 'empty');
    refused(await write(id, 'notes', { text: 'x'.repeat(5001) }), 422, 'validation_failed', 'too long');
    refused(
      await call(server.url, 'POST', `/v1/staff/complaints/${id}/notes`, { body: { text: 'x' }, headers: auth(AGENT) }),
      400,
      'invalid_request',
      'no key',
    );
    refused(
      await call(server.url, 'POST', `/v1/staff/complaints/${id}/notes`, {
        body: { text: 'x' },
        headers: { 'Idempotency-Key': newKey() },
      }),
      401,
      'unauthorized',
      'no token',
    );
    refused(await write('no-such-id', 'notes', { text: 'x' }), 404, 'not_found', 'unknown id');
    assert.equal(change(await write(id, 'notes', { text: 'an arbitrator may' }, ARBITRATOR)).version, 1);
  });

  test('no user-facing answer ever carries a note, nor who was assigned: detail, list, lookup, stream, webhook', async () => {
    const user = 'note-scan-user';
    const token = await hostToken(SECRETS.test, user, 3600, 'Scan User');
    const userAuth = { Authorization: `Bearer ${token}` };
    const mine = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ fields: { message: 'Charged twice', email: 'scan@example.com' } }),
      headers: { ...userAuth, 'Idempotency-Key': newKey() },
    });
    const anonymous = await anonymousComplaint('anon-scan@example.com');
    const secretName = 'SECRET-ASSIGNEE-NAME-91';
    const assignee = await staffToken({ sub: 'scan-colleague', name: secretName });
    for (const id of [mine.json.id as string, anonymous.id]) {
      change(await write(id, 'notes', { text: NOTE }));
      // The colleague acts once, so the server knows their name.
      await detail(id, assignee);
      change(await write(id, 'assignee', { assignee: 'staff:person:scan-colleague', version: 1 }));
      change(await write(id, 'actions', { action: 'accept', version: 2 }));
      change(await write(id, 'notes', { text: `${NOTE} (after the accept)` }));
      change(await write(id, 'category', { category: 'transactions', complex: true, version: 3 }));
      change(await write(id, 'actions', { action: 'start_investigation' }));
      change(await write(id, 'notes', { text: NOTE }));
    }
    const answers: Array<[string, Call]> = [
      ['the user’s list', await call(server.url, 'GET', '/v1/complaints?site=test', { headers: userAuth })],
      ['the user’s detail', await call(server.url, 'GET', `/v1/complaints/${mine.json.id}`, { headers: userAuth })],
      [
        'the lookup',
        await call(server.url, 'POST', '/v1/complaints/lookup', {
          body: { site: 'test', trackingNumber: anonymous.trackingNumber, contact: 'anon-scan@example.com' },
        }),
      ],
      [
        'the anonymous detail by access key',
        await call(server.url, 'GET', `/v1/complaints/${anonymous.id}`, {
          headers: { 'X-Usercare-Device': newDevice(), 'X-Usercare-Access-Key': anonymous.accessKey },
        }),
      ],
    ];
    for (const [what, r] of answers) {
      assert.equal(r.status, 200, `${what}: ${r.text}`);
      for (const secret of ['INTERNAL-NOTE', 'repeat offender', secretName, 'scan-colleague'])
        assert.ok(!r.text.includes(secret), `${what} carries ${secret}: ${r.text}`);
    }
    const timeline = (answers[1]![1].json.timeline as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(timeline, ['received', 'accept', 'start_investigation'], 'no staff-only line');
    assert.equal(answers[1]![1].json.category, 'transactions', 'the category itself is theirs to see');

    // What the user's streams would replay from the start, and what the host's webhooks carry.
    const userEvents = await server.db
      .selectFrom('live_events')
      .select(['audience', 'topic', 'payload_json'])
      .where('audience', 'not like', 'staff:%')
      .execute();
    assert.ok(userEvents.length > 0);
    for (const e of userEvents) {
      assert.equal(e.topic, 'complaint.updated');
      for (const secret of ['INTERNAL-NOTE', secretName, 'scan-colleague', 'staff:'])
        assert.ok(!e.payload_json.includes(secret), `a user's live event: ${e.payload_json}`);
    }
    const hooks = await server.db.selectFrom('webhook_deliveries').select('body').execute();
    assert.ok(hooks.length > 0, 'the host gets status changes');
    for (const h of hooks)
      for (const secret of ['INTERNAL-NOTE', secretName, 'scan-colleague'])
        assert.ok(!h.body.includes(secret), `a webhook: ${h.body}`);
    // The stream route itself, resumed from the start, for the signed-in user.
    const stream = await streamText(`/v1/stream?site=test`, { ...userAuth, 'Last-Event-ID': '0' });
    assert.match(stream, /complaint\.updated/);
    for (const secret of ['INTERNAL-NOTE', secretName, 'scan-colleague']) assert.ok(!stream.includes(secret), stream);
  });
});

/** What a stream sends until its `ready`, as text. */
async function streamText(path: string, headers: Record<string, string>): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(server.url + path, { headers, signal: abort.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5000;
  while (!text.includes('event: ready') && Date.now() < deadline) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  abort.abort();
  return text;
}

describe('assignment', () => {
  test('claim, reassign to a colleague by the name they last acted under, to an unknown principal, release', async () => {
    const { id } = await anonymousComplaint();
    const me = await staffToken({ sub: 'claimer', name: '客服小李' });
    const claimed = change(await write(id, 'assignee', { assignee: 'staff:person:claimer', version: 1 }, me));
    assert.deepEqual([claimed.version, claimed.status], [2, 'submitted']);
    assert.deepEqual((await detail(id)).assignee, { principal: 'staff:person:claimer', name: '客服小李' });

    // 老赵 read something on this site once: the audit log knows the name.
    await detail(id, await staffToken({ sub: 'zhao', name: '仲裁员老赵', roles: ['arbitrator'] }));
    change(await write(id, 'assignee', { assignee: 'staff:person:zhao', version: 2 }, me));
    assert.deepEqual((await detail(id)).assignee, { principal: 'staff:person:zhao', name: '仲裁员老赵' });

    change(await write(id, 'assignee', { assignee: 'staff:person:never-seen', version: 3 }));
    assert.deepEqual((await detail(id)).assignee, {
      principal: 'staff:person:never-seen',
      name: 'staff:person:never-seen',
    });

    const released = change(await write(id, 'assignee', { assignee: null, version: 4 }));
    assert.equal(released.version, 5);
    const d = await detail(id);
    assert.equal(d.assignee, null);
    assert.deepEqual(
      d.timeline.filter((e) => e.type === 'assign').map((e) => [e.actor.name, e.assignee]),
      [
        ['客服小李', { principal: 'staff:person:claimer', name: '客服小李' }],
        ['客服小李', { principal: 'staff:person:zhao', name: '仲裁员老赵' }],
        ['Work Agent', { principal: 'staff:person:never-seen', name: 'staff:person:never-seen' }],
        ['Work Agent', null],
      ],
    );
    const entries = await server.db
      .selectFrom('audit_log')
      .select('detail_json')
      .where('action', '=', 'assign')
      .where('subject', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      entries.map((e) => JSON.parse(e.detail_json).assignee),
      ['staff:person:claimer', 'staff:person:zhao', 'staff:person:never-seen', null],
    );
  });

  test('a stale version is a 409 conflict and nothing changes; a bad principal 422; an arbitrator 403 (assign)', async () => {
    const { id } = await anonymousComplaint();
    change(await write(id, 'assignee', { assignee: 'staff:automation:Work Agent', version: 1 }));
    const stale = await write(id, 'assignee', { assignee: 'staff:person:other', version: 1 });
    refused(stale, 409, 'conflict', 'a stale version');
    const d = await detail(id);
    assert.deepEqual([d.version, d.assignee?.principal], [2, 'staff:automation:Work Agent']);
    assert.equal(d.timeline.filter((e) => e.type === 'assign').length, 1);
    for (const assignee of ['bob', 'staff:person:', 'staff:robot:x', 'user:someone']) {
      const r = await write(id, 'assignee', { assignee, version: 2 });
      refused(r, 422, 'validation_failed', assignee);
      assert.equal(r.json.error.details.fields[0].path, 'assignee');
    }
    const r = await write(id, 'assignee', { assignee: null, version: 2 }, ARBITRATOR);
    refused(r, 403, 'forbidden', 'an arbitrator');
    assert.equal(r.json.error.details.reason, 'assign');
    refused(await write(id, 'assignee', { version: 2 }), 422, 'validation_failed', 'no assignee');
  });

  test('an assignment moves the version a user acts on, and tells their stream (without a word of who)', async () => {
    const { id, accessKey } = await anonymousComplaint();
    const before = await server.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    change(await write(id, 'assignee', { assignee: 'staff:person:someone', version: 1 }));
    const events = await server.db
      .selectFrom('live_events')
      .select(['audience', 'topic', 'payload_json'])
      .where('id', '>', Number(before.id ?? 0))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => [e.audience.split(':')[0], e.topic, JSON.parse(e.payload_json)]),
      [
        ['staff', 'queue.changed', { id, version: 2, status: 'submitted', by: 'staff:automation:Work Agent' }],
        ['device', 'complaint.updated', { id, trackingNumber: expect(events), status: 'submitted', version: 2 }],
      ],
    );
    const user = await call(server.url, 'GET', `/v1/complaints/${id}`, {
      headers: { 'X-Usercare-Device': newDevice(), 'X-Usercare-Access-Key': accessKey },
    });
    assert.equal(user.json.version, 2);
  });
});

/** The tracking number the user's event carries (whatever it is). */
function expect(events: Array<{ payload_json: string }>): string {
  return JSON.parse(events[1]!.payload_json).trackingNumber;
}

describe('category and complex', () => {
  test('complex starts the 24-hour solution clock from receipt, un-marking stops it; deadlines and the row move together', async () => {
    const { id } = await anonymousComplaint();
    const received = (await detail(id)).receivedAt;
    const marked = change(await write(id, 'category', { category: 'transactions', complex: true, version: 1 }));
    assert.equal(marked.version, 2);
    let d = await detail(id);
    assert.deepEqual([d.category, d.complex], ['transactions', true]);
    const solution = d.deadlines.find((x) => x.name === 'solution')!;
    assert.equal(solution.due, new Date(Date.parse(received) + 24 * 3_600_000).toISOString());
    assert.deepEqual([solution.status, solution.measure], ['running', 'elapsed']);
    let row = await server.db
      .selectFrom('submissions')
      .select(['next_due_at', 'next_due_soon_at', 'complex', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const firstReply = d.deadlines.find((x) => x.name === 'firstReply')!.due!;
    assert.equal(row.next_due_at, [solution.due!, firstReply].sort()[0]);
    assert.ok(row.next_due_soon_at! < row.next_due_at!);
    assert.equal(row.complex, 1);
    const stored = await server.db
      .selectFrom('complaint_deadlines')
      .select('name')
      .where('submission_id', '=', id)
      .execute();
    assert.ok(
      stored.some((s) => s.name === 'solution'),
      'the stored deadlines too',
    );

    change(await write(id, 'category', { category: 'transactions', complex: false, version: 2 }));
    d = await detail(id);
    assert.deepEqual([d.complex, d.deadlines.map((x) => x.name)], [false, ['acknowledgement', 'firstReply']]);
    row = await server.db
      .selectFrom('submissions')
      .select(['next_due_at', 'next_due_soon_at', 'complex', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.next_due_at, firstReply);
    assert.deepEqual(
      d.timeline.filter((e) => e.type === 'category').map((e) => [e.category, e.complex]),
      [
        ['transactions', true],
        ['transactions', false],
      ],
    );
    const entries = await server.db
      .selectFrom('audit_log')
      .select('detail_json')
      .where('action', '=', 'category')
      .where('subject', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      entries.map((e) => JSON.parse(e.detail_json)),
      [
        { category: 'transactions', complex: true, version: 2, status: 'submitted' },
        { category: 'transactions', complex: false, version: 3, status: 'submitted' },
      ],
    );
  });

  test('an unknown category is a 422 naming it; a stale version a 409, nothing changed; complex feedback a 422', async () => {
    const { id } = await anonymousComplaint();
    const unknown = await write(id, 'category', { category: 'weather', complex: false, version: 1 });
    refused(unknown, 422, 'validation_failed', 'unknown category');
    assert.deepEqual(
      [unknown.json.error.details.fields[0].path, unknown.json.error.details.fields[0].code],
      ['category', 'invalid_category'],
    );
    change(await write(id, 'category', { category: 'interaction', complex: false, version: 1 }));
    refused(
      await write(id, 'category', { category: 'publishing', complex: true, version: 1 }),
      409,
      'conflict',
      'stale',
    );
    const d = await detail(id);
    assert.deepEqual([d.category, d.complex, d.version], ['interaction', false, 2]);
    const r = await write(id, 'category', { category: 'interaction', complex: false, version: 2 }, SUPERVISOR);
    refused(r, 403, 'forbidden', 'a supervisor');
    assert.equal(r.json.error.details.reason, 'categorise');

    const idea = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ kind: 'suggestion' }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    });
    const complexIdea = await write(idea.json.id, 'category', { category: 'interaction', complex: true, version: 1 });
    refused(complexIdea, 422, 'validation_failed', 'a complex suggestion');
    assert.equal(complexIdea.json.error.details.fields[0].path, 'complex');
    change(await write(idea.json.id, 'category', { category: 'interaction', complex: false, version: 1 }));
  });
});

describe('the staff detail', () => {
  test('feedback outside the lifecycle opens too: no deadlines, no actions; notes and assignment work on it', async () => {
    const praise = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ kind: 'praise', fields: { message: 'Great service', email: 'fan@example.com' } }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    });
    const id = praise.json.id as string;
    change(await write(id, 'notes', { text: 'Forward to the team' }));
    change(await write(id, 'assignee', { assignee: 'staff:automation:Work Agent', version: 1 }));
    const d = await detail(id);
    assert.deepEqual(
      [d.kind, d.deadlines, d.actions, d.nextDeadline, d.complex, d.assignee?.name],
      ['praise', [], [], null, false, 'Work Agent'],
    );
    assert.deepEqual(d.masked, ['email']);
    assert.deepEqual(
      d.timeline.map((e) => e.type),
      ['note', 'assign'],
    );
    refused(await write(id, 'actions', { action: 'accept' }), 409, 'invalid_transition', 'no lifecycle');
  });
});

describe('canned replies', () => {
  const canned = (method: string, id: string, token: string, body?: unknown, key: string | null = newKey()) =>
    call(server.url, method, `/v1/staff/canned/${id}?site=test`, {
      ...(body !== undefined ? { body } : {}),
      headers: { ...auth(token), ...(key ? { 'Idempotency-Key': key } : {}) },
    });
  const list = async (token = AGENT) => {
    const r = await call(server.url, 'GET', '/v1/staff/canned?site=test', { headers: auth(token) });
    assert.equal(r.status, 200, r.text);
    const parsed = CannedReplyList.safeParse(r.json);
    assert.ok(parsed.success, r.text);
    return parsed.data.items;
  };

  test('an admin writes, replaces and removes one; every staff member reads them, by title; each write is audited', async () => {
    const refund = {
      title: '退款进度',
      text: '您好 {name}，您的投诉 {trackingNumber} 将于 {dueDate} 前答复。',
      locale: 'zh-CN',
    };
    const key = newKey();
    const made = await canned('PUT', 'refund', ADMIN, refund, key);
    assert.equal(made.status, 200, made.text);
    const reply = CannedReply.parse(made.json);
    assert.deepEqual(
      [reply.id, reply.title, reply.text, reply.locale, reply.updatedBy],
      ['refund', refund.title, refund.text, 'zh-CN', 'Work Admin'],
    );
    const replayed = await canned('PUT', 'refund', ADMIN, refund, key);
    assert.deepEqual([replayed.json, replayed.headers.get('Idempotent-Replayed')], [made.json, 'true']);
    await canned('PUT', 'apology', ADMIN, { title: 'Apology', text: 'We are sorry, {name}.', locale: 'en' });
    assert.deepEqual(
      (await list(SUPERVISOR)).map((c) => c.id),
      ['apology', 'refund'],
      'by title: Apology before 退款进度',
    );
    const replaced = await canned('PUT', 'refund', ADMIN, { ...refund, text: '新的文本 {name}' });
    assert.equal(replaced.json.text, '新的文本 {name}');
    assert.equal((await list()).find((c) => c.id === 'refund')!.text, '新的文本 {name}');

    const removed = await canned('DELETE', 'apology', ADMIN, undefined, null);
    assert.equal(removed.status, 204, removed.text);
    assert.deepEqual(
      (await list()).map((c) => c.id),
      ['refund'],
    );
    refused(await canned('DELETE', 'apology', ADMIN, undefined, null), 404, 'not_found', 'gone already');
    const entries = await server.db
      .selectFrom('audit_log')
      .select(['action', 'subject', 'detail_json'])
      .where('action', 'like', 'canned.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      entries.map((e) => [e.action, e.subject]),
      [
        ['canned.write', 'canned:refund'],
        ['canned.write', 'canned:apology'],
        ['canned.write', 'canned:refund'],
        ['canned.delete', 'canned:apology'],
      ],
    );
    const otherSite = await call(server.url, 'GET', '/v1/staff/canned?site=other', { headers: auth(ADMIN) });
    assert.equal(otherSite.status, 404, 'a static token of another site');
  });

  test('refusals: an agent 403 (canned), a bad id 400, a bad body 422, no key 400, no token 401', async () => {
    const body = { title: 'T', text: 'Text', locale: 'en' };
    const agent = await canned('PUT', 'x', AGENT, body);
    refused(agent, 403, 'forbidden', 'an agent writes');
    assert.equal(agent.json.error.details.reason, 'canned');
    refused(await canned('DELETE', 'refund', AGENT, undefined, null), 403, 'forbidden', 'an agent deletes');
    refused(await canned('PUT', 'not%20a%20slug', ADMIN, body), 400, 'invalid_request', 'a bad id');
    refused(await canned('PUT', 'x', ADMIN, { ...body, locale: 'fr' }), 422, 'validation_failed', 'a locale');
    refused(await canned('PUT', 'x', ADMIN, { ...body, text: '' }), 422, 'validation_failed', 'no text');
    refused(await canned('PUT', 'x', ADMIN, body, null), 400, 'invalid_request', 'no key');
    refused(await call(server.url, 'GET', '/v1/staff/canned?site=test'), 401, 'unauthorized', 'no token');
  });
});
