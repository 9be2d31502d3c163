/**
 * The staff queue by time received (`sort=received_desc`, newest first, or
 * `received_asc`, oldest first), beside the deadline order of ./queue.ts,
 * which it mirrors: each filter is a column of one of the received order's
 * indexes (migration 015: site, [filter,] received_at, id), so a page is
 * one index range read forwards or backwards from the cursor and stopped
 * after `limit + 1` rows; several statuses are one ordered read each, their
 * UNION ALL cut to the page (PostgreSQL's arms cut to the page themselves,
 * so it merges them; SQLite merges plain ones as it goes). `received_at` is
 * never null, so there is no undated part.
 *
 * `due=soon` and `due=overdue` here filter the rows the received order
 * reads (the deadline order's indexes give no order by receipt): a page
 * reads as far as it takes to find a page of them.
 */
import { sql } from 'kysely';
import type { SubmissionStatus } from '../../contract/common';
import { addWorkingTime } from '../../sla';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { DUE_SOON_WORKING_MS } from './clock-state';
import { QUEUE_COLUMNS, type QueueQuery, type QueueRow } from './queue';

export type ReceivedSort = 'received_desc' | 'received_asc';

/** Where the last page ended, and in which order (a cursor of another order is refused). */
interface Position {
  sort: ReceivedSort;
  at: string;
  id: string;
}

/** The page's rows as the database gives them, one more than `limit` when more follow. */
export async function readQueueRowsByReceived(
  db: DbExecutor,
  site: Site,
  query: QueueQuery,
  sort: ReceivedSort,
  now: Date,
): Promise<QueueRow[]> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort);
  const nowIso = now.toISOString();
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new RangeError('a queue page holds 1 row or more');
  const want = query.limit + 1;
  const direction = sort === 'received_desc' ? 'desc' : 'asc';
  const statuses = query.statuses?.length ? [...new Set(query.statuses)] : [undefined];
  const unassignedAlone =
    query.assignee === null &&
    statuses[0] === undefined &&
    query.kind === undefined &&
    query.category === undefined &&
    query.channel === undefined;

  const select = (status: SubmissionStatus | undefined) => {
    let q = db.selectFrom('submissions').select(QUEUE_COLUMNS).where('site', '=', site.id);
    if (status !== undefined) q = q.where('status', '=', status);
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
    if (query.category !== undefined) q = q.where('category', '=', query.category);
    if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
    if (query.assignee === null) q = q.where('assignee', 'is', null);
    else if (query.assignee !== undefined) q = q.where('assignee', '=', query.assignee);
    if (query.due === 'overdue') q = q.where('next_due_at', '<=', nowIso);
    if (query.due === 'soon')
      q = q
        .where('next_due_at', '>', nowIso)
        .where('next_due_at', '<', soonUntil(site, now))
        .where('next_due_soon_at', '<=', nowIso);
    if (after)
      q = q.where((eb) =>
        eb(eb.refTuple('received_at', 'id'), direction === 'desc' ? '<' : '>', eb.tuple(after.at, after.id)),
      );
    return q;
  };
  const inOrder = (status: SubmissionStatus | undefined) =>
    select(status)
      // In the order's direction: one way, the index is read backwards; mixed, PostgreSQL would sort.
      .$if(unassignedAlone, (q) => q.orderBy('assignee', direction))
      .orderBy('received_at', direction)
      .orderBy('id', direction)
      .limit(sql.lit(want));

  const union = <Q extends { unionAll(arm: Q): Q }>(arms: Q[]): Q =>
    arms.slice(1).reduce((all, arm) => all.unionAll(arm), arms[0]!);
  let rows: QueueRow[];
  if (statuses.length === 1) rows = await inOrder(statuses[0]).execute();
  else if (dialectOf(db) === 'postgres')
    rows = await union(statuses.map((status, i) => db.selectFrom(inOrder(status).as(`s${i}`)).select(QUEUE_COLUMNS)))
      .orderBy('received_at', direction)
      .orderBy('id', direction)
      .limit(sql.lit(want))
      .execute();
  else
    rows = await union(statuses.map((status) => select(status)))
      .orderBy('received_at', direction)
      .orderBy('id', direction)
      .limit(sql.lit(want))
      .execute();
  return rows;
}

/** Where the next page starts, when more rows follow than the page holds. */
export function receivedCursorOf(rows: readonly QueueRow[], limit: number, sort: ReceivedSort): string | null {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return last ? encodeCursor({ sort, at: last.received_at, id: last.id }) : null;
}

/** As ./queue.ts: past this instant nothing is due soon (on the current schedule, like every "due soon"). */
function soonUntil(site: Site, now: Date): string {
  return addWorkingTime(now, DUE_SOON_WORKING_MS + 1, site.sla.schedule).due.toISOString();
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.sort, position.at, position.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: ReceivedSort): Position {
  try {
    const [tag, at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag === sort && typeof at === 'string' && typeof id === 'string') return { sort, at, id };
  } catch {
    // fall through to the 400
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this server gave out for this order');
}
