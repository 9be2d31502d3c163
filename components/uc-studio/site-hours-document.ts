/**
 * The studio's edits of a site's working time (`settings.sla.businessHours`
 * and `settings.sla.calendar.years`, src/sla/schema.ts), as plain functions
 * like studio-document.ts's: each returns a new document. What the studio
 * writes is what the server checks; nothing here judges a value, so a
 * period still being typed is kept as it is and its problem shown beside it.
 */
import { settingsOf, withSetting, type StudioDocument } from './studio-document';

/** One business period as the studio edits it: `HH:MM` times, possibly not valid yet. */
export interface BusinessPeriod {
  start: string;
  end: string;
}

/** A year's overrides: days off and days worked (make-up days). */
export const CALENDAR_LISTS = ['holidays', 'workdays'] as const;
export type CalendarList = (typeof CALENDAR_LISTS)[number];

export interface CalendarYear {
  /** four digits, the key in `calendar.years` */
  year: string;
  holidays: string[];
  workdays: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : []);

const slaOf = (doc: StudioDocument): Record<string, unknown> => {
  const sla = settingsOf(doc).sla;
  return isObject(sla) ? sla : {};
};

/** An `sla` key set, or removed when `value` is undefined; an `sla` left empty goes too (the defaults apply). */
function withSla(doc: StudioDocument, key: string, value: unknown): StudioDocument {
  const sla = { ...slaOf(doc) };
  if (value === undefined) delete sla[key];
  else sla[key] = value;
  return withSetting(doc, 'sla', Object.keys(sla).length ? sla : undefined);
}

/** The day's periods, from either shape the document may hold (one object, as older documents do, or a list); none: the default. */
export function businessPeriodsOf(doc: StudioDocument): BusinessPeriod[] {
  const hours = slaOf(doc).businessHours;
  const list = Array.isArray(hours) ? hours : isObject(hours) ? [hours] : [];
  return list.map((p) => (isObject(p) ? { start: text(p.start), end: text(p.end) } : { start: '', end: '' }));
}

/**
 * Where the server says the problems of period `index` are: under
 * `businessHours[index]` for a list, under `businessHours` itself for the
 * one-object shape (its only period).
 */
export function businessPeriodPath(doc: StudioDocument, index: number): string {
  return Array.isArray(slaOf(doc).businessHours)
    ? `settings.sla.businessHours[${index}]`
    : 'settings.sla.businessHours';
}

/** Written as a list whatever shape was read; no periods removes the setting, so the default 09:00–18:00 applies. */
export function withBusinessPeriods(doc: StudioDocument, periods: readonly BusinessPeriod[]): StudioDocument {
  return withSla(
    doc,
    'businessHours',
    periods.length ? periods.map((p) => ({ start: p.start, end: p.end })) : undefined,
  );
}

/** A period to add after the last: the default day when there is none, else from the last one's end, an hour long. */
export function nextBusinessPeriod(periods: readonly BusinessPeriod[]): BusinessPeriod {
  const last = periods[periods.length - 1];
  const match = last ? /^(\d\d):(\d\d)$/.exec(last.end) : null;
  if (!match) return { start: '09:00', end: '18:00' };
  const minutes = Math.min(Number(match[1]) * 60 + Number(match[2]) + 60, 23 * 60 + 59);
  const end = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { start: last!.end, end };
}

function yearsOf(doc: StudioDocument): Record<string, unknown> {
  const calendar = slaOf(doc).calendar;
  return isObject(calendar) && isObject(calendar.years) ? calendar.years : {};
}

function withYears(doc: StudioDocument, years: Record<string, unknown>): StudioDocument {
  const calendar = slaOf(doc).calendar;
  const rest = isObject(calendar) ? calendar : {};
  return withSla(doc, 'calendar', Object.keys(years).length ? { ...rest, years } : undefined);
}

/** The site's own years, in order. */
export function calendarYearsOf(doc: StudioDocument): CalendarYear[] {
  return Object.entries(yearsOf(doc))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, entry]) => ({
      year,
      holidays: isObject(entry) ? texts(entry.holidays) : [],
      workdays: isObject(entry) ? texts(entry.workdays) : [],
    }));
}

/** A year of the site's own, with no dates yet; one already there is left as it is. */
export function withCalendarYear(doc: StudioDocument, year: string): StudioDocument {
  const years = yearsOf(doc);
  return year in years ? doc : withYears(doc, { ...years, [year]: {} });
}

export function withoutCalendarYear(doc: StudioDocument, year: string): StudioDocument {
  const { [year]: _, ...years } = yearsOf(doc);
  return withYears(doc, years);
}

/** A year's holidays or make-up days replaced; an empty list is left out. */
export function withCalendarDates(
  doc: StudioDocument,
  year: string,
  list: CalendarList,
  dates: readonly string[],
): StudioDocument {
  const years = yearsOf(doc);
  const entry = { ...(isObject(years[year]) ? years[year] : {}) };
  if (dates.length) entry[list] = [...dates];
  else delete entry[list];
  return withYears(doc, { ...years, [year]: entry });
}

/** A year's holidays or make-up days as listed. */
export const calendarDatesOf = (doc: StudioDocument, year: string, list: CalendarList): string[] =>
  calendarYearsOf(doc).find((y) => y.year === year)?.[list] ?? [];

/** A date added to a year's list in date order; one already listed is not added twice. */
export function withCalendarDate(doc: StudioDocument, year: string, list: CalendarList, date: string): StudioDocument {
  const dates = calendarDatesOf(doc, year, list);
  if (dates.includes(date)) return doc;
  return withCalendarDates(doc, year, list, [...dates, date].sort());
}
