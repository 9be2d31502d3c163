/**
 * Table types for Kysely. Every id and instant is text (instants are ISO-8601
 * UTC strings from the server's clock) so the same rows read the same on
 * SQLite and PostgreSQL; blobs are bytes on both.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Channel, Kind, SubmissionStatus } from '../../contract/common';
import type { RulingOutcome } from '../../contract/complaint-vocabulary';

export type SubmitterType = 'user' | 'device';

export interface SubmissionsTable {
  id: string;
  site: string;
  form: string;
  kind: Kind;
  category: string;
  channel: Channel;
  status: SubmissionStatus;
  submitter_type: SubmitterType;
  submitter_id: string;
  /** SHA-256 (hex) of the anonymous submitter's access key; null for identified users. */
  access_key_hash: string | null;
  tracking_number: string;
  locale: string;
  fields_json: string;
  /** The client's own clock, kept for the record only. */
  client_submitted_at: string;
  received_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  /** Optimistic-concurrency counter: every change bumps it, a lost race is a 409. */
  version: Generated<number>;
  /** The complaint machine's context as JSON; null for kinds outside the lifecycle. */
  lifecycle_json: string | null;
  /** What the deadlines are computed from (pauses, when each was met) as JSON; see complaints/clock-state.ts. */
  sla_json: string | null;
  /** The earliest due instant of a running or overdue deadline (ISO), null when none runs: the queue's order. */
  next_due_at: string | null;
  /** Two working hours before next_due_at by the site's calendar: "due soon" is next_due_soon_at <= now < next_due_at. */
  next_due_soon_at: string | null;
  /** The principal who works it (staff:person:<sub>, staff:automation:<name>), null while nobody does. */
  assignee: string | null;
  /** The assignee's display name when assigned. */
  assignee_name: string | null;
  /** 1 when staff marked it complex: the 24-hour solution clock runs. */
  complex: Generated<number>;
  /** Feedback other than complaints: what staff decided (StoredDecision, routes/staff-feedback.ts), null until then. */
  decision_json: string | null;
  /** The site's config version it was made under (migration 016); its deadlines keep that version's policies. Null: before versions, the first. */
  config_version: number | null;
}

export interface ComplaintEventsTable {
  id: Generated<number>;
  submission_id: string;
  site: string;
  /** the machine event (`reply`), or `received`, `message`, `deadline.missed`; staff-only: `note`, `assign`, `category` */
  type: string;
  actor_role: string;
  actor_id: string;
  actor_name: string | null;
  from_status: string | null;
  to_status: string | null;
  body_json: string;
  at: string;
}

export interface ComplaintDeadlinesTable {
  submission_id: string;
  name: string;
  clock: 'working' | 'elapsed';
  budget_s: number;
  due_at: string | null;
  left_s: number | null;
  /** 1 when a date fell in a year the calendar does not know */
  estimated: number;
  met_at: string | null;
  missed_at: string | null;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  site: string;
  /** the complaint event it tells of; 0 for a deadline alert, which is no event of the timeline */
  event_id: number;
  body: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  failed_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface LiveEventsTable {
  id: Generated<number>;
  site: string;
  audience: string;
  topic: string;
  payload_json: string;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  submission_id: string;
  field: string;
  name: string;
  type: string;
  size: number;
  blob_key: string;
  /** the message event it came with; null for the submission's own */
  event_id: number | null;
}

export interface BlobsTable {
  key: string;
  data: Uint8Array;
  created_at: string;
}

export interface IdempotencyKeysTable {
  site: string;
  /** `user:<sub>` or `device:<id>` */
  actor: string;
  key: string;
  /** SHA-256 of method, path and the canonical JSON body */
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

/** Each text a consent banner showed, kept once by its SHA-256 (hex of the UTF-8 bytes). Never changed or deleted. */
export interface ConsentTextsTable {
  sha256: string;
  text: string;
  /** when the server first received it */
  created_at: string;
}

/** One consent decision as proof. Append-only: the database refuses UPDATE and DELETE (migration 004). */
export interface ConsentRecordsTable {
  /** the client's record id, also its idempotency key */
  id: string;
  site: string;
  /** `user:<sub>` or `device:<id>` */
  subject: string;
  /** the server's clock */
  received_at: string;
  /** the device's clock, for the record only */
  client_decided_at: string;
  revision: string;
  locale: string;
  method: 'accept_all' | 'reject_all' | 'custom' | 'withdraw';
  /** 1 when the browser sent Global Privacy Control */
  gpc: number;
  /** `{ id: { granted, version } }` */
  categories_json: string;
  /** `{ "category/service": boolean }` */
  services_json: string;
  separate_json: string;
  attestation_json: string | null;
  text_sha256: string;
}

export interface PointsAccountsTable {
  site: string;
  user_id: string;
  balance: number;
  pending: number;
  lifetime: number;
  settled_at: string;
  version: number;
}

export interface PointsEntriesTable {
  id: string;
  site: string;
  user_id: string;
  kind: 'earn' | 'spend' | 'compensation' | 'penalty' | 'expiry' | 'reversal';
  points: number;
  shortfall: number;
  source: string;
  trigger_name: string | null;
  reason_json: string;
  note: string | null;
  staff: string | null;
  created_at: string;
  confirms_at: string;
}

export interface PointsLotsTable {
  entry_id: string;
  site: string;
  user_id: string;
  remaining: number;
  expires_at: string;
}

export interface PointsAllocationsTable {
  entry_id: string;
  lot_id: string;
  points: number;
}

export interface PointsIncidentsTable {
  site: string;
  id: string;
  service: string;
  starts_at: string;
  ends_at: string;
  request_hash: string;
  result_json: string;
  staff: string;
  note: string | null;
  created_at: string;
}

export interface PointsCodesTable {
  site: string;
  reward: string;
  code: string;
  status: 'available' | 'issued' | 'void';
  added_at: string;
  issued_at: string | null;
}

export interface PointsRedemptionsTable {
  id: string;
  site: string;
  user_id: string;
  reward: string;
  points: number;
  code: string;
  status: 'active' | 'undone';
  entry_id: string | null;
  created_at: string;
  undo_until: string | null;
  undone_at: string | null;
}

export interface RateBucketsTable {
  key: string;
  tokens: number;
  updated_ms: number;
}

/** One of an audience's numbered places for an open live stream (stream-slots.ts). */
export interface StreamSlotsTable {
  site: string;
  audience: string;
  /** 0 up to STREAMS_PER_AUDIENCE − 1 */
  slot: number;
  /** a random id of the stream that holds it */
  holder: string;
  expires_ms: number;
}

export interface UserActivityTable {
  site: string;
  user_id: string;
  hour: string;
}

/** Append-only (UPDATE refused, DELETE only once purge_after has passed): see migrations/008-audit-log.ts. */
export interface AuditLogTable {
  id: Generated<number>;
  site: string;
  at: string;
  principal: string;
  name: string;
  action: string;
  subject: string | null;
  detail_json: string;
  purge_after: string;
}

/** A site's canned replies, by id (migration 009). */
export interface CannedRepliesTable {
  site: string;
  id: string;
  title: string;
  text: string;
  locale: 'zh-CN' | 'en';
  updated_at: string;
  /** the principal who wrote it last */
  updated_by: string;
  updated_by_name: string;
}

/** A staff member's saved views of the queue (migration 015): theirs alone, by (site, principal, id). */
export interface StaffSavedViewsTable {
  site: string;
  principal: string;
  id: string;
  name: string;
  /** QueueView (src/contract/staff-views.ts) as JSON */
  view_json: string;
  /** 1: the view the console opens with (one per principal at most) */
  is_default: number;
  created_at: string;
  updated_at: string;
}

/** Points given from a complaint, one of each kind at most (migration 012). */
export interface ComplaintPointsTable {
  submission_id: string;
  kind: 'compensation' | 'penalty';
  site: string;
  user_id: string;
  points: number;
  reward: string | null;
  reason: string;
  entry_id: string;
  principal: string;
  name: string;
  created_at: string;
}

/** A deadline alert the sweep raised (migration 011): once per submission, deadline, kind and due instant. */
export interface DeadlineAlertsTable {
  id: string;
  site: string;
  submission_id: string;
  /** the deadline's name: firstReply, solution, … */
  deadline: string;
  kind: 'due_soon' | 'overdue';
  due_at: string;
  raised_at: string;
  dismissed_at: string | null;
  /** the principal who dismissed it, and the name they did it under */
  dismissed_by: string | null;
  dismissed_by_name: string | null;
}

/** A platform ruling as data (migration 010): append-only. */
export interface ComplaintRulingsTable {
  event_id: number;
  submission_id: string;
  site: string;
  stage: 'disputed' | 'arbitration';
  outcome: RulingOutcome;
  reasons: string;
  ruled_by: string;
  ruled_by_name: string | null;
  at: string;
}

/** Where a complaint went when it went to a third party, and the outcome, written once (migration 010). */
export interface ComplaintThirdPartiesTable {
  submission_id: string;
  site: string;
  via: 'referral' | 'user';
  body: string | null;
  reference: string | null;
  /** YYYY-MM-DD */
  referred_on: string | null;
  sent_event_id: number;
  sent_by: string;
  sent_at: string;
  outcome: string | null;
  /** YYYY-MM-DD */
  decided_on: string | null;
  outcome_by: string | null;
  outcome_at: string | null;
  outcome_event_id: number | null;
}

/** A submission in the search index (migration 013): `doc` keys its full-text row (SQLite's search_fts, or `tokens`). */
export interface SearchDocsTable {
  doc: Generated<number>;
  submission_id: string;
  site: string;
  kind: string;
  /** PostgreSQL only: the tokens as a tsvector (SQLite keeps them in the FTS5 table search_fts) */
  tokens?: string;
}

/** A submission's e-mail address or phone number as search compares it (staff/masking.ts, contactKey). */
export interface SearchContactsTable {
  site: string;
  contact: string;
  submission_id: string;
}

/** Who of a site's staff is on a complaint now, leased (migration 014, staff/presence.ts). */
export interface StaffPresenceTable {
  submission_id: string;
  site: string;
  principal: string;
  name: string;
  state: 'viewing' | 'typing';
  expires_ms: number;
}

/** Per site, what moves with every committed change to its submissions or their search index (migration 017, staff/page-memo.ts). */
export interface SubmissionRevisionsTable {
  site: string;
  /** a number in SQLite, a string in PostgreSQL (bigint): only ever compared */
  revision: number | string;
}

/** The one row of what every instance polls and the server's own secret (migration 016). */
export interface RegistryStateTable {
  id: number;
  revision: number;
  server_secret: string;
  imported_at: string | null;
  imported_sha256: string | null;
}

/** A site, its draft and the version it serves (migration 016). */
export interface SitesTable {
  id: string;
  created_at: string;
  created_by: string;
  published_version: number;
  /** a SiteDocument as JSON (src/server/sites/document.ts), kept even while invalid */
  draft_json: string;
  draft_revision: number;
  draft_base_version: number;
  draft_saved_at: string;
  draft_saved_by: string;
  draft_saved_by_name: string;
  staff_tokens_not_before: string | null;
}

/** A published version of a site's document, never changed (migration 016). */
export interface SiteVersionsTable {
  site: string;
  version: number;
  format: number;
  document_json: string;
  published_at: string;
  published_by: string;
  published_by_name: string;
  note: string;
  rolled_back_from: number | null;
}

export type SiteSecretKind = 'host_token' | 'staff_token' | 'webhook';

/** A site's secret (migration 016): the current one per kind has valid_until null. */
export interface SiteSecretsTable {
  id: string;
  site: string;
  kind: SiteSecretKind;
  secret: string;
  created_at: string;
  created_by: string;
  valid_until: string | null;
}

/** A static staff token for automation, by its hash (migration 016). */
export interface SiteAutomationTokensTable {
  site: string;
  name: string;
  token_sha256: string;
  roles_json: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

export interface Database {
  submissions: SubmissionsTable;
  attachments: AttachmentsTable;
  blobs: BlobsTable;
  idempotency_keys: IdempotencyKeysTable;
  complaint_events: ComplaintEventsTable;
  complaint_deadlines: ComplaintDeadlinesTable;
  leases: LeasesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  live_events: LiveEventsTable;
  consent_texts: ConsentTextsTable;
  consent_records: ConsentRecordsTable;
  points_accounts: PointsAccountsTable;
  points_entries: PointsEntriesTable;
  points_lots: PointsLotsTable;
  points_allocations: PointsAllocationsTable;
  points_incidents: PointsIncidentsTable;
  points_codes: PointsCodesTable;
  points_redemptions: PointsRedemptionsTable;
  user_activity: UserActivityTable;
  rate_buckets: RateBucketsTable;
  stream_slots: StreamSlotsTable;
  audit_log: AuditLogTable;
  canned_replies: CannedRepliesTable;
  staff_saved_views: StaffSavedViewsTable;
  deadline_alerts: DeadlineAlertsTable;
  complaint_points: ComplaintPointsTable;
  complaint_rulings: ComplaintRulingsTable;
  complaint_third_parties: ComplaintThirdPartiesTable;
  search_docs: SearchDocsTable;
  search_contacts: SearchContactsTable;
  staff_presence: StaffPresenceTable;
  submission_revisions: SubmissionRevisionsTable;
  registry_state: RegistryStateTable;
  sites: SitesTable;
  site_versions: SiteVersionsTable;
  site_secrets: SiteSecretsTable;
  site_automation_tokens: SiteAutomationTokensTable;
}

export type SubmissionRow = Selectable<SubmissionsTable>;
export type NewSubmission = Insertable<SubmissionsTable>;
export type SubmissionUpdate = Updateable<SubmissionsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type ComplaintEventRow = Selectable<ComplaintEventsTable>;
export type ComplaintDeadlineRow = Selectable<ComplaintDeadlinesTable>;
export type ConsentRecordRow = Selectable<ConsentRecordsTable>;
export type PointsEntryRow = Selectable<PointsEntriesTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type ComplaintThirdPartyRow = Selectable<ComplaintThirdPartiesTable>;
