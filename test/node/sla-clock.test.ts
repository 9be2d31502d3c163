/** Pausable deadline clocks: waiting on the user stops them, in working and in elapsed time. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWorkingCalendar, createWorkingSchedule, readClock, type ClockInput } from '../../src/sla/index';

const HOUR = 3_600_000;
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);
const site = createWorkingSchedule({ calendar: createWorkingCalendar({ logger: () => {} }) });
const read = (input: Partial<ClockInput> & Pick<ClockInput, 'now'>) =>
  readClock({ start: shanghai('2026-06-01 09:00'), durationMs: 27 * HOUR, measure: 'working', ...input }, site);

describe('working-time clock', () => {
  test('without pauses: due after the budget, time left shrinks only in business hours', () => {
    const monday = read({ now: shanghai('2026-06-01 12:00') });
    assert.equal(monday.due?.toISOString(), shanghai('2026-06-03 18:00').toISOString());
    assert.equal(monday.msLeft, 24 * HOUR);
    assert.equal(read({ now: shanghai('2026-06-01 23:00') }).msLeft, 18 * HOUR, 'the night does not count');
  });

  test('while paused (open pause) the due instant is unknown and time left is frozen', () => {
    const pauses = [{ from: shanghai('2026-06-02 10:00'), to: null }];
    const early = read({ pauses, now: shanghai('2026-06-02 15:00') });
    const later = read({ pauses, now: shanghai('2026-06-20 15:00') });
    assert.equal(early.due, null);
    assert.equal(early.paused, true);
    assert.equal(early.msLeft, 17 * HOUR, 'Monday 9 h and Tuesday 1 h were used');
    assert.equal(later.msLeft, 17 * HOUR);
  });

  test('after the user answers, the deadline moves out by the working time spent waiting', () => {
    const reading = read({
      pauses: [{ from: shanghai('2026-06-02 10:00'), to: shanghai('2026-06-03 10:00') }],
      now: shanghai('2026-06-03 10:00'),
    });
    assert.equal(reading.due?.toISOString(), shanghai('2026-06-04 18:00').toISOString(), 'one working day later');
    assert.equal(reading.paused, false);
    assert.equal(reading.msLeft, 17 * HOUR);
  });

  test('overlapping and unsorted pauses count once; parts before the start are ignored', () => {
    const pauses = [
      { from: shanghai('2026-06-02 14:00'), to: shanghai('2026-06-02 16:00') },
      { from: shanghai('2026-05-20 09:00'), to: shanghai('2026-06-01 10:00') },
      { from: shanghai('2026-06-02 13:00'), to: shanghai('2026-06-02 15:00') },
    ];
    const reading = read({ pauses, now: shanghai('2026-06-05 09:00') });
    // 1 h before the start lost + 3 h on Tuesday = 4 working hours later than 06-03 18:00.
    assert.equal(reading.due?.toISOString(), shanghai('2026-06-04 13:00').toISOString());
  });

  test('a pause that starts after the deadline passed does not move it; overdue is counted in working time', () => {
    const reading = read({
      pauses: [{ from: shanghai('2026-06-04 11:00'), to: null }],
      now: shanghai('2026-06-05 12:00'),
    });
    assert.equal(reading.due?.toISOString(), shanghai('2026-06-03 18:00').toISOString());
    assert.equal(reading.paused, true);
    assert.equal(reading.msLeft, -2 * HOUR, 'overdue Thursday 09:00–11:00, then paused');
  });

  test('a pause that ends before it starts is refused', () => {
    assert.throws(
      () =>
        read({
          pauses: [{ from: shanghai('2026-06-02 10:00'), to: shanghai('2026-06-02 09:00') }],
          now: shanghai('2026-06-02 12:00'),
        }),
      RangeError,
    );
  });
});

describe('elapsed-time clock', () => {
  test('"24 h" counts nights, weekends and holidays, but pauses still stop it', () => {
    const start = shanghai('2026-09-30 20:00');
    const plain = readClock(
      { start, durationMs: 24 * HOUR, measure: 'elapsed', now: shanghai('2026-10-01 08:00') },
      site,
    );
    assert.equal(plain.due?.toISOString(), shanghai('2026-10-01 20:00').toISOString());
    assert.equal(plain.msLeft, 12 * HOUR);
    assert.equal(plain.estimated, false);

    const paused = readClock(
      {
        start,
        durationMs: 24 * HOUR,
        measure: 'elapsed',
        pauses: [{ from: shanghai('2026-10-01 00:00'), to: shanghai('2026-10-01 05:30') }],
        now: shanghai('2026-10-02 00:00'),
      },
      site,
    );
    assert.equal(paused.due?.toISOString(), shanghai('2026-10-02 01:30').toISOString());
    assert.equal(paused.msLeft, 1.5 * HOUR);
  });

  test('past due, time left goes negative', () => {
    const reading = readClock(
      {
        start: shanghai('2026-06-01 09:00'),
        durationMs: 30_000,
        measure: 'elapsed',
        now: shanghai('2026-06-01 09:01'),
      },
      site,
    );
    assert.equal(reading.msLeft, -30_000);
  });
});
