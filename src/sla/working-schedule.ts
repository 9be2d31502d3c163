/**
 * When a site is open: its business hours (one or several periods a day, a
 * lunch break between them), in its time zone, on the working days of its
 * calendar. Working-time arithmetic asks this for each day's opening and
 * closing instants; they are remembered per day because a list of thousands
 * of complaints walks the same few weeks over and over.
 */
import { DAY_ESTIMATED, DAY_WORKING, type WorkingCalendar } from './calendar';
import { MS_PER_MINUTE, type CivilDay } from './civil-date';
import { zoneClock, type ZoneClock } from './time-zone';

/** One stretch of the working day: wall-clock opening and closing, `HH:MM` (24-hour) in the site's zone. */
export interface BusinessPeriod {
  start: string;
  end: string;
}

/**
 * A site's business hours as configured: one period (the shape older
 * configurations hold), or the day's periods in order, not overlapping
 * (`09:00–12:00` and `13:30–18:00` for a lunch break).
 */
export type BusinessHours = Readonly<BusinessPeriod> | readonly Readonly<BusinessPeriod>[];

/** Where the guideline's working days are counted by default: office hours in China's time zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_BUSINESS_HOURS: readonly Readonly<BusinessPeriod>[] = Object.freeze([
  Object.freeze({ start: '09:00', end: '18:00' }),
]);
/** More periods than this in a day is a timetable, not business hours; the registry refuses it. */
export const MAX_BUSINESS_PERIODS = 6;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after midnight; undefined when it is not a 24-hour time. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Business hours as a list of periods, whichever shape they were given in. */
export function businessPeriods(hours: BusinessHours): readonly Readonly<BusinessPeriod>[] {
  return Array.isArray(hours) ? hours : [hours as Readonly<BusinessPeriod>];
}

/** `09:00–12:00, 13:30–18:00`: business hours as messages say them. */
export function describeBusinessHours(hours: BusinessHours): string {
  return businessPeriods(hours)
    .map((p) => `${p.start}–${p.end}`)
    .join(', ');
}

/** A day's business periods as instants (epoch ms). */
export interface DayWindow {
  /** The day's first opening and last closing. */
  open: number;
  close: number;
  /**
   * Each period's opening and closing in turn, `[open₀, close₀, open₁, close₁, …]`,
   * never decreasing: one flat array per day, so walking a day's periods allocates nothing.
   */
  bounds: readonly number[];
  working: boolean;
  estimated: boolean;
}

export interface WorkingSchedule {
  readonly timeZone: string;
  /** The day's periods, in order. */
  readonly businessHours: readonly Readonly<BusinessPeriod>[];
  /** Working time in one business day, the periods added up: what "1 working day" means (9 h by default). */
  readonly businessDayMs: number;
  readonly calendar: WorkingCalendar;
  /** The civil day (in the site's zone) an instant falls on. */
  dayOf(instant: number): CivilDay;
  /** First instant of a civil day in the site's zone. */
  startOfDay(day: CivilDay): number;
  window(day: CivilDay): DayWindow;
}

export interface WorkingScheduleOptions {
  calendar: WorkingCalendar;
  /** IANA zone; default Asia/Shanghai. */
  timeZone?: string;
  businessHours?: BusinessHours;
}

/** The periods' opening and closing minutes after midnight, flat like DayWindow.bounds; throws RangeError as below. */
function periodMinutes(periods: readonly Readonly<BusinessPeriod>[]): number[] {
  if (periods.length === 0) throw new RangeError('business hours need at least one period');
  const minutes: number[] = [];
  for (const period of periods) {
    const start = parseTimeOfDay(period.start);
    const end = parseTimeOfDay(period.end);
    if (start === undefined || end === undefined)
      throw new RangeError(`business hours must be HH:MM, got ${period.start}–${period.end}`);
    if (end <= start) throw new RangeError(`business hours end ${period.end} is not after start ${period.start}`);
    const before = minutes[minutes.length - 1];
    if (before !== undefined && start < before)
      throw new RangeError(`business hours ${describeBusinessHours(periods)} are not in order or overlap`);
    minutes.push(start, end);
  }
  return minutes;
}

/** Throws RangeError for an unknown zone, or periods that are not `HH:MM` with end after start, in order, apart. */
export function createWorkingSchedule(options: WorkingScheduleOptions): WorkingSchedule {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const businessHours = businessPeriods(options.businessHours ?? DEFAULT_BUSINESS_HOURS).map((p) => ({
    start: p.start,
    end: p.end,
  }));
  const minutes = periodMinutes(businessHours);
  let dayMinutes = 0;
  for (let i = 0; i < minutes.length; i += 2) dayMinutes += minutes[i + 1]! - minutes[i]!;
  const zone: ZoneClock = zoneClock(timeZone);
  const calendar = options.calendar;
  const windows = new Map<CivilDay, DayWindow>();

  return {
    timeZone,
    businessHours,
    businessDayMs: dayMinutes * MS_PER_MINUTE,
    calendar,
    dayOf: (instant) => zone.dayOf(instant),
    startOfDay: (day) => zone.startOfDay(day),
    window(day) {
      let window = windows.get(day);
      if (!window) {
        // Bounded like ZoneClock's day starts: a guard, not a cache policy.
        if (windows.size > 50_000) windows.clear();
        const status = calendar.statusOf(day);
        const bounds = new Array<number>(minutes.length);
        // Each at most the one after: a wall time a clock change skips moves forward by the gap and can
        // land after the next one, which exists (02:30 → 03:30 on a spring-forward night while 03:10
        // stays 03:10), so a period 02:30–03:00 that did not happen counts nothing and 03:10–18:00 all of it.
        let ceiling = Infinity;
        for (let i = minutes.length - 1; i >= 0; i--) {
          ceiling = Math.min(ceiling, zone.instantAt(day, minutes[i]!));
          bounds[i] = ceiling;
        }
        window = {
          open: bounds[0]!,
          close: bounds[bounds.length - 1]!,
          bounds,
          working: (status & DAY_WORKING) !== 0,
          estimated: (status & DAY_ESTIMATED) !== 0,
        };
        windows.set(day, window);
      }
      return window;
    },
  };
}
