/**
 * Triage on the real server (SQLite in a temp folder): deciding each kind of
 * feedback (a suggestion adopted or declined, a report confirmed with a
 * penalty or a warning for the user it was about, or dismissed; praise
 * acknowledged; a question answered), what the sender then sees in their
 * own list and detail, and each refusal: a second decision, a decision on
 * withdrawn feedback, a reason or answer left out, a decision the kind does
 * not take, a role without `moderate`. Then what a complaint gives or takes
 * (compensation, penalty: once per kind, the penalty never below 0), and an
 * outage's preview, which issues nothing.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ComplaintDetail, ComplaintList } from '../../src/contract/complaints';
import { IncidentPreview, PointsHistory } from '../../src/contract/points';
import { FeedbackDecision, StaffFeedbackDetail } from '../../src/contract/staff-feedback';
import { StaffComplaintDetail } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  ALLOWED_ORIGIN,
  SECRETS,
  call,
  hostToken,
  newDevice,
  newKey,
  startTestServer,
  submission,
  testSites,
} from './_helpers';
import type { Call, TestServer } from './_helpers';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const STAFF = {
  admin: 'triage-admin-token-0123456789',
  agent: 'triage-agent-token-0123456789',
  arbitrator: 'triage-arbitrator-token-0123456789',
  supervisor: 'triage-supervisor-token-0123456789',
};

function sites(): SiteEntry[] {
  const [test] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Admin Chen', tokenSha256: sha(STAFF.admin), roles: ['admin'] },
        { name: 'Agent Li', tokenSha256: sha(STAFF.agent), roles: ['agent'] },
        { name: 'Arbitrator Zhao', tokenSha256: sha(STAFF.arbitrator), roles: ['arbitrator'] },
        { name: 'Supervisor Wang', tokenSha256: sha(STAFF.supervisor), roles: ['supervisor'] },
      ],
      settings: {
        points: {
          earn: { suggestion_accepted: { points: 50 }, report_confirmed: { points: 20 } },
          penaltyPoints: 25,
          compensation: {
            tiers: [
              { upToMinutes: 59, points: 10 },
              { upToMinutes: 240, points: 50 },
              { points: 200, reward: 'coupon' },
            ],
          },
          catalogue: [{ id: 'coupon', name: { en: '10 off', 'zh-CN': '10 元券' }, points: 100, source: 'pool' }],
        },
      },
    },
  ];
}

let server: TestServer;
before(async () => {
  server = await startTestServer(sites());
});
after(() => server.close());

const user = () => `triage-${randomUUID()}`;
const staff = (token: string, key = newKey()) => ({ Authorization: `Bearer ${token}`, 'Idempotency-Key': key });
const asUser = async (sub: string) => ({
  Authorization: `Bearer ${await hostToken(SECRETS.test, sub)}`,
  Origin: ALLOWED_ORIGIN,
});

async function send(sub: string, kind: string, message = 'Please add a dark mode to the app'): Promise<string> {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission({ kind: kind as never, locale: 'en', fields: { message, email: 'sender@example.com' } }),
    headers: { ...(await asUser(sub)), 'Idempotency-Key': newKey() },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}
const decide = (id: string, body: Record<string, unknown>, token = STAFF.agent, key = newKey()) =>
  call(server.url, 'POST', `/v1/staff/feedback/${id}/decision`, { body, headers: staff(token, key) });
async function give(sub: string, points: number): Promise<void> {
  const r = await call(server.url, 'POST', '/v1/staff/points/adjustments', {
    body: { site: 'test', user: sub, points, reason: 'Set-up', note: 'test' },
    headers: staff(STAFF.admin),
  });
  assert.equal(r.status, 201, r.text);
}
async function history(sub: string): Promise<PointsHistory> {
  const r = await call(server.url, 'GET', '/v1/points/history?site=test', { headers: await asUser(sub) });
  assert.equal(r.status, 200, r.text);
  return PointsHistory.parse(r.json);
}
async function balance(sub: string): Promise<number> {
  const r = await call(server.url, 'GET', '/v1/points?site=test', { headers: await asUser(sub) });
  return r.json.balance as number;
}
/** The sender's own view of their submission. */
async function mine(sub: string, id: string): Promise<ComplaintDetail> {
  const r = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: await asUser(sub) });
  assert.equal(r.status, 200, r.text);
  return ComplaintDetail.parse(r.json);
}
function assertRefused(r: Call, status: number, code: string, what: string): void {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.json.error.code, code, `${what}: ${r.text}`);
}
function assertFieldNamed(r: Call, path: string, what: string): void {
  assertRefused(r, 422, 'validation_failed', what);
  assert.deepEqual(
    r.json.error.details.fields.map((f: { path: string }) => f.path),
    [path],
    what,
  );
}

describe('deciding feedback', () => {
  test('an adopted suggestion earns its sender the rule’s points once; the same key replays the first answer; a second decision is a 409', async () => {
    const sub = user();
    const id = await send(sub, 'suggestion');
    const key = newKey();
    const first = await decide(id, { decision: 'accept', reason: 'Coming in the next release' }, STAFF.agent, key);
    assert.equal(first.status, 200, first.text);
    const answer = FeedbackDecision.parse(first.json);
    assert.equal(answer.points?.points, 50);
    assert.equal(answer.decided.by.name, 'Agent Li');
    const replay = await decide(id, { decision: 'accept', reason: 'Coming in the next release' }, STAFF.agent, key);
    assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(replay.json, first.json);
    const again = await decide(id, { decision: 'decline', reason: 'Changed our mind' });
    assertRefused(again, 409, 'invalid_transition', 'a second decision');
    assert.equal(again.json.error.details.reason, 'decided');
    assert.match(again.json.error.message, /decided already \(accept\)/);
    const byAdmin = await decide(id, { decision: 'accept' }, STAFF.admin);
    assertRefused(byAdmin, 409, 'invalid_transition', 'the same decision by someone else');
    assert.equal(await balance(sub), 50);
    const earned = (await history(sub)).items.filter((e) => e.reason.code === 'suggestion_accepted');
    assert.equal(earned.length, 1, 'earned once');
  });

  test('the sender sees each outcome in their own list and detail, and never who decided by id', async () => {
    const sub = user();
    const adopted = await send(sub, 'suggestion');
    const declined = await send(sub, 'suggestion', 'Please remove the login page');
    const question = await send(sub, 'question', 'How do I change my e-mail address?');
    const praise = await send(sub, 'praise', 'The support team was very quick');
    const complaint = await send(sub, 'complaint', 'My order never arrived at all');
    assert.equal((await decide(adopted, { decision: 'accept' })).status, 200);
    assert.equal(
      (await decide(declined, { decision: 'decline', reason: 'Signing in keeps accounts safe' })).status,
      200,
    );
    assert.equal((await decide(question, { decision: 'answer', answer: 'Under Settings, then Account.' })).status, 200);
    assert.equal((await decide(praise, { decision: 'acknowledge' })).status, 200);

    const complaintsOnly = ComplaintList.parse(
      (await call(server.url, 'GET', '/v1/complaints?site=test', { headers: await asUser(sub) })).json,
    );
    assert.deepEqual(
      complaintsOnly.items.map((i) => i.id),
      [complaint],
      'the list without kind is the complaints, as always',
    );
    const all = ComplaintList.parse(
      (await call(server.url, 'GET', '/v1/complaints?site=test&kind=all', { headers: await asUser(sub) })).json,
    );
    const byId = new Map(all.items.map((i) => [i.id, i]));
    assert.equal(all.items.length, 5);
    assert.deepEqual(
      [adopted, declined, question, praise].map((id) => [byId.get(id)?.status, byId.get(id)?.decision?.decision]),
      [
        ['accepted', 'accept'],
        ['rejected', 'decline'],
        ['replied', 'answer'],
        ['closed', 'acknowledge'],
      ],
    );
    assert.equal(byId.get(complaint)?.decision, undefined);
    const answered = await mine(sub, question);
    assert.equal(answered.decision?.text, 'Under Settings, then Account.');
    assert.deepEqual(answered.actions, []);
    const refusal = await mine(sub, declined);
    assert.equal(refusal.decision?.text, 'Signing in keeps accounts safe');
    assert.deepEqual(Object.keys(refusal.decision!).sort(), ['at', 'decision', 'text']);
    const raw = (await call(server.url, 'GET', `/v1/complaints/${declined}`, { headers: await asUser(sub) })).text;
    assert.ok(!raw.includes('staff:'), 'no principal reaches the sender');
    const other = await call(server.url, 'GET', `/v1/complaints/${declined}`, { headers: await asUser(user()) });
    assert.equal(other.status, 404, 'another user’s feedback is a 404');
    const badKind = await call(server.url, 'GET', '/v1/complaints?site=test&kind=everything', {
      headers: await asUser(sub),
    });
    assertRefused(badKind, 400, 'invalid_request', 'an unknown kind');
  });

  test('a missing or blank reason or answer is a 422 naming the field, and nothing changes', async () => {
    const sub = user();
    const suggestion = await send(sub, 'suggestion');
    assertFieldNamed(await decide(suggestion, { decision: 'decline' }), 'reason', 'decline without a reason');
    assertFieldNamed(await decide(suggestion, { decision: 'decline', reason: '   ' }), 'reason', 'a blank reason');
    const report = await send(sub, 'report', 'This listing sells counterfeit goods');
    assertFieldNamed(await decide(report, { decision: 'dismiss' }), 'reason', 'dismiss without a reason');
    const question = await send(sub, 'question', 'Where is my invoice?');
    assertFieldNamed(await decide(question, { decision: 'answer' }), 'answer', 'an answer without its text');
    assertFieldNamed(await decide(question, { decision: 'accept' }), 'decision', 'a question is not adopted');
    assertFieldNamed(
      await decide(suggestion, { decision: 'accept', sanction: { type: 'warning', user: 'x', reason: 'Spam' } }),
      'sanction',
      'a sanction on a suggestion',
    );
    const complaint = await send(sub, 'complaint', 'My parcel was lost in transit');
    assertRefused(await decide(complaint, { decision: 'accept' }), 404, 'not_found', 'a complaint is not triaged');
    assert.equal((await mine(sub, suggestion)).status, 'submitted', 'nothing changed');
    assert.equal((await decide(suggestion, { decision: 'decline', reason: 'Out of scope' })).status, 200);
  });

  test('a confirmed report earns its sender and penalises the reported user, never below 0; a warning takes nothing', async () => {
    const reporter = user();
    const reported = user();
    await give(reported, 10);
    const report = await send(reporter, 'report', 'This user posts spam in every thread');
    const r = await decide(report, {
      decision: 'confirm',
      sanction: { type: 'penalty', user: reported, points: 40, reason: 'Spam in the forums' },
      note: 'ticket 77',
    });
    assert.equal(r.status, 200, r.text);
    const answer = FeedbackDecision.parse(r.json);
    assert.equal(answer.points?.points, 20);
    assert.deepEqual([answer.sanction?.entry.points, answer.sanction?.entry.shortfall], [-10, 30]);
    assert.deepEqual(answer.decided.sanction, { type: 'penalty', user: reported, points: 10, shortfall: 30 });
    assert.equal(await balance(reported), 0);
    assert.equal(await balance(reporter), 20);
    const penalty = (await history(reported)).items.find((e) => e.kind === 'penalty');
    assert.deepEqual([penalty?.reason.code, penalty?.reason.text], ['penalty', 'Spam in the forums']);

    const defaulted = user();
    await give(defaulted, 100);
    const second = await send(reporter, 'report', 'Another abusive message here');
    const byDefault = FeedbackDecision.parse(
      (await decide(second, { decision: 'confirm', sanction: { type: 'penalty', user: defaulted, reason: 'Abuse' } }))
        .json,
    );
    assert.equal(byDefault.sanction?.entry.points, -25, 'the site’s penaltyPoints');

    const warned = user();
    await give(warned, 15);
    const third = await send(reporter, 'report', 'A rude reply to my question');
    const warning = FeedbackDecision.parse(
      (await decide(third, { decision: 'confirm', sanction: { type: 'warning', user: warned, reason: 'Be civil' } }))
        .json,
    );
    assert.equal(warning.sanction?.entry.points, 0);
    assert.equal(await balance(warned), 15);
    const entry = (await history(warned)).items.find((e) => e.reason.code === 'warning');
    assert.equal(entry?.reason.text, 'Be civil');

    const dismissed = await send(reporter, 'report', 'I just do not like this post');
    const d = FeedbackDecision.parse(
      (await decide(dismissed, { decision: 'dismiss', reason: 'Not against the rules' })).json,
    );
    assert.deepEqual([d.points, d.sanction], [null, null]);
  });

  test('feedback its sender withdrew is a 409; so is deciding without `moderate`', async () => {
    const sub = user();
    const id = await send(sub, 'suggestion');
    const withdrawn = await call(server.url, 'POST', `/v1/feedback/${id}/withdraw`, {
      body: { reason: 'Sent by mistake' },
      headers: { ...(await asUser(sub)), 'Idempotency-Key': newKey() },
    });
    assert.equal(withdrawn.status, 200, withdrawn.text);
    const late = await decide(id, { decision: 'accept' });
    assertRefused(late, 409, 'invalid_transition', 'a withdrawn suggestion');
    assert.equal(late.json.error.details.reason, 'withdrawn');
    const other = await send(sub, 'suggestion');
    for (const token of [STAFF.arbitrator, STAFF.supervisor]) {
      const r = await decide(other, { decision: 'accept' }, token);
      assertRefused(r, 403, 'forbidden', 'no moderate');
      assert.equal(r.json.error.details.reason, 'moderate');
    }
  });

  test('GET /v1/staff/feedback/{id}: masked contacts, what deciding would do, then the decision; audited', async () => {
    const sub = user();
    const id = await send(sub, 'suggestion');
    const read = async (token: string) => {
      const r = await call(server.url, 'GET', `/v1/staff/feedback/${id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(r.status, 200, r.text);
      return StaffFeedbackDetail.parse(r.json);
    };
    const before = await read(STAFF.supervisor);
    assert.deepEqual(before.offers, { decisions: ['accept', 'decline'], earn: 50, penaltyPoints: 25 });
    assert.equal(before.fields['email'], 's***@example.com');
    assert.deepEqual(before.masked, ['email']);
    assert.equal(before.decision, null);
    await decide(id, { decision: 'accept', note: 'Roadmap item 12' });
    const afterwards = await read(STAFF.agent);
    assert.deepEqual(afterwards.offers.decisions, []);
    assert.equal(afterwards.decision?.decision, 'accept');
    assert.equal(afterwards.decision?.note, 'Roadmap item 12');
    assert.equal(afterwards.decision?.points, 50);
    assert.equal(afterwards.decision?.by.name, 'Agent Li');
    const audit = await call(server.url, 'GET', `/v1/staff/audit?site=test&subject=${id}`, {
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    });
    const actions = (audit.json.items as Array<{ action: string; name: string }>).map((e) => `${e.action} ${e.name}`);
    assert.ok(actions.includes('feedback.decision Agent Li'), actions.join(', '));
    assert.ok(actions.includes('feedback.read Supervisor Wang'), actions.join(', '));
    const complaint = await send(sub, 'complaint', 'The checkout page fails every time');
    const notFeedback = await call(server.url, 'GET', `/v1/staff/feedback/${complaint}`, {
      headers: { Authorization: `Bearer ${STAFF.agent}` },
    });
    assertRefused(notFeedback, 404, 'not_found', 'a complaint read as feedback');
  });
});

describe('points from a complaint', () => {
  const givePoints = (id: string, body: Record<string, unknown>, token = STAFF.agent, key = newKey()) =>
    call(server.url, 'POST', `/v1/staff/complaints/${id}/points`, { body, headers: staff(token, key) });

  test('a compensation is given once: a retry replays it, a second of the kind is a 409 naming the kind', async () => {
    const sub = user();
    const id = await send(sub, 'complaint', 'The seller sent a broken phone');
    const key = newKey();
    const first = await givePoints(
      id,
      { kind: 'compensation', points: 30, reason: 'Sorry for the trouble' },
      STAFF.agent,
      key,
    );
    assert.equal(first.status, 201, first.text);
    const replay = await givePoints(
      id,
      { kind: 'compensation', points: 30, reason: 'Sorry for the trouble' },
      STAFF.agent,
      key,
    );
    assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
    assert.deepEqual(replay.json, first.json);
    const second = await givePoints(id, { kind: 'compensation', points: 5, reason: 'And a bit more' }, STAFF.admin);
    assertRefused(second, 409, 'conflict', 'a second compensation');
    assert.equal(second.json.error.details.kind, 'compensation');
    assert.match(second.json.error.message, /compensation was given already/);
    assert.equal(await balance(sub), 30);
    const [entry] = (await history(sub)).items;
    assert.equal(entry?.reason.code, 'complaint_compensation');
    assert.equal(entry?.reason.text, 'Sorry for the trouble');
    assert.match(entry?.reason.trackingNumber ?? '', /^UC\d{8}-/);
    const detail = StaffComplaintDetail.parse(
      (
        await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
          headers: { Authorization: `Bearer ${STAFF.agent}` },
        })
      ).json,
    );
    assert.deepEqual(
      detail.pointsGiven.map((g) => [g.kind, g.user, g.points, g.by.name]),
      [['compensation', sub, 30, 'Agent Li']],
    );
  });

  test('a penalty takes at most the balance, from the complainant or the user named; a reward comes with its code', async () => {
    const sub = user();
    await give(sub, 12);
    const id = await send(sub, 'complaint', 'A fake complaint to harass a seller');
    const penalty = await givePoints(id, { kind: 'penalty', points: 50, reason: 'Malicious complaint' });
    assert.equal(penalty.status, 201, penalty.text);
    assert.deepEqual([penalty.json.entry.points, penalty.json.entry.shortfall, penalty.json.balance], [-12, 38, 0]);
    assertRefused(
      await givePoints(id, { kind: 'penalty', points: 5, reason: 'Again' }),
      409,
      'conflict',
      'a second penalty',
    );
    const seller = user();
    await give(seller, 100);
    const other = await send(sub, 'complaint', 'The seller insulted me in chat');
    const named = await givePoints(other, { kind: 'penalty', user: seller, reason: 'Insulting a buyer' });
    assert.equal(named.status, 201, named.text);
    assert.equal(named.json.entry.points, -25, 'the site’s penaltyPoints');
    assert.equal((await history(seller)).items[0]?.reason.code, 'complaint_penalty');
    const codes = await call(server.url, 'POST', '/v1/staff/points/codes', {
      body: { site: 'test', reward: 'coupon', codes: [`C-${randomUUID()}`] },
      headers: staff(STAFF.admin),
    });
    assert.equal(codes.status, 200, codes.text);
    const coupon = await givePoints(other, {
      kind: 'compensation',
      reward: 'coupon',
      reason: 'A coupon for the trouble',
    });
    assert.equal(coupon.status, 201, coupon.text);
    assert.match(coupon.json.code, /^C-/);
    assert.equal(coupon.json.given.reward.id, 'coupon');
  });

  test('each refusal names its field or its reason', async () => {
    const sub = user();
    const id = await send(sub, 'complaint', 'Charged twice for one order');
    assertFieldNamed(
      await givePoints(id, { kind: 'compensation', reason: 'Sorry' }),
      'points',
      'neither points nor reward',
    );
    assertFieldNamed(await givePoints(id, { kind: 'compensation', points: 5 }), 'reason', 'no reason');
    assertFieldNamed(
      await givePoints(id, { kind: 'penalty', reward: 'coupon', reason: 'x' }),
      'reward',
      'a penalty’s reward',
    );
    assertFieldNamed(
      await givePoints(id, { kind: 'compensation', reward: 'nothing-such', reason: 'x' }),
      'reward',
      'an unknown reward',
    );
    assertRefused(
      await givePoints(id, { kind: 'compensation', points: 5, reason: 'x' }, STAFF.supervisor),
      403,
      'forbidden',
      'a supervisor',
    );
    const anonymous = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ locale: 'en' }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    });
    const none = await givePoints(anonymous.json.id, { kind: 'compensation', points: 5, reason: 'Sorry' });
    assertRefused(none, 409, 'conflict', 'an anonymous complaint');
    assert.equal(none.json.error.details.reason, 'no_account');
    const suggestion = await send(sub, 'suggestion');
    assertRefused(
      await givePoints(suggestion, { kind: 'compensation', points: 5, reason: 'x' }),
      404,
      'not_found',
      'a suggestion is no complaint',
    );
    assert.equal(await balance(sub), 0, 'nothing was given');
  });
});

describe('an outage’s preview', () => {
  const body = (users: string[], minutes: number, id = `outage-${randomUUID()}`) => {
    const end = Date.now() - 3_600_000;
    return {
      site: 'test',
      id,
      service: 'checkout',
      start: new Date(end - minutes * 60_000).toISOString(),
      end: new Date(end).toISOString(),
      users,
    };
  };
  const preview = (b: Record<string, unknown>, token = STAFF.admin) =>
    call(server.url, 'POST', '/v1/staff/points/incidents/preview', {
      body: b,
      headers: { Authorization: `Bearer ${token}` },
    });

  test('says who would get which tier and issues nothing; after issuing, it says they have it', async () => {
    const users = [user(), user(), user()];
    const facts = body(users, 90);
    const r = await preview(facts);
    assert.equal(r.status, 200, r.text);
    const p = IncidentPreview.parse(r.json);
    assert.deepEqual([p.minutes, p.users, p.compensated, p.recorded, p.tier?.points], [90, 3, 0, 'new', 50]);
    assert.deepEqual(
      p.tiers.map((t) => [t.upToMinutes, t.applies, t.users]),
      [
        [59, false, 0],
        [240, true, 3],
        [null, false, 0],
      ],
    );
    for (const u of users) assert.equal(await balance(u), 0, 'the preview gave nothing');
    const issued = await call(server.url, 'POST', '/v1/staff/points/incidents', {
      body: facts,
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    });
    assert.equal(issued.json.compensated, 3, issued.text);
    const again = IncidentPreview.parse((await preview(facts)).json);
    assert.deepEqual([again.compensated, again.recorded], [3, 'issued']);
    const reissued = await call(server.url, 'POST', '/v1/staff/points/incidents', {
      body: facts,
      headers: { Authorization: `Bearer ${STAFF.admin}` },
    });
    assert.equal(reissued.json.compensated, 0, 'issuing twice changes nothing');
    for (const u of users) assert.equal(await balance(u), 50);
    const changed = IncidentPreview.parse((await preview({ ...facts, service: 'search' })).json);
    assert.equal(changed.recorded, 'conflict');
    assertRefused(await preview(facts, STAFF.agent), 403, 'forbidden', 'an agent');
    const backwards = await preview({ ...facts, end: facts.start, start: facts.end });
    assertFieldNamed(backwards, 'end', 'an end before the start');
  });
});
