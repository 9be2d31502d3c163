/**
 * Staff search over a site's submissions (GET /v1/staff/search), by the
 * index of migration 013 (./index-rows.ts):
 *
 * - `tracking`: the one submission with that tracking number;
 * - `contact`: the submissions that give that e-mail address or phone
 *   number (search_contacts, exact), newest first;
 * - `text`: those whose text holds every term (./tokens.ts), best first
 *   within windows of the SEARCH_WINDOW newest matches (then the next
 *   newest, …), scored here from the window's texts (scoresOf), the same
 *   way on SQLite (FTS5) and PostgreSQL (tsvector, GIN): the two find the
 *   same submissions and rank them alike.
 *
 * Pages are cut by an opaque cursor: the last row's received instant and id
 * (a contact's), or its window and what of it was shown (words), so a page
 * read later goes on from the same place whatever came in meanwhile. Only
 * the rows of a page (of a window, for words, in the window's own query)
 * are read from `submissions`, by primary key. Each read starts from the
 * index's side (the full-text match, the contact's rows), never from the
 * site's submissions.
 * Nothing of another site is read: every query is bound to the site.
 */
import { sql } from 'kysely';
import type { FormConfig } from '../../config/schema';
import type { FieldValue, Kind } from '../../contract/common';
import type { SearchMode, SearchPage, SearchResult, SearchSegment } from '../../contract/staff-search';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import type { SubmissionRow } from '../db/schema';
import { validationFailed } from '../errors';
import type { Site } from '../registry';
import { maskedContactOf } from '../staff/masking';
import { searchTextOf } from './index-rows';
import { fts5Query, matchRanges, termMatches, tsQuery, type Term } from './tokens';

export type SearchQuery = (
  { mode: 'tracking'; trackingNumber: string } | { mode: 'contact'; contact: string } | { mode: 'text'; terms: Term[] }
) & {
  kind?: Kind | undefined;
  cursor?: string | undefined;
  limit: number;
  /** matches ranked together (SEARCH_WINDOW); smaller in tests */
  window?: number;
};

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

/** Where a page of a contact's ended: the last row's received instant and id. */
type ContactPosition = [mode: 'contact', receivedAt: string, id: string];
/** Where a page of words ended: its window's bound and which places of it were shown (placesText). */
type TextPosition = [mode: 'text', bound: number, shown: string];
type Position = ContactPosition | TextPosition | [mode: 'tracking'];

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
        q.where((eb) => eb(eb.refTuple('s.received_at', 's.id'), '<', eb.tuple(String(after![1]), String(after![2])))),
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

  const { page, nextCursor } = await rankedPage(db, site, query, after?.[0] === 'text' ? after : undefined);
  return {
    mode: 'text',
    items: page.map((r) => resultOf(site, r.row, query.terms, r.read)),
    nextCursor,
  };
}

/**
 * How many matches are ranked together: the newest this many (by their
 * index row), then the next newest, and so on. Ranking every match of a
 * word half the desk uses (20,000 of 100,000) cost tens of milliseconds a
 * search; a window bounds it, and a desk looks for recent complaints first.
 * 50 is two and a half pages of 20. Finding a window is a walk of the
 * site's newest index rows on PostgreSQL (its GIN index keeps no order),
 * so its cost grows with the window: for a word in 3% of 100,000 texts the
 * window's query alone answered 803 times a second with windows of 100 and
 * 1,938 with 50 (pgbench, two clients, on bench section j's data).
 */
export const SEARCH_WINDOW = 50;

/** A match of a window, read, with its score. */
interface Ranked {
  doc: number;
  row: ResultRow;
  read: ReadRow;
  /** higher is better (scoresOf) */
  score: number;
}

/** BM25's saturation and length weights, as FTS5's bm25 has them. */
const K1 = 1.2;
const B = 0.75;

/**
 * Each text's score for the terms, higher better: BM25 without its corpus
 * weights (how rare each word is among all the site's texts), counted here
 * from the window's own texts. A word counts more the more often it occurs
 * (less each time again), and more in a text shorter than the window's
 * average. Both databases rank alike so, and a search never reads every
 * text a common word is in: FTS5's bm25 counted those on each search (for
 * a word in 20,000 texts, five times the cost of finding the window).
 */
function scoresOf(texts: readonly string[], terms: readonly Term[]): number[] {
  const average = texts.reduce((sum, t) => sum + t.length, 0) / Math.max(1, texts.length) || 1;
  return texts.map((text) => {
    const norm = K1 * (1 - B + (B * text.length) / average);
    return termMatches(text, terms).reduce((score, found) => {
      const tf = found.length;
      return tf ? score + (tf * (K1 + 1)) / (tf + norm) : score;
    }, 0);
  });
}

/**
 * A page of the matches, window by window: each window's matches best
 * first, those the cursor says were shown left out, on into the next window
 * when one runs out. A window is the `size` newest matches below a bound
 * (the first page fixes the first window's, so matches indexed meanwhile
 * never shift the pages), and the cursor names a window by its bound and
 * what of it was shown as a bit per place (newest first), not a score: a
 * score is relative to its window's texts (scoresOf), and a position "after
 * this score" could show a row twice or never.
 */
async function rankedPage(
  db: DbExecutor,
  site: Site,
  query: Extract<SearchQuery, { mode: 'text' }>,
  after: TextPosition | undefined,
): Promise<{ page: Ranked[]; nextCursor: string | null }> {
  const size = query.window ?? SEARCH_WINDOW;
  let bound = after ? after[1] : null;
  let shown = after ? placesOf(after[2]) : new Set<number>();
  const page: Ranked[] = [];
  let more = false;
  let cursorAt: { bound: number; shown: Set<number> } | undefined;
  while (!more) {
    const docs = await windowOf(db, site, query.terms, query.kind, bound, size);
    if (!docs.length) break;
    const windowBound = bound ?? docs[0]!.doc + 1;
    const windowShown = shown;
    // A match whose submission cannot be read here (gone meanwhile) keeps its place and is never shown.
    const readable = docs.flatMap(({ doc, row }, place) =>
      row && row.site === site.id ? [{ doc, place, row, read: readRow(site, row) }] : [],
    );
    const scores = scoresOf(
      readable.map((r) => r.read.text),
      query.terms,
    );
    const unseen = readable
      .map((r, i): Ranked & { place: number } => ({ ...r, score: scores[i]! }))
      .filter(({ place }) => !windowShown.has(place))
      .sort((a, b) => b.score - a.score || b.doc - a.doc);
    for (const ranked of unseen) {
      if (page.length === query.limit) {
        more = true;
        break;
      }
      page.push(ranked);
      windowShown.add(ranked.place);
      cursorAt = { bound: windowBound, shown: windowShown };
    }
    if (docs.length < size) break;
    bound = docs[docs.length - 1]!.doc;
    shown = new Set();
  }
  return {
    page,
    nextCursor: more && cursorAt ? encodeCursor(['text', cursorAt.bound, placesText(cursorAt.shown)]) : null,
  };
}

/** Places in a window as base64url bits (place 0 the first byte's lowest bit). */
function placesText(places: ReadonlySet<number>): string {
  const bytes = Buffer.alloc(Math.ceil((Math.max(-1, ...places) + 1) / 8));
  for (const place of places) bytes[place >> 3]! |= 1 << (place & 7);
  return bytes.toString('base64url');
}

function placesOf(text: string): Set<number> {
  const places = new Set<number>();
  Buffer.from(text, 'base64url').forEach((byte, i) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) places.add(i * 8 + bit);
  });
  return places;
}

/**
 * The `size` newest matches of the site below `bound` (all: null), newest
 * first, each with its submission (null when it is gone), in one query: the
 * window is found from the index's side, then its submissions are read by
 * primary key (a `site =` beside them made SQLite walk the site's rows; the
 * caller checks the site on each row).
 */
async function windowOf(
  db: DbExecutor,
  site: Site,
  terms: readonly Term[],
  kind: Kind | undefined,
  bound: number | null,
  size: number,
): Promise<Array<{ doc: number; row: ResultRow | null }>> {
  const kindFilter = kind === undefined ? sql`` : sql`and d.kind = ${kind}`;
  const columns = sql.join(COLUMNS.map((c) => sql.ref(`s.${c}`)));
  let window;
  if (dialectOf(db) === 'postgres') {
    const below = bound === null ? sql`` : sql`and d.doc < ${bound}`;
    // The query is written into the SQL (its lexemes are letters and digits, quoted): a prepared statement's
    // generic plan, made without knowing it, reads every row of the site (db/pg-prepared.ts).
    const tsquery = sql`${sql.lit(tsQuery(terms))}::tsquery`;
    window = sql`select d.doc, d.submission_id from search_docs d
      where d.tokens @@ ${tsquery} and d.site = ${site.id} ${kindFilter} ${below}
      order by d.doc desc limit ${sql.lit(size)}`;
  } else {
    const below = bound === null ? sql`` : sql`and search_fts.rowid < ${bound}`;
    window = sql`select d.doc as doc, d.submission_id as submission_id
      from search_fts cross join search_docs d on d.doc = search_fts.rowid
      where search_fts match ${fts5Query(terms)} and d.site = ${site.id} ${kindFilter} ${below}
      order by search_fts.rowid desc limit ${sql.lit(size)}`;
  }
  // LEFT JOIN: the window's places stay as the index has them, a submission gone or not.
  const result = await sql<ResultRow & { doc: number; id: string | null }>`
    select w.doc as doc, ${columns} from (${window}) w
    left join submissions s on s.id = w.submission_id
    order by w.doc desc`.execute(db);
  // The row as read, its `doc` beside the result's columns: not copied into a row without it, for each of a window's rows.
  return result.rows.map((row) => ({ doc: Number(row.doc), row: row.id === null ? null : row }));
}

/** How much text a snippet shows, in characters (code points), and how much of it comes before the first match. */
export const SNIPPET_LENGTH = 120;
const SNIPPET_BEFORE = 30;

/** What a result shows of a submission's fields: its form, its fields, and the text the index was made from. */
interface ReadRow {
  form: FormConfig | undefined;
  fields: Record<string, FieldValue>;
  text: string;
}

function readRow(site: Site, row: ResultRow): ReadRow {
  const form = site.publicConfig.forms[row.form];
  const fields = JSON.parse(row.fields_json) as Record<string, FieldValue>;
  return { form, fields, text: searchTextOf(form, fields) };
}

function resultOf(site: Site, row: ResultRow, terms: readonly Term[], read = readRow(site, row)): SearchResult {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    trackingNumber: row.tracking_number,
    category: row.category,
    channel: row.channel,
    receivedAt: row.received_at,
    nextDue: row.next_due_at,
    contact: maskedContactOf(read.form, read.fields),
    snippet: snippetOf(read.text, terms),
  };
}

/**
 * SNIPPET_LENGTH characters of `text` from a little before the first match
 * (or from its start), the matches marked; runs of white space are one
 * space, and an ellipsis stands where text was left out.
 */
export function snippetOf(text: string, terms: readonly Term[]): SearchSegment[] {
  // Counted in code points. A text without surrogate pairs (nearly all) has one per UTF-16 unit: it is sliced as it is.
  const chars = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : undefined;
  const length = chars ? chars.length : text.length;
  const slice = chars ? (from: number, to: number) => chars.slice(from, to).join('') : text.slice.bind(text);
  // Code point index of each UTF-16 offset that starts a code point.
  let pointAt = (offset: number) => offset;
  if (chars) {
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
  const end = Math.min(length, start + SNIPPET_LENGTH);
  const segments: SearchSegment[] = [];
  const add = (piece: string, mark: boolean) => {
    const last = segments[segments.length - 1];
    if (last && last.mark === mark) last.text += piece;
    else segments.push({ text: piece, mark });
  };
  const push = (from: number, to: number, mark: boolean) => {
    if (to > from) add(slice(from, to).replace(/\s+/g, ' '), mark);
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
  if (end < length) add('…', false);
  return segments;
}

/** Opaque to clients: where the last page ended, as base64url JSON. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, mode: SearchMode): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed[0] === mode) {
      const [, a, b] = parsed as unknown[];
      const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
      if (mode === 'text' && parsed.length === 3 && finite(a) && typeof b === 'string' && /^[\w-]{0,64}$/.test(b))
        return ['text', a, b];
      if (mode === 'contact' && parsed.length === 3 && typeof a === 'string' && typeof b === 'string')
        return ['contact', a, b];
      if (mode === 'tracking' && parsed.length === 1) return ['tracking'];
    }
  } catch {
    // fall through to the 422
  }
  throw validationFailed([
    { path: 'cursor', code: 'invalid_cursor', message: 'cursor is not one this server gave out for this search' },
  ]);
}
