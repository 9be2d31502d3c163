/**
 * allowedActions: what the tracker (and the staff API) offers an actor, and
 * that it is exactly what `decide` would accept at that moment, in every
 * state the lifecycle can reach.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getShortestPaths } from 'xstate/graph';
import {
  allowedActions,
  complaintMachine,
  decide,
  replayComplaint,
  restoreComplaint,
} from '../../machines/complaint.machine';
import type { ComplaintEvent } from '../../machines/complaint.types';
import { COMPLAINT_EVENT_TYPES, type ComplaintEventType } from '../../src/contract/complaint-vocabulary';
import { day, USER, AGENT, OTHER_AGENT, ARBITRATOR, ADMIN, SWEEP } from './_complaint-actors';

const TO_ACCEPTED: ComplaintEvent[] = [{ type: 'accept', actor: AGENT, at: day(0) }];
const TO_AWAITING_USER: ComplaintEvent[] = [...TO_ACCEPTED, { type: 'ask_user', actor: AGENT, at: day(0) }];
const TO_REPLIED: ComplaintEvent[] = [
  ...TO_ACCEPTED,
  { type: 'start_investigation', actor: AGENT, at: day(0) },
  { type: 'reply', actor: AGENT, at: day(0) },
];
const TO_DISPUTED: ComplaintEvent[] = [...TO_REPLIED, { type: 'dispute', actor: USER, at: day(1) }];
const TO_CONFIRMED: ComplaintEvent[] = [...TO_REPLIED, { type: 'confirm', actor: USER, at: day(1) }];

describe('allowedActions', () => {
  it('offers the user and an agent what each may do in a new complaint', () => {
    const submitted = replayComplaint([]);
    assert.deepEqual(allowedActions(submitted, USER, day(0)), ['withdraw', 'message']);
    assert.deepEqual(allowedActions(submitted, AGENT, day(0)), ['accept', 'reject', 'message']);
    assert.deepEqual(allowedActions(submitted, ARBITRATOR, day(0)), ['message']);
    assert.deepEqual(allowedActions(submitted, SWEEP, day(0)), []);
  });

  it('offers the answer to the user while staff wait on them', () => {
    const waiting = replayComplaint(TO_AWAITING_USER);
    assert.deepEqual(allowedActions(waiting, USER, day(1)), ['answer', 'withdraw', 'message']);
    assert.deepEqual(allowedActions(waiting, AGENT, day(1)), ['start_investigation', 'reject', 'message']);
  });

  it('offers a dispute only inside the window after the reply, and the sweep only what is due', () => {
    const replied = replayComplaint(TO_REPLIED);
    assert.deepEqual(allowedActions(replied, USER, day(1)), ['confirm', 'dispute', 'withdraw', 'message']);
    assert.deepEqual(allowedActions(replied, USER, day(16)), ['confirm', 'withdraw', 'message']);
    assert.deepEqual(allowedActions(replied, AGENT, day(1)), ['resolve', 'message']);
    assert.deepEqual(allowedActions(replied, SWEEP, day(6)), []);
    assert.deepEqual(allowedActions(replied, SWEEP, day(7)), ['system.auto_resolve']);
  });

  it('offers arbitration to an arbitrator, but not to the agent who replied', () => {
    const disputed = replayComplaint(TO_DISPUTED);
    assert.deepEqual(allowedActions(disputed, ARBITRATOR, day(2)), ['start_arbitration', 'rule', 'message']);
    assert.deepEqual(allowedActions(disputed, ADMIN, day(2)), ['start_arbitration', 'rule', 'message']);
    assert.deepEqual(allowedActions(disputed, AGENT, day(2)), ['message']);
    assert.deepEqual(allowedActions(disputed, USER, day(2)), ['withdraw', 'message']);
  });

  it('offers the rating once, and closing to staff', () => {
    const resolved = replayComplaint(TO_CONFIRMED);
    assert.deepEqual(allowedActions(resolved, USER, day(2)), ['rate', 'message']);
    assert.deepEqual(allowedActions(resolved, AGENT, day(2)), ['close', 'message']);
    const rated = replayComplaint([...TO_CONFIRMED, { type: 'rate', actor: USER, at: day(2), score: 5 }]);
    assert.deepEqual(allowedActions(rated, USER, day(2)), ['message']);
  });

  it('offers the way to a third party after a ruling, and nothing once closed', () => {
    const ruled = replayComplaint([
      ...TO_DISPUTED,
      { type: 'rule', actor: ARBITRATOR, at: day(2), outcome: 'upheld', text: 'The reply stands.' },
    ]);
    assert.deepEqual(allowedActions(ruled, USER, day(3)), ['ask_third_party', 'rate', 'message']);
    assert.deepEqual(allowedActions(ruled, OTHER_AGENT, day(3)), ['message']);
    const closed = replayComplaint([...TO_CONFIRMED, { type: 'close', actor: AGENT, at: day(1) }]);
    for (const actor of [USER, AGENT, ARBITRATOR, ADMIN, SWEEP])
      assert.deepEqual(allowedActions(closed, actor, day(3)), []);
  });

  it('agrees with decide for every actor in every reachable state, also after a restore from JSON', () => {
    const actors = [USER, AGENT, OTHER_AGENT, ARBITRATOR, ADMIN, SWEEP];
    const probes: ComplaintEvent[] = COMPLAINT_EVENT_TYPES.flatMap((type) =>
      actors.map((actor): ComplaintEvent => {
        const at = day(type === 'system.auto_resolve' ? 8 : type === 'system.auto_close' ? 40 : 1);
        if (type === 'reject') return { type, actor, at, reason: 'r' };
        if (type === 'rule') return { type, actor, at, outcome: 'partly_upheld', text: 't' };
        if (type === 'third_party_outcome') return { type, actor, at, text: 't' };
        if (type === 'rate') return { type, actor, at, score: 2 };
        return { type, actor, at };
      }),
    );
    const paths = getShortestPaths(complaintMachine, {
      events: probes,
      serializeState: (s) =>
        JSON.stringify([
          s.value,
          s.context.resolvedBy,
          s.context.rating !== null,
          s.context.rulings.length,
          s.context.repliedBy,
        ]),
      // A lifecycle that grows without end fails here rather than hanging the run.
      limit: 30_000,
    });
    assert.ok(paths.length > 20);
    for (const { state } of paths) {
      const restored = restoreComplaint(state.value, JSON.parse(JSON.stringify(state.context)) as typeof state.context);
      for (const actor of actors) {
        for (const at of [day(1), day(9), day(40)]) {
          const offered = allowedActions(restored, actor, at);
          const accepted: ComplaintEventType[] = COMPLAINT_EVENT_TYPES.filter((type) => {
            const probe = probes.find((event) => event.type === type && event.actor === actor);
            return probe !== undefined && decide(restored, { ...probe, at }).ok;
          });
          assert.deepEqual(offered, accepted, `${state.value} for ${actor.role} ${actor.id} at ${at}`);
        }
      }
    }
  });
});
