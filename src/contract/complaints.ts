/**
 * What the server answers about complaints: lists, details with their
 * timeline and deadlines, and the actions the lifecycle allows. The browser
 * (the tracker) checks every answer against these; the request bodies are in
 * complaint-requests.ts, which only the server reads.
 */
import * as z from 'zod/mini';
import { COMPLAINT_EVENT_TYPES, RULING_OUTCOMES } from './complaint-vocabulary';
import {
  AttachmentSummary,
  CalendarDate,
  Channel,
  FieldValue,
  Instant,
  Kind,
  Slug,
  SubmissionStatus,
  answerWord,
} from './common';
import { Decided } from './feedback-decisions';

/** Lifecycle events with an endpoint of their own: a message, and a third party's outcome (staff). */
const OWN_ENDPOINT = ['message', 'third_party_outcome'] as const;

/** Actions people take through the actions endpoint: every lifecycle event but the sweep's and those with their own endpoint. */
export const COMPLAINT_ACTIONS = COMPLAINT_EVENT_TYPES.filter(
  (t): t is Exclude<(typeof COMPLAINT_EVENT_TYPES)[number], `system.${string}` | (typeof OWN_ENDPOINT)[number]> =>
    !t.startsWith('system.') && !(OWN_ENDPOINT as readonly string[]).includes(t),
);
export const ComplaintAction = z.enum(COMPLAINT_ACTIONS);
export type ComplaintAction = z.infer<typeof ComplaintAction>;

/** Who acted, as the user may see it: staff appear by role and display name, never by token or id. */
export const TimelineActor = z.object({
  role: answerWord(z.enum(['user', 'agent', 'arbitrator', 'admin', 'system'])),
  name: z.nullable(z.string()),
});

/**
 * A deadline as an instant plus the time left, already counted by the
 * server's calendar (the browser has no holiday data). `msLeft` is in the
 * clock's own measure: working milliseconds for `working` clocks, so
 * `msLeft / businessDayMs` is "working days left"; negative when overdue or met late.
 */
const DeadlineName = answerWord(z.enum(['acknowledgement', 'firstReply', 'solution']));
const Status = answerWord(SubmissionStatus);

export const Deadline = z.object({
  name: DeadlineName,
  measure: z.enum(['working', 'elapsed']),
  /** null while paused (waiting on the user): the due instant is not known until they answer */
  due: z.nullable(Instant),
  status: answerWord(z.enum(['running', 'paused', 'overdue', 'met', 'metLate'])),
  msLeft: z.number(),
  businessDayMs: z.optional(z.number()),
  /** a date fell in a year the official calendar does not cover yet: Monday–Friday was assumed */
  estimated: z.boolean(),
  metAt: z.nullable(Instant),
});
export type Deadline = z.infer<typeof Deadline>;

export const RulingOutcome = z.enum(RULING_OUTCOMES);

/** Where the platform referred a complaint: the third party (an industry or consumer association, 12315 …), its case reference, and when. */
export const ThirdPartyReferral = z.object({
  /** the third party's name */
  body: z.string(),
  /** its reference for the case, when it gave one */
  reference: z.nullable(z.string()),
  referredOn: CalendarDate,
});
export type ThirdPartyReferral = z.infer<typeof ThirdPartyReferral>;

/**
 * A complaint's third party: who it went to and, once staff record it, what
 * the third party decided. `referredOn` is null when the user asked for a
 * third party themselves (`ask_third_party`) and staff named the body only
 * with its outcome; `body` is null while nobody has named it yet.
 */
export const ThirdParty = z.object({
  body: z.nullable(z.string()),
  reference: z.nullable(z.string()),
  referredOn: z.nullable(CalendarDate),
  /** what the third party decided, in its words, and the date of its decision; null until recorded */
  outcome: z.nullable(z.object({ text: z.string(), decidedOn: CalendarDate, recordedAt: Instant })),
});
export type ThirdParty = z.infer<typeof ThirdParty>;

/** One line of the timeline: a status change, a message, a ruling, a rating, a missed deadline. */
export const TimelineEntry = z.object({
  id: z.string(),
  at: Instant,
  /** `received`, a lifecycle event (`reply`, `dispute`, `system.auto_resolve`…), `deadline.missed` or `calendar.corrected` */
  type: z.string(),
  actor: TimelineActor,
  from: z.nullable(Status),
  to: z.nullable(Status),
  /** the message, reason or ruling, as the person wrote it (render as text) */
  text: z.nullable(z.string()),
  /** for `rate` */
  score: z.nullable(z.number()),
  /** for `deadline.missed`: which one */
  deadline: z.nullable(DeadlineName),
  attachments: z.array(AttachmentSummary),
  /** for `rule`: what the ruling decided of the disputed reply (`text` holds its reasons); absent on rulings made before outcomes were recorded */
  outcome: z.optional(RulingOutcome),
  /** for `refer_third_party`: to whom, their reference, and when */
  referral: z.optional(ThirdPartyReferral),
  /** for `third_party_outcome`: the date of the third party's decision (`text` holds it) */
  decidedOn: z.optional(CalendarDate),
  /** for `calendar.corrected`: the years whose working-day calendar, published after receipt, moved the deadlines */
  years: z.optional(z.array(z.number())),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ComplaintSummary = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  site: Slug,
  kind: Kind,
  category: Slug,
  channel: answerWord(Channel),
  status: Status,
  receivedAt: Instant,
  updatedAt: Instant,
  /** bumps on every change; send it back with an action to act only on what you saw */
  version: z.number(),
  /** the earliest deadline still running, paused or overdue; null when none is */
  nextDeadline: z.nullable(Deadline),
  /** feedback other than a complaint, once staff decided it: the outcome, its reason or answer */
  decision: z.optional(Decided),
});
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;

export const ComplaintDetail = z.object({
  ...ComplaintSummary.shape,
  fields: z.record(z.string(), FieldValue),
  attachments: z.array(AttachmentSummary),
  deadlines: z.array(Deadline),
  timeline: z.array(TimelineEntry),
  /** what the asking actor may do now, as the lifecycle machine says */
  actions: z.array(ComplaintAction),
  rating: z.nullable(z.object({ score: z.number(), comment: z.nullable(z.string()) })),
  /** the user's windows on this complaint, in calendar days, so the tracker can explain the path */
  windows: z.object({ disputeDays: z.number(), autoResolveDays: z.number() }),
  /** the third party the complaint went to, and its outcome once recorded; null when it never went to one */
  thirdParty: z.nullable(ThirdParty),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

/** A page of a list, newest change first; pass `nextCursor` back as `cursor` for the next page. */
export const ComplaintList = z.object({
  items: z.array(ComplaintSummary),
  nextCursor: z.nullable(z.string()),
});
export type ComplaintList = z.infer<typeof ComplaintList>;

/** The answer to a tracking-number lookup: this device may now open the complaint with the key. */
export const LookupResult = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  accessKey: z.string(),
});
export type LookupResult = z.infer<typeof LookupResult>;

/** The answer to an action or a message: the complaint's status and version after it, and the id of the timeline entry it made. */
export const ComplaintChange = z.object({
  id: z.string(),
  status: SubmissionStatus,
  version: z.number(),
  eventId: z.number(),
});
export type ComplaintChange = z.infer<typeof ComplaintChange>;
