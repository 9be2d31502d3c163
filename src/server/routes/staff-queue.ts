/**
 * GET /v1/staff/queue?site=… — the staff console's queue: every submission
 * of the site by its next deadline, filtered (src/server/complaints/queue.ts),
 * or by time received with `sort=received_desc|received_asc`
 * (src/server/complaints/queue-received.ts).
 * Any staff member of the site may read it (a supervisor too: reading is
 * what they do); each read is one `queue.read` entry of the audit log with
 * the filters it used.
 *
 * A page's rows are kept while the site's submissions stand still
 * (../staff/page-memo.ts); its deadlines are counted at each read's own
 * time. A `due` filter makes the rows depend on the time too (see
 * keepingOf).
 */
import type { Context } from 'hono';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../contract/common';
import { QueueFilter } from '../../contract/staff';
import { queueCursorOf, readQueueRows, type QueueQuery, type QueueRow } from '../complaints/queue';
import { queuePageOf } from '../complaints/queue-items';
import { readQueueRowsByReceived, receivedCursorOf } from '../complaints/queue-received';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import { audit } from '../staff/audit';
import { PageMemo, type Keeping } from '../staff/page-memo';
import { staffOf, type StaffPrincipal } from '../staff/identity';
import { AUTOMATION_PREFIX, PERSON_PREFIX } from '../staff/principal-ids';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const queuePages = new PageMemo<QueueRow[]>((rows) => rows.length);

export async function getQueue(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const filter = queryOf(c.req.query());
  const now = deps.now();
  const query = toQuery(filter, member);
  const sort = filter.sort === 'received_desc' || filter.sort === 'received_asc' ? filter.sort : 'deadline';
  const rows = await queuePages.read(
    deps,
    member.site,
    JSON.stringify([sort, query]),
    now,
    () =>
      sort === 'deadline'
        ? readQueueRows(deps.db, member.site, query, now)
        : readQueueRowsByReceived(deps.db, member.site, query, sort, now),
    keepingOf(query, sort),
  );
  const nextCursor = sort === 'deadline' ? queueCursorOf(rows, query.limit) : receivedCursorOf(rows, query.limit, sort);
  const count = Math.min(rows.length, query.limit);
  await audit(
    deps.db,
    member,
    {
      action: 'queue.read',
      detail: {
        status: filter.status ?? null,
        kind: filter.kind ?? null,
        category: filter.category ?? null,
        channel: filter.channel ?? null,
        assignee: filter.assignee ?? null,
        due: filter.due ?? null,
        ...(filter.sort && filter.sort !== 'deadline' ? { sort: filter.sort } : {}),
        page: filter.cursor ? 'next' : 'first',
        count,
      },
    },
    now,
  );
  return c.json(queuePageOf(member.site, rows, query.limit, now, nextCursor));
}

/**
 * Whether a page's rows stand while the time moves on. Without `due`, yes.
 * "Due soon" rows come and go with it: never kept. By deadline, a full
 * "overdue" page (a row past it was read) stands for later reads: what
 * falls overdue after it was read is due after every row in it, so sorts
 * after them. By receipt it could sort anywhere: never kept.
 */
function keepingOf(query: QueueQuery, sort: string): Keeping | ((rows: readonly QueueRow[]) => Keeping) {
  if (query.due === undefined) return 'always';
  if (query.due === 'overdue' && sort === 'deadline') return (rows) => (rows.length > query.limit ? 'later' : 'never');
  return 'never';
}

/** The query string against the contract's QueueFilter; anything it refuses is a 400 naming the parameter. */
function queryOf(raw: Record<string, string>): QueueFilter {
  const parsed = QueueFilter.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'query');
  throw new ApiError(400, 'invalid_request', `${name}: ${JSON.stringify(raw[name] ?? null)} is not a value it takes`);
}

function toQuery(filter: QueueFilter, member: StaffPrincipal): QueueQuery {
  return {
    ...(filter.status !== undefined ? { statuses: statusesOf(filter.status) } : {}),
    ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
    ...(filter.category !== undefined ? { category: filter.category } : {}),
    ...(filter.channel !== undefined ? { channel: filter.channel } : {}),
    ...assigneeOf(filter.assignee, member),
    ...(filter.due !== undefined ? { due: filter.due } : {}),
    ...(filter.cursor !== undefined ? { cursor: filter.cursor } : {}),
    limit: limitOf(filter.limit),
  };
}

function statusesOf(raw: string): SubmissionStatus[] {
  const statuses = raw.split(',').map((s) => s.trim());
  const unknown = statuses.find((s) => !(SUBMISSION_STATUSES as readonly string[]).includes(s));
  if (unknown !== undefined)
    throw new ApiError(
      400,
      'invalid_request',
      `status: unknown status "${unknown}" (one or several, comma-separated, of ${SUBMISSION_STATUSES.join(', ')})`,
    );
  return statuses as SubmissionStatus[];
}

/** `me` is the asker's principal; `unassigned` nobody; `anyone` (or nothing) no filter; else a principal as spelt. */
function assigneeOf(raw: string | undefined, member: StaffPrincipal): Pick<QueueQuery, 'assignee'> {
  if (raw === undefined || raw === 'anyone') return {};
  if (raw === 'me') return { assignee: member.principal };
  if (raw === 'unassigned') return { assignee: null };
  if ((raw.startsWith(PERSON_PREFIX) || raw.startsWith(AUTOMATION_PREFIX)) && raw.length <= 260)
    return { assignee: raw };
  throw new ApiError(
    400,
    'invalid_request',
    `assignee: me, unassigned, anyone, or a principal (${PERSON_PREFIX}<sub>, ${AUTOMATION_PREFIX}<name>)`,
  );
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT)
    throw new ApiError(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}
