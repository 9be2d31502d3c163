/**
 * Deadlines carried forward (advanceDeadlines): a reading at one instant,
 * moved to a later one, is the reading a full count from receipt gives
 * there, for every kind of clock: working and elapsed, paused, resumed,
 * met, overdue, across weekends, holidays, make-up days and years the
 * official calendar does not cover (estimated).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  advanceDeadlines,
  computeDeadlines,
  createSiteSla,
  type DeadlineInput,
  type SlaPolicy,
} from '../../src/sla/index';
import type { SlaClockRule } from '../../src/sla/schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);
const { schedule } = createSiteSla({}, { logger: () => {} });

/** A fixed-seed generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULES: Array<SlaClockRule | null> = [
  null,
  { workingDays: 3 },
  { workingDays: 0.5 },
  { workingHours: 2 },
  { elapsedHours: 24 },
  { elapsedSeconds: 30 },
];

describe('deadlines carried forward', () => {
  test('are the reading a full count gives at the later instant', () => {
    const next = random(20261206);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    // From the first covered years to a year no official calendar covers yet (estimated).
    const first = Date.parse('2024-12-20T00:00:00Z');
    const span = Date.parse('2028-03-01T00:00:00Z') - first;
    let carried = 0;
    for (let i = 0; i < 3000; i++) {
      const policy: SlaPolicy = { acknowledgement: pick(RULES), firstReply: pick(RULES), solution: pick(RULES) };
      const received = first + Math.floor(next() * span);
      // Status changes after receipt: pauses (the last maybe still open), a first reply, a solution.
      const changes = Array.from(
        { length: Math.floor(next() * 5) },
        () => received + Math.floor(next() * 20 * DAY),
      ).sort((x, y) => x - y);
      const pauses: NonNullable<DeadlineInput['pauses']>[number][] = [];
      for (let c = 0; c + 1 < changes.length; c += 2)
        pauses.push({ from: new Date(changes[c]!), to: new Date(changes[c + 1]!) });
      if (changes.length % 2 === 1 && next() < 0.7) pauses.push({ from: new Date(changes.at(-1)!), to: null });
      const lastChange = changes.at(-1) ?? received;
      const metAt = {
        firstReply: next() < 0.3 ? new Date(received + Math.floor(next() * (lastChange - received + 1))) : null,
        solution: next() < 0.15 ? new Date(lastChange) : null,
      };
      // Read first after the last change (as a list reads a stored row), then again up to 12 days later.
      const from = new Date(lastChange + Math.floor(next() * 10 * DAY));
      const to = new Date(
        from.getTime() + (next() < 0.5 ? Math.floor(next() * 2 * HOUR) : Math.floor(next() * 12 * DAY)),
      );
      const input = { receivedAt: new Date(received), pauses, metAt };
      const before = computeDeadlines({ ...input, now: from }, policy, schedule);
      const stopped = pauses.some((p) => p.to === null);
      const expected = computeDeadlines({ ...input, now: to }, policy, schedule);
      const actual = advanceDeadlines(before, from, to, stopped, schedule);
      assert.deepEqual(
        actual,
        expected,
        `case ${i}: received ${new Date(received).toISOString()}, read at ${from.toISOString()} then ${to.toISOString()}, ${JSON.stringify({ policy, pauses, metAt })}`,
      );
      if (actual.some((d, k) => d.msLeft !== before[k]!.msLeft)) carried++;
    }
    assert.ok(carried > 1000, `most cases moved (${carried})`);
  });

  test('over a weekend and a holiday only business hours come off, and the due instant passing makes it overdue', () => {
    const policy: SlaPolicy = { acknowledgement: null, firstReply: { workingDays: 3 }, solution: null };
    // Received Wednesday 30 September 2026 10:00: the National Day holiday runs 1–7 October, with make-up days around it.
    const input = { receivedAt: shanghai('2026-09-30 10:00'), pauses: [], metAt: {} };
    const from = shanghai('2026-09-30 17:00');
    const [before] = computeDeadlines({ ...input, now: from }, policy, schedule);
    for (const later of ['2026-10-04 12:00', '2026-10-09 10:00', '2026-10-13 18:30']) {
      const to = shanghai(later);
      const [carriedForward] = advanceDeadlines([before!], from, to, false, schedule);
      assert.deepEqual(carriedForward, computeDeadlines({ ...input, now: to }, policy, schedule)[0], later);
    }
    const due = new Date(before!.due!);
    const [atDue] = advanceDeadlines([before!], from, due, false, schedule);
    assert.equal(atDue!.status, 'running', 'at the due instant itself it is not late yet');
    assert.equal(atDue!.msLeft, 0);
    const [overdue] = advanceDeadlines([before!], from, new Date(due.getTime() + 1), false, schedule);
    assert.equal(overdue!.status, 'overdue');
  });

  test('refuses to go back in time', () => {
    assert.throws(() => advanceDeadlines([], new Date(2000), new Date(1000), false, schedule), RangeError);
  });
});
