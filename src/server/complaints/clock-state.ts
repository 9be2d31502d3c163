/**
 * What a complaint's deadlines are computed from, kept as JSON on its row
 * (`sla_json`) so a list of thousands reads deadlines without reading each
 * complaint's events: the pauses (stretches in `awaiting_user`) and when the
 * first reply and the solution came. Derived from the status changes only,
 * so it can always be rebuilt from the event rows.
 */
import type { Deadline as WireDeadline } from '../../contract/complaints';
import type { Kind } from '../../contract/common';
import { subtractWorkingTime, type SiteSla } from '../../sla';

export interface ClockState {
  pauses: { from: string; to: string | null }[];
  firstReplyAt: string | null;
  solutionAt: string | null;
}

export const EMPTY_CLOCK_STATE: ClockState = { pauses: [], firstReplyAt: null, solutionAt: null };

/** Statuses whose deadlines no longer concern anyone: the complaint ended without an answer being owed. */
const CLOCKS_STOPPED = new Set(['withdrawn', 'rejected']);

/** The clock state after a status change from `from` to `to` at `at`. */
export function nextClockState(state: ClockState, from: string, to: string, at: string): ClockState {
  if (from === to) return state;
  const pauses = state.pauses.map((p) => ({ ...p }));
  const open = pauses.at(-1);
  if (from === 'awaiting_user' && open && open.to === null) open.to = at;
  if (to === 'awaiting_user') pauses.push({ from: at, to: null });
  return {
    pauses,
    firstReplyAt: state.firstReplyAt ?? (to === 'replied' ? at : null),
    solutionAt: state.solutionAt ?? (to === 'resolved' ? at : null),
  };
}

export function parseClockState(json: string | null): ClockState {
  return json ? (JSON.parse(json) as ClockState) : EMPTY_CLOCK_STATE;
}

export interface ClockSubject {
  kind: Kind;
  category: string;
  status: string;
  receivedAt: string;
  clock: ClockState;
  /** staff marked it complex: the 24-hour solution clock runs (SiteSla.policyFor) */
  complex?: boolean;
}

/** The deadlines as the wire carries them, read at `now` by the server's clock. */
export function deadlinesOf(sla: SiteSla, subject: ClockSubject, now: Date): WireDeadline[] {
  if (CLOCKS_STOPPED.has(subject.status)) return [];
  const { clock } = subject;
  const metAt = {
    firstReply: clock.firstReplyAt ? new Date(clock.firstReplyAt) : null,
    solution: clock.solutionAt ? new Date(clock.solutionAt) : null,
  };
  const computed = sla.deadlinesFor(
    subject.kind,
    subject.category,
    {
      receivedAt: new Date(subject.receivedAt),
      now,
      pauses: clock.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
      metAt,
    },
    subject.complex ?? false,
  );
  return computed.map((d) => ({
    name: d.name,
    measure: d.measure,
    due: d.due,
    status: d.status,
    msLeft: d.msLeft,
    ...(d.businessDayMs !== undefined ? { businessDayMs: d.businessDayMs } : {}),
    estimated: d.estimated,
    metAt: d.name === 'acknowledgement' ? subject.receivedAt : (metAt[d.name]?.toISOString() ?? null),
  }));
}

/** The deadline the user waits on next: the earliest overdue, running or paused one. */
export function nextDeadline(deadlines: readonly WireDeadline[]): WireDeadline | null {
  const open = deadlines.filter((d) => d.status === 'running' || d.status === 'paused' || d.status === 'overdue');
  open.sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff'));
  return open[0] ?? null;
}

/** "Due soon": within this much working time of the next due instant. */
export const DUE_SOON_WORKING_MS = 2 * 3_600_000;

/**
 * The earliest due instant of a deadline still owed, running or already
 * overdue (a paused one has no due instant; a met one is not owed): the
 * queue's order, and "overdue" once it has passed.
 */
export function nextDueOf(deadlines: readonly WireDeadline[]): string | null {
  let next: string | null = null;
  for (const d of deadlines)
    if ((d.status === 'running' || d.status === 'overdue') && d.due !== null && (next === null || d.due < next))
      next = d.due;
  return next;
}

/**
 * Two working hours before `due` on the site's calendar: from then on it is
 * due soon. Pass the site's current rules (`site.sla`), not the complaint's
 * version's: the due instant is the complaint's promise, kept by its own
 * version, but "due soon" warns the staff working now, in the hours they
 * keep now; and the queue's `due=soon` bound (queue.ts) counts from now on
 * the current schedule too, so both agree for every row.
 */
export function dueSoonFrom(sla: SiteSla, due: string): string {
  return subtractWorkingTime(new Date(due), DUE_SOON_WORKING_MS, sla.schedule).at.toISOString();
}

/**
 * What the row keeps of its deadlines for the queue (order, "due soon",
 * "overdue"), written with the deadlines every time they change. The due
 * instants do not move between writes (a pause, the one thing that moves
 * them, starts and ends with a status change), so the columns stay true
 * until the next one. `sla`: the site's current rules, for "due soon" (see
 * dueSoonFrom); the deadlines are already counted by the complaint's version.
 */
export function dueColumns(
  sla: SiteSla,
  deadlines: readonly WireDeadline[],
): { next_due_at: string | null; next_due_soon_at: string | null } {
  const next = nextDueOf(deadlines);
  return { next_due_at: next, next_due_soon_at: next === null ? null : dueSoonFrom(sla, next) };
}
