/**
 * Arithmetic in working time: adding it to an instant and measuring it
 * between two instants, on a site's WorkingSchedule. Deadlines in the
 * guideline are promises about staff time ("3 working days"), so nights,
 * breaks between a day's business periods, weekends and public holidays do
 * not count while make-up days do.
 */
import type { WorkingSchedule } from './working-schedule';

/**
 * How far a search for the next working time goes before giving up. A year
 * of days off would be a broken calendar (overrides marking every day a
 * holiday), not a long holiday; throwing beats looping forever.
 */
const MAX_DAYS_WITHOUT_WORK = 400;

/** Collects whether any day whose calendar status shaped a result was estimated. */
export interface EstimateFlag {
  estimated: boolean;
}

/**
 * The instant `durationMs` of working time after `start` (epoch ms). A start
 * outside business hours (at night, or in a lunch break) counts from the next
 * opening. A due instant exactly at a closing stays at that closing rather
 * than becoming the next opening: "by 18:00 on Friday" is what staff are
 * promised, not "by 09:00 Monday" (and "by 12:00", not "by 13:30").
 */
export function addWorkingMs(start: number, durationMs: number, schedule: WorkingSchedule, flag: EstimateFlag): number {
  if (!Number.isFinite(durationMs) || durationMs < 0)
    throw new RangeError(`working time to add must be ≥ 0 ms, got ${durationMs}`);
  if (durationMs === 0) return start;
  let remaining = durationMs;
  let day = schedule.dayOf(start);
  let from = start;
  let idleDays = 0;
  for (;;) {
    const window = schedule.window(day);
    if (window.close > Math.max(from, window.open)) {
      // This day's status decides the result (some of its business hours are still ahead).
      if (window.estimated) flag.estimated = true;
      if (window.working) {
        idleDays = 0;
        const bounds = window.bounds;
        for (let i = 0; i < bounds.length; i += 2) {
          const begin = Math.max(from, bounds[i]!);
          const available = bounds[i + 1]! - begin;
          if (available <= 0) continue;
          if (remaining <= available) return begin + remaining;
          remaining -= available;
        }
      }
    }
    if (++idleDays > MAX_DAYS_WITHOUT_WORK) {
      throw new RangeError(
        `no working time within ${MAX_DAYS_WITHOUT_WORK} days after ${new Date(from).toISOString()}: check the site calendar`,
      );
    }
    day += 1;
    from = schedule.startOfDay(day);
  }
}

/**
 * The instant `durationMs` of working time before `end` (epoch ms): the
 * latest one from which exactly that much working time is left until `end`,
 * so "two working hours before a Monday 10:00 deadline" is Friday 17:00, and
 * before Monday 11:00 it is Monday 09:00 (the weekend before it counts
 * nothing). What "due soon" is measured from.
 */
export function subtractWorkingMs(
  end: number,
  durationMs: number,
  schedule: WorkingSchedule,
  flag: EstimateFlag,
): number {
  if (!Number.isFinite(durationMs) || durationMs < 0)
    throw new RangeError(`working time to subtract must be ≥ 0 ms, got ${durationMs}`);
  if (durationMs === 0) return end;
  let remaining = durationMs;
  let day = schedule.dayOf(end);
  let to = end;
  let idleDays = 0;
  for (;;) {
    const window = schedule.window(day);
    if (Math.min(to, window.close) > window.open) {
      if (window.estimated) flag.estimated = true;
      if (window.working) {
        idleDays = 0;
        const bounds = window.bounds;
        // The day's periods from the last: the latest working time before `to` is spent first.
        for (let i = bounds.length - 2; i >= 0; i -= 2) {
          const finish = Math.min(to, bounds[i + 1]!);
          const available = finish - bounds[i]!;
          if (available <= 0) continue;
          if (remaining <= available) return finish - remaining;
          remaining -= available;
        }
      }
    }
    if (++idleDays > MAX_DAYS_WITHOUT_WORK) {
      throw new RangeError(
        `no working time within ${MAX_DAYS_WITHOUT_WORK} days before ${new Date(to).toISOString()}: check the site calendar`,
      );
    }
    // The whole of the day before: up to the start of this one.
    to = schedule.startOfDay(day);
    day -= 1;
  }
}

/**
 * Working time from `a` to `b` (epoch ms); negative when `b` is before `a`,
 * so "time left" turns into "overdue by" without a second function.
 */
export function workingMsBetween(a: number, b: number, schedule: WorkingSchedule, flag: EstimateFlag): number {
  // `|| 0`: no -0 when nothing was worked in between (-0 !== 0 for strict equality in callers and tests).
  if (b < a) return -workingMsBetween(b, a, schedule, flag) || 0;
  let total = 0;
  const last = schedule.dayOf(b);
  for (let day = schedule.dayOf(a); day <= last; day++) {
    const window = schedule.window(day);
    if (Math.min(b, window.close) <= Math.max(a, window.open)) continue;
    if (window.estimated) flag.estimated = true;
    if (!window.working) continue;
    const bounds = window.bounds;
    for (let i = 0; i < bounds.length; i += 2) {
      const overlap = Math.min(b, bounds[i + 1]!) - Math.max(a, bounds[i]!);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * `addWorkingMs` for callers holding Dates; `estimated` is true when a day
 * the result depends on had no official or site calendar (Mon–Fri assumed).
 */
export function addWorkingTime(
  start: Date,
  durationMs: number,
  schedule: WorkingSchedule,
): { due: Date; estimated: boolean } {
  const flag: EstimateFlag = { estimated: false };
  const due = addWorkingMs(start.getTime(), durationMs, schedule, flag);
  return { due: new Date(due), estimated: flag.estimated };
}

/** `subtractWorkingMs` for callers holding Dates. */
export function subtractWorkingTime(
  end: Date,
  durationMs: number,
  schedule: WorkingSchedule,
): { at: Date; estimated: boolean } {
  const flag: EstimateFlag = { estimated: false };
  const at = subtractWorkingMs(end.getTime(), durationMs, schedule, flag);
  return { at: new Date(at), estimated: flag.estimated };
}

/** `workingMsBetween` for callers holding Dates: "working time left" (positive) or "overdue by" (negative). */
export function workingTimeBetween(a: Date, b: Date, schedule: WorkingSchedule): { ms: number; estimated: boolean } {
  const flag: EstimateFlag = { estimated: false };
  const ms = workingMsBetween(a.getTime(), b.getTime(), schedule, flag);
  return { ms, estimated: flag.estimated };
}
