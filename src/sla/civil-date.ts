/**
 * Civil dates (a day on a wall calendar, no time zone) as whole day numbers
 * counted from 1970-01-01. Working-time loops step through days and look
 * them up thousands of times per request, so dates are plain integers with
 * integer arithmetic instead of Date objects or strings.
 */

/** Days since 1970-01-01 (negative before it). */
export type CivilDay = number;

export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/**
 * Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil):
 * exact for every year, no Date allocation, no local-time surprises.
 */
export function dayFromCivil(year: number, month: number, day: number): CivilDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of dayFromCivil (H. Hinnant's civil_from_days). */
export function civilFromDay(dayNumber: CivilDay): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay counts. 1970-01-01 was a Thursday. */
export function weekdayOf(dayNumber: CivilDay): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: CivilDay): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

/** First day of a year: calendars are kept per year, so lookups need the year of a day cheaply. */
export function firstDayOfYear(year: number): CivilDay {
  return dayFromCivil(year, 1, 1);
}

export function yearOf(dayNumber: CivilDay): number {
  return civilFromDay(dayNumber).year;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → day number; undefined for text that is not a real date (2026-02-30 included). */
export function parseIsoDate(text: string): CivilDay | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const dayNumber = dayFromCivil(year, month, day);
  const back = civilFromDay(dayNumber);
  return back.month === month && back.day === day ? dayNumber : undefined;
}

export function formatIsoDate(dayNumber: CivilDay): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
