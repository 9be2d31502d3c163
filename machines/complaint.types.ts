/**
 * What the complaint lifecycle works with beyond the contract's words
 * (statuses, roles and event names, src/contract/complaint-vocabulary.ts):
 * the events' payloads, what the machine remembers and why it refuses. Kept
 * apart from complaint.machine.ts so the server's tables can name these
 * without loading xstate. The rules themselves (who may do what, when) live
 * only in the machine.
 */
import type { ActorRole, ComplaintEventType, RulingOutcome } from '../src/contract/complaint-vocabulary';

export interface ComplaintActor {
  role: ActorRole;
  /** the user's or staff member's id; the sweep's name for `system` */
  id: string;
}

/** What every event carries: who sends it and when, by the server's clock (ISO 8601). */
interface EventBase {
  actor: ComplaintActor;
  at: string;
}

/** The payload each event type needs on top of {@link EventBase}. */
interface EventPayloads {
  accept: object;
  start_investigation: object;
  ask_user: object;
  reply: object;
  resolve: object;
  /** a rejection must say why (shown to the user) */
  reject: { reason: string };
  answer: object;
  confirm: object;
  dispute: object;
  ask_third_party: object;
  /** 1–5, whole numbers */
  rate: { score: number; comment?: string };
  withdraw: { reason?: string };
  start_arbitration: object;
  /** who the third party is lives with the event's record on the server, not in the rules */
  refer_third_party: object;
  /** the platform's ruling: what it decides of the disputed reply, and its reasons (`text`), recorded with who gave it */
  rule: { outcome: RulingOutcome; text: string };
  /** the third party's decision, in its words, recorded by staff */
  third_party_outcome: { text: string };
  close: object;
  message: object;
  'system.auto_resolve': object;
  'system.auto_close': object;
}

export type ComplaintEventOf<T extends ComplaintEventType> = EventBase & { type: T } & EventPayloads[T];
export type ComplaintEvent = { [T in ComplaintEventType]: ComplaintEventOf<T> }[ComplaintEventType];

/** Where a ruling was given: the state the complaint was in when it was ruled on. */
export type RulingStage = 'disputed' | 'arbitration' | 'third_party';

export interface Ruling {
  stage: RulingStage;
  /** the platform's rulings' outcome; null for a third party's decision, absent on rulings stored before outcomes were */
  outcome?: RulingOutcome | null;
  /** the reasons, or the third party's decision */
  text: string;
  /** who gave or, for a third party's decision, recorded it */
  by: ComplaintActor;
  at: string;
}

/** How the complaint was (last) resolved, so the timeline can say "resolved automatically". */
export type ResolvedBy = 'user' | 'staff' | 'system' | 'ruling';

export interface Rating {
  score: number;
  comment: string | null;
  at: string;
}

/** Per-site settings, fixed on the complaint when it is made so a later policy change does not move its windows. */
export interface ComplaintSettings {
  /** calendar days after the reply during which the user may dispute it (also: after a platform ruling, to ask for a third party) */
  disputeWindowDays: number;
  /** calendar days of silence from the user after the reply before the sweep may resolve it */
  autoResolveDays: number;
  /** calendar days after resolution before the sweep may close it (the user can rate until then) */
  autoCloseDays: number;
}

export const DEFAULT_COMPLAINT_SETTINGS: Readonly<ComplaintSettings> = {
  disputeWindowDays: 15,
  autoResolveDays: 7,
  autoCloseDays: 7,
};

/** What a new complaint is started with: the site's settings, each defaulting to the guideline's. */
export type ComplaintInput = Partial<ComplaintSettings>;

/**
 * Everything the machine's rules need, and so everything the server stores
 * next to the status to restore the machine from a row. JSON as it stands:
 * absent values are `null`, never `undefined`, so a round trip through the
 * database gives back an equal object. Messages' text and the full history
 * live in the server's event rows, not here.
 */
export interface ComplaintContext extends ComplaintSettings {
  repliedAt: string | null;
  /** the staff member who replied: they may not arbitrate or rule on a dispute about their reply */
  repliedBy: string | null;
  /** the user's latest message: silence after the reply is counted from here when later */
  lastUserMessageAt: string | null;
  lastStaffMessageAt: string | null;
  /** the arbitrator who took up the dispute */
  arbitratorId: string | null;
  rulings: Ruling[];
  resolvedAt: string | null;
  /** null while the complaint is not resolved (a dispute after resolution clears it again) */
  resolvedBy: ResolvedBy | null;
  /** one per complaint */
  rating: Rating | null;
  rejectReason: string | null;
  withdrawReason: string | null;
}

/**
 * Why the machine refused an event.
 * - `not_allowed`: this event never applies in this status (including every event in a final status)
 * - `forbidden`: it applies here, but not from this actor's role
 * - the rest: it applies and the role may send it, but a rule of the lifecycle refuses it now
 */
export const REFUSAL_REASONS = [
  'not_allowed',
  'forbidden',
  'invalid_event',
  'conflict_of_interest',
  'reason_required',
  'text_required',
  'outcome_required',
  'invalid_rating',
  'already_rated',
  'window_closed',
  'too_early',
  'not_contestable',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  reason: RefusalReason;
  /** English, for logs and the 409 body; clients say it in the user's language from `reason` */
  message: string;
}
