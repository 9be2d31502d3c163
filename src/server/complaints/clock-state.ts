/**
 * What a complaint's deadlines are computed from, kept as JSON on its row
 * (`sla_json`) so a list of thousands reads deadlines without reading each
 * complaint's events: the pauses (stretches in `awaiting_user`) and when the
 * first reply and the solution came. Derived from the status changes only,
 * so it can always be rebuilt from the event rows.
 */
import type { Deadline as WireDeadline } from '../../contract/complaints';
import type { Kind } from '../../contract/common';
import type { SiteSla } from '../../sla';

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
}

/** The deadlines as the wire carries them, read at `now` by the server's clock. */
export function deadlinesOf(sla: SiteSla, subject: ClockSubject, now: Date): WireDeadline[] {
  if (CLOCKS_STOPPED.has(subject.status)) return [];
  const { clock } = subject;
  const metAt = {
    firstReply: clock.firstReplyAt ? new Date(clock.firstReplyAt) : null,
    solution: clock.solutionAt ? new Date(clock.solutionAt) : null,
  };
  const computed = sla.deadlinesFor(subject.kind, subject.category, {
    receivedAt: new Date(subject.receivedAt),
    now,
    pauses: clock.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
    metAt,
  });
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
