/**
 * The only code that changes a complaint's lifecycle (staff-changes.ts adds
 * what staff alone see: notes, assignment, category). Every change is
 * decided by the lifecycle machine (machines/complaint.machine.ts) and
 * written in ONE transaction: the row's status, machine context, version (a
 * lost race is a 409) and what the queue reads of its deadlines, an
 * append-only event row (the audit trail and the timeline), the deadlines as
 * they now stand, a live event for the submitter's stream and one for the
 * site's staff, and a webhook delivery for the host when the status changed.
 */
import { earnIn } from '../points/accounts';
import { randomUUID } from 'node:crypto';
import { decide, newComplaint, restoreComplaint } from '../../../machines/complaint.machine';
import type { ComplaintActor, ComplaintContext, ComplaintEvent } from '../../../machines/complaint.types';
import type { ComplaintStatus, RulingOutcome } from '../../contract/complaint-vocabulary';
import { clockBudget, type DeadlineName, type SiteSla } from '../../sla';
import type { Deadline as WireDeadline } from '../../contract/complaints';
import type { DbExecutor } from '../blobs';
import type { SubmissionRow } from '../db/schema';
import { ApiError } from '../errors';
import { insertLiveEvents } from '../live-events';
import type { Site } from '../registry';
import { currentPrincipal } from '../staff/principal-ids';
import { recordArbitration } from './arbitration-records';
import type { QueueChange } from '../../contract/staff';
import {
  deadlinesOf,
  dueColumns,
  EMPTY_CLOCK_STATE,
  nextClockState,
  parseClockState,
  type ClockState,
} from './clock-state';

/** Someone acting on a complaint, with the name the timeline shows (staff by the name their token gives). */
export interface NamedActor extends ComplaintActor {
  name: string | null;
}

/** What an event says besides its type, as stored in `body_json` and shown in the timeline. */
export interface EventBody {
  text?: string;
  reason?: string;
  score?: number;
  comment?: string;
  /** the deadline a `deadline.missed` row is about */
  deadline?: DeadlineName;
  /** `assign`: the principal who works it from then on (null: released), and their name */
  assignee?: string | null;
  assigneeName?: string | null;
  /** `category`: the category and the complex mark from then on */
  category?: string;
  complex?: boolean;
  /** `rule`: what it decides of the disputed reply (`text` holds its reasons) */
  outcome?: RulingOutcome;
  /** `refer_third_party`: the third party, its case reference, the day of the referral */
  referral?: { body: string; reference: string | null; referredOn: string };
  /** `third_party_outcome`: the day the third party decided (`text` holds its decision) */
  decidedOn?: string;
  /** `calendar.corrected`: the years whose working-day calendar the complaint's deadlines now count by */
  years?: number[];
  /** `third_party_outcome`, when no referral named the third party: who decided, and their reference */
  thirdPartyBody?: string;
  thirdPartyReference?: string;
  attachments?: { id: string; name: string; type: string; size: number }[];
}

/**
 * The machine's context as stored on the row, with a replier recorded under
 * the `staff:<name>` id of older versions read as the principal it is now,
 * so the conflict-of-interest rule holds across the upgrade. The stored
 * events keep their ids as written.
 */
export function storedContext(lifecycleJson: string): ComplaintContext {
  const context = JSON.parse(lifecycleJson) as ComplaintContext;
  return context.repliedBy === null ? context : { ...context, repliedBy: currentPrincipal(context.repliedBy) };
}

/** The audience of a submitter's live stream: the same key the stream route reads. */
export function audienceOf(row: Pick<SubmissionRow, 'submitter_type' | 'submitter_id'>): string {
  return `${row.submitter_type}:${row.submitter_id}`;
}

/** The audience of a site's staff stream (GET /v1/staff/stream): every change to any of its submissions. A user's audience is `user:` or `device:`, never this. */
export function staffAudienceOf(site: string): string {
  return `staff:${site}`;
}

/** Who made a change, as the staff stream names them: a staff member by principal; the user and the sweep as null. */
export function changedBy(actor: Pick<NamedActor, 'role' | 'id'>): string | null {
  return actor.role === 'user' || actor.role === 'system' ? null : actor.id;
}

/**
 * Puts a just-inserted complaint into the lifecycle at `submitted`, with the
 * site's windows fixed on it, and records its receipt (the automatic
 * acknowledgement the guideline asks for within 30 s).
 */
export async function startComplaint(
  tx: DbExecutor,
  site: Site,
  row: SubmissionRow,
  actor: NamedActor,
): Promise<WireDeadline[]> {
  const context = newComplaint(site.settings.complaints).context;
  const clock = EMPTY_CLOCK_STATE;
  const deadlines = deadlinesAt(site, row, 'submitted', clock, row.received_at);
  await tx
    .updateTable('submissions')
    .set({
      lifecycle_json: JSON.stringify(context),
      sla_json: JSON.stringify(clock),
      ...dueColumns(site.sla, deadlines),
    })
    .where('id', '=', row.id)
    .execute();
  const eventId = await insertEvent(tx, row, 'received', actor, null, 'submitted', {}, row.received_at);
  await storeDeadlines(tx, site, row, deadlines);
  await publish(tx, row, {
    status: 'submitted',
    version: row.version,
    at: row.received_at,
    by: changedBy(actor),
    user: { eventId },
  });
  return deadlines;
}

export interface ApplyOptions {
  /** the version the actor saw: acting on a page that is out of date is a 409 */
  expectedVersion?: number;
  body?: EventBody;
}

export interface Applied {
  status: ComplaintStatus;
  version: number;
  eventId: number;
}

/**
 * Sends `event` to the complaint in `row` (read inside `tx`). A refusal by
 * the machine is a 409 `invalid_transition` carrying the machine's reason,
 * but for a conflict of interest: that is about who asks, not about where
 * the complaint stands, so it is a 403 `forbidden` with `details.reason`
 * `conflict_of_interest`, like the staff permissions' refusals. A row that
 * changed since it was read is a 409 `conflict`.
 */
export async function applyEvent(
  tx: DbExecutor,
  site: Site,
  row: SubmissionRow,
  event: ComplaintEvent,
  actor: NamedActor,
  options: ApplyOptions = {},
): Promise<Applied> {
  if (row.lifecycle_json === null)
    throw new ApiError(409, 'invalid_transition', `a ${row.kind} has no complaint lifecycle`, {
      reason: 'not_allowed',
    });
  if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
    throw new ApiError(
      409,
      'conflict',
      `the complaint changed since version ${options.expectedVersion} (now ${row.version}); load it again`,
    );
  }
  const snapshot = restoreComplaint(row.status as ComplaintStatus, storedContext(row.lifecycle_json));
  const decision = decide(snapshot, event);
  if (!decision.ok)
    throw decision.reason === 'conflict_of_interest'
      ? new ApiError(403, 'forbidden', decision.message, { reason: decision.reason })
      : new ApiError(409, 'invalid_transition', decision.message, { reason: decision.reason });

  const at = event.at;
  const from = row.status;
  const to = decision.status;
  const clock = nextClockState(parseClockState(row.sla_json), from, to, at);
  const deadlines = deadlinesAt(site, row, to, clock, at);
  const version = row.version + 1;
  const updated = await tx
    .updateTable('submissions')
    .set({
      status: to,
      lifecycle_json: JSON.stringify(decision.context),
      sla_json: JSON.stringify(clock),
      ...dueColumns(site.sla, deadlines),
      updated_at: at,
      version,
      ...(to === 'withdrawn' && from !== 'withdrawn'
        ? { withdrawn_at: at, withdraw_reason: options.body?.reason ?? null }
        : {}),
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n)
    throw new ApiError(409, 'conflict', 'the complaint changed meanwhile; load it again');

  const eventId = await insertEvent(tx, row, event.type, actor, from, to, options.body ?? {}, at);
  await recordArbitration(tx, row, event, eventId, actor, options.body ?? {});
  if (from !== to) {
    await storeDeadlines(tx, site, row, deadlines);
    await enqueueWebhook(tx, site, row, eventId, { from, to, type: event.type, at, version });
  }
  await publish(tx, row, { status: to, version, at, by: changedBy(actor), user: { eventId } });
  // A signed-in user who rates the answer earns points by the site's rules, in this same transaction.
  if (event.type === 'rate' && row.submitter_type === 'user') {
    await earnIn(
      tx,
      site,
      row.submitter_id,
      'complaint_rated',
      `complaint-rated:${row.id}`,
      { code: 'complaint_rated', trackingNumber: row.tracking_number },
      new Date(at),
    );
  }
  return { status: to, version, eventId };
}

/** Appends a line to the complaint's timeline (an event row); its id. */
export async function insertEvent(
  tx: DbExecutor,
  row: SubmissionRow,
  type: string,
  actor: NamedActor,
  from: string | null,
  to: string | null,
  body: EventBody,
  at: string,
): Promise<number> {
  const inserted = await tx
    .insertInto('complaint_events')
    .values({
      submission_id: row.id,
      site: row.site,
      type,
      actor_role: actor.role,
      actor_id: actor.id,
      actor_name: actor.name,
      from_status: from,
      to_status: to,
      body_json: JSON.stringify(body),
      at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Adds a line to the timeline that changes no status (a missed deadline), with its live event. */
export async function recordNote(
  tx: DbExecutor,
  row: SubmissionRow,
  type: string,
  actor: NamedActor,
  body: EventBody,
  at: string,
): Promise<number> {
  const eventId = await insertEvent(tx, row, type, actor, null, null, body, at);
  await publish(tx, row, { status: row.status, version: row.version, at, by: changedBy(actor), user: { eventId } });
  return eventId;
}

/**
 * The deadlines as they stand at `at`, once per change: the row's next due
 * instant and the stored record both come from them. Counted by the rules of
 * the version the complaint was received under (sites/version-sla.ts).
 */
export function deadlinesAt(
  site: Site,
  row: SubmissionRow,
  status: string,
  clock: ClockState,
  at: string,
): WireDeadline[] {
  return deadlinesBy(site.slaOf(row.config_version), row, status, clock, at);
}

/** As deadlinesAt, by the rules given (the corrections of a calendar compare the rules before and after a publish). */
export function deadlinesBy(
  sla: SiteSla,
  row: SubmissionRow,
  status: string,
  clock: ClockState,
  at: string,
): WireDeadline[] {
  return deadlinesOf(
    sla,
    {
      kind: row.kind,
      category: row.category,
      status,
      receivedAt: row.received_at,
      clock,
      complex: row.complex === 1,
    },
    new Date(at),
  );
}

/**
 * Each complaint keeps its deadlines as they stand after every status change
 * (the record of when each was due and met); the sweep adds when one was
 * missed. Rewritten whole: a pause moves every running due instant.
 */
export async function storeDeadlines(
  tx: DbExecutor,
  site: Site,
  row: SubmissionRow,
  deadlines: readonly WireDeadline[],
): Promise<void> {
  const previous = await tx
    .selectFrom('complaint_deadlines')
    .select(['name', 'missed_at'])
    .where('submission_id', '=', row.id)
    .execute();
  const missed = new Map(previous.map((p) => [p.name, p.missed_at]));
  await tx.deleteFrom('complaint_deadlines').where('submission_id', '=', row.id).execute();
  if (!deadlines.length) return;
  await tx
    .insertInto('complaint_deadlines')
    .values(
      deadlines.map((d) => ({
        submission_id: row.id,
        name: d.name,
        clock: d.measure,
        budget_s: Math.round(budgetMs(site, row, d.name) / 1000),
        due_at: d.due,
        left_s: d.status === 'paused' ? Math.round(d.msLeft / 1000) : null,
        estimated: d.estimated ? 1 : 0,
        met_at: d.metAt,
        missed_at: missed.get(d.name) ?? (d.status === 'overdue' || d.status === 'metLate' ? d.due : null),
      })),
    )
    .execute();
}

function budgetMs(site: Site, row: SubmissionRow, name: DeadlineName): number {
  const sla = site.slaOf(row.config_version);
  const rule = sla.policyFor(row.kind, row.category, row.complex === 1)[name];
  return rule ? clockBudget(rule, sla.schedule.businessDayMs).durationMs : 0;
}

export interface Change {
  status: string;
  version: number;
  at: string;
  /** the principal who made it, null for the user and the sweep (QueueChange.by) */
  by: string | null;
  /**
   * Whether the submitter's stream hears of it, and of which timeline entry:
   * their tracker reloads the complaint. A staff-only line of the timeline
   * is never named to them; a change they cannot see at all (a note) is not
   * sent.
   */
  user: { eventId?: number } | false;
}

/**
 * Live events for a change, in its transaction: `queue.changed` for the
 * site's staff (every console shows it), and `complaint.updated` for the
 * submitter's stream unless `change.user` is false.
 */
export async function publish(
  tx: DbExecutor,
  row: Pick<SubmissionRow, 'id' | 'site' | 'tracking_number' | 'submitter_type' | 'submitter_id'>,
  change: Change,
): Promise<void> {
  const queue: QueueChange = {
    id: row.id,
    version: change.version,
    status: change.status as QueueChange['status'],
    by: change.by,
  };
  const events = [
    {
      site: row.site,
      audience: staffAudienceOf(row.site),
      topic: 'queue.changed',
      payload_json: JSON.stringify(queue),
      created_at: change.at,
    },
  ];
  if (change.user)
    events.push({
      site: row.site,
      audience: audienceOf(row),
      topic: 'complaint.updated',
      payload_json: JSON.stringify({
        id: row.id,
        trackingNumber: row.tracking_number,
        status: change.status,
        version: change.version,
        ...(change.user.eventId !== undefined ? { eventId: change.user.eventId } : {}),
      }),
      created_at: change.at,
    });
  await insertLiveEvents(tx, events);
}

/** Queues the signed status-change webhook to the host, when the site has one; the sweep delivers it. */
async function enqueueWebhook(
  tx: DbExecutor,
  site: Site,
  row: SubmissionRow,
  eventId: number,
  change: { from: string; to: string; type: string; at: string; version: number },
): Promise<void> {
  if (!site.settings.webhook) return;
  const body = {
    type: 'complaint.status_changed',
    site: site.id,
    complaint: {
      id: row.id,
      trackingNumber: row.tracking_number,
      kind: row.kind,
      category: row.category,
      channel: row.channel,
    },
    submitter: row.submitter_type === 'user' ? { userId: row.submitter_id } : { anonymous: true },
    from: change.from,
    to: change.to,
    event: change.type,
    at: change.at,
    version: change.version,
    eventId,
  };
  await tx
    .insertInto('webhook_deliveries')
    .values({
      id: randomUUID(),
      site: site.id,
      event_id: eventId,
      body: JSON.stringify(body),
      attempts: 0,
      next_attempt_at: change.at,
      delivered_at: null,
      failed_at: null,
      last_error: null,
      created_at: change.at,
    })
    .execute();
}
