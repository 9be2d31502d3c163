/**
 * When a site is open: its business hours, in its time zone, on the
 * working days of its calendar. Working-time arithmetic asks this for each
 * day's opening and closing instants; they are remembered per day because a
 * list of thousands of complaints walks the same few weeks over and over.
 */
import { DAY_ESTIMATED, DAY_WORKING, type WorkingCalendar } from './calendar';
import { MS_PER_MINUTE, type CivilDay } from './civil-date';
import { zoneClock, type ZoneClock } from './time-zone';

/** Wall-clock opening and closing, `HH:MM` (24-hour) in the site's zone. */
export interface BusinessHours {
  start: string;
  end: string;
}

/** Where the guideline's working days are counted by default: office hours in China's time zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_BUSINESS_HOURS: BusinessHours = { start: '09:00', end: '18:00' };

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after midnight; undefined when it is not a 24-hour time. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** A day's business window as instants (epoch ms); equal when closed. */
export interface DayWindow {
  open: number;
  close: number;
  working: boolean;
  estimated: boolean;
}

export interface WorkingSchedule {
  readonly timeZone: string;
  readonly businessHours: Readonly<BusinessHours>;
  /** Working time in one business day: what "1 working day" means (9 h by default). */
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

/** Throws RangeError for an unknown zone or hours that are not `HH:MM` with end after start. */
export function createWorkingSchedule(options: WorkingScheduleOptions): WorkingSchedule {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const businessHours = { ...(options.businessHours ?? DEFAULT_BUSINESS_HOURS) };
  const startMinute = parseTimeOfDay(businessHours.start);
  const endMinute = parseTimeOfDay(businessHours.end);
  if (startMinute === undefined || endMinute === undefined) {
    throw new RangeError(`business hours must be HH:MM, got ${businessHours.start}–${businessHours.end}`);
  }
  if (endMinute <= startMinute)
    throw new RangeError(`business hours end ${businessHours.end} is not after start ${businessHours.start}`);
  const zone: ZoneClock = zoneClock(timeZone);
  const calendar = options.calendar;
  const windows = new Map<CivilDay, DayWindow>();

  return {
    timeZone,
    businessHours,
    businessDayMs: (endMinute - startMinute) * MS_PER_MINUTE,
    calendar,
    dayOf: (instant) => zone.dayOf(instant),
    startOfDay: (day) => zone.startOfDay(day),
    window(day) {
      let window = windows.get(day);
      if (!window) {
        // Bounded like ZoneClock's day starts: a guard, not a cache policy.
        if (windows.size > 50_000) windows.clear();
        const status = calendar.statusOf(day);
        window = {
          open: zone.instantAt(day, startMinute),
          close: zone.instantAt(day, endMinute),
          working: (status & DAY_WORKING) !== 0,
          estimated: (status & DAY_ESTIMATED) !== 0,
        };
        windows.set(day, window);
      }
      return window;
    },
  };
}
