/**
 * Deadline alerts (guideline 三(一)2): the sweep raises "due soon" when a
 * deadline still owed is within two working hours of its due instant (the
 * queue's "due soon", clock-state.ts), and "overdue" once it has passed.
 * Each is raised once per complaint, deadline, kind and due instant: the
 * row's unique key decides, so repeated sweeps, or two instances sweeping
 * at once, never raise one twice (a pause moves the due instant, and the
 * new instant may alert again).
 *
 * Raising one is, in one transaction: the row, an `alert.raised` event on
 * the site's staff stream (AlertNotice: the console shows it to the
 * assignee, or to everyone while nobody works the complaint) and, when the
 * site has a webhook, `complaint.deadline_due_soon` / `complaint.overdue`.
 * A due-soon alert is not raised once the deadline has passed (the overdue
 * one says more).
 *
 * Staff read the alerts of the complaints assigned to them and of those
 * nobody works (by who works it now), and dismiss them.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, Kind } from '../../contract/common';
import type { AlertKind, AlertNotice, AlertPage, DeadlineAlert } from '../../contract/staff';
import type { DeadlineAlertEvent } from '../../contract/webhooks';
import { addWorkingTime } from '../../sla';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import type { DeadlineAlertsTable } from '../db/schema';
import { ApiError } from '../errors';
import { insertLiveEvents } from '../live-events';
import type { Site } from '../registry';
import type { StaffPrincipal } from '../staff/identity';
import { queueWebhook } from '../webhooks';
import { DUE_SOON_WORKING_MS, dueSoonFrom } from './clock-state';
import { staffAudienceOf } from './lifecycle';

/** Deadlines looked at per site and kind in one sweep round; the rest wait for the next. */
const BATCH = 200;

const WEBHOOK_TYPE: Record<AlertKind, DeadlineAlertEvent['type']> = {
  due_soon: 'complaint.deadline_due_soon',
  overdue: 'complaint.overdue',
};

interface Candidate {
  submission_id: string;
  deadline: string;
  due_at: string;
  tracking_number: string;
  kind: Kind;
  category: string;
  channel: Channel;
  assignee: string | null;
}

/** One round: every site's deadlines due soon or overdue that have no alert of that kind yet. How many were raised. */
export async function raiseDeadlineAlerts(deps: AppDeps): Promise<number> {
  const now = deps.now();
  let raised = 0;
  for (const site of deps.registry.sites) {
    for (const kind of ['overdue', 'due_soon'] as const) {
      for (const candidate of await candidates(deps.db, site, kind, now))
        if (await raise(deps, site, kind, candidate)) raised++;
    }
  }
  return raised;
}

/**
 * Deadlines still owed (neither met nor paused) of the site's complaints:
 * passed (`overdue`), or not yet passed and within two working hours
 * (`due_soon`; the database has no calendar, so it reads up to the furthest
 * instant that can be, and the calendar decides), without that alert.
 */
async function candidates(db: DbExecutor, site: Site, kind: AlertKind, now: Date): Promise<Candidate[]> {
  const nowIso = now.toISOString();
  let q = db
    .selectFrom('complaint_deadlines as d')
    .innerJoin('submissions as s', 's.id', 'd.submission_id')
    .select([
      'd.submission_id',
      'd.name as deadline',
      'd.due_at',
      's.tracking_number',
      's.kind',
      's.category',
      's.channel',
      's.assignee',
    ])
    .where('s.site', '=', site.id)
    .where('d.met_at', 'is', null)
    .where('d.due_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deadline_alerts as a')
            .select('a.id')
            .whereRef('a.submission_id', '=', 'd.submission_id')
            .whereRef('a.deadline', '=', 'd.name')
            .whereRef('a.due_at', '=', 'd.due_at')
            .where('a.kind', '=', kind),
        ),
      ),
    );
  if (kind === 'overdue') q = q.where('d.due_at', '<=', nowIso);
  else {
    // "Due soon" on the site's current schedule (clock-state.ts, dueSoonFrom); the due instants are each complaint's own.
    const soonUntil = addWorkingTime(now, DUE_SOON_WORKING_MS + 1, site.sla.schedule).due.toISOString();
    q = q.where('d.due_at', '>', nowIso).where('d.due_at', '<', soonUntil);
  }
  const rows = (await q.orderBy('d.due_at').limit(BATCH).execute()) as Candidate[];
  return kind === 'overdue' ? rows : rows.filter((r) => dueSoonFrom(site.sla, r.due_at) <= nowIso);
}

/** Raises one alert unless another sweep did first; true when this one did. */
async function raise(deps: AppDeps, site: Site, kind: AlertKind, candidate: Candidate): Promise<boolean> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const id = randomUUID();
    const inserted = await tx
      .insertInto('deadline_alerts')
      .values({
        id,
        site: site.id,
        submission_id: candidate.submission_id,
        deadline: candidate.deadline,
        kind,
        due_at: candidate.due_at,
        raised_at: at,
        dismissed_at: null,
        dismissed_by: null,
        dismissed_by_name: null,
      })
      .onConflict((oc) => oc.columns(['submission_id', 'deadline', 'kind', 'due_at']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
    const notice: AlertNotice = {
      id,
      complaintId: candidate.submission_id,
      trackingNumber: candidate.tracking_number,
      kind,
      deadline: candidate.deadline as AlertNotice['deadline'],
      assignee: candidate.assignee,
    };
    await insertLiveEvents(tx, [
      {
        site: site.id,
        audience: staffAudienceOf(site.id),
        topic: 'alert.raised',
        payload_json: JSON.stringify(notice),
        created_at: at,
      },
    ]);
    await queueWebhook(
      tx,
      site,
      {
        type: WEBHOOK_TYPE[kind],
        site: site.id,
        complaint: {
          id: candidate.submission_id,
          trackingNumber: candidate.tracking_number,
          kind: candidate.kind,
          category: candidate.category,
          channel: candidate.channel,
        },
        alert: id,
        kind,
        deadline: notice.deadline,
        due: candidate.due_at,
        assignee: candidate.assignee,
        at,
      },
      { eventId: 0, at },
    );
    return true;
  });
}

type AlertRow = DeadlineAlertsTable & {
  tracking_number: string;
  assignee: string | null;
  assignee_name: string | null;
};

function toAlert(row: AlertRow): DeadlineAlert {
  return {
    id: row.id,
    complaintId: row.submission_id,
    trackingNumber: row.tracking_number,
    kind: row.kind,
    deadline: row.deadline as DeadlineAlert['deadline'],
    due: row.due_at,
    raisedAt: row.raised_at,
    assignee: row.assignee ? { principal: row.assignee, name: row.assignee_name ?? row.assignee } : null,
    dismissed:
      row.dismissed_at && row.dismissed_by
        ? { at: row.dismissed_at, principal: row.dismissed_by, name: row.dismissed_by_name ?? row.dismissed_by }
        : null,
  };
}

/** The alerts `member` sees: of the site's complaints assigned to them or to nobody, by who works each now. */
function visibleTo(db: DbExecutor, member: StaffPrincipal) {
  return db
    .selectFrom('deadline_alerts as a')
    .innerJoin('submissions as s', 's.id', 'a.submission_id')
    .where('a.site', '=', member.site.id)
    .where((eb) => eb.or([eb('s.assignee', '=', member.principal), eb('s.assignee', 'is', null)]));
}

const ALERT_COLUMNS = [
  'a.id',
  'a.site',
  'a.submission_id',
  'a.deadline',
  'a.kind',
  'a.due_at',
  'a.raised_at',
  'a.dismissed_at',
  'a.dismissed_by',
  'a.dismissed_by_name',
  's.tracking_number',
  's.assignee',
  's.assignee_name',
] as const;

/** A page of the alerts `member` sees, newest first, and how many of them are open. */
export async function readAlerts(
  db: DbExecutor,
  member: StaffPrincipal,
  page: { cursor?: string | undefined; limit: number },
): Promise<AlertPage> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  let q = visibleTo(db, member).select(ALERT_COLUMNS);
  if (after) q = q.where((eb) => eb(eb.refTuple('a.raised_at', 'a.id'), '<', eb.tuple(after.at, after.id)));
  const rows = (await q
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.limit + 1)
    .execute()) as AlertRow[];
  const open = await visibleTo(db, member)
    .select((eb) => eb.fn.countAll().as('open'))
    .where('a.dismissed_at', 'is', null)
    .executeTakeFirst();
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return {
    items: rows.slice(0, page.limit).map(toAlert),
    open: Number(open?.open ?? 0),
    nextCursor: last ? Buffer.from(JSON.stringify([last.raised_at, last.id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // the 400 below
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this server gave out');
}

/**
 * Dismisses the alerts `ids` for `member`, in the caller's transaction: each
 * must be one they see (else a 404 naming it, and nothing changes); one
 * already dismissed keeps its first dismissal. Each dismissal is an
 * `alert.dismissed` event on the staff stream, so every console's count
 * follows. The alerts as they now stand, in the order asked.
 */
export async function dismissAlerts(
  tx: DbExecutor,
  member: StaffPrincipal,
  ids: readonly string[],
  at: string,
): Promise<{ alerts: DeadlineAlert[]; dismissed: DeadlineAlert[] }> {
  const unique = [...new Set(ids)];
  const read = async () =>
    new Map(
      ((await visibleTo(tx, member).select(ALERT_COLUMNS).where('a.id', 'in', unique).execute()) as AlertRow[]).map(
        (r) => [r.id, r],
      ),
    );
  const before = await read();
  const missing = unique.find((id) => !before.has(id));
  if (missing !== undefined)
    throw new ApiError(404, 'not_found', `no alert "${missing}" of a complaint assigned to you or to nobody`);
  const open = unique.filter((id) => before.get(id)!.dismissed_at === null);
  if (open.length)
    await tx
      .updateTable('deadline_alerts')
      .set({ dismissed_at: at, dismissed_by: member.principal, dismissed_by_name: member.name })
      .where('id', 'in', open)
      .where('dismissed_at', 'is', null)
      .execute();
  const after = await read();
  const dismissed = open.map((id) => toAlert(after.get(id)!));
  await insertLiveEvents(
    tx,
    dismissed.map((alert) => ({
      site: member.site.id,
      audience: staffAudienceOf(member.site.id),
      topic: 'alert.dismissed',
      payload_json: JSON.stringify({
        id: alert.id,
        complaintId: alert.complaintId,
        trackingNumber: alert.trackingNumber,
        kind: alert.kind,
        deadline: alert.deadline,
        assignee: alert.assignee?.principal ?? null,
      } satisfies AlertNotice),
      created_at: at,
    })),
  );
  return { alerts: ids.map((id) => toAlert(after.get(id)!)), dismissed };
}
