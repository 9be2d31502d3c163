/** The working-day calendar: the official data read right in any process time zone, site overrides, unknown years flagged. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OFFICIAL_CALENDAR_YEARS } from '../../src/contract/official-calendar';
import { createWorkingCalendar, officialCalendarCovers, type SlaLogger } from '../../src/sla/index';

function collectingLogger(): { logger: SlaLogger; messages: string[] } {
  const messages: string[] = [];
  return { logger: (message) => messages.push(message), messages };
}

/** Runs `body` with the process time zone set to `timeZone` (Node re-reads TZ when it is assigned). */
async function inProcessTimeZone<T>(timeZone: string, body: () => Promise<T> | T): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

describe('official calendar (chinese-days 1.5.7)', () => {
  test('holidays are off, make-up days 调休 are on, ordinary weekdays and weekends as usual', () => {
    const calendar = createWorkingCalendar();
    const working = (date: string) => calendar.isWorkingDay(date);
    assert.deepEqual(working('2026-10-01'), { working: false, estimated: false }, 'National Day, a Thursday');
    assert.deepEqual(working('2026-10-07'), { working: false, estimated: false }, 'in-lieu weekday off');
    assert.deepEqual(working('2026-10-10'), { working: true, estimated: false }, 'make-up Saturday');
    assert.deepEqual(
      working('2026-02-14'),
      { working: true, estimated: false },
      'make-up Saturday before Spring Festival',
    );
    assert.deepEqual(working('2026-02-23'), { working: false, estimated: false }, 'Spring Festival Monday');
    assert.deepEqual(working('2026-10-08'), { working: true, estimated: false }, 'ordinary Thursday');
    assert.deepEqual(working('2026-10-17'), { working: false, estimated: false }, 'ordinary Saturday');
    assert.equal(calendar.isKnownYear(2004), true);
    assert.equal(calendar.isKnownYear(2026), true);
    assert.equal(calendar.isKnownYear(2003), false);
    assert.equal(calendar.isKnownYear(2027), false);
  });

  test('covers exactly the years the studio says it does (OFFICIAL_CALENDAR_YEARS)', () => {
    const { first, last } = OFFICIAL_CALENDAR_YEARS;
    for (let year = first; year <= last; year++) assert.equal(officialCalendarCovers(year), true, String(year));
    assert.equal(officialCalendarCovers(first - 1), false);
    assert.equal(officialCalendarCovers(last + 1), false, 'a package with a newer year: raise the constant');
  });

  test('agrees with the package API for every day of 2004–2026 (API read in a UTC process, where it is right)', async () => {
    await inProcessTimeZone('UTC', async () => {
      const { default: chineseDays } = await import('chinese-days');
      // Pins how the package marks days: a make-up day is work:true on a weekend with the
      // holiday's name; isInLieu marks a weekday OFF in exchange, not the make-up day.
      assert.deepEqual(chineseDays.getDayDetail(new Date(Date.UTC(2026, 9, 10))), {
        date: '2026-10-10',
        work: true,
        name: 'National Day,国庆节,3',
      });
      assert.equal(chineseDays.isInLieu(new Date(Date.UTC(2026, 9, 7))), true);
      assert.equal(chineseDays.isWorkday(new Date(Date.UTC(2026, 9, 7))), false);

      const calendar = createWorkingCalendar({ logger: () => assert.fail('no covered year may warn') });
      let days = 0;
      for (let year = 2004; year <= 2026; year++) {
        for (
          let date = new Date(Date.UTC(year, 0, 1));
          date.getUTCFullYear() === year;
          date = new Date(date.getTime() + 86_400_000)
        ) {
          const iso = date.toISOString().slice(0, 10);
          const ours = calendar.isWorkingDay(iso);
          assert.equal(ours.working, chineseDays.isWorkday(date), iso);
          assert.equal(ours.estimated, false, iso);
          days++;
        }
      }
      assert.equal(days, 8401);
    });
  });

  test('does not depend on the server process time zone (the package API shifts a day west of UTC)', async () => {
    await inProcessTimeZone('America/Los_Angeles', () => {
      const calendar = createWorkingCalendar();
      assert.equal(calendar.isWorkingDay('2026-10-10').working, true);
      assert.equal(calendar.isWorkingDay('2026-10-07').working, false);
      assert.equal(calendar.isWorkingDay('2026-10-17').working, false);
    });
  });

  test('refuses text that is not a date', () => {
    const calendar = createWorkingCalendar();
    assert.throws(() => calendar.isWorkingDay('2026-02-30'), RangeError);
    assert.throws(() => calendar.isWorkingDay('10/10/2026'), RangeError);
  });
});

describe('a year no calendar covers', () => {
  test('falls back to Monday–Friday, flags every answer estimated, and warns once for the year', () => {
    const { logger, messages } = collectingLogger();
    const calendar = createWorkingCalendar({ logger });
    assert.deepEqual(calendar.isWorkingDay('2027-03-01'), { working: true, estimated: true }, 'a Monday');
    assert.deepEqual(calendar.isWorkingDay('2027-03-06'), { working: false, estimated: true }, 'a Saturday');
    assert.deepEqual(
      calendar.isWorkingDay('2027-10-01'),
      { working: true, estimated: true },
      'National Day, unknown yet',
    );
    // A second calendar with the same logger (another site) does not warn again.
    createWorkingCalendar({ logger }).isWorkingDay('2027-05-05');
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0]!, /2027/);
    assert.match(messages[0]!, /sla\.calendar\.years\["2027"\]/);

    calendar.isWorkingDay('2028-01-03');
    assert.equal(messages.length, 2, 'a different year warns on its own');
    assert.match(messages[1]!, /2028/);
  });

  test('a covered year never warns', () => {
    const { logger, messages } = collectingLogger();
    createWorkingCalendar({ logger }).isWorkingDay('2025-06-02');
    assert.deepEqual(messages, []);
  });
});

describe('site overrides', () => {
  test('a site calendar for a new year makes it known: no estimate, no warning, its days honoured', () => {
    const { logger, messages } = collectingLogger();
    const calendar = createWorkingCalendar({
      logger,
      overrides: { years: { '2027': { holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-07'] } } },
    });
    assert.equal(calendar.isKnownYear(2027), true);
    assert.deepEqual(calendar.isWorkingDay('2027-01-01'), { working: false, estimated: false }, 'a Friday holiday');
    assert.deepEqual(calendar.isWorkingDay('2027-02-07'), { working: true, estimated: false }, 'a make-up Sunday');
    assert.deepEqual(calendar.isWorkingDay('2027-02-08'), { working: false, estimated: false }, 'a Monday holiday');
    assert.deepEqual(calendar.isWorkingDay('2027-03-01'), { working: true, estimated: false }, 'an ordinary Monday');
    assert.deepEqual(calendar.isWorkingDay('2027-03-06'), { working: false, estimated: false }, 'an ordinary Saturday');
    assert.deepEqual(messages, []);
  });

  test('overrides win over the package for the dates they list, and only those', () => {
    const calendar = createWorkingCalendar({
      overrides: { years: { '2026': { holidays: ['2026-10-08'], workdays: ['2026-10-05'] } } },
    });
    assert.equal(calendar.isWorkingDay('2026-10-08').working, false, 'a weekday declared a local holiday');
    assert.equal(calendar.isWorkingDay('2026-10-05').working, true, 'an official holiday worked at this site');
    assert.equal(calendar.isWorkingDay('2026-10-10').working, true, 'the official make-up day still applies');
    assert.equal(calendar.isWorkingDay('2026-10-09').working, true);
    assert.equal(createWorkingCalendar().isWorkingDay('2026-10-08').working, true, 'other sites are not affected');
  });

  test('refuses an override date outside its year (callers that skip the schema)', () => {
    const calendar = createWorkingCalendar({ overrides: { years: { '2027': { holidays: ['2028-01-01'] } } } });
    assert.throws(() => calendar.isWorkingDay('2027-01-04'), /not a date in 2027/);
  });
});
