import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { REPLAYED_HEADER } from '../idempotency';
import type { StoredAnswer } from '../idempotency';

/** Sends an answer; a replayed one says so, so clients and logs can tell a retry from a first write. */
export function respond(c: Context, answer: StoredAnswer, replayed: boolean): Response {
  if (replayed) c.header(REPLAYED_HEADER, 'true');
  return c.json(answer.body as object, answer.status as ContentfulStatusCode);
}
