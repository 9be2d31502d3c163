/**
 * What the server POSTs to a site's webhook (`settings.webhook`), signed
 * `Usercare-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * (one `v1` per secret while a rotation's overlap lasts, src/server/webhooks.ts)
 * with `Usercare-Delivery: <id>` (the same for every retry of one delivery).
 * Only the server sends them and only the host reads them: no browser
 * bundle imports this module. The OpenAPI document lists them under
 * `webhooks`.
 */
import * as z from 'zod/mini';
import { Channel, Instant, Kind, Locale, Slug, SubmissionStatus } from './common';
import { Deadline } from './complaints';
import { AlertKind } from './staff';

/** The complaint an event is about, as the host knows it. */
const WebhookComplaint = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  kind: Kind,
  category: Slug,
  channel: Channel,
});

/** Who made the complaint: a user the host signed in (their host id), or nobody's account. */
const WebhookSubmitter = z.union([z.object({ userId: z.string() }), z.object({ anonymous: z.literal(true) })]);

/** `complaint.status_changed`: every status change, so the host can tell the user by its own SMS or e-mail. */
export const StatusChangedEvent = z.object({
  type: z.literal('complaint.status_changed'),
  site: Slug,
  complaint: WebhookComplaint,
  submitter: WebhookSubmitter,
  from: SubmissionStatus,
  to: SubmissionStatus,
  /** the lifecycle event that made the change (`accept`, `reply`, `system.auto_resolve`, …) */
  event: z.string(),
  at: Instant,
  version: z.number(),
  eventId: z.number(),
});

/**
 * `complaint.logged_for_user`: staff logged a complaint the user made by
 * hotline, mailbox, letter or at a counter. The host sends the user, at
 * `contact` and in `locale`, the tracking number and (for a complaint in
 * nobody's account) the access key that opens it on any device. Staff never
 * see the key: it is in this event only.
 */
export const LoggedForUserEvent = z.object({
  type: z.literal('complaint.logged_for_user'),
  site: Slug,
  complaint: z.object({
    ...WebhookComplaint.shape,
    kind: z.literal('complaint'),
    /** when it was received (the deadlines run from then) */
    receivedAt: Instant,
    /** null when `submitter` is a user: their own account opens it */
    accessKey: z.nullable(z.string()),
  }),
  /** the e-mail address or phone number the user gave */
  contact: z.string(),
  locale: Locale,
  submitter: WebhookSubmitter,
  at: Instant,
});
export type LoggedForUserEvent = z.infer<typeof LoggedForUserEvent>;

/**
 * `complaint.deadline_due_soon` (within two working hours) and
 * `complaint.overdue`: a deadline alert the sweep raised, once per
 * complaint, deadline and due instant, for the host's own paging or
 * escalation.
 */
export const DeadlineAlertEvent = z.object({
  type: z.enum(['complaint.deadline_due_soon', 'complaint.overdue']),
  site: Slug,
  complaint: WebhookComplaint,
  /** the alert's id (GET /v1/staff/alerts) */
  alert: z.string(),
  kind: AlertKind,
  deadline: Deadline.shape.name,
  due: Instant,
  /** who works the complaint (a staff principal), or null */
  assignee: z.nullable(z.string()),
  at: Instant,
});
export type DeadlineAlertEvent = z.infer<typeof DeadlineAlertEvent>;

/**
 * `webhook.test`: sent once when an admin asks (POST
 * /v1/staff/config/webhook/test), signed like every event, so the host can
 * check it receives and verifies them. It is about nothing: answer 2xx.
 */
export const WebhookTestEvent = z.object({
  type: z.literal('webhook.test'),
  site: Slug,
  at: Instant,
});
export type WebhookTestEvent = z.infer<typeof WebhookTestEvent>;

/** The events by type, for the OpenAPI document. */
export const WEBHOOK_EVENTS = {
  'complaint.status_changed': StatusChangedEvent,
  'complaint.logged_for_user': LoggedForUserEvent,
  'complaint.deadline_due_soon': DeadlineAlertEvent,
  'complaint.overdue': DeadlineAlertEvent,
  'webhook.test': WebhookTestEvent,
} as const;
