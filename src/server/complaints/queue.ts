/**
 * The staff queue (GET /v1/staff/queue): every submission of a site, a
 * complaint of any channel or feedback of any kind, soonest deadline first,
 * those with nothing running last (by id), in pages by an opaque cursor.
 *
 * It must stay fast at 100,000 rows and more, so it reads only what the row
 * keeps for it (migration 009): `next_due_at` orders it (the earliest due
 * instant of a deadline still owed, overdue ones included), and each filter
 * is a column of one of the queue's indexes (site, [filter,] next_due_at,
 * id). A page is then one index range read in order and stopped after
 * `limit + 1` rows:
 *
 * - the dated part (`next_due_at` set) by (next_due_at, id), then, once it
 *   runs out, the undated part (`next_due_at` null) by id: two ranges of the
 *   same index, since SQLite and PostgreSQL put NULLs at opposite ends;
 * - the ORDER BY names the index's columns after the equality filters,
 *   `next_due_at` in the undated part and `assignee` for `unassigned` (when
 *   no other filter picks the index) included: equal on every row read,
 *   they change nothing in the order, but PostgreSQL does not take
 *   `IS NULL` for an equality, and without them it walks another index and
 *   filters (thousands of rows for `unassigned` over 100,000) or sorts;
 * - several statuses are one ordered read per status, rather than one `IN`
 *   the database would have to sort whole, sent as one query: their
 *   UNION ALL, ordered and cut to the page (one round trip, and only the
 *   page's rows leave the database). SQLite merges the reads of a plain
 *   UNION ALL as they go, in index order, and stops at the page's end;
 *   PostgreSQL merges them (Merge Append) only when each is cut to the
 *   page itself, and otherwise reads them whole and sorts (each form costs
 *   the other database about twice as much: the query's plan is in
 *   `npm run bench`, section h);
 * - `due=overdue` is `next_due_at <= now`; `due=soon` is
 *   `next_due_soon_at <= now < next_due_at`, bounded above by the instant
 *   two working hours from now (no row after it can be due soon), so it too
 *   reads only its own rows.
 *
 * The page's size is written into the SQL, not bound (the undated part
 * reads a whole page too, the rest is dropped here): PostgreSQL keeps one
 * generic plan for a prepared statement whose LIMIT it knows, and plans a
 * bound LIMIT again on every run (db/pg-prepared.ts).
 *
 * Each row's deadlines are then counted at `now` by the site's calendar,
 * like every other read (./queue-items.ts).
 */
import { sql } from 'kysely';
import type { Channel, Kind, SubmissionStatus } from '../../contract/common';
import type { QueuePage } from '../../contract/staff';
import { addWorkingTime } from '../../sla';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import type { SubmissionRow } from '../db/schema';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { DUE_SOON_WORKING_MS } from './clock-state';
import { queuePageOf, type QueueRowValues } from './queue-items';

export interface QueueQuery {
  /** any of these statuses; empty or absent: all */
  statuses?: readonly SubmissionStatus[];
  kind?: Kind;
  category?: string;
  channel?: Channel;
  /** a principal, or null for nobody; absent: anyone */
  assignee?: string | null;
  due?: 'soon' | 'overdue';
  cursor?: string;
  limit: number;
}

/** What a row of the queue is made from: no more than it shows (the lifecycle's JSON stays in the table). */
export const QUEUE_COLUMNS = [
  'id',
  'tracking_number',
  'form',
  'kind',
  'category',
  'channel',
  'status',
  'received_at',
  'updated_at',
  'version',
  'assignee',
  'assignee_name',
  'complex',
  'fields_json',
  'sla_json',
  'next_due_at',
  'config_version',
] as const satisfies ReadonlyArray<keyof QueueRowValues>;
export type QueueRow = Pick<SubmissionRow, (typeof QUEUE_COLUMNS)[number]>;
const COLUMNS = QUEUE_COLUMNS;

/** Where the last page ended: its last row's next due instant (null in the undated part) and id. */
interface Position {
  due: string | null;
  id: string;
}

export async function readQueue(db: DbExecutor, site: Site, query: QueueQuery, now: Date): Promise<QueuePage> {
  const rows = await readQueueRows(db, site, query, now);
  return queuePageOf(site, rows, query.limit, now, queueCursorOf(rows, query.limit));
}

/** The page's rows as the database gives them, one more than `limit` when more follow. */
export async function readQueueRows(db: DbExecutor, site: Site, query: QueueQuery, now: Date): Promise<QueueRow[]> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const nowIso = now.toISOString();
  // Written into the SQL (see above): a whole number, whatever a caller passes.
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new RangeError('a queue page holds 1 row or more');
  const want = query.limit + 1;
  const statuses = query.statuses?.length ? [...new Set(query.statuses)] : [undefined];
  // Read through (site, assignee, next_due_at, id): no other filter's index would give the order.
  const unassignedAlone =
    query.assignee === null &&
    statuses[0] === undefined &&
    query.kind === undefined &&
    query.category === undefined &&
    query.channel === undefined;

  /** The rows of one part with one status (or any), unordered. */
  const select = (status: SubmissionStatus | undefined, dated: boolean) => {
    let q = db.selectFrom('submissions').select(COLUMNS).where('site', '=', site.id);
    if (status !== undefined) q = q.where('status', '=', status);
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
    if (query.category !== undefined) q = q.where('category', '=', query.category);
    if (query.channel !== undefined) q = q.where('channel', '=', query.channel);
    if (query.assignee === null) q = q.where('assignee', 'is', null);
    else if (query.assignee !== undefined) q = q.where('assignee', '=', query.assignee);
    if (!dated)
      return q.where('next_due_at', 'is', null).$if(after?.due === null, (qb) => qb.where('id', '>', after!.id));
    q = q.where('next_due_at', 'is not', null);
    if (query.due === 'overdue') q = q.where('next_due_at', '<=', nowIso);
    if (query.due === 'soon')
      q = q
        .where('next_due_at', '>', nowIso)
        .where('next_due_at', '<', soonUntil(site, now))
        .where('next_due_soon_at', '<=', nowIso);
    if (after && after.due !== null)
      q = q.where((eb) => eb(eb.refTuple('next_due_at', 'id'), '>', eb.tuple(after.due!, after.id)));
    return q;
  };
  /** Those rows in the order of the index they are read from, cut to `limit`. */
  const inOrder = (status: SubmissionStatus | undefined, dated: boolean, limit: number) =>
    select(status, dated)
      .$if(unassignedAlone, (q) => q.orderBy('assignee'))
      .orderBy('next_due_at')
      .orderBy('id')
      .limit(sql.lit(limit));
  /** One part of the queue in order: one read, or the union of one per status, ordered and cut to the page. */
  const part = (dated: boolean, limit: number): Promise<QueueRow[]> => {
    if (statuses.length === 1) return inOrder(statuses[0], dated, limit).execute();
    // PostgreSQL merges only reads cut to the page themselves (subqueries); SQLite merges plain ones lazily.
    if (dialectOf(db) === 'postgres') {
      const arms = statuses.map((status, i) =>
        db.selectFrom(inOrder(status, dated, limit).as(`s${i}`)).select(COLUMNS),
      );
      return arms
        .slice(1)
        .reduce((union, arm) => union.unionAll(arm), arms[0]!)
        .orderBy('next_due_at')
        .orderBy('id')
        .limit(sql.lit(limit))
        .execute();
    }
    const arms = statuses.map((status) => select(status, dated));
    return arms
      .slice(1)
      .reduce((union, arm) => union.unionAll(arm), arms[0]!)
      .orderBy('next_due_at')
      .orderBy('id')
      .limit(sql.lit(limit))
      .execute();
  };

  let rows: QueueRow[] = [];
  if (after?.due !== null) rows = await part(true, want);
  // Nothing is due soon or overdue without a due instant.
  if (rows.length < want && query.due === undefined)
    rows = rows.concat((await part(false, want)).slice(0, want - rows.length));
  return rows;
}

/** Where the next page starts, when more rows follow than the page holds. */
export function queueCursorOf(rows: readonly QueueRow[], limit: number): string | null {
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return last ? encodeCursor({ due: last.next_due_at, id: last.id }) : null;
}

/**
 * Past this instant nothing is due soon: a row due soon has at most two
 * working hours left, and this has a millisecond more. On the site's
 * current schedule, like every "due soon" (clock-state.ts, dueSoonFrom). Counting from "now"
 * forwards bounds the index range that `due=soon` reads.
 */
function soonUntil(site: Site, now: Date): string {
  return addWorkingTime(now, DUE_SOON_WORKING_MS + 1, site.sla.schedule).due.toISOString();
}

/** Opaque to clients: where the last page ended, as base64url JSON. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.due, position.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if ((typeof due === 'string' || due === null) && typeof id === 'string') return { due, id };
  } catch {
    // fall through to the 400
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this server gave out');
}
