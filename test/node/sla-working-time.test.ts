/** Working-time arithmetic: the guideline's worked examples, edges of the business day, other time zones, unknown years. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addWorkingTime,
  createWorkingCalendar,
  createWorkingSchedule,
  readClock,
  subtractWorkingTime,
  workingTimeBetween,
  type WorkingScheduleOptions,
} from '../../src/sla/index';

const HOUR = 3_600_000;
const THREE_WORKING_DAYS = 27 * HOUR;

/** An instant given as Asia/Shanghai wall time, 'YYYY-MM-DD HH:MM'. */
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);

const silent = () => {};
const schedule = (options: Partial<WorkingScheduleOptions> = {}) =>
  createWorkingSchedule({ calendar: createWorkingCalendar({ logger: silent }), ...options });

describe('worked examples (chinese-days 1.5.7, 09:00–18:00 Asia/Shanghai, 3 working days)', () => {
  const site = schedule();

  test('received Wed 2026-09-30 10:00 → due Sat 2026-10-10 10:00, a make-up day', () => {
    const { due, estimated } = addWorkingTime(shanghai('2026-09-30 10:00'), THREE_WORKING_DAYS, site);
    assert.equal(due.toISOString(), shanghai('2026-10-10 10:00').toISOString());
    assert.equal(estimated, false);
  });

  test('received Sat 2026-02-14 15:00, a make-up day → due Thu 2026-02-26 15:00', () => {
    const { due } = addWorkingTime(shanghai('2026-02-14 15:00'), THREE_WORKING_DAYS, site);
    assert.equal(due.toISOString(), shanghai('2026-02-26 15:00').toISOString());
  });

  test('received on holiday Sat 2026-10-03 11:00 → due Sat 2026-10-10 18:00', () => {
    const { due } = addWorkingTime(shanghai('2026-10-03 11:00'), THREE_WORKING_DAYS, site);
    assert.equal(due.toISOString(), shanghai('2026-10-10 18:00').toISOString());
  });

  test('received Mon 2026-09-28 09:00, awaiting the user Tue 09-29 09:00 – Thu 10-08 14:00 → due Sat 2026-10-10 14:00', () => {
    const reading = readClock(
      {
        start: shanghai('2026-09-28 09:00'),
        durationMs: THREE_WORKING_DAYS,
        measure: 'working',
        pauses: [{ from: shanghai('2026-09-29 09:00'), to: shanghai('2026-10-08 14:00') }],
        now: shanghai('2026-10-09 09:00'),
      },
      site,
    );
    assert.equal(reading.due?.toISOString(), shanghai('2026-10-10 14:00').toISOString());
    assert.equal(reading.paused, false);
    assert.equal(reading.msLeft, 14 * HOUR, 'Fri 09:00–18:00 and Sat 09:00–14:00 left');
    assert.equal(reading.estimated, false);
  });
});

describe('edges of the business day', () => {
  const site = schedule();

  test('a start after closing counts from the next opening', () => {
    const { due } = addWorkingTime(shanghai('2026-06-01 20:30'), 2 * HOUR, site);
    assert.equal(due.toISOString(), shanghai('2026-06-02 11:00').toISOString());
  });

  test('a start before opening counts from that morning', () => {
    const { due } = addWorkingTime(shanghai('2026-06-02 06:00'), 2 * HOUR, site);
    assert.equal(due.toISOString(), shanghai('2026-06-02 11:00').toISOString());
  });

  test('a due instant exactly at closing stays at 18:00, not the next morning', () => {
    const { due } = addWorkingTime(shanghai('2026-06-02 09:00'), 9 * HOUR, site);
    assert.equal(due.toISOString(), shanghai('2026-06-02 18:00').toISOString());
    const fromAfternoon = addWorkingTime(shanghai('2026-06-02 15:00'), 3 * HOUR, site);
    assert.equal(fromAfternoon.due.toISOString(), shanghai('2026-06-02 18:00').toISOString());
  });

  test('one millisecond past a full day rolls to the next opening', () => {
    const { due } = addWorkingTime(shanghai('2026-06-02 09:00'), 9 * HOUR + 1, site);
    assert.equal(due.getTime(), shanghai('2026-06-03 09:00').getTime() + 1);
  });

  test('a Friday-afternoon start skips the weekend', () => {
    const { due } = addWorkingTime(shanghai('2026-06-05 17:00'), 2 * HOUR, site);
    assert.equal(due.toISOString(), shanghai('2026-06-08 10:00').toISOString());
  });

  test('zero working time is due at once; negative is refused', () => {
    const start = shanghai('2026-06-06 12:00');
    assert.equal(addWorkingTime(start, 0, site).due.getTime(), start.getTime());
    assert.throws(() => addWorkingTime(start, -1, site), RangeError);
  });
});

describe('workingTimeBetween', () => {
  const site = schedule();

  test('counts only business hours on working days', () => {
    const { ms, estimated } = workingTimeBetween(shanghai('2026-09-30 10:00'), shanghai('2026-10-10 10:00'), site);
    assert.equal(ms, THREE_WORKING_DAYS);
    assert.equal(estimated, false);
    assert.equal(workingTimeBetween(shanghai('2026-10-03 08:00'), shanghai('2026-10-05 20:00'), site).ms, 0, 'holiday');
  });

  test('is negative when the second instant is earlier: "overdue by"', () => {
    const due = shanghai('2026-06-02 18:00');
    assert.equal(workingTimeBetween(shanghai('2026-06-03 10:30'), due, site).ms, -1.5 * HOUR);
    assert.equal(
      workingTimeBetween(shanghai('2026-06-06 10:00'), shanghai('2026-06-05 18:00'), site).ms,
      0,
      'missed on Friday evening, read on Saturday',
    );
  });

  test('inverts addWorkingTime', () => {
    for (const start of ['2026-01-30 16:20', '2026-04-30 11:00', '2026-12-31 17:59']) {
      const { due } = addWorkingTime(shanghai(start), 31 * HOUR + 17_000, site);
      assert.equal(workingTimeBetween(shanghai(start), due, site).ms, 31 * HOUR + 17_000, start);
    }
  });
});

describe('other time zones', () => {
  test('business hours follow the site zone: 09:00–18:00 Europe/Berlin across both summer-time changes', () => {
    const berlin = schedule({ timeZone: 'Europe/Berlin' });
    // Fri 17:00 CET + 2 h → Mon 10:00 CEST (clocks go forward on Sunday 2026-03-29).
    const spring = addWorkingTime(new Date('2026-03-27T17:00:00+01:00'), 2 * HOUR, berlin);
    assert.equal(spring.due.toISOString(), new Date('2026-03-30T10:00:00+02:00').toISOString());
    // Fri 17:00 CEST + 2 h → Mon 10:00 CET (clocks go back on Sunday 2026-10-25).
    const autumn = addWorkingTime(new Date('2026-10-23T17:00:00+02:00'), 2 * HOUR, berlin);
    assert.equal(autumn.due.toISOString(), new Date('2026-10-26T10:00:00+01:00').toISOString());
    assert.equal(
      workingTimeBetween(new Date('2026-03-27T00:00:00+01:00'), new Date('2026-03-31T00:00:00+02:00'), berlin).ms,
      18 * HOUR,
    );
  });

  test('the same instant gives a different due in New York than in Shanghai', () => {
    const start = new Date('2026-06-02T01:00:00Z'); // Shanghai Tue 09:00; New York Mon 21:00
    const newYork = addWorkingTime(start, HOUR, schedule({ timeZone: 'America/New_York' }));
    assert.equal(newYork.due.toISOString(), new Date('2026-06-02T10:00:00-04:00').toISOString());
    assert.equal(addWorkingTime(start, HOUR, schedule()).due.toISOString(), shanghai('2026-06-02 10:00').toISOString());
  });

  test('a business hour skipped or repeated by a clock change is resolved like Temporal "compatible"', () => {
    // Both Sundays are made working days so the clock changes fall inside business hours 02:30–18:00.
    const calendar = createWorkingCalendar({
      overrides: { years: { '2026': { workdays: ['2026-03-29', '2026-10-25'] } } },
    });
    const berlin = createWorkingSchedule({
      calendar,
      timeZone: 'Europe/Berlin',
      businessHours: { start: '02:30', end: '18:00' },
    });
    // 02:30 does not exist on 03-29: opening moves to 03:30 CEST, leaving 14.5 h.
    assert.equal(
      workingTimeBetween(new Date('2026-03-29T00:00:00+01:00'), new Date('2026-03-30T00:00:00+02:00'), berlin).ms,
      14.5 * HOUR,
    );
    // 02:30 happens twice on 10-25: the first (CEST) opens, leaving 16.5 h.
    assert.equal(
      workingTimeBetween(new Date('2026-10-25T00:00:00+02:00'), new Date('2026-10-26T00:00:00+01:00'), berlin).ms,
      16.5 * HOUR,
    );
  });

  test('custom business hours set the length of a working day', () => {
    const site = schedule({ businessHours: { start: '08:30', end: '12:00' } });
    assert.equal(site.businessDayMs, 3.5 * HOUR);
    const { due } = addWorkingTime(shanghai('2026-06-02 11:00'), site.businessDayMs, site);
    assert.equal(due.toISOString(), shanghai('2026-06-03 11:00').toISOString());
  });

  test('an unknown zone or inverted hours are refused', () => {
    assert.throws(() => schedule({ timeZone: 'Asia/Beijing' }), /unknown time zone/);
    assert.throws(() => schedule({ businessHours: { start: '18:00', end: '09:00' } }), /not after start/);
  });
});

describe('years no calendar covers', () => {
  test('a result that touched an unknown year is estimated, and it warns once across calls', () => {
    const messages: string[] = [];
    const site = createWorkingSchedule({ calendar: createWorkingCalendar({ logger: (m) => messages.push(m) }) });
    const first = addWorkingTime(shanghai('2027-03-01 10:00'), THREE_WORKING_DAYS, site);
    assert.equal(first.estimated, true);
    assert.equal(first.due.toISOString(), shanghai('2027-03-04 10:00').toISOString(), 'Monday–Friday assumed');
    assert.equal(workingTimeBetween(shanghai('2027-03-01 10:00'), shanghai('2027-03-02 10:00'), site).estimated, true);
    assert.equal(addWorkingTime(shanghai('2027-06-01 10:00'), HOUR, site).estimated, true);
    assert.equal(messages.length, 1, messages.join('\n'));
  });

  test('a deadline that crosses from a known into an unknown year is estimated; one that stays in the known year is not', () => {
    const site = schedule();
    assert.equal(addWorkingTime(shanghai('2026-12-30 10:00'), THREE_WORKING_DAYS, site).estimated, true);
    assert.equal(addWorkingTime(shanghai('2026-12-28 10:00'), THREE_WORKING_DAYS, site).estimated, false);
  });

  test('with a site calendar for the year, not estimated', () => {
    const calendar = createWorkingCalendar({
      logger: () => assert.fail('a covered year may not warn'),
      overrides: { years: { '2027': { holidays: ['2027-03-02'] } } },
    });
    const site = createWorkingSchedule({ calendar });
    const { due, estimated } = addWorkingTime(shanghai('2027-03-01 10:00'), THREE_WORKING_DAYS, site);
    assert.equal(estimated, false);
    assert.equal(
      due.toISOString(),
      shanghai('2027-03-05 10:00').toISOString(),
      'the site holiday on Tuesday is skipped',
    );
  });
});

describe('working time before an instant (what "due soon" is measured from)', () => {
  const site = schedule();
  const before = (wall: string, ms: number) => subtractWorkingTime(shanghai(wall), ms, site).at.toISOString();

  test('inside one working day, two hours back is two hours back', () => {
    assert.equal(before('2026-06-03 15:00', 2 * HOUR), shanghai('2026-06-03 13:00').toISOString());
  });

  test('across a night and a weekend: the time off counts nothing', () => {
    assert.equal(
      before('2026-06-08 10:00', 2 * HOUR),
      shanghai('2026-06-05 17:00').toISOString(),
      'Monday 10:00 → Friday 17:00',
    );
    assert.equal(
      before('2026-06-08 11:00', 2 * HOUR),
      shanghai('2026-06-08 09:00').toISOString(),
      'exactly at the opening: the latest instant with two hours left',
    );
    assert.equal(
      before('2026-06-07 03:00', 2 * HOUR),
      shanghai('2026-06-05 16:00').toISOString(),
      'an elapsed deadline on a Sunday night: two working hours before it are on Friday',
    );
  });

  test('over the National Day holiday, to the last working day before it', () => {
    assert.equal(before('2026-10-08 10:00', 2 * HOUR), shanghai('2026-09-30 17:00').toISOString());
  });

  test('the inverse of adding: working time between the two is what was subtracted', () => {
    for (const wall of ['2026-06-08 10:00', '2026-10-09 09:30', '2026-02-14 15:00', '2026-06-06 12:00']) {
      const end = shanghai(wall);
      const { at } = subtractWorkingTime(end, 2 * HOUR, site);
      assert.equal(workingTimeBetween(at, end, site).ms, 2 * HOUR, wall);
    }
  });

  test('nothing to subtract is the instant itself; a negative amount is refused', () => {
    assert.equal(before('2026-06-03 15:00', 0), shanghai('2026-06-03 15:00').toISOString());
    assert.throws(() => subtractWorkingTime(shanghai('2026-06-03 15:00'), -1, site), RangeError);
  });
});

describe('several periods a day: a lunch break 12:00–13:30', () => {
  const lunch = [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ];
  const site = schedule({ businessHours: lunch });
  const due = (wall: string, ms: number) => addWorkingTime(shanghai(wall), ms, site).due.toISOString();
  const before = (wall: string, ms: number) => subtractWorkingTime(shanghai(wall), ms, site).at.toISOString();
  const between = (a: string, b: string) => workingTimeBetween(shanghai(a), shanghai(b), site).ms;

  test('one working day is the periods added up: 7.5 h', () => {
    assert.equal(site.businessDayMs, 7.5 * HOUR);
    assert.deepEqual(site.businessHours, lunch);
    assert.equal(due('2026-06-02 11:00', site.businessDayMs), shanghai('2026-06-03 11:00').toISOString());
  });

  test('a deadline across the break skips it', () => {
    assert.equal(due('2026-06-02 11:00', 2 * HOUR), shanghai('2026-06-02 14:30').toISOString());
    assert.equal(
      due('2026-09-30 10:00', 3 * site.businessDayMs),
      shanghai('2026-10-10 10:00').toISOString(),
      'three working days over the National Day holiday, to the make-up Saturday',
    );
  });

  test('a start inside the break counts from 13:30', () => {
    assert.equal(due('2026-06-02 12:30', HOUR), shanghai('2026-06-02 14:30').toISOString());
    assert.equal(due('2026-06-02 12:00', HOUR), shanghai('2026-06-02 14:30').toISOString());
  });

  test('a due instant exactly at the start of the break stays at 12:00', () => {
    assert.equal(due('2026-06-02 11:00', HOUR), shanghai('2026-06-02 12:00').toISOString());
  });

  test('subtracting across the break skips it', () => {
    assert.equal(before('2026-06-02 14:00', HOUR), shanghai('2026-06-02 11:30').toISOString());
    assert.equal(before('2026-06-02 13:00', HOUR), shanghai('2026-06-02 11:00').toISOString(), 'from inside the break');
    assert.equal(
      before('2026-06-02 14:00', 0.5 * HOUR),
      shanghai('2026-06-02 13:30').toISOString(),
      'exactly the afternoon so far: the latest instant with that much left is 13:30',
    );
    assert.equal(
      before('2026-06-02 10:00', 2 * HOUR),
      shanghai('2026-06-01 17:00').toISOString(),
      'into the day before',
    );
  });

  test('working time between two instants leaves the break out', () => {
    assert.equal(between('2026-06-02 11:00', '2026-06-02 14:00'), 1.5 * HOUR);
    assert.equal(between('2026-06-02 12:10', '2026-06-02 13:20'), 0);
    assert.equal(between('2026-06-02 11:00', '2026-06-03 10:00'), 6.5 * HOUR);
    assert.equal(between('2026-06-02 14:00', '2026-06-02 11:00'), -1.5 * HOUR, 'overdue by');
  });

  test('on random instants: between is the morning and the afternoon counted apart, and inverts adding and subtracting', () => {
    const morning = schedule({ businessHours: lunch[0] });
    const afternoon = schedule({ businessHours: [lunch[1]!] });
    // A fixed-seed generator (mulberry32), so a failure names a case that can be run again.
    let state = 20260602;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const from = shanghai('2026-01-01 00:00').getTime();
    for (let i = 0; i < 500; i++) {
      const a = new Date(from + Math.floor(next() * 340 * 24 * HOUR));
      const b = new Date(a.getTime() + Math.floor(next() * 20 * 24 * HOUR));
      const ms = workingTimeBetween(a, b, site).ms;
      assert.equal(ms, workingTimeBetween(a, b, morning).ms + workingTimeBetween(a, b, afternoon).ms, a.toISOString());
      const amount = Math.floor(next() * 30 * HOUR) + 1;
      assert.equal(workingTimeBetween(a, addWorkingTime(a, amount, site).due, site).ms, amount, a.toISOString());
      assert.equal(workingTimeBetween(subtractWorkingTime(b, amount, site).at, b, site).ms, amount, b.toISOString());
    }
  });

  test('periods that touch count as one; the old one-object shape is the same as a list of one', () => {
    const touching = schedule({
      businessHours: [
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '18:00' },
      ],
    });
    const one = schedule({ businessHours: { start: '09:00', end: '18:00' } });
    for (const site of [touching, one]) {
      assert.equal(site.businessDayMs, 9 * HOUR);
      assert.equal(
        addWorkingTime(shanghai('2026-09-30 10:00'), THREE_WORKING_DAYS, site).due.toISOString(),
        shanghai('2026-10-10 10:00').toISOString(),
      );
    }
  });

  test('a period a clock change skips counts nothing and leaves the next one whole', () => {
    const calendar = createWorkingCalendar({ overrides: { years: { '2026': { workdays: ['2026-03-29'] } } } });
    const berlin = createWorkingSchedule({
      calendar,
      timeZone: 'Europe/Berlin',
      businessHours: [
        { start: '02:30', end: '03:00' },
        { start: '03:10', end: '18:00' },
      ],
    });
    // 02:00–03:00 does not exist on 03-29; 03:10–18:00 CEST is 14 h 50 min.
    assert.equal(
      workingTimeBetween(new Date('2026-03-29T00:00:00+01:00'), new Date('2026-03-30T00:00:00+02:00'), berlin).ms,
      14 * HOUR + 50 * 60_000,
    );
  });

  test('periods out of order, overlapping or none at all are refused', () => {
    assert.throws(() => schedule({ businessHours: [lunch[1]!, lunch[0]!] }), /not in order or overlap/);
    assert.throws(
      () =>
        schedule({
          businessHours: [
            { start: '09:00', end: '12:30' },
            { start: '12:00', end: '18:00' },
          ],
        }),
      /not in order or overlap/,
    );
    assert.throws(() => schedule({ businessHours: [] }), /at least one period/);
    assert.throws(() => schedule({ businessHours: [{ start: '13:30', end: '12:00' }] }), /not after start/);
  });
});
