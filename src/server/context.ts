/** What every route needs, made once by createApp. */
import type { WebhookTargetPolicy } from './webhook-target';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { BlobStore } from './blobs';
import { MAX_BODY_DEPTH, nestsDeeperThan, pathOfNul } from './body-walks';
import type { LiveWakes } from './db/live-wakes';
import type { Database } from './db/schema';
import { describeIssue, formatPath } from '../config/validate';
import type { FieldError } from '../contract/errors';
import { ApiError, validationFailed } from './errors';
import { originAllowed } from './origins';
import type { RateLimiter } from './rate-limit';
import type { Registry, Site } from './registry';

export type Log = (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;

export interface AppDeps {
  db: Kysely<Database>;
  registry: Registry;
  blobs: BlobStore;
  /** The server's clock: every stored instant comes from here, never from the client. */
  now: () => Date;
  log: Log;
  limiter: RateLimiter;
  version: string;
  /** Proxies of our own in front of the server, whose X-Forwarded-For entries are believed (src/server/client-address.ts). */
  trustedProxyHops: number;
  /** What wakes the open live streams when their rows commit; undefined: they only poll (routes/stream.ts). */
  live: LiveWakes | undefined;
  /** Where webhooks may go (webhook-target.ts): this machine only in the demo and the tests. */
  webhookTargets: WebhookTargetPolicy;
  /** Whether the staff queue and search keep the pages they read while the site's submissions stand still (staff/page-memo.ts). */
  keepStaffPages: boolean;
}

/**
 * Reads the body as JSON; anything that does not parse is a 400, and so is
 * a body whose arrays and objects nest deeper than MAX_BODY_DEPTH: refused
 * here, before the contract check, the request hash or any other walk of
 * the body, its shape alone can never cost a stack overflow (a 500 the
 * outbox would retry for ever). JSON.parse itself does not recurse in
 * Node's engine (millions of levels parse); should one throw a RangeError
 * for the depth, it is the same 400. A string holding U+0000 anywhere (a
 * value or a key) is a 422 naming where: PostgreSQL cannot store it in
 * text, no field of the contract needs it, and refused here it is refused
 * alike on both databases, as a 4xx the outbox stops on rather than a 500
 * it would retry for ever.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'invalid_request', 'the request needs a JSON body');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_request', 'the request body is not valid JSON');
  }
  if (nestsDeeperThan(value, MAX_BODY_DEPTH))
    throw new ApiError(
      400,
      'invalid_request',
      `the request body nests arrays and objects more than ${MAX_BODY_DEPTH} levels deep`,
      { limit: MAX_BODY_DEPTH },
    );
  const at = text.includes('\\u0000') ? pathOfNul(value) : undefined;
  if (at)
    throw validationFailed([
      { path: formatPath(at), code: 'invalid_string', message: 'must not contain the NUL character (U+0000)' },
    ]);
  return value;
}

interface ParseableSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<unknown> } };
}

/** Checks a body against a contract schema; a mismatch is a 422 listing each bad value by path. */
export function parseWith<T>(schema: ParseableSchema<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((raw) => {
    const issue = raw as { code: string; path: PropertyKey[]; message: string };
    return { path: formatPath(issue.path), code: issue.code, message: describeIssue(issue) };
  });
  throw validationFailed(fields, 'the request does not match the contract');
}

export function requireSite(deps: AppDeps, id: string): Site {
  const site = deps.registry.getSite(id);
  if (!site) throw new ApiError(404, 'not_found', `unknown site "${id}"`);
  return site;
}

/**
 * A browser request (it has an Origin) must come from an origin the site
 * lists. CORS alone would only stop the page reading the answer; this stops
 * the write itself. Requests without Origin (servers, curl) are not browsers
 * and carry their own credentials.
 */
export function checkOrigin(site: Site, origin: string | undefined): void {
  if (origin === undefined) return;
  if (!originAllowed(site.allowedOrigins, origin))
    throw new ApiError(
      403,
      'origin_not_allowed',
      `origin ${origin} is not allowed for site "${site.id}": add it to the site's allowedOrigins`,
      { origin, site: site.id },
    );
}
