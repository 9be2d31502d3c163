/**
 * GET /v1/sites/{site}/config — the site's public config merged over the
 * defaults. Only `publicConfig` from the registry is ever in it: secrets,
 * staff tokens and settings stay on the server.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { checkOrigin, requireSite } from '../context';
import type { AppDeps } from '../context';
import type { Site } from '../registry';

interface Cached {
  body: string;
  etag: string;
}

/** Bodies and ETags are made once per site object: a site's new version is a new object, with its own. */
const cache = new WeakMap<Site, Cached>();

function render(site: Site): Cached {
  let hit = cache.get(site);
  if (!hit) {
    const body = JSON.stringify(site.publicConfig);
    hit = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(site, hit);
  }
  return hit;
}

/** If-None-Match may list several tags, weak or strong, or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export function getSiteConfig(c: Context, deps: AppDeps): Response {
  const site = requireSite(deps, c.req.param('site') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  const { body, etag } = render(site);
  c.header('ETag', etag);
  // Revalidated on every load (If-None-Match → a cheap 304), never kept for a while: a page loaded after the
  // site's config changed must get the new one.
  c.header('Cache-Control', 'no-cache');
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  c.header('Content-Type', 'application/json; charset=utf-8');
  return c.body(body, 200);
}
