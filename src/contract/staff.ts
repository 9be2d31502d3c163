/**
 * The staff side's wire types: who is signed in and what the server lets
 * them do, the queue, one complaint as staff see it (internal notes,
 * assignment, contact details masked), revealing a contact, canned replies
 * and the audit log. The console checks every answer against these; the
 * server validates every request with them.
 */
import * as z from 'zod/mini';
import { answerWord, Channel, Instant, Kind, Slug, SubmissionStatus } from './common';
import { ComplaintDetail, Deadline, TimelineEntry } from './complaints';
import { ComplaintPointsGiven } from './points';
import { QueueSort } from './staff-views';

/**
 * Staff roles. `agent` works complaints, `arbitrator` rules on disputes,
 * `supervisor` reads everything and writes nothing, `admin` may do all of it
 * and configures the site.
 */
export const STAFF_ROLES = ['agent', 'arbitrator', 'supervisor', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** The audience every staff token names, so a host token can never pass for one. */
export const STAFF_TOKEN_AUDIENCE = 'usercare-staff';
/** The longest a staff token may live, counted from its `iat`. */
export const STAFF_TOKEN_MAX_LIFETIME_S = 12 * 3600;

/**
 * What the server lets a principal do, each one a check the server makes on
 * every request: the console shows an action only where the server would
 * take it.
 */
export const STAFF_PERMISSIONS = [
  /** reply, ask the user, move a complaint through its lifecycle */
  'work',
  /** internal notes */
  'note',
  /** claim, assign, reassign */
  'assign',
  /** change a category or mark a complaint complex */
  'categorise',
  /** see a contact unmasked, with a reason */
  'reveal',
  /** rule on a dispute (a person, never an automation token) */
  'rule',
  /** browse and export the audit log */
  'audit',
  /** write the site's canned replies */
  'canned',
  /** decide suggestions, reports, praise and questions; penalise prohibited content; compensate from a complaint (agent, admin) */
  'moderate',
  /** record outages, adjust points by hand, fill reward code pools (admin) */
  'points',
  /** read and export the consent records (admin) */
  'consents',
  /** the site's configuration: drafts, publishing, rolling back, its secrets and automation tokens (admin, and a person) */
  'configure',
] as const;
export const StaffPermission = z.enum(STAFF_PERMISSIONS);
export type StaffPermission = z.infer<typeof StaffPermission>;

/** GET /v1/staff/me?site=… — who the token says is asking, and what they may do. */
export const StaffMe = z.object({
  site: Slug,
  /** `staff:person:<sub>` for a person's token, `staff:automation:<name>` for a static token */
  principal: z.string(),
  kind: z.enum(['person', 'automation']),
  name: z.string(),
  roles: z.array(StaffRole),
  permissions: z.array(StaffPermission),
  /** when the token stops working; null for a static token */
  expiresAt: z.nullable(Instant),
  /** the bounds of a complaint's `receivedAt` when staff log one (POST /v1/staff/complaints), so the console can say them */
  intake: z.object({
    /** how many days back it may be dated: the site's `settings.staff.intakeMaxAgeDays` */
    maxAgeDays: z.number(),
    /** how far ahead of the server's clock it may be, for clocks that are a little off (INTAKE_CLOCK_SKEW_S) */
    clockSkewSeconds: z.number(),
  }),
});
export type StaffMe = z.infer<typeof StaffMe>;

/**
 * How far ahead of the server's clock a logged complaint's `receivedAt` may
 * be: a staff PC's clock a little fast, not a complaint from the future.
 */
export const INTAKE_CLOCK_SKEW_S = 120;

/** Who works a complaint, by principal and display name; null while nobody does. */
export const Assignee = z.nullable(z.object({ principal: z.string(), name: z.string() }));
export type Assignee = z.infer<typeof Assignee>;

/** One row of the queue: a complaint, or feedback of another kind, with every deadline that still runs. */
export const QueueItem = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  kind: answerWord(Kind),
  category: Slug,
  channel: answerWord(Channel),
  status: answerWord(SubmissionStatus),
  receivedAt: Instant,
  updatedAt: Instant,
  version: z.number(),
  assignee: Assignee,
  /** marked complex: the 24-hour solution clock runs from receipt */
  complex: z.boolean(),
  /** the first words of the text, as the user wrote them (render as text) */
  excerpt: z.string(),
  /** every deadline running, paused or overdue (met ones are left out), soonest first, counted by the server's calendar */
  deadlines: z.array(Deadline),
  /** the earliest due instant among them; null when none runs (paused, or none) */
  nextDue: z.nullable(Instant),
  /** due within two working hours */
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  /** a clock is paused, waiting for the user */
  paused: z.boolean(),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** GET /v1/staff/queue — soonest deadline first (nothing running last) unless `sort` says otherwise, cursor-paginated. */
export const QueuePage = z.object({
  items: z.array(QueueItem),
  nextCursor: z.nullable(z.string()),
});
export type QueuePage = z.infer<typeof QueuePage>;

/** The queue's filters, as query parameters; each optional, combined with AND. */
export const QUEUE_ASSIGNEE_FILTERS = ['me', 'unassigned', 'anyone'] as const;
export const QueueFilter = z.object({
  site: Slug,
  /** one status or several, comma-separated */
  status: z.optional(z.string()),
  kind: z.optional(Kind),
  category: z.optional(Slug),
  channel: z.optional(Channel),
  /** me, unassigned, anyone (the default), or one principal */
  assignee: z.optional(z.string()),
  due: z.optional(z.enum(['soon', 'overdue'])),
  /** `deadline` (the default), `received_desc` or `received_asc` (QUEUE_SORTS); a cursor belongs to its order */
  sort: z.optional(QueueSort),
  cursor: z.optional(z.string()),
  limit: z.optional(z.string()),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

/**
 * Timeline entries only staff ever see (never in a user's answer, stream or
 * webhook): an internal note (`text`), an assignment (`assignee`), a change
 * of category or of the complex mark (`category`, `complex`).
 */
export const STAFF_TIMELINE_TYPES = ['note', 'assign', 'category'] as const;

/** A line of the staff timeline: the user's, plus what a staff-only entry changed. */
export const StaffTimelineEntry = z.object({
  ...TimelineEntry.shape,
  /** `assign`: who works it from then on (null: released) */
  assignee: z.optional(Assignee),
  /** `category`: the category from then on */
  category: z.optional(Slug),
  /** `category`: whether it is complex from then on */
  complex: z.optional(z.boolean()),
});
export type StaffTimelineEntry = z.infer<typeof StaffTimelineEntry>;

/**
 * Why a principal may not rule on a dispute, each said in the console:
 * `rule`, their roles give no ruling (only arbitrators and admins rule);
 * `person_required`, an automation token, never a person's sign-in;
 * `conflict_of_interest`, they replied to this complaint themselves.
 * The server answers a ruling by any of them with a 403 carrying the same
 * reason in `details.reason`.
 */
export const RULING_REFUSALS = ['rule', 'person_required', 'conflict_of_interest'] as const;
export const RulingRefusal = z.enum(RULING_REFUSALS);
export type RulingRefusal = z.infer<typeof RulingRefusal>;

/**
 * One submission as staff see it (a complaint, or feedback of another kind
 * opened from the queue: no deadlines or actions of its own): the user's
 * view plus who works it, whether it is complex, the staff-only lines in
 * the timeline (STAFF_TIMELINE_TYPES), and which fields hold contact
 * details (shown masked in `fields` until revealed).
 */
export const StaffComplaintDetail = z.object({
  ...ComplaintDetail.shape,
  timeline: z.array(StaffTimelineEntry),
  assignee: Assignee,
  complex: z.boolean(),
  /** the names of the personal fields, masked in `fields` (138****0042, d***@example.com) */
  masked: z.array(z.string()),
  /** a complaint's compensation and penalty, once given (POST …/points) */
  pointsGiven: z.array(ComplaintPointsGiven),
  /** while the complaint is disputed or in arbitration: why the asking principal may not rule on it, or null when they may (null too when there is nothing to rule on) */
  cannotRule: z.nullable(RulingRefusal),
});
export type StaffComplaintDetail = z.infer<typeof StaffComplaintDetail>;

/** POST /v1/staff/complaints/{id}/notes — a note for colleagues, never shown to the user. */
export const NoteRequest = z.object({
  text: z.string().check(z.minLength(1), z.maxLength(5000)),
});
export type NoteRequest = z.infer<typeof NoteRequest>;

/** POST /v1/staff/complaints/{id}/assignee — claim (your own principal), assign, reassign, or release (null). */
export const AssignRequest = z.object({
  assignee: z.nullable(z.string().check(z.minLength(1), z.maxLength(260))),
  /** the version seen: a complaint changed since is a 409 */
  version: z.number(),
});
export type AssignRequest = z.infer<typeof AssignRequest>;

/** POST /v1/staff/complaints/{id}/category — another category, or complex (starts the 24-hour solution clock from receipt). */
export const CategoryRequest = z.object({
  category: Slug,
  complex: z.boolean(),
  version: z.number(),
});
export type CategoryRequest = z.infer<typeof CategoryRequest>;

/** POST /v1/staff/complaints/{id}/reveal — the contact details unmasked, once, for a stated reason (audited). */
export const RevealRequest = z.object({
  reason: z.string().check(z.minLength(3), z.maxLength(500)),
});
export type RevealRequest = z.infer<typeof RevealRequest>;

export const RevealResult = z.object({
  fields: z.record(z.string(), z.string()),
});
export type RevealResult = z.infer<typeof RevealResult>;

/**
 * A canned reply an admin wrote for the site. `{name}`, `{trackingNumber}`
 * and `{dueDate}` in its text are filled in by the console when used.
 */
export const CannedReply = z.object({
  id: Slug,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  text: z.string().check(z.minLength(1), z.maxLength(5000)),
  locale: z.enum(['zh-CN', 'en']),
  updatedAt: Instant,
  /** the display name of who wrote it last */
  updatedBy: z.string(),
});
export type CannedReply = z.infer<typeof CannedReply>;

/** PUT /v1/staff/canned/{id}?site=… — write one (admin). */
export const CannedReplyWrite = z.object({
  title: CannedReply.shape.title,
  text: CannedReply.shape.text,
  locale: CannedReply.shape.locale,
});
export type CannedReplyWrite = z.infer<typeof CannedReplyWrite>;

export const CannedReplyList = z.object({ items: z.array(CannedReply) });
export type CannedReplyList = z.infer<typeof CannedReplyList>;

/**
 * One entry of the audit log: every reveal, staff read, search and staff
 * write. Append-only; kept for the site's retention period, then purged by
 * the sweep (the purge itself is an entry).
 */
export const AuditEntry = z.object({
  id: z.string(),
  at: Instant,
  principal: z.string(),
  name: z.string(),
  /** `complaint.read`, `queue.read`, `search`, `contact.reveal`, `complaint.action`, `note`, `assign`, `audit.purge`, … */
  action: z.string(),
  /** the complaint (or other record) it concerns, if any */
  subject: z.nullable(z.string()),
  /** what else was said: a reveal's reason, a search's words, a write's summary */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The columns of the audit log's CSV export, in order; `detail` is the entry's detail as JSON. */
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'principal', 'name', 'action', 'subject', 'detail'] as const;

/** GET /v1/staff/audit?site=…&principal=…&subject=…&from=…&to=…&cursor=… — newest first; `format=csv` for the export. */
export const AuditPage = z.object({
  items: z.array(AuditEntry),
  nextCursor: z.nullable(z.string()),
});
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * GET /v1/staff/stream?site=… (server-sent events, resumable by id): what
 * changed in the site's queue, so every open console shows it without a
 * reload. Topic `queue.changed` carries this; `ready` as on the user's stream.
 */
export const QueueChange = z.object({
  id: z.string(),
  version: z.number(),
  status: SubmissionStatus,
  /** who made the change, by principal (a console ignores its own) */
  by: z.nullable(z.string()),
});
export type QueueChange = z.infer<typeof QueueChange>;

/** What a deadline alert says: the deadline is within two working hours, or it has passed. */
export const ALERT_KINDS = ['due_soon', 'overdue'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

/**
 * A deadline alert the sweep raised: once per complaint, deadline, kind and
 * due instant (a pause moves the instant, and a new instant may alert
 * again). Staff see those of the complaints assigned to them and of those
 * nobody works.
 */
export const DeadlineAlert = z.object({
  id: z.string(),
  complaintId: z.string(),
  trackingNumber: z.string(),
  kind: AlertKind,
  deadline: Deadline.shape.name,
  /** the due instant it is about */
  due: Instant,
  raisedAt: Instant,
  /** who works the complaint now; null: nobody (the alert is everyone's) */
  assignee: Assignee,
  /** when and by whom it was dismissed; null while it is open */
  dismissed: z.nullable(z.object({ at: Instant, principal: z.string(), name: z.string() })),
});
export type DeadlineAlert = z.infer<typeof DeadlineAlert>;

/** GET /v1/staff/alerts?site=… — the asker's and the unassigned, newest first. */
export const AlertPage = z.object({
  items: z.array(DeadlineAlert),
  /** how many of them (of every page) are still open: the console's count */
  open: z.number(),
  nextCursor: z.nullable(z.string()),
});
export type AlertPage = z.infer<typeof AlertPage>;

/** POST /v1/staff/alerts/dismiss — alerts the asker sees, dismissed (one already dismissed stays as it was). */
export const DismissAlertsRequest = z.object({
  site: Slug,
  ids: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(100)),
});
export type DismissAlertsRequest = z.infer<typeof DismissAlertsRequest>;

export const DismissedAlerts = z.object({ items: z.array(DeadlineAlert) });
export type DismissedAlerts = z.infer<typeof DismissedAlerts>;

/**
 * On the staff stream: topic `alert.raised` when the sweep raises an alert,
 * `alert.dismissed` when someone dismisses it. `assignee` is who works the
 * complaint (null: nobody): a console shows it to them, or to everyone.
 */
export const AlertNotice = z.object({
  id: z.string(),
  complaintId: z.string(),
  trackingNumber: z.string(),
  kind: AlertKind,
  deadline: Deadline.shape.name,
  assignee: z.nullable(z.string()),
});
export type AlertNotice = z.infer<typeof AlertNotice>;
