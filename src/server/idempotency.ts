/**
 * Idempotent writes: the client makes a key before its first send and sends
 * it with every retry; the server answers a repeated key with the first
 * answer, so a retry never makes a duplicate. Keys are scoped by site and
 * actor, so two users can never collide or read each other's answers.
 *
 * Only successful answers are stored: a refused request (validation, rate
 * limit, auth) changed nothing, so retrying it with the same key simply runs
 * again.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { IDEMPOTENCY_KEY_PATTERN, HEADERS } from '../contract/headers';
import type { DbExecutor } from './blobs';
import { isUniqueViolation } from './db/open';
import type { Database } from './db/schema';
import { ApiError } from './errors';

export interface IdempotencyScope {
  site: string;
  actor: string;
  key: string;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Reads and checks the Idempotency-Key header; a write without one is a 400. */
export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '')
    throw new ApiError(400, 'invalid_request', `the ${HEADERS.idempotencyKey} header is required for this request`);
  if (!IDEMPOTENCY_KEY_PATTERN.test(value))
    throw new ApiError(400, 'invalid_request', `${HEADERS.idempotencyKey} must be 16–128 letters, digits, - or _`);
  return value;
}

/**
 * JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request.
 * Written as pieces to `out`, so a hash can take them without the whole text
 * (attachments make bodies of several MB) being built first. The text is
 * the stored hashes' formula and must never change. Containers are walked
 * with a stack of their own rather than by recursion, so no body's nesting
 * can overflow the call stack (readJson refuses deep ones anyway).
 */
function writeCanonical(value: unknown, out: (piece: string) => void): void {
  const open: Array<{ items: readonly unknown[]; next: number } | { entries: [string, unknown][]; next: number }> = [];
  let pending = true;
  let current = value;
  for (;;) {
    if (pending) {
      pending = false;
      if (Array.isArray(current)) {
        out('[');
        open.push({ items: current, next: 0 });
      } else if (current && typeof current === 'object') {
        out('{');
        const entries = Object.entries(current as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        open.push({ entries, next: 0 });
      } else {
        writeScalar(current, out);
      }
    }
    const top = open.at(-1);
    if (!top) return;
    const i = top.next++;
    if ('items' in top) {
      if (i === top.items.length) {
        out(']');
        open.pop();
        continue;
      }
      if (i > 0) out(',');
      // A hole (never in parsed JSON) stays empty, as Array#join leaves it.
      if (i in top.items) {
        current = top.items[i];
        pending = true;
      }
    } else {
      if (i === top.entries.length) {
        out('}');
        open.pop();
        continue;
      }
      if (i > 0) out(',');
      const [k, v] = top.entries[i]!;
      out(JSON.stringify(k));
      out(':');
      current = v;
      pending = true;
    }
  }
}

/** Anything but an array or object, as JSON.stringify writes it (undefined as null). */
function writeScalar(value: unknown, out: (piece: string) => void): void {
  if (typeof value === 'string' && value.length > LONG_STRING) {
    // JSON.stringify copies and scans a long string (base64 attachment data)
    // char by char; when nothing in it needs escaping its JSON is the string
    // in quotes, and the string itself can go out as it is.
    if (!NEEDS_ESCAPE.test(value)) {
      out('"');
      out(value);
      out('"');
      return;
    }
  }
  out(JSON.stringify(value) ?? 'null');
}

const LONG_STRING = 1024;
/** What JSON.stringify escapes in a string: quote, backslash, control characters, and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  writeCanonical(value, (piece) => pieces.push(piece));
  return pieces.join('');
}

/** What makes two requests "the same": method, path and canonical body (the SHA-256 of exactly the text canonicalJson makes). */
export function requestHash(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${path}\n`);
  // Small pieces are gathered and hashed together; a long one goes in on its own.
  let pending = '';
  writeCanonical(body, (piece) => {
    if (piece.length < LONG_STRING) {
      pending += piece;
      if (pending.length < 16 * 1024) return;
      hash.update(pending);
      pending = '';
      return;
    }
    if (pending) hash.update(pending);
    pending = '';
    hash.update(piece);
  });
  if (pending) hash.update(pending);
  return hash.digest('hex');
}

export async function findAnswer(db: DbExecutor, scope: IdempotencyScope) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_json'])
    .where('site', '=', scope.site)
    .where('actor', '=', scope.actor)
    .where('key', '=', scope.key)
    .executeTakeFirst();
}

/** The same key with another request: a 422, so the client learns its key is spent rather than seeing the first answer as this one's. */
export const idempotencyMismatch = (): ApiError =>
  new ApiError(
    422,
    'idempotency_mismatch',
    `this ${HEADERS.idempotencyKey} was already used for a different request; make a new key for a new request`,
  );

export type Found = { status: number; body: unknown } | undefined;

/** The stored answer for this key, or undefined; a different request under the same key is a 422. */
export async function previousAnswer(db: DbExecutor, scope: IdempotencyScope, hash: string): Promise<Found> {
  const row = await findAnswer(db, scope);
  if (!row) return undefined;
  if (row.request_hash !== hash) throw idempotencyMismatch();
  return { status: row.status_code, body: JSON.parse(row.response_json) as unknown };
}

export type Outcome = { replayed: false; answer: StoredAnswer } | { replayed: true; answer: StoredAnswer };

/**
 * Runs `work` and stores its answer under the key in ONE transaction. If
 * another request with the same key got there first (it committed while we
 * worked, or we lose the insert race on the primary key), the first answer is
 * returned instead and our work is rolled back. `stored` is what goes into the
 * table, when it must differ from what this caller sees (e.g. without a
 * one-time secret).
 */
export async function commitOnce(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  hash: string,
  now: () => Date,
  work: (tx: DbExecutor) => Promise<{ answer: StoredAnswer; stored?: StoredAnswer }>,
): Promise<Outcome> {
  try {
    return await db.transaction().execute(async (tx) => {
      const earlier = await previousAnswer(tx, scope, hash);
      if (earlier) return { replayed: true, answer: earlier } as const;
      const { answer, stored = answer } = await work(tx);
      await tx
        .insertInto('idempotency_keys')
        .values({
          ...scope,
          request_hash: hash,
          status_code: stored.status,
          response_json: JSON.stringify(stored.body),
          created_at: now().toISOString(),
        })
        .execute();
      return { replayed: false, answer } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const earlier = await previousAnswer(db, scope, hash);
      if (earlier) return { replayed: true, answer: earlier };
    }
    throw error;
  }
}
