/**
 * Reading complaints for the wire: a cursor-paginated list (latest change
 * first) and one complaint with its events and attachments. Shared by the
 * user's and the staff's endpoints, which differ only in the filter.
 */
import type { ComplaintDetail, ComplaintList } from '../../contract/complaints';
import type { AppDeps } from '../context';
import type { Kind } from '../../contract/common';
import type { SubmissionRow } from '../db/schema';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import type { NamedActor } from './lifecycle';
import { STAFF_TIMELINE_TYPES, type StaffTimelineEntry } from '../../contract/staff';
import { readThirdParty } from './arbitration-records';
import { toDetail, toSummary, type TimelineAudience } from './view';

export interface PageQuery {
  /** only this submitter's complaints (the user's own list) */
  submitter?: { type: 'user' | 'device'; id: string };
  /** which submissions: complaints (the default), one other kind, or `all` (the user's list of everything they sent) */
  kind?: Kind | 'all';
  status?: string;
  cursor?: string | undefined;
  limit?: string | undefined;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

export async function readPage(deps: AppDeps, site: Site, query: PageQuery): Promise<ComplaintList> {
  const limit = parseLimit(query.limit);
  const after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
  let select = deps.db
    .selectFrom('submissions')
    .selectAll()
    .where('site', '=', site.id)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const kind = query.kind ?? 'complaint';
  // A complaint is the kind with a lifecycle: filtering on that is the list as it always read.
  if (kind === 'complaint') select = select.where('lifecycle_json', 'is not', null);
  else if (kind !== 'all') select = select.where('kind', '=', kind);
  if (query.submitter)
    select = select.where('submitter_type', '=', query.submitter.type).where('submitter_id', '=', query.submitter.id);
  if (query.status) select = select.where('status', '=', query.status as SubmissionRow['status']);
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('updated_at', '<', after.updatedAt),
        eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await select.execute();
  const now = deps.now();
  const items = rows.slice(0, limit).map((row) => toSummary(site, row, now));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last) : null };
}

/** One complaint for `audience`: a user's answer leaves the staff-only lines out of the query itself. */
export async function readDetail(
  deps: AppDeps,
  site: Site,
  row: SubmissionRow,
  actor: NamedActor,
  audience: TimelineAudience,
): Promise<ComplaintDetail & { timeline: StaffTimelineEntry[] }> {
  let events = deps.db.selectFrom('complaint_events').selectAll().where('submission_id', '=', row.id);
  if (audience === 'user') events = events.where('type', 'not in', STAFF_TIMELINE_TYPES);
  const [rows, attachments, thirdParty] = await Promise.all([
    events.orderBy('id').execute(),
    deps.db.selectFrom('attachments').selectAll().where('submission_id', '=', row.id).execute(),
    readThirdParty(deps.db, row.id),
  ]);
  return toDetail(site, row, rows, attachments, actor, deps.now(), audience, thirdParty);
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new ApiError(400, 'invalid_request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

/** Opaque to clients: where the last page ended, as base64url JSON. */
function encodeCursor(row: SubmissionRow): string {
  return Buffer.from(JSON.stringify([row.updated_at, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof updatedAt === 'string' && typeof id === 'string') return { updatedAt, id };
  } catch {
    // fall through to the 400
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this server gave out');
}
