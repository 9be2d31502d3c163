/**
 * GET /v1/stream?site=… — the ONE live event stream of a browser (the tab
 * holding the Web Lock reads it and relays to the others) — and its staff
 * twin, GET /v1/staff/stream?site=…, every change to the site's submissions
 * for the staff console (`queue.changed`, QueueChange) and the deadline
 * alerts raised and dismissed (`alert.raised`, `alert.dismissed`,
 * AlertNotice; complaints/deadline-alerts.ts). Both are the same
 * pump over `live_events`, each for its audience: the submitter's
 * (`user:<sub>`, `device:<id>`) or the site's staff (`staff:<site>`).
 *
 * Wire format (text/event-stream, read with fetch because EventSource cannot
 * send a token):
 *
 *   id: <live_events.id>
 *   event: <topic>            e.g. complaint.updated; later issues add topics
 *   data: <payload_json>      the row's JSON as stored
 *
 * plus `event: ready` (id = the cursor, data `{"lastId":N,"resumed":bool}`)
 * once the stream is caught up, and a `: heartbeat` comment every 15 s of
 * silence so proxies keep the connection. A first connect (no
 * `Last-Event-ID` header, no `?after=`) gets only `ready`, never the history;
 * a resume first gets every row after that id, then `ready`.
 *
 * The server is stateless and may run as several instances, which share
 * only the database, so each open stream finds new rows by reading its own
 * index range (`site, audience, id > last`, and the reorder window below).
 * It reads when it is woken and, failing that, every STREAM_FALLBACK_POLL_MS:
 * - A wake (db/live-wakes.ts) says a row of its audience has committed.
 *   Every writer goes through insertLiveEvents (live-events.ts), which on
 *   SQLite tells this process's streams once its transaction has committed,
 *   and on PostgreSQL calls `pg_notify` in the transaction, delivered at
 *   commit to the one listening connection each instance keeps
 *   (db/pg-listener.ts; reconnected if it drops, every stream woken to read
 *   once it is back), so a change made through any instance wakes the
 *   streams on all of them. A wake is only a hint: the stream reads by its
 *   cursor as a poll does, so a wake lost, merged or repeated (or one for a
 *   row already sent) loses and duplicates nothing. A stream listens before
 *   its first read, so a row committed while it catches up is read next;
 *   on PostgreSQL a row that commits late with a lower id brings its own
 *   wake, and the read's reorder window finds it. Wakes that come while a
 *   read is under way make one more read, and reads are at least
 *   WAKE_GAP_MS apart, so a burst of writes costs a stream a few reads.
 * - The fallback poll, every 5 s, covers what no wake reaches: a listening
 *   connection being replaced, another process writing the same SQLite
 *   file, a row inserted by hand. 5 s rather than the 1 s it was before
 *   wakes: a change is normally seen in well under a second by its wake,
 *   the poll bounds the rare miss at 5 s, and an idle stream costs a fifth
 *   of the queries. Without wakes (`liveWakes: false`, startServer) streams
 *   poll every STREAM_POLL_MS (1 s), as before.
 * The cap of open streams is kept in the database too (stream-slots.ts), per
 * submitter, and per principal for staff (all a site's staff read one
 * audience, but each person's browsers are capped like a user's): a stream
 * holds a slot from before it opens until it ends, renewing it as it reads.
 *
 * The staff stream is not audited, neither per event nor per connection:
 * it carries ids, versions, statuses and principals, no one's data; what a
 * console then reads of a complaint is audited as every read is.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { decodeJwt } from 'jose';
import { userOf } from '../complaints/access';
import { audienceOf, staffAudienceOf } from '../complaints/lifecycle';
import { staffOf } from '../staff/identity';
import { checkOrigin, requireSite } from '../context';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import {
  freeStreamSlot,
  renewStreamSlot,
  SLOT_RENEW_MS,
  STREAMS_PER_AUDIENCE,
  takeStreamSlot,
  type StreamSlot,
} from '../stream-slots';

/** How often an open stream looks for new rows when nothing wakes it (a server started with `liveWakes: false`). */
export const STREAM_POLL_MS = 1_000;
/** How often a stream that is woken by writes looks for new rows anyway: the fallback for a wake that never came. */
export const STREAM_FALLBACK_POLL_MS = 5_000;
/** The least time between two reads of one stream, so a burst of writes is read in a few goes, not one per row. */
const WAKE_GAP_MS = 50;
/** A comment after this much silence, so proxies and load balancers do not drop an idle connection. */
export const STREAM_HEARTBEAT_MS = 15_000;
/**
 * A stream ends after this long even with a token that lasts longer; the
 * client resumes at once. Spreads long-lived connections across instances
 * after a deploy and keeps every timer well inside setTimeout's range.
 */
const MAX_STREAM_MS = 30 * 60_000;
/** The host token is still accepted this long after `exp` (the clock tolerance of auth.ts). */
const TOKEN_TOLERANCE_MS = 30_000;
/** Rows read per query; a resume far behind is sent in pages of this size. */
const PAGE_ROWS = 100;
/**
 * On PostgreSQL ids come from a sequence, so a transaction that took id 10
 * can commit after one that took id 11: reading only `id > last` would skip
 * 10 for good. A live stream therefore re-reads this many ids below its
 * cursor and sends what it has not sent yet (possibly out of id order; the
 * client keeps the highest id as its cursor). SQLite writes one at a time
 * and never reorders; there the window only finds nothing.
 */
const REORDER_WINDOW_IDS = 1_000;

export async function getStream(c: Context, deps: AppDeps): Promise<Response> {
  const site = requireSite(deps, c.req.query('site') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  const actor = await userOf(c, deps, site);
  const audience = audienceOf({ submitter_type: actor.type, submitter_id: actor.id });
  return serveStream(c, deps, {
    site: site.id,
    audience,
    slotAudience: audience,
    resumeFrom: parseEventId(c.req.header('Last-Event-ID') ?? c.req.query('after')),
    lifetimeMs: streamLifetime(c.req.header('Authorization'), deps.now()),
  });
}

/**
 * GET /v1/staff/stream?site=… — any staff member of the site (a staff token
 * in Authorization); until their token expires, at most MAX_STREAM_MS.
 */
export async function getStaffStream(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const resumeFrom = parseEventId(c.req.header('Last-Event-ID') ?? c.req.query('after'));
  const now = deps.now().getTime();
  const lifetimeMs =
    member.expiresAt === null
      ? MAX_STREAM_MS
      : Math.min(MAX_STREAM_MS, Math.max(0, Date.parse(member.expiresAt) + TOKEN_TOLERANCE_MS - now));
  return serveStream(c, deps, {
    site: member.site.id,
    audience: staffAudienceOf(member.site.id),
    slotAudience: member.principal,
    resumeFrom,
    lifetimeMs,
  });
}

interface StreamRequest {
  site: string;
  /** whose events it carries */
  audience: string;
  /** whose cap of open streams it counts against: the submitter, or the staff principal */
  slotAudience: string;
  resumeFrom: number | undefined;
  lifetimeMs: number;
}

/** Takes a slot (or answers 429), then runs the pump until the client leaves, the lifetime ends or the server closes. */
async function serveStream(c: Context, deps: AppDeps, request: StreamRequest): Promise<Response> {
  const { site, audience, resumeFrom, lifetimeMs } = request;
  const slot = await takeStreamSlot(deps.db, site, request.slotAudience, deps.now().getTime());
  if (!slot) {
    throw new ApiError(
      429,
      'rate_limited',
      `at most ${STREAMS_PER_AUDIENCE} live streams may be open at once; one per browser is enough`,
      { retryAfter: 30 },
      {
        'Retry-After': '30',
      },
    );
  }

  // Both the request's signal and the response stream's cancel say "the client went away"; either ends the loop.
  const ended = new AbortController();
  const end = () => ended.abort();
  c.req.raw.signal.addEventListener('abort', end, { once: true });
  const lifetime = setTimeout(end, lifetimeMs);
  c.header('X-Accel-Buffering', 'no');

  return streamSSE(c, async (stream) => {
    stream.onAbort(end);
    try {
      await pump(stream, deps, { site, audience, resumeFrom, slot }, ended.signal);
    } catch (error) {
      // A failed query after the client left (or the server closing its database) is not news.
      if (!ended.signal.aborted)
        deps.log('error', 'live stream failed', {
          site,
          error: error instanceof Error ? error.message : String(error),
        });
    } finally {
      clearTimeout(lifetime);
      c.req.raw.signal.removeEventListener('abort', end);
      // A slot that cannot be freed (the server closing its database) lapses after its lease instead.
      await freeStreamSlot(deps.db, slot).catch(() => {});
    }
  });
}

interface StreamScope {
  site: string;
  /** Whose events it sends. */
  audience: string;
  /** The client's Last-Event-ID, or undefined on a first connect. */
  resumeFrom: number | undefined;
  /** The place this stream holds among its asker's open streams, renewed while it stays open. */
  slot: StreamSlot;
}

/** Sends rows until `signal` aborts: the replay of a resume, `ready`, then whatever appears. */
async function pump(stream: SSEStreamingApi, deps: AppDeps, scope: StreamScope, signal: AbortSignal): Promise<void> {
  // Listening before the first read: a row that commits while the stream
  // catches up rings the bell, and the first wait below returns at once.
  const bell = new Doorbell();
  const unsubscribe = deps.live?.subscribe(scope.site, scope.audience, () => bell.ring());
  try {
    await pumpRows(stream, deps, scope, signal, bell, deps.live ? STREAM_FALLBACK_POLL_MS : STREAM_POLL_MS);
  } finally {
    unsubscribe?.();
  }
}

async function pumpRows(
  stream: SSEStreamingApi,
  deps: AppDeps,
  scope: StreamScope,
  signal: AbortSignal,
  bell: Doorbell,
  pollMs: number,
): Promise<void> {
  const { db } = deps;
  const rowsAfter = (after: number, limit = PAGE_ROWS) =>
    db
      .selectFrom('live_events')
      .select(['id', 'topic', 'payload_json'])
      .where('site', '=', scope.site)
      .where('audience', '=', scope.audience)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
  const idRange = async (): Promise<{ oldest: number; newest: number }> => {
    const row = await db
      .selectFrom('live_events')
      .select((eb) => [eb.fn.min('id').as('oldest'), eb.fn.max('id').as('newest')])
      .executeTakeFirst();
    return { oldest: Number(row?.oldest ?? 0), newest: Number(row?.newest ?? 0) };
  };

  let lastWriteAt = 0;
  // By the server's clock, the one every instance judges the lease by.
  let renewedAt = deps.now().getTime();
  const send = async (row: { id: number; topic: string; payload_json: string }) => {
    await stream.writeSSE({ id: String(row.id), event: row.topic, data: row.payload_json });
    lastWriteAt = Date.now();
  };

  // The cursor: every row of this audience with a higher id is still to be sent.
  let cursor: number;
  const { oldest, newest } = await idRange();
  // Not a resume: an id from before a database reset (higher than any row), or one whose next rows the
  // sweep has purged (live-events-purge.ts), after which what was missed cannot be replayed.
  const resumed =
    scope.resumeFrom !== undefined && scope.resumeFrom <= newest && (oldest === 0 || scope.resumeFrom >= oldest - 1);
  if (resumed) {
    cursor = scope.resumeFrom!;
    for (;;) {
      const rows = await rowsAfter(cursor);
      for (const row of rows) {
        if (signal.aborted) return;
        await send(row);
        cursor = row.id;
      }
      if (rows.length < PAGE_ROWS) break;
    }
  } else {
    // A first connect, or an id from before the database was reset (higher than any row): start from now.
    cursor = newest;
  }
  if (signal.aborted) return;
  await send({ id: cursor, topic: 'ready', payload_json: JSON.stringify({ lastId: cursor, resumed }) });

  // Every id of this audience inside the reorder window that the client has
  // (or, on a first connect, that is history it does not want): what a late
  // commit adds is whatever is in the window and not in here.
  const known = new Set<number>();
  for (const row of await idsBetween(db, scope, cursor - REORDER_WINDOW_IDS, cursor)) known.add(row.id);

  while (!signal.aborted) {
    // Until a wake or the next poll, or sooner when the heartbeat falls due.
    await bell.wait(Math.max(0, Math.min(pollMs, lastWriteAt + STREAM_HEARTBEAT_MS - Date.now())), signal);
    if (signal.aborted) return;
    const now = deps.now().getTime();
    if (now - renewedAt >= SLOT_RENEW_MS) {
      if (!(await renewStreamSlot(db, scope.slot, now))) {
        // Its lease lapsed (this instance stalled) and another stream took the place: end, and the client's resume asks again.
        deps.log('warn', 'live stream lost its slot', { site: scope.site });
        return;
      }
      renewedAt = now;
    }
    const rows = await rowsAfter(cursor - REORDER_WINDOW_IDS, PAGE_ROWS + REORDER_WINDOW_IDS);
    for (const row of rows) {
      if (known.has(row.id)) continue;
      if (signal.aborted) return;
      await send(row);
      known.add(row.id);
      cursor = Math.max(cursor, row.id);
    }
    for (const id of known) if (id <= cursor - REORDER_WINDOW_IDS) known.delete(id);
    if (Date.now() - lastWriteAt >= STREAM_HEARTBEAT_MS) {
      await stream.write(': heartbeat\n\n');
      lastWriteAt = Date.now();
    }
    // A wake that came during this read is kept for after the gap.
    await sleep(WAKE_GAP_MS, signal);
  }
}

function idsBetween(db: AppDeps['db'], scope: StreamScope, above: number, upTo: number) {
  return db
    .selectFrom('live_events')
    .select('id')
    .where('site', '=', scope.site)
    .where('audience', '=', scope.audience)
    .where('id', '>', above)
    .where('id', '<=', upTo)
    .execute();
}

/**
 * A stream's wake-up: `ring` (a row of its audience committed) ends the
 * current `wait`, or the next one at once when none is under way; rings that
 * come together count as one.
 */
class Doorbell {
  private rung = false;
  private answer: (() => void) | undefined;

  ring(): void {
    this.rung = true;
    this.answer?.();
  }

  /** Until a ring (one already rung counts), `ms`, or `signal` aborting; leaves no timer behind. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.rung) {
      const rang = new Promise<void>((done) => (this.answer = done));
      await Promise.race([rang, sleep(ms, signal, rang)]);
      this.answer = undefined;
    }
    this.rung = false;
  }
}

/** Waits `ms`, or less when `signal` aborts or `until` settles; leaves no timer behind either way. */
function sleep(ms: number, signal: AbortSignal, until?: Promise<void>): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done();
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
    void until?.then(finish);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
  });
}

/** `Last-Event-ID` / `?after=`: absent is a first connect; anything but a non-negative integer is a 400. */
function parseEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (!/^\d{1,15}$/.test(text))
    throw new ApiError(
      400,
      'invalid_request',
      'Last-Event-ID (or ?after=) must be the id of an event this stream sent',
    );
  return Number(text);
}

/**
 * How long this stream may stay open: until the host token expires (the
 * client's next connect then gets the 401 that asks the host to sign the
 * user in again), at most MAX_STREAM_MS. identify() has verified the token
 * already; this only reads its `exp`.
 */
function streamLifetime(authorization: string | undefined, now: Date): number {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!token) return MAX_STREAM_MS;
  const { exp } = decodeJwt(token);
  if (typeof exp !== 'number') return MAX_STREAM_MS;
  return Math.min(MAX_STREAM_MS, Math.max(0, exp * 1000 + TOKEN_TOLERANCE_MS - now.getTime()));
}
