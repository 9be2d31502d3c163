/**
 * The complaint lifecycle as the server drives it: each way through, what the
 * context records for the timeline, and that a stored row restores to a
 * snapshot that decides the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ComplaintRefusedError,
  complaintMachine,
  decide,
  initialComplaintContext,
  newComplaint,
  replayComplaint,
  restoreComplaint,
  type ComplaintSnapshot,
} from '../../machines/complaint.machine';
import type { ComplaintContext, ComplaintEvent } from '../../machines/complaint.types';
import { COMPLAINT_STATUSES } from '../../src/contract/complaint-vocabulary';
import { day, USER, AGENT, OTHER_AGENT, ARBITRATOR, SWEEP } from './_complaint-actors';

const TO_REPLIED: ComplaintEvent[] = [
  { type: 'accept', actor: AGENT, at: day(0) },
  { type: 'start_investigation', actor: AGENT, at: day(0) },
  { type: 'reply', actor: AGENT, at: day(0) },
];
const TO_DISPUTED: ComplaintEvent[] = [...TO_REPLIED, { type: 'dispute', actor: USER, at: day(1) }];

/** Applies one event that must be accepted. */
function step(snapshot: ComplaintSnapshot, event: ComplaintEvent): ComplaintSnapshot {
  const decision = decide(snapshot, event);
  assert.ok(decision.ok, `${event.type} by ${event.actor.role} was refused: ${decision.ok ? '' : decision.reason}`);
  assert.equal(decision.status, decision.next.value);
  assert.equal(decision.context, decision.next.context);
  return decision.next;
}

describe('complaint machine: statuses', () => {
  it("has one state per status, spelled as stored (the contract's statuses are this list)", () => {
    assert.deepEqual(Object.keys(complaintMachine.root.states).sort(), [...COMPLAINT_STATUSES].sort());
  });

  it('starts a new complaint in submitted with the guideline settings and nothing recorded', () => {
    const snapshot = newComplaint();
    assert.equal(snapshot.value, 'submitted');
    assert.equal(snapshot.status, 'active');
    assert.deepEqual(snapshot.context, initialComplaintContext());
    assert.equal(snapshot.context.disputeWindowDays, 15);
    assert.equal(snapshot.context.autoResolveDays, 7);
    assert.equal(snapshot.context.autoCloseDays, 7);
  });

  it('takes the site settings from the input and refuses nonsense ones', () => {
    const snapshot = newComplaint({ disputeWindowDays: 30, autoResolveDays: 10 });
    assert.equal(snapshot.context.disputeWindowDays, 30);
    assert.equal(snapshot.context.autoResolveDays, 10);
    assert.equal(snapshot.context.autoCloseDays, 7);
    assert.throws(() => newComplaint({ disputeWindowDays: 0 }), RangeError);
    assert.throws(() => newComplaint({ autoResolveDays: -1 }), RangeError);
    assert.throws(() => newComplaint({ autoCloseDays: Number.NaN }), RangeError);
  });
});

describe('complaint machine: the ways through', () => {
  it('goes submitted → accepted → investigating → replied → resolved → closed, recording who replied and who resolved', () => {
    let snapshot = newComplaint();
    const seen = [snapshot.value];
    for (const event of [
      ...TO_REPLIED,
      { type: 'confirm', actor: USER, at: day(2) },
      { type: 'rate', actor: USER, at: day(2), score: 4, comment: '  quick and kind  ' },
      { type: 'close', actor: AGENT, at: day(3) },
    ] satisfies ComplaintEvent[]) {
      snapshot = step(snapshot, event);
      seen.push(snapshot.value);
    }
    assert.deepEqual(seen, ['submitted', 'accepted', 'investigating', 'replied', 'resolved', 'resolved', 'closed']);
    assert.equal(snapshot.status, 'done');
    assert.equal(snapshot.context.repliedAt, day(0));
    assert.equal(snapshot.context.repliedBy, 'a1');
    assert.equal(snapshot.context.resolvedBy, 'user');
    assert.equal(snapshot.context.resolvedAt, day(2));
    assert.deepEqual(snapshot.context.rating, { score: 4, comment: 'quick and kind', at: day(2) });
  });

  it('waits on the user and goes back to investigating when they answer (or staff resume)', () => {
    let snapshot = replayComplaint([{ type: 'accept', actor: AGENT, at: day(0) }]);
    snapshot = step(snapshot, { type: 'ask_user', actor: AGENT, at: day(0) });
    assert.equal(snapshot.value, 'awaiting_user');
    snapshot = step(snapshot, { type: 'answer', actor: USER, at: day(1) });
    assert.equal(snapshot.value, 'investigating');
    snapshot = step(snapshot, { type: 'ask_user', actor: AGENT, at: day(1) });
    snapshot = step(snapshot, { type: 'start_investigation', actor: OTHER_AGENT, at: day(2) });
    assert.equal(snapshot.value, 'investigating');
  });

  it('resolves by itself after 7 days of silence, saying so', () => {
    const snapshot = step(replayComplaint(TO_REPLIED), { type: 'system.auto_resolve', actor: SWEEP, at: day(7) });
    assert.equal(snapshot.value, 'resolved');
    assert.equal(snapshot.context.resolvedBy, 'system');
    assert.equal(snapshot.context.resolvedAt, day(7));
  });

  it('resolves when staff say so, recorded as staff', () => {
    const snapshot = step(replayComplaint(TO_REPLIED), { type: 'resolve', actor: OTHER_AGENT, at: day(1) });
    assert.equal(snapshot.context.resolvedBy, 'staff');
  });

  it('goes disputed → arbitration → ruling → resolved, then to a third party on the user’s request, and its outcome', () => {
    let snapshot = replayComplaint(TO_DISPUTED);
    assert.equal(snapshot.value, 'disputed');
    snapshot = step(snapshot, { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) });
    assert.equal(snapshot.value, 'arbitration');
    assert.equal(snapshot.context.arbitratorId, 'r1');
    snapshot = step(snapshot, {
      type: 'rule',
      actor: ARBITRATOR,
      at: day(3),
      outcome: 'upheld',
      text: '  The reply stands.  ',
    });
    assert.equal(snapshot.value, 'resolved');
    assert.equal(snapshot.context.resolvedBy, 'ruling');
    snapshot = step(snapshot, { type: 'ask_third_party', actor: USER, at: day(4) });
    assert.equal(snapshot.value, 'third_party');
    assert.equal(snapshot.context.resolvedBy, null, 'no longer resolved while the third party looks at it');
    assert.equal(snapshot.context.resolvedAt, null);
    snapshot = step(snapshot, {
      type: 'third_party_outcome',
      actor: OTHER_AGENT,
      at: day(20),
      text: 'The association finds for the user.',
    });
    assert.equal(snapshot.value, 'resolved');
    assert.deepEqual(snapshot.context.rulings, [
      { stage: 'arbitration', outcome: 'upheld', text: 'The reply stands.', by: ARBITRATOR, at: day(3) },
      {
        stage: 'third_party',
        outcome: null,
        text: 'The association finds for the user.',
        by: OTHER_AGENT,
        at: day(20),
      },
    ]);
    // Nothing is left to take further: staff may close at once.
    assert.equal(step(snapshot, { type: 'close', actor: AGENT, at: day(20) }).value, 'closed');
  });

  it('lets staff refer an arbitration to a third party', () => {
    const snapshot = step(
      replayComplaint([...TO_DISPUTED, { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) }]),
      {
        type: 'refer_third_party',
        actor: ARBITRATOR,
        at: day(3),
      },
    );
    assert.equal(snapshot.value, 'third_party');
  });

  it('lets an arbitrator rule on a dispute without a hearing', () => {
    const snapshot = step(replayComplaint(TO_DISPUTED), {
      type: 'rule',
      actor: ARBITRATOR,
      at: day(2),
      outcome: 'overturned',
      text: 'Refund the fee.',
    });
    assert.equal(snapshot.value, 'resolved');
    assert.equal(snapshot.context.rulings[0]?.stage, 'disputed');
    assert.equal(snapshot.context.rulings[0]?.outcome, 'overturned');
  });

  it('reopens a complaint resolved without the user when they dispute it in time', () => {
    let snapshot = step(replayComplaint(TO_REPLIED), { type: 'system.auto_resolve', actor: SWEEP, at: day(7) });
    snapshot = step(snapshot, { type: 'dispute', actor: USER, at: day(10) });
    assert.equal(snapshot.value, 'disputed');
    assert.equal(snapshot.context.resolvedBy, null);
  });

  it('is withdrawn by the user from every status before resolution, keeping the reason', () => {
    const routes: Record<string, ComplaintEvent[]> = {
      submitted: [],
      accepted: TO_REPLIED.slice(0, 1),
      investigating: TO_REPLIED.slice(0, 2),
      awaiting_user: [...TO_REPLIED.slice(0, 1), { type: 'ask_user', actor: AGENT, at: day(0) }],
      replied: TO_REPLIED,
      disputed: TO_DISPUTED,
      arbitration: [...TO_DISPUTED, { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) }],
      third_party: [
        ...TO_DISPUTED,
        { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) },
        { type: 'refer_third_party', actor: ARBITRATOR, at: day(2) },
      ],
    };
    for (const [status, events] of Object.entries(routes)) {
      const before = replayComplaint(events);
      assert.equal(before.value, status);
      const after = step(before, { type: 'withdraw', actor: USER, at: day(5), reason: ' solved it myself ' });
      assert.equal(after.value, 'withdrawn', status);
      assert.equal(after.status, 'done');
      assert.equal(after.context.withdrawReason, 'solved it myself');
    }
  });

  it('is rejected by staff with the reason kept, before a reply', () => {
    const routes: ComplaintEvent[][] = [
      [],
      TO_REPLIED.slice(0, 1),
      TO_REPLIED.slice(0, 2),
      [...TO_REPLIED.slice(0, 1), { type: 'ask_user', actor: AGENT, at: day(0) }],
    ];
    for (const events of routes) {
      const after = step(replayComplaint(events), {
        type: 'reject',
        actor: AGENT,
        at: day(1),
        reason: '  outside our service scope ',
      });
      assert.equal(after.value, 'rejected');
      assert.equal(after.context.rejectReason, 'outside our service scope');
    }
  });

  it('takes messages without changing the status, and a user message restarts the silence before auto-resolution', () => {
    let snapshot = replayComplaint(TO_REPLIED);
    snapshot = step(snapshot, { type: 'message', actor: USER, at: day(3) });
    snapshot = step(snapshot, { type: 'message', actor: ARBITRATOR, at: day(4) });
    assert.equal(snapshot.value, 'replied');
    assert.equal(snapshot.context.lastUserMessageAt, day(3));
    assert.equal(snapshot.context.lastStaffMessageAt, day(4));
    assert.equal(decide(snapshot, { type: 'system.auto_resolve', actor: SWEEP, at: day(9) }).ok, false);
    assert.equal(decide(snapshot, { type: 'system.auto_resolve', actor: SWEEP, at: day(10) }).ok, true);
  });
});

describe('complaint machine: restoring a stored complaint', () => {
  it('restores every status from JSON and decides as the original does', () => {
    const original = replayComplaint(TO_DISPUTED);
    const row = JSON.parse(JSON.stringify({ status: original.value, context: original.context })) as {
      status: 'disputed';
      context: ComplaintContext;
    };
    const restored = restoreComplaint(row.status, row.context);
    assert.equal(restored.value, 'disputed');
    assert.deepEqual(restored.context, original.context);
    const event: ComplaintEvent = { type: 'start_arbitration', actor: ARBITRATOR, at: day(2) };
    assert.deepEqual(decide(restored, event), decide(original, event));
    for (const status of COMPLAINT_STATUSES) {
      const snapshot = restoreComplaint(status, initialComplaintContext());
      assert.equal(snapshot.value, status);
      assert.equal(snapshot.status, ['closed', 'withdrawn', 'rejected'].includes(status) ? 'done' : 'active', status);
    }
  });

  it('fills fields a row from an earlier version lacks, and refuses an unknown status', () => {
    const { lastStaffMessageAt: _dropped, ...older } = initialComplaintContext({ disputeWindowDays: 20 });
    const restored = restoreComplaint('replied', older as ComplaintContext);
    assert.equal(restored.context.lastStaffMessageAt, null);
    assert.equal(restored.context.disputeWindowDays, 20);
    assert.throws(() => restoreComplaint('lost' as 'submitted', initialComplaintContext()), RangeError);
  });

  it('replays a history and names the event a broken one stops at', () => {
    const broken: ComplaintEvent[] = [...TO_REPLIED, { type: 'dispute', actor: USER, at: day(16) }];
    assert.throws(
      () => replayComplaint(broken),
      (error: unknown) =>
        error instanceof ComplaintRefusedError &&
        error.event.type === 'dispute' &&
        error.refusal.reason === 'window_closed',
    );
  });
});
