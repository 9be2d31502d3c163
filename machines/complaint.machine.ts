/**
 * The complaint lifecycle: the ONE place that decides a complaint's status.
 * The server asks it before every change (a refusal is a 409
 * `invalid_transition`); the tracker asks it which actions to show. Pure: no
 * clock, no timers, no effects. Time enters only as each event's `at`, the
 * server's time; the server's periodic sweep sends the `system.*` events and
 * the machine refuses them when they come too early.
 *
 *   submitted → accepted → investigating → replied → resolved → closed
 *   accepted | investigating → awaiting_user → investigating   (staff ask, the user answers; clocks paused)
 *   replied → disputed → arbitration → third_party             (a ruling, or the third party's outcome → resolved)
 *   resolved → disputed      when it was resolved without the user, inside the dispute window
 *   resolved → third_party   when the platform ruled, inside the same window after the ruling
 *   withdrawn: by the user from any status before resolved
 *   rejected:  by staff, with a reason, before a reply
 *   closed, withdrawn, rejected are final: nothing is accepted there.
 *
 * Who may send what ("staff" = agent or admin; "arbitrators" = arbitrator or
 * admin; admin may do all that agent and arbitrator may, nothing a user or
 * the sweep does):
 *
 * | event               | from                                    | by                       | only if                                                                 | to            |
 * | ------------------- | --------------------------------------- | ------------------------ | ----------------------------------------------------------------------- | ------------- |
 * | accept              | submitted                               | staff                    |                                                                         | accepted      |
 * | start_investigation | accepted, awaiting_user                 | staff                    | (from awaiting_user: the answer came by another channel)                | investigating |
 * | ask_user            | accepted, investigating                 | staff                    |                                                                         | awaiting_user |
 * | answer              | awaiting_user                           | user                     |                                                                         | investigating |
 * | reply               | investigating                           | staff                    | records repliedAt, repliedBy                                            | replied       |
 * | confirm             | replied                                 | user                     | resolvedBy 'user'                                                       | resolved      |
 * | resolve             | replied                                 | staff                    | resolvedBy 'staff'                                                      | resolved      |
 * | system.auto_resolve | replied                                 | system                   | at ≥ (repliedAt or the user's later message) + autoResolveDays          | resolved      |
 * | dispute             | replied                                 | user                     | at ≤ repliedAt + disputeWindowDays                                      | disputed      |
 * | dispute             | resolved                                | user                     | resolvedBy 'staff' or 'system' (not the user's own), same window        | disputed      |
 * | start_arbitration   | disputed                                | arbitrators              | not the one who replied                                                 | arbitration   |
 * | rule                | disputed, arbitration                   | arbitrators              | an outcome and non-empty reasons; not the one who replied;              | resolved      |
 * |                     |                                         |                          | resolvedBy 'ruling'                                                     |               |
 * | refer_third_party   | arbitration                             | arbitrators              | not the one who replied                                                 | third_party   |
 * | ask_third_party     | resolved                                | user                     | last ruling was the platform's; at ≤ that ruling + disputeWindowDays    | third_party   |
 * | third_party_outcome | third_party                             | agent, arbitrator, admin | non-empty text (the third party's decision); resolvedBy 'ruling'        | resolved      |
 * | rate                | resolved                                | user                     | not rated before; score a whole number 1–5                              | resolved      |
 * | close               | resolved                                | staff                    | the user can no longer dispute or ask a third party                     | closed        |
 * | system.auto_close   | resolved                                | system                   | at ≥ resolvedAt + autoCloseDays, and as for close                       | closed        |
 * | withdraw            | every status before resolved            | user                     |                                                                         | withdrawn     |
 * | reject              | submitted, accepted, investigating,     | staff                    | non-empty reason                                                        | rejected      |
 * |                     | awaiting_user                           |                          |                                                                         |               |
 * | message             | every status but the final ones         | user, agent, arbitrator, | records when (the user's restarts the auto-resolve silence)             | (unchanged)   |
 * |                     |                                         | admin                    |                                                                         |               |
 *
 * Decisions, and why:
 * - Windows are calendar days (24 h × N) from the server's `at`, not working
 *   days: they are the user's time to act, which users count in days; the
 *   working-time clocks are staff deadlines and live in src/sla.
 * - A user's message after the reply means they have not gone silent: the
 *   auto-resolve silence is counted from the later of the reply and that message.
 * - Resolution by staff or by the sweep does not take away the user's right to
 *   dispute within the window (7 days of silence would otherwise end a
 *   15-day window); only the user's own confirmation, or a ruling, does.
 *   After a platform ruling the user has the same window to ask a third party.
 *   So nobody closes a complaint while the user can still take it further.
 * - The rating is given in `resolved` only, once per complaint (also when it
 *   is resolved again after a dispute); `closed` is final, so closing ends the
 *   chance to rate, and the sweep waits autoCloseDays before it may close.
 * - A ruling in `disputed` is the platform deciding without a formal hearing.
 *   Nobody rules on, or takes up, a dispute about their own reply (by id, so
 *   also an admin who replied). A ruling says what it decides of the reply
 *   (RULING_OUTCOMES: upheld, partly upheld, overturned) and why.
 * - `third_party_outcome` records what the third party decided, in its
 *   words: a fact decided elsewhere, with the body's date and reference, not
 *   a judgment of the platform's, so whoever replied may record it too (the
 *   audit log names who did). It is a ruling of stage `third_party` in the
 *   context, so the complaint cannot be taken to a third party again.
 * - `message` is a self-transition so the server checks "may this actor write
 *   here now" with the same machine; it records only when, the text is the
 *   server's.
 */
import { assign, getNextTransitions, initialTransition, transition, type SnapshotFrom } from 'xstate';
import { setup } from './lean-setup';
import {
  DEFAULT_COMPLAINT_SETTINGS,
  type ComplaintActor,
  type ComplaintContext,
  type ComplaintEvent,
  type ComplaintInput,
  type ComplaintSettings,
  type Refusal,
  type RefusalReason,
  type ResolvedBy,
  type Ruling,
  type RulingStage,
} from './complaint.types';
import {
  ACTOR_ROLES,
  COMPLAINT_EVENT_TYPES,
  COMPLAINT_STATUSES,
  RULING_OUTCOMES,
  type ActorRole,
  type ComplaintEventType,
  type ComplaintStatus,
} from '../src/contract/complaint-vocabulary';

const DAY_MS = 24 * 60 * 60 * 1000;

const USER: readonly ActorRole[] = ['user'];
const STAFF: readonly ActorRole[] = ['agent', 'admin'];
const ARBITRATORS: readonly ActorRole[] = ['arbitrator', 'admin'];
const ANY_STAFF: readonly ActorRole[] = ['agent', 'arbitrator', 'admin'];
const CORRESPONDENTS: readonly ActorRole[] = ['user', 'agent', 'arbitrator', 'admin'];
const SWEEP: readonly ActorRole[] = ['system'];

/** The rules a guard can apply besides the actor's role, each with its own refusal. */
type Check =
  | 'reasonGiven'
  | 'rulingGiven'
  | 'outcomeTextGiven'
  | 'notTheReplier'
  | 'withinDisputeWindow'
  | 'resolvedWithoutUser'
  | 'afterPlatformRuling'
  | 'withinThirdPartyWindow'
  | 'silentLongEnough'
  | 'resolvedLongEnough'
  | 'userCannotContest'
  | 'notRated'
  | 'scoreInRange';

/** A transition's guard: who may take it and what else must hold. The only permission table there is. */
interface Permission {
  roles: readonly ActorRole[];
  checks: readonly Check[];
}

const GUARD_TYPE = 'permitted';

function permitted(roles: readonly ActorRole[], ...checks: Check[]): { type: typeof GUARD_TYPE; params: Permission } {
  return { type: GUARD_TYPE, params: { roles, checks } };
}

const time = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));
const plusDays = (iso: string | null, days: number): number => time(iso) + days * DAY_MS;
const isoOrUnknown = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : 'unknown');
const isNonEmptyText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function lastRuling(context: ComplaintContext): Ruling | undefined {
  return context.rulings[context.rulings.length - 1];
}

/** When the user's right to dispute the reply ends; NaN when there is no reply. */
const disputeWindowEnd = (context: ComplaintContext): number => plusDays(context.repliedAt, context.disputeWindowDays);

/** When the user's right to take a platform ruling to a third party ends; NaN when there is none. */
function thirdPartyWindowEnd(context: ComplaintContext): number {
  const ruling = lastRuling(context);
  return ruling && ruling.stage !== 'third_party' ? plusDays(ruling.at, context.disputeWindowDays) : Number.NaN;
}

/** Until when, if at all, the user can still take a resolved complaint further (dispute, third party). */
function contestableUntil(context: ComplaintContext): number | undefined {
  if (context.resolvedBy === 'staff' || context.resolvedBy === 'system') return disputeWindowEnd(context);
  if (context.resolvedBy === 'ruling' && lastRuling(context)?.stage !== 'third_party')
    return thirdPartyWindowEnd(context);
  return undefined;
}

type Refuse = (context: ComplaintContext, event: ComplaintEvent) => Refusal | undefined;
const refuse = (reason: RefusalReason, message: string): Refusal => ({ reason, message });

const CHECKS: Record<Check, Refuse> = {
  reasonGiven: (_, event) =>
    event.type === 'reject' && isNonEmptyText(event.reason)
      ? undefined
      : refuse('reason_required', 'a rejection needs a reason'),
  rulingGiven: (_, event) => {
    if (event.type !== 'rule' || !(RULING_OUTCOMES as readonly unknown[]).includes(event.outcome))
      return refuse('outcome_required', `a ruling says what it decides: ${RULING_OUTCOMES.join(', ')}`);
    return isNonEmptyText(event.text) ? undefined : refuse('text_required', 'a ruling needs its reasons');
  },
  outcomeTextGiven: (_, event) =>
    event.type === 'third_party_outcome' && isNonEmptyText(event.text)
      ? undefined
      : refuse('text_required', "the third party's outcome needs its text"),
  notTheReplier: (context, event) =>
    context.repliedBy !== null && event.actor.id === context.repliedBy
      ? refuse('conflict_of_interest', 'whoever replied may not take up or rule on a dispute about that reply')
      : undefined,
  withinDisputeWindow: (context, event) => {
    const end = disputeWindowEnd(context);
    return time(event.at) <= end
      ? undefined
      : refuse('window_closed', `the reply could be disputed until ${isoOrUnknown(end)}`);
  },
  resolvedWithoutUser: (context) =>
    context.resolvedBy === 'staff' || context.resolvedBy === 'system'
      ? undefined
      : refuse(
          'not_contestable',
          context.resolvedBy === 'user' ? 'the user confirmed the resolution' : 'a ruling resolved the dispute',
        ),
  afterPlatformRuling: (context) =>
    context.resolvedBy === 'ruling' && lastRuling(context)?.stage !== 'third_party'
      ? undefined
      : refuse('not_contestable', 'a third party can be asked only after a ruling by the platform, and only once'),
  withinThirdPartyWindow: (context, event) => {
    const end = thirdPartyWindowEnd(context);
    return time(event.at) <= end
      ? undefined
      : refuse('window_closed', `a third party could be asked until ${isoOrUnknown(end)}`);
  },
  silentLongEnough: (context, event) => {
    const lastWord = Math.max(time(context.repliedAt), time(context.lastUserMessageAt) || 0);
    const due = lastWord + context.autoResolveDays * DAY_MS;
    return time(event.at) >= due
      ? undefined
      : refuse('too_early', `the user has until ${isoOrUnknown(due)} to answer the reply`);
  },
  resolvedLongEnough: (context, event) => {
    const due = plusDays(context.resolvedAt, context.autoCloseDays);
    return time(event.at) >= due
      ? undefined
      : refuse('too_early', `the complaint may be closed automatically from ${isoOrUnknown(due)}`);
  },
  userCannotContest: (context, event) => {
    const until = contestableUntil(context);
    return until === undefined || time(event.at) > until
      ? undefined
      : refuse('too_early', `the user may take the complaint further until ${isoOrUnknown(until)}`);
  },
  notRated: (context) =>
    context.rating === null ? undefined : refuse('already_rated', 'the user has rated this complaint already'),
  scoreInRange: (_, event) =>
    event.type === 'rate' && Number.isInteger(event.score) && event.score >= 1 && event.score <= 5
      ? undefined
      : refuse('invalid_rating', 'a rating is a whole number from 1 to 5'),
};

function isActor(value: unknown): value is ComplaintActor {
  if (typeof value !== 'object' || value === null) return false;
  const { role, id } = value as Partial<Record<keyof ComplaintActor, unknown>>;
  return (ACTOR_ROLES as readonly unknown[]).includes(role) && isNonEmptyText(id);
}

const ROLE_NAMES: Record<ActorRole, string> = {
  user: 'the user',
  agent: 'an agent',
  arbitrator: 'an arbitrator',
  admin: 'an admin',
  system: 'the system',
};

/**
 * Why `permission` refuses `event` in `context`, or undefined when it allows it.
 * The guard and the explanation of a refusal are this one function, so they cannot disagree.
 */
function refusalFor(context: ComplaintContext, event: ComplaintEvent, permission: Permission): Refusal | undefined {
  // The server builds actor and at itself; a malformed one is a bug there, refused rather than guessed at.
  if (!isActor(event.actor) || !Number.isFinite(time(event.at))) {
    return refuse('invalid_event', 'an event needs an actor (role and id) and an ISO time');
  }
  if (!permission.roles.includes(event.actor.role)) {
    return refuse('forbidden', `'${event.type}' is not for ${ROLE_NAMES[event.actor.role]}`);
  }
  for (const check of permission.checks) {
    const refusal = CHECKS[check](context, event);
    if (refusal) return refusal;
  }
  return undefined;
}

const cleanText = (value: string | undefined): string | null => (isNonEmptyText(value) ? value.trim() : null);

function settingsFrom(input: ComplaintInput | undefined): ComplaintSettings {
  const settings = { ...DEFAULT_COMPLAINT_SETTINGS };
  for (const key of Object.keys(settings) as Array<keyof ComplaintSettings>) {
    const value = input?.[key];
    if (value === undefined) continue;
    // A window of zero or less would refuse or allow everything at once: that is a broken site setting, said loudly.
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`${key} must be a positive number of days, not ${value}`);
    settings[key] = value;
  }
  return settings;
}

/** The context of a complaint just received. */
export function initialComplaintContext(input?: ComplaintInput): ComplaintContext {
  return {
    ...settingsFrom(input),
    repliedAt: null,
    repliedBy: null,
    lastUserMessageAt: null,
    lastStaffMessageAt: null,
    arbitratorId: null,
    rulings: [],
    resolvedAt: null,
    resolvedBy: null,
    rating: null,
    rejectReason: null,
    withdrawReason: null,
  };
}

const resolvedAs = (by: ResolvedBy) => ({ type: 'recordResolution' as const, params: { by } });
const ruledIn = (stage: RulingStage) => ({ type: 'recordRuling' as const, params: { stage } });

/** The same for every status that is not final. */
const MESSAGE = { guard: permitted(CORRESPONDENTS), actions: 'recordMessage' } as const;
const WITHDRAW = { target: 'withdrawn', guard: permitted(USER), actions: 'recordWithdrawal' } as const;
const REJECT = { target: 'rejected', guard: permitted(STAFF, 'reasonGiven'), actions: 'recordRejection' } as const;

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintInput,
  },
  guards: {
    [GUARD_TYPE]: ({ context, event }, permission: Permission) => refusalFor(context, event, permission) === undefined,
  },
  actions: {
    recordMessage: assign(({ event }) =>
      event.actor.role === 'user' ? { lastUserMessageAt: event.at } : { lastStaffMessageAt: event.at },
    ),
    recordReply: assign(({ event }) => ({ repliedAt: event.at, repliedBy: event.actor.id })),
    recordArbitrator: assign(({ event }) => ({ arbitratorId: event.actor.id })),
    recordResolution: assign(({ event }, params: { by: ResolvedBy }) => ({
      resolvedAt: event.at,
      resolvedBy: params.by,
    })),
    recordRuling: assign(({ context, event }, params: { stage: RulingStage }) => {
      if (event.type !== 'rule' && event.type !== 'third_party_outcome') return {};
      const ruling: Ruling = {
        stage: params.stage,
        outcome: event.type === 'rule' ? event.outcome : null,
        text: event.text.trim(),
        by: { role: event.actor.role, id: event.actor.id },
        at: event.at,
      };
      return { rulings: [...context.rulings, ruling], resolvedAt: event.at, resolvedBy: 'ruling' as const };
    }),
    /** Taken further after resolution: it is open again until the next resolution. */
    reopen: assign({ resolvedAt: null, resolvedBy: null }),
    recordRating: assign(({ event }) =>
      event.type === 'rate' ? { rating: { score: event.score, comment: cleanText(event.comment), at: event.at } } : {},
    ),
    recordRejection: assign(({ event }) => (event.type === 'reject' ? { rejectReason: event.reason.trim() } : {})),
    recordWithdrawal: assign(({ event }) =>
      event.type === 'withdraw' ? { withdrawReason: cleanText(event.reason) } : {},
    ),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => initialComplaintContext(input),
  initial: 'submitted',
  states: {
    submitted: {
      on: {
        accept: { target: 'accepted', guard: permitted(STAFF) },
        reject: REJECT,
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    accepted: {
      on: {
        start_investigation: { target: 'investigating', guard: permitted(STAFF) },
        ask_user: { target: 'awaiting_user', guard: permitted(STAFF) },
        reject: REJECT,
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    investigating: {
      on: {
        ask_user: { target: 'awaiting_user', guard: permitted(STAFF) },
        reply: { target: 'replied', guard: permitted(STAFF), actions: 'recordReply' },
        reject: REJECT,
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    /** Staff wait on the user; the server pauses the SLA clocks while the complaint is here. */
    awaiting_user: {
      on: {
        answer: { target: 'investigating', guard: permitted(USER) },
        start_investigation: { target: 'investigating', guard: permitted(STAFF) },
        reject: REJECT,
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    replied: {
      on: {
        confirm: { target: 'resolved', guard: permitted(USER), actions: resolvedAs('user') },
        resolve: { target: 'resolved', guard: permitted(STAFF), actions: resolvedAs('staff') },
        'system.auto_resolve': {
          target: 'resolved',
          guard: permitted(SWEEP, 'silentLongEnough'),
          actions: resolvedAs('system'),
        },
        dispute: { target: 'disputed', guard: permitted(USER, 'withinDisputeWindow') },
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    disputed: {
      on: {
        start_arbitration: {
          target: 'arbitration',
          guard: permitted(ARBITRATORS, 'notTheReplier'),
          actions: 'recordArbitrator',
        },
        rule: {
          target: 'resolved',
          guard: permitted(ARBITRATORS, 'rulingGiven', 'notTheReplier'),
          actions: ruledIn('disputed'),
        },
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    arbitration: {
      on: {
        rule: {
          target: 'resolved',
          guard: permitted(ARBITRATORS, 'rulingGiven', 'notTheReplier'),
          actions: ruledIn('arbitration'),
        },
        refer_third_party: { target: 'third_party', guard: permitted(ARBITRATORS, 'notTheReplier') },
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    third_party: {
      on: {
        third_party_outcome: {
          target: 'resolved',
          guard: permitted(ANY_STAFF, 'outcomeTextGiven'),
          actions: ruledIn('third_party'),
        },
        withdraw: WITHDRAW,
        message: MESSAGE,
      },
    },
    resolved: {
      on: {
        rate: { guard: permitted(USER, 'notRated', 'scoreInRange'), actions: 'recordRating' },
        dispute: {
          target: 'disputed',
          guard: permitted(USER, 'resolvedWithoutUser', 'withinDisputeWindow'),
          actions: 'reopen',
        },
        ask_third_party: {
          target: 'third_party',
          guard: permitted(USER, 'afterPlatformRuling', 'withinThirdPartyWindow'),
          actions: 'reopen',
        },
        close: { target: 'closed', guard: permitted(STAFF, 'userCannotContest') },
        'system.auto_close': { target: 'closed', guard: permitted(SWEEP, 'resolvedLongEnough', 'userCannotContest') },
        message: MESSAGE,
      },
    },
    closed: { type: 'final' },
    withdrawn: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export type ComplaintMachine = typeof complaintMachine;
export type ComplaintSnapshot = SnapshotFrom<ComplaintMachine>;

/** The machine's states are exactly the statuses: this line stops compiling when they part. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _statesAreStatuses: Same<ComplaintSnapshot['value'], ComplaintStatus> = true;

export type Decision =
  { ok: true; next: ComplaintSnapshot; status: ComplaintStatus; context: ComplaintContext } | ({ ok: false } & Refusal);

/** A complaint just received, in `submitted`. Throws a RangeError for a setting that is not a positive number of days. */
export function newComplaint(input: ComplaintInput = {}): ComplaintSnapshot {
  const [snapshot] = initialTransition(complaintMachine, input);
  // xstate keeps a failing context factory's error in the snapshot; a broken setting must not pass unnoticed.
  if (snapshot.status === 'error') throw snapshot.error;
  return snapshot;
}

/**
 * The machine's snapshot for a stored complaint. Fields a row written by an
 * earlier version lacks take their initial values, so adding a field to the
 * context needs no data migration.
 */
export function restoreComplaint(status: ComplaintStatus, context: ComplaintContext): ComplaintSnapshot {
  if (!(COMPLAINT_STATUSES as readonly string[]).includes(status))
    throw new RangeError(`unknown complaint status '${String(status)}'`);
  return complaintMachine.resolveState({ value: status, context: { ...initialComplaintContext(context), ...context } });
}

function isPermissionGuard(guard: unknown): guard is { type: typeof GUARD_TYPE; params: Permission } {
  return (
    typeof guard === 'object' && guard !== null && 'type' in guard && guard.type === GUARD_TYPE && 'params' in guard
  );
}

/**
 * Why the machine will not take `event` now. The transitions this status has
 * for the event type are asked with their own guards: none means the event
 * never applies here (`not_allowed`); otherwise the first refusal is the one
 * the guard met.
 */
function explainRefusal(snapshot: ComplaintSnapshot, event: ComplaintEvent): Refusal {
  const candidates =
    snapshot.status === 'active' ? getNextTransitions(snapshot).filter((t) => t.eventType === event.type) : [];
  for (const candidate of candidates) {
    const refusal = isPermissionGuard(candidate.guard)
      ? refusalFor(snapshot.context, event, candidate.guard.params)
      : undefined;
    if (refusal) return refusal;
  }
  return refuse('not_allowed', `a complaint that is ${String(snapshot.value)} cannot take '${String(event.type)}'`);
}

/** What the machine makes of `event`: the next snapshot, or why not. The server's one way to change a complaint. */
export function decide(snapshot: ComplaintSnapshot, event: ComplaintEvent): Decision {
  if (snapshot.status !== 'active' || !snapshot.can(event)) return { ok: false, ...explainRefusal(snapshot, event) };
  const [next] = transition(complaintMachine, snapshot, event);
  return { ok: true, next, status: next.value, context: next.context };
}

/** Thrown by {@link replayComplaint} when a stored history breaks the rules. */
export class ComplaintRefusedError extends Error {
  readonly event: ComplaintEvent;
  readonly refusal: Refusal;
  constructor(event: ComplaintEvent, refusal: Refusal) {
    super(`${event.type} by ${event.actor.role} refused (${refusal.reason}): ${refusal.message}`);
    this.name = 'ComplaintRefusedError';
    this.event = event;
    this.refusal = refusal;
  }
}

/** A new complaint taken through `events` in order, e.g. to seed demo data or check an audit trail against the rules. */
export function replayComplaint(events: readonly ComplaintEvent[], input: ComplaintInput = {}): ComplaintSnapshot {
  let snapshot = newComplaint(input);
  for (const event of events) {
    const decision = decide(snapshot, event);
    if (!decision.ok) throw new ComplaintRefusedError(event, decision);
    snapshot = decision.next;
  }
  return snapshot;
}

/**
 * A stand-in event of `type` for asking "could this actor do this now": its
 * payload passes the content checks (a reason, a text, a valid score), so
 * only status, role, time and history decide.
 */
function probeEvent(type: ComplaintEventType, actor: ComplaintActor, at: string): ComplaintEvent {
  switch (type) {
    case 'reject':
      return { type, actor, at, reason: 'probe' };
    case 'rule':
      return { type, actor, at, outcome: 'upheld', text: 'probe' };
    case 'third_party_outcome':
      return { type, actor, at, text: 'probe' };
    case 'rate':
      return { type, actor, at, score: 5 };
    default:
      return { type, actor, at };
  }
}

/**
 * The event types `actor` may send at `at`, in {@link COMPLAINT_EVENT_TYPES}
 * order: what the tracker offers. Asked of the machine itself, one probe per
 * type, so it cannot drift from what `decide` accepts.
 */
export function allowedActions(snapshot: ComplaintSnapshot, actor: ComplaintActor, at: string): ComplaintEventType[] {
  if (snapshot.status !== 'active') return [];
  return COMPLAINT_EVENT_TYPES.filter((type) => snapshot.can(probeEvent(type, actor, at)));
}
