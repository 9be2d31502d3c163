/**
 * Staff search over a site's submissions (GET /v1/staff/search), by the
 * index of migration 013 (./index-rows.ts):
 *
 * - `tracking`: the one submission with that tracking number;
 * - `contact`: the submissions that give that e-mail address or phone
 *   number (search_contacts, exact), newest first;
 * - `text`: those whose text holds every term (./tokens.ts), best first:
 *   on SQLite by FTS5's bm25 (lower is better), on PostgreSQL by ts_rank
 *   (higher is better; normalised by the text's length, as bm25 is). The
 *   two databases find the same submissions; their orders may differ where
 *   their scores do.
 *
 * Pages are cut by an opaque cursor: the last row's score (or received
 * instant) and id, so a page read later starts after the same row whatever
 * came in meanwhile. Only the page's rows are read from `submissions`, by
 * primary key. Each read starts from the index's side (the full-text match,
 * the contact's rows), never from the site's submissions.
 * Nothing of another site is read: every query is bound to the site.
 */
import { sql } from 'kysely';
import type { FieldValue, Kind } from '../../contract/common';
import type { SearchMode, SearchPage, SearchResult, SearchSegment } from '../../contract/staff-search';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import type { SubmissionRow } from '../db/schema';
import { validationFailed } from '../errors';
import type { Site } from '../registry';
import { maskedContactOf } from '../staff/masking';
import { searchTextOf } from './index-rows';
import { fts5Query, matchRanges, tsQuery, type Term } from './tokens';

export type SearchQuery = (
  { mode: 'tracking'; trackingNumber: string } | { mode: 'contact'; contact: string } | { mode: 'text'; terms: Term[] }
) & { kind?: Kind | undefined; cursor?: string | undefined; limit: number };

const COLUMNS = [
  'id',
  'site',
  'form',
  'kind',
  'status',
  'tracking_number',
  'category',
  'channel',
  'received_at',
  'next_due_at',
  'fields_json',
] as const;
type ResultRow = Pick<SubmissionRow, (typeof COLUMNS)[number]>;

/** Where a page ended: the last row's score (text) or received instant (contact), and its id. */
type Position = [mode: SearchMode, key: number | string, id: string];

export async function readSearch(db: DbExecutor, site: Site, query: SearchQuery): Promise<SearchPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.mode);
  if (query.mode === 'tracking') {
    // By the number's own unique index; the site is checked on the row (a `site =` beside it may make the planner walk the site's rows).
    const rows = (
      await db.selectFrom('submissions').select(COLUMNS).where('tracking_number', '=', query.trackingNumber).execute()
    ).filter((r) => r.site === site.id && (query.kind === undefined || r.kind === query.kind));
    return { mode: 'tracking', items: after ? [] : rows.map((r) => resultOf(site, r, [])), nextCursor: null };
  }
  if (query.mode === 'contact') {
    const rows = await db
      .selectFrom('search_contacts as c')
      // CROSS JOIN: SQLite then reads the contact's few rows first, never the site's submissions in date order.
      .crossJoin('submissions as s')
      .whereRef('s.id', '=', 'c.submission_id')
      .select(COLUMNS.map((c) => `s.${c}` as const))
      .where('c.site', '=', site.id)
      .where('c.contact', '=', query.contact)
      .where('s.site', '=', site.id)
      .$if(query.kind !== undefined, (q) => q.where('s.kind', '=', query.kind!))
      .$if(after !== undefined, (q) =>
        q.where((eb) => eb(eb.refTuple('s.received_at', 's.id'), '<', eb.tuple(String(after![1]), after![2]))),
      )
      .orderBy('s.received_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = rows.length > query.limit ? page[page.length - 1] : undefined;
    return {
      mode: 'contact',
      items: page.map((r) => resultOf(site, r, [])),
      nextCursor: last ? encodeCursor(['contact', last.received_at, last.id]) : null,
    };
  }

  const ranked = await rankedIds(db, site, query.terms, query.kind, after, query.limit + 1);
  const page = ranked.slice(0, query.limit);
  // By primary key alone (a `site =` beside it made SQLite walk the site's rows); the site is checked on each row.
  const rows = page.length
    ? await db
        .selectFrom('submissions')
        .select(COLUMNS)
        .where(
          'id',
          'in',
          page.map((r) => r.id),
        )
        .execute()
    : [];
  const byId = new Map(rows.filter((r) => r.site === site.id).map((r) => [r.id, r]));
  const last = ranked.length > query.limit ? page[page.length - 1] : undefined;
  return {
    mode: 'text',
    items: page.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [resultOf(site, row, query.terms)] : [];
    }),
    nextCursor: last ? encodeCursor(['text', last.score, last.id]) : null,
  };
}

/** The ids of the site's submissions matching every term, best first, from after `after`, at most `limit`. */
async function rankedIds(
  db: DbExecutor,
  site: Site,
  terms: readonly Term[],
  kind: Kind | undefined,
  after: Position | undefined,
  limit: number,
): Promise<Array<{ id: string; score: number }>> {
  const kindFilter = kind === undefined ? sql`` : sql`and d.kind = ${kind}`;
  if (dialectOf(db) === 'postgres') {
    // ts_rank is a real (float4): the cursor's score is compared as one, so the row it came from compares equal.
    // The query is written into the SQL (its lexemes are letters and digits, quoted): a prepared statement's
    // generic plan, made without knowing it, reads every row of the site (db/pg-prepared.ts).
    const from = after
      ? sql`where score < ${after[1]}::real or (score = ${after[1]}::real and id > ${after[2]})`
      : sql``;
    const result = await sql<{ id: string; score: number }>`
      select id, score from (
        select d.submission_id as id, ts_rank(d.tokens, q.query, 1) as score
        from search_docs d, (select ${sql.lit(tsQuery(terms))}::tsquery as query) q
        where d.tokens @@ q.query and d.site = ${site.id} ${kindFilter}
      ) ranked ${from}
      order by score desc, id
      limit ${sql.lit(limit)}`.execute(db);
    return result.rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }
  const from = after ? sql`where score > ${after[1]} or (score = ${after[1]} and id > ${after[2]})` : sql``;
  const result = await sql<{ id: string; score: number }>`
    select id, score from (
      select d.submission_id as id, bm25(search_fts) as score
      from search_fts cross join search_docs d on d.doc = search_fts.rowid
      where search_fts match ${fts5Query(terms)} and d.site = ${site.id} ${kindFilter}
    ) ranked ${from}
    order by score, id
    limit ${sql.lit(limit)}`.execute(db);
  return result.rows;
}

/** How much text a snippet shows, in characters (code points), and how much of it comes before the first match. */
export const SNIPPET_LENGTH = 120;
const SNIPPET_BEFORE = 30;

function resultOf(site: Site, row: ResultRow, terms: readonly Term[]): SearchResult {
  const form = site.publicConfig.forms[row.form];
  const fields = JSON.parse(row.fields_json) as Record<string, FieldValue>;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    trackingNumber: row.tracking_number,
    category: row.category,
    channel: row.channel,
    receivedAt: row.received_at,
    nextDue: row.next_due_at,
    contact: maskedContactOf(form, fields),
    snippet: snippetOf(searchTextOf(form, fields), terms),
  };
}

/**
 * SNIPPET_LENGTH characters of `text` from a little before the first match
 * (or from its start), the matches marked; runs of white space are one
 * space, and an ellipsis stands where text was left out.
 */
export function snippetOf(text: string, terms: readonly Term[]): SearchSegment[] {
  const chars = Array.from(text);
  // Code point index of each UTF-16 offset that starts a code point (the same index where the text has no pair).
  let pointAt = (offset: number) => offset;
  if (chars.length !== text.length) {
    const points = new Map<number, number>();
    let offset = 0;
    chars.forEach((c, i) => {
      points.set(offset, i);
      offset += c.length;
    });
    points.set(offset, chars.length);
    pointAt = (at) => points.get(at)!;
  }
  const ranges = matchRanges(text, terms).map(([s, e]) => [pointAt(s), pointAt(e)] as const);
  const start = ranges.length ? Math.max(0, ranges[0]![0] - SNIPPET_BEFORE) : 0;
  const end = Math.min(chars.length, start + SNIPPET_LENGTH);
  const segments: SearchSegment[] = [];
  const add = (piece: string, mark: boolean) => {
    const last = segments[segments.length - 1];
    if (last && last.mark === mark) last.text += piece;
    else segments.push({ text: piece, mark });
  };
  const push = (from: number, to: number, mark: boolean) => {
    if (to > from) add(chars.slice(from, to).join('').replace(/\s+/g, ' '), mark);
  };
  if (start > 0) add('…', false);
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= start) continue;
    if (s >= end) break;
    push(at, Math.max(at, s), false);
    push(Math.max(at, s), Math.min(e, end), true);
    at = Math.min(e, end);
  }
  push(at, end, false);
  if (end < chars.length) add('…', false);
  return segments;
}

/** Opaque to clients: where the last page ended, as base64url JSON. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, mode: SearchMode): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === mode && typeof parsed[2] === 'string') {
      const key: unknown = parsed[1];
      if (
        (mode === 'text' && typeof key === 'number' && Number.isFinite(key)) ||
        (mode !== 'text' && typeof key === 'string')
      )
        return [mode, key, parsed[2]];
    }
  } catch {
    // fall through to the 422
  }
  throw validationFailed([
    { path: 'cursor', code: 'invalid_cursor', message: 'cursor is not one this server gave out for this search' },
  ]);
}
