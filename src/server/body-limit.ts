/**
 * The request body limit. hono/body-limit reads `c.req.raw.body` and the raw
 * headers on every request, which on @hono/node-server turns the lightweight
 * request into a full native Request with a ReadableStream over the socket;
 * the route's `c.req.text()` then reads through that stream instead of
 * straight from the socket.
 *
 * A request with a Content-Length and no Transfer-Encoding is decided by that
 * header alone, as hono/body-limit decides it (Node's HTTP parser delivers
 * exactly Content-Length bytes, never more). A request with neither header
 * has no body. Anything else (chunked) goes to hono/body-limit, which counts
 * the bytes as they arrive.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  /** Called when the body is too large; may throw (the app's error handler answers). */
  onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const streaming = honoBodyLimit(options);
  return async function bodyLimitMiddleware(c, next) {
    if (c.req.header('Transfer-Encoding') !== undefined) return streaming(c, next);
    const length = c.req.header('Content-Length');
    if (length === undefined) return next();
    if (parseInt(length, 10) > options.maxSize) return options.onError(c);
    return next();
  };
}
