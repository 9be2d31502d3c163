/**
 * CORS for the API, with the same answers as hono/cors configured the way
 * app.ts used it, but without its cost: hono/cors reads `c.res` before the
 * route runs, which makes a placeholder Response, so the route's own Response
 * is then copied into a new one with a ReadableStream body. That copy sent
 * every answer down @hono/node-server's streaming path (a stream reader, a
 * native Response, headers rebuilt) instead of writing the string at once.
 *
 * Here the headers are set with `c.header()` before the route runs; Hono puts
 * them into whatever response the route or the error handler makes with
 * c.json / c.body. A route that returns a Response of its own still gets them
 * (the slow way) after it.
 */
import type { Context, MiddlewareHandler } from 'hono';

export interface CorsOptions {
  /** The origin to allow, or null for none (then no Access-Control-Allow-Origin). */
  origin: (origin: string, c: Context) => string | null;
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAge: number;
}

export function cors(options: CorsOptions): MiddlewareHandler {
  const allowMethods = options.allowMethods.join(',');
  const allowHeaders = options.allowHeaders.join(',');
  const exposeHeaders = options.exposeHeaders.join(',');
  const maxAge = String(options.maxAge);

  return async function corsMiddleware(c, next) {
    const allowOrigin = options.origin(c.req.header('Origin') ?? '', c);
    if (allowOrigin) c.header('Access-Control-Allow-Origin', allowOrigin);
    if (exposeHeaders) c.header('Access-Control-Expose-Headers', exposeHeaders);
    c.header('Vary', 'Origin', { append: true });

    if (c.req.method === 'OPTIONS') {
      // A preflight: answered here, whatever the route.
      c.header('Access-Control-Max-Age', maxAge);
      if (allowMethods) c.header('Access-Control-Allow-Methods', allowMethods);
      // Without a list of our own, echo what the browser asks for (as hono/cors does).
      const headers =
        allowHeaders ||
        (c.req.header('Access-Control-Request-Headers') ?? '')
          .split(',')
          .map((h) => h.trim())
          .join(',');
      if (headers) {
        c.header('Access-Control-Allow-Headers', headers);
        c.header('Vary', 'Access-Control-Request-Headers', { append: true });
      }
      return c.body(null, 204);
    }

    await next();

    // c.json/c.body/c.text carried the headers above; a Response made with
    // `new Response` did not, so it gets them now.
    if (exposeHeaders && !c.res.headers.has('Access-Control-Expose-Headers')) {
      if (allowOrigin) c.header('Access-Control-Allow-Origin', allowOrigin);
      c.header('Access-Control-Expose-Headers', exposeHeaders);
      c.header('Vary', 'Origin', { append: true });
    }
  };
}
