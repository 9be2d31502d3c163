/**
 * Arbitration and third parties on the real server (SQLite in a temp
 * folder): a ruling carries its outcome and reasons and is kept as data; who
 * may not rule is told why, in the staff view before they try and in the
 * 403 when they do; a referral names the third party and its date; the
 * third party's outcome is recorded once, and the user sees all of it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  hostToken,
  newKey,
  SECRETS,
  startTestServer,
  staffToken,
  submission,
  submit,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
/** Static tokens: automation, which may refer and record but never rule. */
const STATIC = { agent: 'arb-agent-token-0123456789', arbitrator: 'arb-arbitrator-token-0123456789' };

function sites(): SiteEntry[] {
  const [test, ...rest] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Script Agent', tokenSha256: sha(STATIC.agent), roles: ['agent'] },
        { name: 'Script Arbitrator', tokenSha256: sha(STATIC.arbitrator), roles: ['arbitrator'] },
      ],
    },
    ...rest,
  ];
}

let server: TestServer;
let agentLi: string;
let liBothRoles: string;
let zhao: string;
let qian: string;
before(async () => {
  server = await startTestServer(sites());
  agentLi = await staffToken({ sub: 'arb-li', name: 'Agent Li', roles: ['agent'] });
  // The same person as agentLi, given the arbitrator role too.
  liBothRoles = await staffToken({ sub: 'arb-li', name: 'Agent Li', roles: ['agent', 'arbitrator'] });
  zhao = await staffToken({ sub: 'arb-zhao', name: 'Arbitrator Zhao', roles: ['arbitrator'] });
  qian = await staffToken({ sub: 'arb-qian', name: 'Arbitrator Qian', roles: ['arbitrator'] });
});
after(() => server.close());

const staffAct = (id: string, token: string, body: Record<string, unknown>, key = newKey()) =>
  call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body,
  });

const recordOutcome = (id: string, token: string, body: Record<string, unknown>, key = newKey()) =>
  call(server.url, 'POST', `/v1/staff/complaints/${id}/third-party-outcome`, {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body,
  });

const staffView = (id: string, token: string) =>
  call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: { Authorization: `Bearer ${token}` } });

function ok(r: Call, what: string): Call {
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
  return r;
}

/** The 4xx with the error shape, and the paths its fields name. */
function refused(r: Call, status: number, code: string): { reason?: string; paths: string[] } {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  return {
    reason: r.json.error.details?.reason,
    paths: (r.json.error.details?.fields ?? []).map((f: { path: string }) => f.path),
  };
}

/** A signed-in user's complaint that `replier` answered and the user disputed. */
async function disputed(replier = agentLi): Promise<{ id: string; userToken: string }> {
  const userToken = await hostToken(SECRETS.test, `arb-user-${newKey()}`);
  const made = await submit(server.url, submission(), {
    'Idempotency-Key': newKey(),
    Authorization: `Bearer ${userToken}`,
  });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id as string;
  ok(await staffAct(id, replier, { action: 'accept' }), 'accept');
  ok(await staffAct(id, replier, { action: 'start_investigation' }), 'investigate');
  ok(await staffAct(id, replier, { action: 'reply', text: 'The seller has shipped it.' }), 'reply');
  ok(
    await call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
      headers: { Authorization: `Bearer ${userToken}`, 'Idempotency-Key': newKey() },
      body: { action: 'dispute', text: 'Nothing arrived.' },
    }),
    'dispute',
  );
  return { id, userToken };
}

const userView = (id: string, token: string) =>
  call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { Authorization: `Bearer ${token}` } });

/** A date `days` from today in the site's zone (Asia/Shanghai), YYYY-MM-DD. */
function shanghaiDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now() + days * 86_400_000);
}

describe('a ruling says what it decides, and why', () => {
  test('without its outcome or its reasons it is a 422 naming each, and nothing changes', async () => {
    const { id } = await disputed();
    assert.deepEqual(refused(await staffAct(id, zhao, { action: 'rule' }), 422, 'validation_failed').paths, [
      'outcome',
      'reasons',
    ]);
    assert.deepEqual(
      refused(await staffAct(id, zhao, { action: 'rule', reasons: 'Refund' }), 422, 'validation_failed').paths,
      ['outcome'],
    );
    assert.deepEqual(
      refused(await staffAct(id, zhao, { action: 'rule', outcome: 'overturned' }), 422, 'validation_failed').paths,
      ['reasons'],
    );
    // The words of a ruling are its reasons: a text instead of them is named, not silently kept.
    assert.deepEqual(
      refused(
        await staffAct(id, zhao, { action: 'rule', outcome: 'overturned', text: 'Refund' }),
        422,
        'validation_failed',
      ).paths,
      ['reasons', 'text'],
    );
    for (const reasons of ['', '   ', 'x'.repeat(5001)])
      assert.deepEqual(
        refused(await staffAct(id, zhao, { action: 'rule', outcome: 'upheld', reasons }), 422, 'validation_failed')
          .paths,
        ['reasons'],
        JSON.stringify(reasons).slice(0, 20),
      );
    assert.deepEqual(
      refused(await staffAct(id, zhao, { action: 'rule', outcome: 'mostly', reasons: 'Hm' }), 422, 'validation_failed')
        .paths,
      ['outcome'],
    );
    // An outcome belongs to a ruling only.
    assert.deepEqual(
      refused(await staffAct(id, zhao, { action: 'start_arbitration', outcome: 'upheld' }), 422, 'validation_failed')
        .paths,
      ['outcome'],
    );
    assert.equal((await staffView(id, zhao)).json.status, 'disputed');
  });

  test('kept as data, counted by outcome; the user and staff see the outcome with the reasons', async () => {
    const { id, userToken } = await disputed();
    ok(await staffAct(id, zhao, { action: 'start_arbitration' }), 'take up');
    const ruled = ok(
      await staffAct(id, zhao, { action: 'rule', outcome: 'overturned', reasons: '  Refund the order in full.  ' }),
      'rule',
    );
    assert.equal(ruled.json.status, 'resolved');
    const rows = await server.db
      .selectFrom('complaint_rulings')
      .select(['event_id', 'stage', 'outcome', 'reasons', 'ruled_by', 'ruled_by_name'])
      .where('submission_id', '=', id)
      .execute();
    assert.deepEqual(rows, [
      {
        event_id: ruled.json.eventId,
        stage: 'arbitration',
        outcome: 'overturned',
        reasons: 'Refund the order in full.',
        ruled_by: 'staff:person:arb-zhao',
        ruled_by_name: 'Arbitrator Zhao',
      },
    ]);
    // What statistics read: outcomes counted by a plain GROUP BY, no text parsed.
    const counts = await server.db
      .selectFrom('complaint_rulings')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('site', '=', 'test')
      .groupBy('outcome')
      .execute();
    assert.ok(counts.some((c) => c.outcome === 'overturned' && Number(c.n) >= 1));

    for (const view of [await userView(id, userToken), await staffView(id, zhao)]) {
      const entry = view.json.timeline.find((e: { type: string }) => e.type === 'rule');
      assert.deepEqual(
        [entry.outcome, entry.text, entry.actor],
        ['overturned', 'Refund the order in full.', { role: 'arbitrator', name: 'Arbitrator Zhao' }],
      );
    }
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['principal', 'detail_json'])
      .where('subject', '=', id)
      .where('action', '=', 'complaint.action')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(audit.principal, 'staff:person:arb-zhao');
    assert.equal(JSON.parse(audit.detail_json).outcome, 'overturned');
  });
});

describe('who may not rule is told why, before and when they try', () => {
  test('the staff view says why for each; the server refuses each with a 403 carrying the same reason', async () => {
    // Li replied as an agent, and is now given the arbitrator role too.
    const { id } = await disputed(agentLi);
    const cases: Array<[string, string, string | null]> = [
      ['the replier, now an arbitrator', liBothRoles, 'conflict_of_interest'],
      ['an automation token', STATIC.arbitrator, 'person_required'],
      ['an agent', await staffToken({ sub: 'arb-other-agent', roles: ['agent'] }), 'rule'],
      ['a supervisor', await staffToken({ sub: 'arb-sup', roles: ['supervisor'] }), 'rule'],
      ['another arbitrator', qian, null],
    ];
    for (const [who, token, reason] of cases) {
      const view = await staffView(id, token);
      assert.equal(view.status, 200, view.text);
      assert.equal(view.json.cannotRule, reason, who);
      assert.equal(view.json.actions.includes('rule'), reason === null, `${who}: offered the ruling`);
      if (reason === null) continue;
      const r = await staffAct(id, token, { action: 'rule', outcome: 'upheld', reasons: 'The reply stands.' });
      assert.equal(refused(r, 403, 'forbidden').reason, reason, who);
    }
    // Taking it up is refused the replier alike.
    assert.equal(
      refused(await staffAct(id, liBothRoles, { action: 'start_arbitration' }), 403, 'forbidden').reason,
      'conflict_of_interest',
    );
    assert.equal((await staffView(id, zhao)).json.status, 'disputed', 'nothing changed');
    // Nothing to rule on: no reason given.
    ok(await staffAct(id, qian, { action: 'rule', outcome: 'partly_upheld', reasons: 'Half the fee back.' }), 'rule');
    assert.equal((await staffView(id, liBothRoles)).json.cannotRule, null);
  });
});

describe('a referral names the third party; its outcome is recorded once', () => {
  async function inArbitration() {
    const complaint = await disputed();
    ok(await staffAct(complaint.id, zhao, { action: 'start_arbitration' }), 'take up');
    return complaint;
  }

  test('a referral without the third party, or dated after today, is a 422 naming the field', async () => {
    const { id } = await inArbitration();
    assert.deepEqual(
      refused(await staffAct(id, zhao, { action: 'refer_third_party' }), 422, 'validation_failed').paths,
      ['referral'],
    );
    const refer = (referral: Record<string, unknown>) => staffAct(id, zhao, { action: 'refer_third_party', referral });
    assert.deepEqual(refused(await refer({ referredOn: shanghaiDate(0) }), 422, 'validation_failed').paths, [
      'referral.body',
    ]);
    assert.deepEqual(refused(await refer({ body: 'CA' }), 422, 'validation_failed').paths, ['referral.referredOn']);
    for (const referredOn of ['2026-02-30', '01/05/2026', shanghaiDate(2)])
      assert.deepEqual(
        refused(await refer({ body: 'CA', referredOn }), 422, 'validation_failed').paths,
        ['referral.referredOn'],
        referredOn,
      );
    assert.equal((await staffView(id, zhao)).json.status, 'arbitration', 'nothing changed');
  });

  test('referred by the platform, the outcome recorded once: the user sees both; a retry is the first answer, a second outcome a 409', async () => {
    const { id, userToken } = await inArbitration();
    const referredOn = shanghaiDate(-3);
    ok(
      await staffAct(id, zhao, {
        action: 'refer_third_party',
        referral: { body: 'Shanghai Consumer Council', reference: 'SCC-2026-0412', referredOn },
      }),
      'refer',
    );
    let mine = (await userView(id, userToken)).json;
    assert.equal(mine.status, 'third_party');
    assert.deepEqual(mine.thirdParty, {
      body: 'Shanghai Consumer Council',
      reference: 'SCC-2026-0412',
      referredOn,
      outcome: null,
    });
    assert.deepEqual(mine.timeline.find((e: { type: string }) => e.type === 'refer_third_party').referral, {
      body: 'Shanghai Consumer Council',
      reference: 'SCC-2026-0412',
      referredOn,
    });

    const decided = shanghaiDate(-1);
    assert.deepEqual(
      refused(
        await recordOutcome(id, STATIC.agent, { outcome: 'Refund', decidedOn: shanghaiDate(-4) }),
        422,
        'validation_failed',
      ).paths,
      ['decidedOn'],
      'before the referral',
    );
    assert.deepEqual(
      refused(
        await recordOutcome(id, STATIC.agent, { outcome: 'Refund', decidedOn: shanghaiDate(2) }),
        422,
        'validation_failed',
      ).paths,
      ['decidedOn'],
      'in the future',
    );
    assert.deepEqual(
      refused(
        await recordOutcome(id, STATIC.agent, { outcome: 'Refund', decidedOn: decided, body: 'Someone else' }),
        422,
        'validation_failed',
      ).paths,
      ['body'],
      'the referral named the body already',
    );
    assert.deepEqual(
      refused(await recordOutcome(id, STATIC.agent, { decidedOn: decided }), 422, 'validation_failed').paths,
      ['outcome'],
    );

    const key = newKey();
    const body = { outcome: 'The council found for the user: full refund within 7 days.', decidedOn: decided };
    // Recording is not judging: automation may do it.
    const first = ok(await recordOutcome(id, STATIC.agent, body, key), 'outcome');
    assert.equal(first.json.status, 'resolved');
    const retry = await recordOutcome(id, STATIC.agent, body, key);
    assert.deepEqual([retry.status, retry.json, retry.headers.get('Idempotent-Replayed')], [200, first.json, 'true']);
    assert.equal(
      refused(await recordOutcome(id, zhao, { ...body, outcome: 'Another' }), 409, 'invalid_transition').reason,
      'already_recorded',
    );

    mine = (await userView(id, userToken)).json;
    assert.equal(mine.status, 'resolved');
    assert.equal(mine.thirdParty.outcome.text, body.outcome);
    assert.equal(mine.thirdParty.outcome.decidedOn, decided);
    const entry = mine.timeline.find((e: { type: string }) => e.type === 'third_party_outcome');
    assert.deepEqual([entry.text, entry.decidedOn], [body.outcome, decided]);
    // Taken as far as it goes: no third party again, no dispute.
    assert.ok(!mine.actions.includes('ask_third_party') && !mine.actions.includes('dispute'), mine.actions.join());
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['principal', 'detail_json'])
      .where('subject', '=', id)
      .where('action', '=', 'third_party.outcome')
      .execute();
    assert.equal(audit.length, 1, 'one entry: the replay wrote none');
    assert.equal(audit[0]!.principal, 'staff:automation:Script Agent');
    assert.equal(JSON.parse(audit[0]!.detail_json).decidedOn, decided);
  });

  test('asked for by the user, the outcome names the third party; one that never went to a third party is a 409', async () => {
    const { id, userToken } = await disputed();
    ok(await staffAct(id, zhao, { action: 'rule', outcome: 'upheld', reasons: 'The reply stands.' }), 'rule');
    ok(
      await call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
        headers: { Authorization: `Bearer ${userToken}`, 'Idempotency-Key': newKey() },
        body: { action: 'ask_third_party' },
      }),
      'ask',
    );
    assert.deepEqual((await userView(id, userToken)).json.thirdParty, {
      body: null,
      reference: null,
      referredOn: null,
      outcome: null,
    });
    const decidedOn = shanghaiDate(0);
    assert.deepEqual(
      refused(await recordOutcome(id, agentLi, { outcome: 'Settled', decidedOn }), 422, 'validation_failed').paths,
      ['body'],
    );
    // The agent who replied may record it: it is the third party's decision, not theirs.
    ok(
      await recordOutcome(id, agentLi, {
        outcome: 'Settled: half refunded',
        decidedOn,
        body: '12315',
        reference: 'A-1',
      }),
      'outcome',
    );
    const third = (await userView(id, userToken)).json.thirdParty;
    assert.deepEqual(
      [third.body, third.reference, third.referredOn, third.outcome.text],
      ['12315', 'A-1', null, 'Settled: half refunded'],
    );

    const { id: never } = await disputed();
    assert.equal(
      refused(await recordOutcome(never, zhao, { outcome: 'x', decidedOn }), 409, 'invalid_transition').reason,
      'not_allowed',
    );
  });
});
