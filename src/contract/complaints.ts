/**
 * What the server answers about complaints: lists, details with their
 * timeline and deadlines, and the actions the lifecycle allows. The browser
 * (the tracker) checks every answer against these; the request bodies are in
 * complaint-requests.ts, which only the server reads.
 */
import * as z from 'zod/mini';
import { COMPLAINT_EVENT_TYPES } from './complaint-vocabulary';
import { AttachmentSummary, Channel, FieldValue, Instant, Kind, Slug, SubmissionStatus } from './common';
import { Decided } from './feedback-decisions';

/** Actions people take through the API: every lifecycle event but the sweep's and plain messages (their own endpoint). */
export const COMPLAINT_ACTIONS = COMPLAINT_EVENT_TYPES.filter(
  (t): t is Exclude<(typeof COMPLAINT_EVENT_TYPES)[number], `system.${string}` | 'message'> =>
    !t.startsWith('system.') && t !== 'message',
);
export const ComplaintAction = z.enum(COMPLAINT_ACTIONS);
export type ComplaintAction = z.infer<typeof ComplaintAction>;

/** Who acted, as the user may see it: staff appear by role and display name, never by token or id. */
export const TimelineActor = z.object({
  role: z.enum(['user', 'agent', 'arbitrator', 'admin', 'system']),
  name: z.nullable(z.string()),
});

/**
 * A deadline as an instant plus the time left, already counted by the
 * server's calendar (the browser has no holiday data). `msLeft` is in the
 * clock's own measure: working milliseconds for `working` clocks, so
 * `msLeft / businessDayMs` is "working days left"; negative when overdue or met late.
 */
export const Deadline = z.object({
  name: z.enum(['acknowledgement', 'firstReply', 'solution']),
  measure: z.enum(['working', 'elapsed']),
  /** null while paused (waiting on the user): the due instant is not known until they answer */
  due: z.nullable(Instant),
  status: z.enum(['running', 'paused', 'overdue', 'met', 'metLate']),
  msLeft: z.number(),
  businessDayMs: z.optional(z.number()),
  /** a date fell in a year the official calendar does not cover yet: Monday–Friday was assumed */
  estimated: z.boolean(),
  metAt: z.nullable(Instant),
});
export type Deadline = z.infer<typeof Deadline>;

/** One line of the timeline: a status change, a message, a ruling, a rating, a missed deadline. */
export const TimelineEntry = z.object({
  id: z.string(),
  at: Instant,
  /** `received`, a lifecycle event (`reply`, `dispute`, `system.auto_resolve`…), or `deadline.missed` */
  type: z.string(),
  actor: TimelineActor,
  from: z.nullable(SubmissionStatus),
  to: z.nullable(SubmissionStatus),
  /** the message, reason or ruling, as the person wrote it (render as text) */
  text: z.nullable(z.string()),
  /** for `rate` */
  score: z.nullable(z.number()),
  /** for `deadline.missed`: which one */
  deadline: z.nullable(z.enum(['acknowledgement', 'firstReply', 'solution'])),
  attachments: z.array(AttachmentSummary),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const ComplaintSummary = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  site: Slug,
  kind: Kind,
  category: Slug,
  channel: Channel,
  status: SubmissionStatus,
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
