/**
 * Every refusal of the complaint lifecycle, and the reason `decide` gives for
 * it: the server answers each with a 409 the tracker shows, so the reason
 * must say what is wrong (wrong status, wrong role, or which rule).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, replayComplaint, type ComplaintSnapshot, type Decision } from '../../machines/complaint.machine';
import type { ComplaintActor, ComplaintEvent, RefusalReason } from '../../machines/complaint.types';
import {
  ACTOR_ROLES,
  COMPLAINT_EVENT_TYPES,
  type ActorRole,
  type ComplaintEventType,
} from '../../src/contract/complaint-vocabulary';
import { T0, DAY_MS, day, USER, AGENT, ARBITRATOR, ADMIN, SWEEP } from './_complaint-actors';

const justAfter = (n: number): string => new Date(T0 + n * DAY_MS + 1).toISOString();
const justBefore = (n: number): string => new Date(T0 + n * DAY_MS - 1).toISOString();

/** Someone of `role` who had nothing to do with the complaint so far. */
const someone = (role: ActorRole): ComplaintActor => ({ role, id: `fresh-${role}` });

const TO_ACCEPTED: ComplaintEvent[] = [{ type: 'accept', actor: AGENT, at: day(0) }];
const TO_INVESTIGATING: ComplaintEvent[] = [...TO_ACCEPTED, { type: 'start_investigation', actor: AGENT, at: day(0) }];
const TO_AWAITING_USER: ComplaintEvent[] = [...TO_ACCEPTED, { type: 'ask_user', actor: AGENT, at: day(0) }];
const TO_REPLIED: ComplaintEvent[] = [...TO_INVESTIGATING, { type: 'reply', actor: AGENT, at: day(0) }];
const TO_DISPUTED: ComplaintEvent[] = [...TO_REPLIED, { type: 'dispute', actor: USER, at: day(1) }];
const TO_ARBITRATION: ComplaintEvent[] = [...TO_DISPUTED, { type: 'start_arbitration', actor: ARBITRATOR, at: day(1) }];
const TO_THIRD_PARTY: ComplaintEvent[] = [
  ...TO_ARBITRATION,
  { type: 'refer_third_party', actor: ARBITRATOR, at: day(1) },
];
const TO_CONFIRMED: ComplaintEvent[] = [...TO_REPLIED, { type: 'confirm', actor: USER, at: day(1) }];
const TO_RESOLVED_BY_STAFF: ComplaintEvent[] = [...TO_REPLIED, { type: 'resolve', actor: AGENT, at: day(1) }];
const TO_RESOLVED_BY_SWEEP: ComplaintEvent[] = [
  ...TO_REPLIED,
  { type: 'system.auto_resolve', actor: SWEEP, at: day(7) },
];
const TO_ARBITRATION_RULING: ComplaintEvent[] = [
  ...TO_ARBITRATION,
  { type: 'rule', actor: ARBITRATOR, at: day(2), outcome: 'upheld', text: 'The reply stands.' },
];
const TO_THIRD_PARTY_RULING: ComplaintEvent[] = [
  ...TO_THIRD_PARTY,
  { type: 'third_party_outcome', actor: ARBITRATOR, at: day(2), text: 'Upheld.' },
];

function eventOf(type: ComplaintEventType, actor: ComplaintActor, at: string): ComplaintEvent {
  switch (type) {
    case 'reject':
      return { type, actor, at, reason: 'out of scope' };
    case 'rule':
      return { type, actor, at, outcome: 'upheld', text: 'a ruling' };
    case 'third_party_outcome':
      return { type, actor, at, text: 'the association’s decision' };
    case 'rate':
      return { type, actor, at, score: 3 };
    default:
      return { type, actor, at };
  }
}

function assertRefused(decision: Decision, reason: RefusalReason, what: string): void {
  assert.equal(decision.ok, false, `${what} was accepted`);
  if (!decision.ok) {
    assert.equal(decision.reason, reason, `${what}: ${decision.message}`);
    assert.ok(decision.message.length > 0);
  }
}

describe('complaint machine refusals: who may send what', () => {
  /** One row per event type and status it applies in; `at` chosen so only the role decides. */
  const ROWS: Array<{ type: ComplaintEventType; route: ComplaintEvent[]; at: string; roles: ActorRole[] }> = [
    { type: 'accept', route: [], at: day(0), roles: ['agent', 'admin'] },
    { type: 'reject', route: [], at: day(0), roles: ['agent', 'admin'] },
    { type: 'withdraw', route: [], at: day(0), roles: ['user'] },
    { type: 'message', route: [], at: day(0), roles: ['user', 'agent', 'arbitrator', 'admin'] },
    { type: 'start_investigation', route: TO_ACCEPTED, at: day(0), roles: ['agent', 'admin'] },
    { type: 'ask_user', route: TO_ACCEPTED, at: day(0), roles: ['agent', 'admin'] },
    { type: 'ask_user', route: TO_INVESTIGATING, at: day(0), roles: ['agent', 'admin'] },
    { type: 'reply', route: TO_INVESTIGATING, at: day(0), roles: ['agent', 'admin'] },
    { type: 'answer', route: TO_AWAITING_USER, at: day(0), roles: ['user'] },
    { type: 'start_investigation', route: TO_AWAITING_USER, at: day(0), roles: ['agent', 'admin'] },
    { type: 'confirm', route: TO_REPLIED, at: day(1), roles: ['user'] },
    { type: 'resolve', route: TO_REPLIED, at: day(1), roles: ['agent', 'admin'] },
    { type: 'dispute', route: TO_REPLIED, at: day(1), roles: ['user'] },
    { type: 'system.auto_resolve', route: TO_REPLIED, at: day(8), roles: ['system'] },
    { type: 'start_arbitration', route: TO_DISPUTED, at: day(2), roles: ['arbitrator', 'admin'] },
    { type: 'rule', route: TO_DISPUTED, at: day(2), roles: ['arbitrator', 'admin'] },
    { type: 'rule', route: TO_ARBITRATION, at: day(2), roles: ['arbitrator', 'admin'] },
    { type: 'refer_third_party', route: TO_ARBITRATION, at: day(2), roles: ['arbitrator', 'admin'] },
    { type: 'third_party_outcome', route: TO_THIRD_PARTY, at: day(2), roles: ['agent', 'arbitrator', 'admin'] },
    { type: 'rate', route: TO_CONFIRMED, at: day(2), roles: ['user'] },
    { type: 'close', route: TO_CONFIRMED, at: day(2), roles: ['agent', 'admin'] },
    { type: 'system.auto_close', route: TO_CONFIRMED, at: day(9), roles: ['system'] },
    { type: 'dispute', route: TO_RESOLVED_BY_STAFF, at: day(2), roles: ['user'] },
    { type: 'ask_third_party', route: TO_ARBITRATION_RULING, at: day(3), roles: ['user'] },
  ];

  it('covers every event type', () => {
    assert.deepEqual([...new Set(ROWS.map((row) => row.type))].sort(), [...COMPLAINT_EVENT_TYPES].sort());
  });

  for (const row of ROWS) {
    it(`${row.type} in ${replayComplaint(row.route).value}: only ${row.roles.join(', ')}`, () => {
      const snapshot = replayComplaint(row.route);
      for (const role of ACTOR_ROLES) {
        const decision = decide(snapshot, eventOf(row.type, someone(role), row.at));
        if (row.roles.includes(role))
          assert.ok(decision.ok, `${role} was refused: ${decision.ok ? '' : decision.message}`);
        else assertRefused(decision, 'forbidden', `${row.type} by ${role}`);
      }
    });
  }
});

describe('complaint machine refusals: the rules', () => {
  it('keeps whoever replied out of the dispute about it, whatever their role', () => {
    const repliedByAdmin: ComplaintEvent[] = [
      ...TO_INVESTIGATING,
      { type: 'reply', actor: ADMIN, at: day(0) },
      { type: 'dispute', actor: USER, at: day(1) },
    ];
    const disputed = replayComplaint(repliedByAdmin);
    const sameAsArbitrator: ComplaintActor = { role: 'arbitrator', id: ADMIN.id };
    for (const actor of [ADMIN, sameAsArbitrator]) {
      assertRefused(
        decide(disputed, { type: 'start_arbitration', actor, at: day(2) }),
        'conflict_of_interest',
        `take up by ${actor.role}`,
      );
      assertRefused(
        decide(disputed, { type: 'rule', actor, at: day(2), outcome: 'upheld', text: 'stands' }),
        'conflict_of_interest',
        `rule by ${actor.role}`,
      );
    }
    const inArbitration = replayComplaint([
      ...repliedByAdmin,
      { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) },
    ]);
    assertRefused(
      decide(inArbitration, { type: 'rule', actor: ADMIN, at: day(3), outcome: 'upheld', text: 'stands' }),
      'conflict_of_interest',
      'rule in arbitration',
    );
    assertRefused(
      decide(inArbitration, { type: 'refer_third_party', actor: ADMIN, at: day(3) }),
      'conflict_of_interest',
      'refer',
    );
    // Recording the third party's decision is not judging: the agent who replied may record it (the audit log names them).
    const atThirdParty = replayComplaint(TO_THIRD_PARTY);
    assert.ok(decide(atThirdParty, { type: 'third_party_outcome', actor: AGENT, at: day(3), text: 'upheld' }).ok);
    assert.ok(
      decide(atThirdParty, { type: 'third_party_outcome', actor: someone('agent'), at: day(3), text: 'upheld' }).ok,
    );
    // Nor does the platform rule in place of the third party.
    assertRefused(
      decide(atThirdParty, { type: 'rule', actor: ARBITRATOR, at: day(3), outcome: 'upheld', text: 'upheld' }),
      'not_allowed',
      'a platform ruling at the third party',
    );
    assert.ok(decide(disputed, { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) }).ok);
  });

  it('refuses a dispute after the window, to the millisecond, and a custom window is honoured', () => {
    const replied = replayComplaint(TO_REPLIED);
    assert.ok(decide(replied, { type: 'dispute', actor: USER, at: day(15) }).ok);
    assertRefused(
      decide(replied, { type: 'dispute', actor: USER, at: justAfter(15) }),
      'window_closed',
      'dispute on day 15 + 1 ms',
    );
    const shortWindow = replayComplaint(TO_REPLIED, { disputeWindowDays: 3 });
    assertRefused(
      decide(shortWindow, { type: 'dispute', actor: USER, at: day(4) }),
      'window_closed',
      'dispute after a 3-day window',
    );
    // Resolved without the user: the same window still applies.
    const autoResolved = replayComplaint(TO_RESOLVED_BY_SWEEP);
    assert.ok(decide(autoResolved, { type: 'dispute', actor: USER, at: day(15) }).ok);
    assertRefused(
      decide(autoResolved, { type: 'dispute', actor: USER, at: justAfter(15) }),
      'window_closed',
      'dispute of an auto-resolved complaint too late',
    );
  });

  it('refuses a dispute of what the user confirmed, or of a ruling', () => {
    assertRefused(
      decide(replayComplaint(TO_CONFIRMED), { type: 'dispute', actor: USER, at: day(2) }),
      'not_contestable',
      'dispute after confirming',
    );
    assertRefused(
      decide(replayComplaint(TO_ARBITRATION_RULING), { type: 'dispute', actor: USER, at: day(3) }),
      'not_contestable',
      'dispute of a ruling',
    );
  });

  it('refuses an auto-resolution before 7 days of silence, and counts from the user’s last message', () => {
    const replied = replayComplaint(TO_REPLIED);
    assertRefused(
      decide(replied, { type: 'system.auto_resolve', actor: SWEEP, at: justBefore(7) }),
      'too_early',
      'auto-resolve at 7 days − 1 ms',
    );
    assert.ok(decide(replied, { type: 'system.auto_resolve', actor: SWEEP, at: day(7) }).ok);
    const answered = replayComplaint([...TO_REPLIED, { type: 'message', actor: USER, at: day(5) }]);
    assertRefused(
      decide(answered, { type: 'system.auto_resolve', actor: SWEEP, at: day(8) }),
      'too_early',
      'auto-resolve 3 days after a user message',
    );
    // Staff talking does not count as the user answering.
    const staffOnly = replayComplaint([...TO_REPLIED, { type: 'message', actor: AGENT, at: day(5) }]);
    assert.ok(decide(staffOnly, { type: 'system.auto_resolve', actor: SWEEP, at: day(7) }).ok);
    const configured = replayComplaint(TO_REPLIED, { autoResolveDays: 10 });
    assertRefused(
      decide(configured, { type: 'system.auto_resolve', actor: SWEEP, at: day(9) }),
      'too_early',
      'auto-resolve before a 10-day setting',
    );
  });

  it('refuses a rejection without a reason', () => {
    const submitted = replayComplaint([]);
    for (const reason of ['', '   ', undefined]) {
      const event = { type: 'reject', actor: AGENT, at: day(0), reason } as ComplaintEvent;
      assertRefused(decide(submitted, event), 'reason_required', `reject with reason ${JSON.stringify(reason)}`);
    }
  });

  it('refuses a ruling without reasons or an outcome, and a third party’s outcome without text', () => {
    for (const route of [TO_DISPUTED, TO_ARBITRATION]) {
      const snapshot = replayComplaint(route);
      for (const text of ['', ' \n ']) {
        assertRefused(
          decide(snapshot, { type: 'rule', actor: ARBITRATOR, at: day(2), outcome: 'overturned', text }),
          'text_required',
          `rule in ${snapshot.value}`,
        );
      }
      for (const outcome of [undefined, '', 'partly', 'UPHELD'])
        assertRefused(
          decide(snapshot, { type: 'rule', actor: ARBITRATOR, at: day(2), outcome, text: 'Reasons' } as ComplaintEvent),
          'outcome_required',
          `rule in ${snapshot.value} with outcome ${JSON.stringify(outcome)}`,
        );
    }
    const atThirdParty = replayComplaint(TO_THIRD_PARTY);
    for (const text of ['', ' \n '])
      assertRefused(
        decide(atThirdParty, { type: 'third_party_outcome', actor: AGENT, at: day(2), text }),
        'text_required',
        'a third party’s outcome without text',
      );
  });

  it('refuses a second rating and one out of range', () => {
    const resolved = replayComplaint(TO_CONFIRMED);
    for (const score of [0, 6, 3.5, Number.NaN, -1]) {
      assertRefused(
        decide(resolved, { type: 'rate', actor: USER, at: day(2), score }),
        'invalid_rating',
        `score ${score}`,
      );
    }
    const rated = decide(resolved, { type: 'rate', actor: USER, at: day(2), score: 1 });
    assert.ok(rated.ok);
    assertRefused(
      decide(rated.next, { type: 'rate', actor: USER, at: day(2), score: 5 }),
      'already_rated',
      'second rating',
    );
    // Still once per complaint when it is resolved again after a dispute.
    const reRuled = replayComplaint([
      ...TO_RESOLVED_BY_STAFF,
      { type: 'rate', actor: USER, at: day(2), score: 1 },
      { type: 'dispute', actor: USER, at: day(2) },
      { type: 'rule', actor: ARBITRATOR, at: day(3), outcome: 'upheld', text: 'Refund.' },
    ]);
    assertRefused(
      decide(reRuled, { type: 'rate', actor: USER, at: day(3), score: 5 }),
      'already_rated',
      'rating after a second resolution',
    );
  });

  it('refuses a withdrawal after resolution', () => {
    for (const route of [TO_CONFIRMED, TO_RESOLVED_BY_STAFF, TO_ARBITRATION_RULING]) {
      assertRefused(
        decide(replayComplaint(route), { type: 'withdraw', actor: USER, at: day(3) }),
        'not_allowed',
        'withdraw when resolved',
      );
    }
    const closed = replayComplaint([...TO_CONFIRMED, { type: 'close', actor: AGENT, at: day(1) }]);
    assertRefused(decide(closed, { type: 'withdraw', actor: USER, at: day(3) }), 'not_allowed', 'withdraw when closed');
  });

  it('refuses a third party unless the platform ruled, within the window, and only once', () => {
    assert.ok(decide(replayComplaint(TO_ARBITRATION_RULING), { type: 'ask_third_party', actor: USER, at: day(17) }).ok);
    assertRefused(
      decide(replayComplaint(TO_ARBITRATION_RULING), { type: 'ask_third_party', actor: USER, at: justAfter(17) }),
      'window_closed',
      'third party 15 days + 1 ms after the ruling',
    );
    assertRefused(
      decide(replayComplaint(TO_CONFIRMED), { type: 'ask_third_party', actor: USER, at: day(2) }),
      'not_contestable',
      'third party without a ruling',
    );
    assertRefused(
      decide(replayComplaint(TO_THIRD_PARTY_RULING), { type: 'ask_third_party', actor: USER, at: day(3) }),
      'not_contestable',
      'third party twice',
    );
  });

  it('refuses to close while the user can still take it further, and an auto-close before its time', () => {
    const byStaff = replayComplaint(TO_RESOLVED_BY_STAFF);
    assertRefused(
      decide(byStaff, { type: 'close', actor: AGENT, at: day(15) }),
      'too_early',
      'close inside the dispute window',
    );
    assert.ok(decide(byStaff, { type: 'close', actor: AGENT, at: justAfter(15) }).ok);
    const ruled = replayComplaint(TO_ARBITRATION_RULING);
    assertRefused(
      decide(ruled, { type: 'close', actor: ADMIN, at: day(10) }),
      'too_early',
      'close while a third party can be asked',
    );
    assertRefused(
      decide(ruled, { type: 'system.auto_close', actor: SWEEP, at: day(10) }),
      'too_early',
      'auto-close while a third party can be asked',
    );
    const confirmed = replayComplaint(TO_CONFIRMED);
    assert.ok(
      decide(confirmed, { type: 'close', actor: AGENT, at: day(1) }).ok,
      'staff may close what the user confirmed at once',
    );
    assertRefused(
      decide(confirmed, { type: 'system.auto_close', actor: SWEEP, at: justBefore(8) }),
      'too_early',
      'auto-close before 7 days',
    );
    assert.ok(decide(confirmed, { type: 'system.auto_close', actor: SWEEP, at: day(8) }).ok);
  });

  it('refuses events the status never takes as not_allowed, apart from role refusals', () => {
    assertRefused(
      decide(replayComplaint([]), { type: 'reply', actor: AGENT, at: day(0) }),
      'not_allowed',
      'reply before investigating',
    );
    assertRefused(
      decide(replayComplaint(TO_INVESTIGATING), { type: 'answer', actor: USER, at: day(0) }),
      'not_allowed',
      'answer nobody asked for',
    );
    assertRefused(
      decide(replayComplaint(TO_REPLIED), { type: 'reject', actor: AGENT, at: day(1), reason: 'late' }),
      'not_allowed',
      'reject after a reply',
    );
    assertRefused(
      decide(replayComplaint(TO_INVESTIGATING), { type: 'dispute', actor: USER, at: day(0) }),
      'not_allowed',
      'dispute before a reply',
    );
    assertRefused(
      decide(replayComplaint(TO_DISPUTED), { type: 'refer_third_party', actor: ARBITRATOR, at: day(2) }),
      'not_allowed',
      'refer without a hearing',
    );
  });

  it('refuses everything in a final status, from everyone', () => {
    const finals: Record<string, ComplaintSnapshot> = {
      closed: replayComplaint([...TO_CONFIRMED, { type: 'close', actor: AGENT, at: day(1) }]),
      withdrawn: replayComplaint([{ type: 'withdraw', actor: USER, at: day(0) }]),
      rejected: replayComplaint([{ type: 'reject', actor: AGENT, at: day(0), reason: 'spam' }]),
    };
    for (const [status, snapshot] of Object.entries(finals)) {
      assert.equal(snapshot.value, status);
      for (const type of COMPLAINT_EVENT_TYPES) {
        for (const role of ACTOR_ROLES) {
          assertRefused(
            decide(snapshot, eventOf(type, someone(role), day(60))),
            'not_allowed',
            `${type} by ${role} when ${status}`,
          );
        }
      }
    }
  });

  it('refuses a malformed actor or time instead of guessing', () => {
    const submitted = replayComplaint([]);
    assertRefused(
      decide(submitted, { type: 'accept', actor: AGENT, at: 'yesterday' }),
      'invalid_event',
      'unparseable time',
    );
    assertRefused(
      decide(submitted, { type: 'accept', actor: { role: 'agent', id: '' }, at: day(0) }),
      'invalid_event',
      'empty id',
    );
    assertRefused(
      decide(submitted, { type: 'accept', actor: { role: 'boss', id: 'b' } as unknown as ComplaintActor, at: day(0) }),
      'invalid_event',
      'unknown role',
    );
  });
});
