/**
 * A deadline clock that starts at receipt and stops while the complaint
 * waits on the user (`awaiting_user`): time inside a pause is not the
 * staff's to spend, so the deadline moves out by exactly the counted time
 * that fell inside it. The same clock serves working-time rules ("3 working
 * days") and elapsed-time rules ("24 h").
 */
import { addWorkingMs, workingMsBetween, type EstimateFlag } from './working-time';
import type { WorkingSchedule } from './working-schedule';

/** How a clock counts: business hours on working days, or every millisecond. */
export type ClockMeasure = 'working' | 'elapsed';

/** A stretch when the clock stood still; `to: null` means it still does. */
export interface PauseInterval {
  from: Date;
  to: Date | null;
}

export interface ClockInput {
  /** When the clock started (receipt of the complaint). */
  start: Date;
  /** Budget in the clock's measure: working ms for 'working', plain ms for 'elapsed'. */
  durationMs: number;
  measure: ClockMeasure;
  /** In any order; overlapping pauses count once. Parts before `start` are ignored. */
  pauses?: readonly PauseInterval[];
  /** The instant "time left" is read at. */
  now: Date;
}

export interface ClockReading {
  /** When the budget runs out; null while paused with budget left (the due instant is not known yet). */
  due: Date | null;
  /** Whether `now` falls inside a pause. */
  paused: boolean;
  /**
   * Budget left at `now`, in the clock's measure; negative = overdue by that
   * much (counted the same way, so pauses after the deadline also stop it).
   */
  msLeft: number;
  /** A day the result depends on had no official or site calendar. */
  estimated: boolean;
}

interface Span {
  from: number;
  to: number;
}

function byStart(x: Span, y: Span): number {
  return x.from - y.from;
}

/** Pauses as sorted, merged spans clipped to start at `start`; an open pause runs to +Infinity. */
function normalisePauses(pauses: readonly PauseInterval[], start: number): Span[] {
  const spans: Span[] = [];
  for (const pause of pauses) {
    const from = pause.from.getTime();
    const to = pause.to === null ? Number.POSITIVE_INFINITY : pause.to.getTime();
    if (Number.isNaN(from) || Number.isNaN(to)) throw new RangeError('pause with an invalid date');
    if (to < from)
      throw new RangeError(
        `pause ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()})`,
      );
    const clippedFrom = Math.max(from, start);
    if (to > clippedFrom) spans.push({ from: clippedFrom, to });
  }
  if (spans.length > 1) spans.sort(byStart);
  const merged: Span[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && span.from <= previous.to) previous.to = Math.max(previous.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

// Plain functions branching on the measure rather than a pair of closures
// made per call: a list endpoint reads tens of thousands of clocks, and
// under tsx every closure is also wrapped to keep its name (seen in a
// profile: it tripled the cost of a read).
function counted(measure: ClockMeasure, a: number, b: number, schedule: WorkingSchedule, flag: EstimateFlag): number {
  return measure === 'elapsed' ? b - a : workingMsBetween(a, b, schedule, flag);
}

function advanced(
  measure: ClockMeasure,
  start: number,
  ms: number,
  schedule: WorkingSchedule,
  flag: EstimateFlag,
): number {
  return measure === 'elapsed' ? start + ms : addWorkingMs(start, ms, schedule, flag);
}

/** Reads a pausable clock at `now`: its due instant (if known) and the budget left. */
export function readClock(input: ClockInput, schedule: WorkingSchedule): ClockReading {
  const start = input.start.getTime();
  const now = input.now.getTime();
  if (Number.isNaN(start) || Number.isNaN(now)) throw new RangeError('clock start or now is an invalid date');
  if (!Number.isFinite(input.durationMs) || input.durationMs < 0)
    throw new RangeError(`clock budget must be ≥ 0 ms, got ${input.durationMs}`);
  const pauses = normalisePauses(input.pauses ?? [], start);
  const flag: EstimateFlag = { estimated: false };
  const measure = input.measure;

  // Due: spend the budget across the running stretches between pauses.
  let due: number | null = null;
  let remaining = input.durationMs;
  let runFrom = start;
  for (const pause of pauses) {
    const available = counted(measure, runFrom, pause.from, schedule, flag);
    if (remaining <= available) break;
    remaining -= available;
    runFrom = pause.to;
  }
  if (runFrom !== Number.POSITIVE_INFINITY) due = advanced(measure, runFrom, remaining, schedule, flag);

  // Left: the budget minus what the running stretches up to `now` used.
  let used = 0;
  let paused = false;
  let from = start;
  for (const pause of pauses) {
    if (pause.from >= now) break;
    used += counted(measure, from, pause.from, schedule, flag);
    from = pause.to;
    if (pause.to > now) {
      paused = true;
      break;
    }
  }
  if (!paused && now > from) used += counted(measure, from, now, schedule, flag);

  return {
    due: due === null ? null : new Date(due),
    paused,
    msLeft: input.durationMs - used,
    estimated: flag.estimated,
  };
}
