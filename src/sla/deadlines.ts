/**
 * A complaint's deadlines as the server stores and sends them: the browser
 * ships no holiday data, so each deadline goes out as an instant plus the
 * time left already counted in the right measure.
 */
import { readClock, type ClockMeasure, type PauseInterval } from './clock';
import { DEADLINE_NAMES, clockBudget, type DeadlineName, type SlaPolicy } from './policy';
import type { WorkingSchedule } from './working-schedule';
import { workingMsBetween } from './working-time';

/**
 * running: budget left · paused: waiting on the user · overdue: past due, not met ·
 * met: met by the due instant · metLate: met after it.
 */
export type DeadlineStatus = 'running' | 'paused' | 'overdue' | 'met' | 'metLate';

export interface Deadline {
  name: DeadlineName;
  measure: ClockMeasure;
  /** ISO instant; null while paused with budget left (not known until the user answers). */
  due: string | null;
  status: DeadlineStatus;
  /**
   * Budget left, in `measure` (working ms or elapsed ms), at `now`, or at the
   * moment it was met; negative = overdue / late by that much.
   */
  msLeft: number;
  /** For working clocks: one working day in ms, so a client can say "2 working days" without the calendar. */
  businessDayMs?: number;
  /** The result assumed Monday–Friday for a year no calendar covers. */
  estimated: boolean;
}

export interface DeadlineInput {
  /** Receipt of the complaint: every clock starts here. */
  receivedAt: Date;
  /** The instant the deadlines are read at (the server's clock, never the user's). */
  now: Date;
  /** Stretches in `awaiting_user`; the last may be open (`to: null`). */
  pauses?: readonly PauseInterval[];
  /**
   * When staff met each deadline (first reply sent, solution given); absent = not yet.
   * The acknowledgement is the automatic receipt, so it is always met at receipt.
   */
  metAt?: { firstReply?: Date | null; solution?: Date | null };
}

/** Every deadline the policy sets, in DEADLINE_NAMES order; a null rule yields none. */
export function computeDeadlines(input: DeadlineInput, policy: SlaPolicy, schedule: WorkingSchedule): Deadline[] {
  const deadlines: Deadline[] = [];
  for (const name of DEADLINE_NAMES) {
    const rule = policy[name];
    if (rule === null) continue;
    const budget = clockBudget(rule, schedule.businessDayMs);
    const metAt = name === 'acknowledgement' ? input.receivedAt : (input.metAt?.[name] ?? null);
    // A met deadline's clock stopped when it was met: read it there, not now.
    const readAt = metAt ?? input.now;
    const reading = readClock(
      {
        start: input.receivedAt,
        durationMs: budget.durationMs,
        measure: budget.measure,
        pauses: input.pauses ?? [],
        now: readAt,
      },
      schedule,
    );
    const due = reading.due?.getTime() ?? null;
    // Compare instants, not msLeft: at Saturday 10:00 a Friday-18:00 deadline has 0 working ms
    // left yet is already missed.
    const late = due !== null && readAt.getTime() > due;
    const status: DeadlineStatus = metAt
      ? late
        ? 'metLate'
        : 'met'
      : late
        ? 'overdue'
        : reading.paused
          ? 'paused'
          : 'running';
    const deadline: Deadline = {
      name,
      measure: budget.measure,
      due: reading.due?.toISOString() ?? null,
      status,
      msLeft: reading.msLeft,
      estimated: reading.estimated,
    };
    if (budget.measure === 'working') deadline.businessDayMs = schedule.businessDayMs;
    deadlines.push(deadline);
  }
  return deadlines;
}

/**
 * The deadlines `computeDeadlines` read at `from`, as the same input reads
 * at `to` (not before `from`), without counting again from receipt: what a
 * list that shows the same complaints over and over needs, since a reading
 * counts every working day since receipt and this counts only the days
 * since the last one. Met deadlines were read where they were met and stay
 * as they are; while the clock stands still (`stopped`: a pause still open
 * at `from`) nothing moves, as the budget is not being spent; else the
 * working (or elapsed) time from `from` to `to` comes off `msLeft`, a
 * deadline whose due instant has passed is overdue, and a day of that span
 * without a calendar marks it estimated. Working time adds up over adjacent
 * spans, so this is exactly the reading at `to` as long as no pause begins
 * or ends after `from`: the caller makes sure (a pause begins and ends with
 * a status change, which is new input).
 */
export function advanceDeadlines<D extends Deadline>(
  deadlines: readonly D[],
  from: Date,
  to: Date,
  stopped: boolean,
  schedule: WorkingSchedule,
): D[] {
  const a = from.getTime();
  const b = to.getTime();
  if (Number.isNaN(a) || Number.isNaN(b) || b < a)
    throw new RangeError('deadlines are carried forward in time only, from a valid instant');
  if (stopped || a === b) return [...deadlines];
  let working: { ms: number; flag: { estimated: boolean } } | undefined;
  return deadlines.map((d) => {
    if (d.status === 'met' || d.status === 'metLate') return d;
    let spent = b - a;
    let estimated = d.estimated;
    if (d.measure === 'working') {
      if (!working) {
        const flag = { estimated: false };
        working = { ms: workingMsBetween(a, b, schedule, flag), flag };
      }
      spent = working.ms;
      estimated ||= working.flag.estimated;
    }
    const late = d.due !== null && b > Date.parse(d.due);
    return { ...d, status: late ? 'overdue' : 'running', msLeft: d.msLeft - spent, estimated };
  });
}
