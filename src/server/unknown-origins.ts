/**
 * A browser request from an origin no site allows is refused before any
 * route runs: 403 `origin_not_allowed` naming the origin, readable by the
 * page (the CORS middleware lets every origin read answers, app.ts), so the
 * element there says what to configure instead of retrying a request the
 * browser would hide from it. Requests without an Origin (servers, curl)
 * are not browsers' and pass; an origin some site allows passes too, and
 * the route checks it against the site it names (checkOrigin, context.ts).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from './context';
import { ApiError } from './errors';

export function refuseUnknownOrigins(deps: Pick<AppDeps, 'registry'>): MiddlewareHandler {
  return async function unknownOrigins(c, next) {
    const origin = c.req.header('Origin');
    if (origin === undefined || deps.registry.isKnownOrigin(origin)) return next();
    throw new ApiError(
      403,
      'origin_not_allowed',
      `origin ${origin} is not allowed for any site: add it to the site's allowedOrigins`,
      { origin },
    );
  };
}
