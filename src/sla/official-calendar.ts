/**
 * The official Chinese working-day calendar as published by the State
 * Council, from the `chinese-days` package, turned into one table per year.
 * Only this file knows the package, so replacing or upgrading it touches
 * one place.
 *
 * How chinese-days 1.5.7 marks days: three maps keyed `YYYY-MM-DD` —
 * `holidays` (days off, weekend days inside a holiday block included),
 * `workdays` (the make-up days, 调休 补班: a Saturday or Sunday that is
 * worked) and `inLieuDays` (weekdays taken off in exchange for a make-up
 * day; these are ALSO in `holidays`, and `isInLieu()` does NOT mean "a
 * make-up working day" despite the name). Its `isWorkday(d)` is
 * `workdays[d] || (Mon–Fri && !holidays[d])`, and for a year it has no data
 * on it silently answers Monday–Friday.
 *
 * Why the data file and not `isWorkday()`: the package builds its maps at
 * import time by parsing 'Y-M-D' as UTC and formatting with LOCAL getters,
 * so in a server process whose TZ is west of UTC (TZ=America/Los_Angeles)
 * every entry lands a day early (2026-10-10, a make-up Saturday, reads as
 * a day off). Its shipped `dist/chinese-days.json` (documented in its
 * README) holds the same maps, built once by the maintainers, and is
 * identical to what `isWorkday()` answers in a UTC process for every day
 * of 2004–2026 (test/node/sla-calendar.test.ts checks this).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dayFromCivil, isWeekend, parseIsoDate, yearOf } from './civil-date';

/** The package and version the tables come from, for messages. */
export const OFFICIAL_CALENDAR_SOURCE = 'chinese-days 1.5.7';

/**
 * A year of the official calendar: `table[i]` is 1 when day i of the year
 * (0 = 1 January) is worked. undefined: the package has no data for it.
 */
export type OfficialYear = Uint8Array | undefined;

interface OfficialData {
  /** Days off by date; a year with no entry here is not covered (every covered year has New Year's Day). */
  holidays: Readonly<Record<string, string>>;
  /** Make-up working days by date. */
  workdays: Readonly<Record<string, string>>;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

let data: OfficialData | undefined;

/** Read on first use, not at import: a process that never computes a deadline never pays for it. */
function officialData(): OfficialData {
  if (!data) {
    const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('holidays' in parsed) || !('workdays' in parsed)) {
      throw new Error(`${OFFICIAL_CALENDAR_SOURCE}: ${file} has no holidays/workdays maps`);
    }
    const { holidays, workdays } = parsed;
    if (!isStringRecord(holidays) || !isStringRecord(workdays))
      throw new Error(`${OFFICIAL_CALENDAR_SOURCE}: unexpected shape of ${file}`);
    data = { holidays, workdays };
  }
  return data;
}

let years: Map<number, OfficialYear> | undefined;

/** All years' tables at once: one pass over ~800 entries, then every lookup is an array read. */
function buildYears(): Map<number, OfficialYear> {
  const { holidays, workdays } = officialData();
  const built = new Map<number, Uint8Array>();
  const tableOf = (year: number): Uint8Array => {
    let table = built.get(year);
    if (!table) {
      const first = dayFromCivil(year, 1, 1);
      table = new Uint8Array(dayFromCivil(year + 1, 1, 1) - first);
      for (let i = 0; i < table.length; i++) table[i] = isWeekend(first + i) ? 0 : 1;
      built.set(year, table);
    }
    return table;
  };
  // Holidays first: they decide which years are covered; make-up days then turn weekend days on.
  for (const [map, worked] of [
    [holidays, 0],
    [workdays, 1],
  ] as const) {
    for (const date of Object.keys(map)) {
      const day = parseIsoDate(date);
      if (day === undefined) throw new Error(`${OFFICIAL_CALENDAR_SOURCE}: "${date}" is not a date`);
      const year = yearOf(day);
      // A make-up day in a year with no holidays (none in 1.5.7) would create a half-known year; keep it out.
      if (worked === 1 && !built.has(year)) continue;
      tableOf(year)[day - dayFromCivil(year, 1, 1)] = worked;
    }
  }
  return built;
}

/** The year's official table, or undefined when the package does not cover the year. */
export function officialYear(year: number): OfficialYear {
  years ??= buildYears();
  return years.get(year);
}

/** Whether the package covers the year (has its holidays): a year it does not is the site's to add. */
export function officialCalendarCovers(year: number): boolean {
  return officialYear(year) !== undefined;
}
