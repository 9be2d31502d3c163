/**
 * A site's working-day calendar: the official calendar plus the site's own
 * additions and overrides from the registry (so an owner adds next year's
 * holidays the day the State Council announces them, without waiting for a
 * package release). A year that neither covers is counted Monday–Friday but
 * never silently: every day of it answers `estimated`, and a warning is
 * logged once per year so someone adds the data.
 */
import { dayFromCivil, firstDayOfYear, isWeekend, parseIsoDate, yearOf, type CivilDay } from './civil-date';
import { OFFICIAL_CALENDAR_SOURCE, officialYear } from './official-calendar';

/** Bit set in a DayStatus when the day is worked. */
export const DAY_WORKING = 1;
/** Bit set in a DayStatus when no calendar covers the day's year (Mon–Fri guessed). */
export const DAY_ESTIMATED = 2;
/** DAY_WORKING | DAY_ESTIMATED bits: a number, so hot loops allocate nothing. */
export type DayStatus = number;

/** One year of site overrides; dates are `YYYY-MM-DD` in that year. */
export interface CalendarYearOverrides {
  /** Days off, whatever the official calendar says (a weekday holiday). */
  holidays?: readonly string[];
  /** Days worked, whatever the official calendar says (make-up days 调休, even on a weekend). */
  workdays?: readonly string[];
}

/** The registry's `sla.calendar`: overrides keyed by year ("2027"). */
export interface CalendarOverrides {
  years: Readonly<Record<string, CalendarYearOverrides>>;
}

export type SlaLogger = (message: string) => void;

/** console.warn, the same function each time so "once per year" holds across every site's calendar. */
export const defaultSlaLogger: SlaLogger = (message) => console.warn(message);

/** Years already warned about, per logger: per process with the default logger, per test with an injected one. */
const warnedYears = new WeakMap<SlaLogger, Set<number>>();

function warnOnce(logger: SlaLogger, year: number): void {
  let years = warnedYears.get(logger);
  if (!years) {
    years = new Set();
    warnedYears.set(logger, years);
  }
  if (years.has(year)) return;
  years.add(year);
  logger(
    `usercare sla: no working-day calendar for ${year} (${OFFICIAL_CALENDAR_SOURCE} has no data and the site registry ` +
      `adds no sla.calendar.years["${year}"]); deadlines touching ${year} count Monday to Friday and are marked estimated`,
  );
}

export interface WorkingCalendarOptions {
  overrides?: CalendarOverrides;
  /** Where the once-per-year warning goes; default console.warn. */
  logger?: SlaLogger;
}

export interface WorkingCalendar {
  /** DayStatus bits of a civil day: the fast path for working-time loops. */
  statusOf(day: CivilDay): DayStatus;
  /** Whether a `YYYY-MM-DD` date is worked; throws RangeError for text that is not a date. */
  isWorkingDay(date: string): { working: boolean; estimated: boolean };
  /** Whether the package or the site's overrides cover the year. */
  isKnownYear(year: number): boolean;
}

function parseOverrideDate(text: string, year: number): CivilDay {
  const day = parseIsoDate(text);
  if (day === undefined || yearOf(day) !== year) {
    // The schema refuses these; this guards callers that skip it.
    throw new RangeError(`calendar override "${text}" is not a date in ${year}`);
  }
  return day;
}

/** Builds a site's calendar; per-year tables are made on first use and kept, so a lookup is an array read. */
export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const logger = options.logger ?? defaultSlaLogger;
  const overrides = new Map<number, CalendarYearOverrides>();
  for (const [key, value] of Object.entries(options.overrides?.years ?? {})) {
    if (!/^\d{4}$/.test(key)) throw new RangeError(`calendar override year "${key}" is not a four-digit year`);
    overrides.set(Number(key), value);
  }
  const tables = new Map<number, Uint8Array>();

  function buildYear(year: number): Uint8Array {
    const first = firstDayOfYear(year);
    const length = dayFromCivil(year + 1, 1, 1) - first;
    const official = officialYear(year);
    const own = overrides.get(year);
    const table = new Uint8Array(length);
    if (official) {
      table.set(official);
    } else {
      const flag = own ? 0 : DAY_ESTIMATED;
      for (let i = 0; i < length; i++) table[i] = (isWeekend(first + i) ? 0 : DAY_WORKING) | flag;
      if (!own) warnOnce(logger, year);
    }
    for (const text of own?.holidays ?? []) table[parseOverrideDate(text, year) - first] = 0;
    for (const text of own?.workdays ?? []) table[parseOverrideDate(text, year) - first] = DAY_WORKING;
    return table;
  }

  function tableOf(year: number): Uint8Array {
    let table = tables.get(year);
    if (!table) {
      table = buildYear(year);
      tables.set(year, table);
    }
    return table;
  }

  // Days of one year come in runs; remembering the last year found skips the
  // civil-date arithmetic on almost every lookup.
  let cachedFirst = 0;
  let cachedTable: Uint8Array | undefined;

  function statusOf(day: CivilDay): DayStatus {
    if (cachedTable && day >= cachedFirst && day < cachedFirst + cachedTable.length)
      return cachedTable[day - cachedFirst]!;
    const year = yearOf(day);
    cachedFirst = firstDayOfYear(year);
    cachedTable = tableOf(year);
    return cachedTable[day - cachedFirst]!;
  }

  return {
    statusOf,
    isWorkingDay(date) {
      const day = parseIsoDate(date);
      if (day === undefined) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
      const status = statusOf(day);
      return { working: (status & DAY_WORKING) !== 0, estimated: (status & DAY_ESTIMATED) !== 0 };
    },
    isKnownYear(year) {
      return overrides.has(year) || officialYear(year) !== undefined;
    },
  };
}
