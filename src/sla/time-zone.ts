/**
 * Wall-clock ↔ instant conversion for any IANA time zone using only
 * Intl.DateTimeFormat (no date library on the server for one job). Offsets
 * are never assumed: Asia/Shanghai happens to be a fixed +8, but a site in
 * Europe/Berlin has summer time and must get the right instants too.
 */
import { MS_PER_DAY, MS_PER_MINUTE, type CivilDay } from './civil-date';

/** Whether Intl knows the zone; used by the schema and by callers that skip it. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * One zone's conversions. Creating an Intl formatter costs far more than
 * using one, and start-of-day instants are asked for again and again while
 * walking days, so both are kept per zone for the life of the process.
 */
export class ZoneClock {
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly dayStarts = new Map<CivilDay, number>();
  /** The last offset seen: a good first guess for the next instant's day. */
  private recentOffset: number;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23: some engines print midnight as 24 with hour12: false.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.recentOffset = this.offsetAt(Date.now());
  }

  /** Milliseconds to add to UTC to get the zone's wall clock at that instant. */
  offsetAt(instant: number): number {
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.formatter.formatToParts(instant)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
      }
    }
    const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    // The formatter drops milliseconds, so compare against the whole second.
    return wallAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
  }

  /**
   * The instant a wall-clock time happens on a day. A time skipped by a
   * clock change (02:30 on a spring-forward night) moves forward by the
   * gap; a time that happens twice (autumn) takes the first: the rule
   * Temporal calls "compatible", so results match other tools.
   */
  instantAt(day: CivilDay, minuteOfDay: number): number {
    const wall = day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    if (before === after) return wall - before;
    const withBefore = wall - before;
    const withAfter = wall - after;
    const beforeFits = this.offsetAt(withBefore) === before;
    const afterFits = this.offsetAt(withAfter) === after;
    if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
    if (beforeFits) return withBefore;
    if (afterFits) return withAfter;
    return withBefore;
  }

  /** First instant of a civil day in this zone. */
  startOfDay(day: CivilDay): number {
    let start = this.dayStarts.get(day);
    if (start === undefined) {
      // A bound, not an eviction policy: a long-running server touches a few
      // thousand days at most; this only stops a pathological caller.
      if (this.dayStarts.size > 50_000) this.dayStarts.clear();
      start = this.instantAt(day, 0);
      this.dayStarts.set(day, start);
    }
    return start;
  }

  /** The civil day an instant falls on in this zone. */
  dayOf(instant: number): CivilDay {
    let day = Math.floor((instant + this.recentOffset) / MS_PER_DAY);
    // The guess is off by at most a day when the offset changed; correct it
    // with the remembered day starts instead of formatting the instant.
    while (instant < this.startOfDay(day)) day -= 1;
    while (instant >= this.startOfDay(day + 1)) day += 1;
    this.recentOffset = day * MS_PER_DAY - this.startOfDay(day);
    return day;
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared ZoneClock of a zone; throws RangeError for a zone Intl does not know. */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
