/**
 * What staff change about a submission outside its lifecycle: an internal
 * note, who works it, its category and whether it is complex. Each is a line
 * of the staff's timeline (type `note`, `assign`, `category`: never in a
 * user's answer, stream or webhook) and a `queue.changed` event for the
 * site's consoles, in the caller's transaction. They work on any submission
 * the queue shows, a suggestion or a report as well as a complaint.
 *
 * A note adds a line and changes nothing else, so it keeps the version (a
 * user acting on the page they see is not refused for it). An assignment and
 * a category change are changes of the row: they take the version seen (a
 * stale one is a 409, nothing changed) and bump it; since the user's
 * answers carry the version, their stream hears that the complaint changed
 * (without naming the staff-only line), so their next action is not refused
 * for a change they cannot see. Only the category change is one they can
 * see (its category, its deadlines), so only it moves `updated_at`.
 */
import type { DbExecutor } from '../blobs';
import type { SubmissionRow } from '../db/schema';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { dueColumns, parseClockState } from './clock-state';
import {
  changedBy,
  deadlinesAt,
  insertEvent,
  publish,
  storeDeadlines,
  type Applied,
  type NamedActor,
} from './lifecycle';

/** A 409 unless the row is at the version the staff member saw. */
function requireVersion(row: SubmissionRow, expected: number): void {
  if (expected !== row.version)
    throw new ApiError(
      409,
      'conflict',
      `the complaint changed since version ${expected} (now ${row.version}); load it again`,
    );
}

/** Writes `set` and the version after `row.version`, or a 409 when another change got there first. */
async function bumpVersion(
  tx: DbExecutor,
  row: SubmissionRow,
  set: Partial<Pick<SubmissionRow, 'assignee' | 'assignee_name' | 'category' | 'complex' | 'updated_at'>> &
    Partial<Pick<SubmissionRow, 'next_due_at' | 'next_due_soon_at'>>,
): Promise<number> {
  const version = row.version + 1;
  const updated = await tx
    .updateTable('submissions')
    .set({ ...set, version })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n)
    throw new ApiError(409, 'conflict', 'the complaint changed meanwhile; load it again');
  return version;
}

/** An internal note: a line for colleagues; the version stays. */
export async function addNote(
  tx: DbExecutor,
  row: SubmissionRow,
  actor: NamedActor,
  text: string,
  at: string,
): Promise<Applied> {
  const eventId = await insertEvent(tx, row, 'note', actor, null, null, { text }, at);
  await publish(tx, row, { status: row.status, version: row.version, at, by: changedBy(actor), user: false });
  return { status: row.status, version: row.version, eventId };
}

/** Claim, assign, reassign (`to` a principal and the name to show) or release (`to` null). */
export async function assign(
  tx: DbExecutor,
  row: SubmissionRow,
  to: { principal: string; name: string } | null,
  actor: NamedActor,
  expectedVersion: number,
  at: string,
): Promise<Applied> {
  requireVersion(row, expectedVersion);
  const version = await bumpVersion(tx, row, {
    assignee: to?.principal ?? null,
    assignee_name: to?.name ?? null,
  });
  const eventId = await insertEvent(
    tx,
    row,
    'assign',
    actor,
    null,
    null,
    { assignee: to?.principal ?? null, assigneeName: to?.name ?? null },
    at,
  );
  await publish(tx, row, {
    status: row.status,
    version,
    at,
    by: changedBy(actor),
    user: row.lifecycle_json !== null && {},
  });
  return { status: row.status, version, eventId };
}

/**
 * Another category, or the complex mark set or taken off. The deadlines are
 * counted again from receipt under the new category and mark (complex: the
 * 24-hour solution clock; unmarked: the site's policy), and stored with
 * what the queue reads of them, in the same transaction.
 */
export async function recategorise(
  tx: DbExecutor,
  site: Site,
  row: SubmissionRow,
  change: { category: string; complex: boolean },
  actor: NamedActor,
  expectedVersion: number,
  at: string,
): Promise<Applied> {
  requireVersion(row, expectedVersion);
  const changed: SubmissionRow = { ...row, category: change.category, complex: change.complex ? 1 : 0 };
  const clocked = row.sla_json !== null;
  const deadlines = clocked ? deadlinesAt(site, changed, row.status, parseClockState(row.sla_json), at) : [];
  const version = await bumpVersion(tx, row, {
    category: change.category,
    complex: change.complex ? 1 : 0,
    updated_at: at,
    ...(clocked ? dueColumns(site.sla, deadlines) : {}),
  });
  if (clocked) await storeDeadlines(tx, site, changed, deadlines);
  const eventId = await insertEvent(
    tx,
    row,
    'category',
    actor,
    null,
    null,
    { category: change.category, complex: change.complex },
    at,
  );
  await publish(tx, row, {
    status: row.status,
    version,
    at,
    by: changedBy(actor),
    user: row.lifecycle_json !== null && {},
  });
  return { status: row.status, version, eventId };
}
