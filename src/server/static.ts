/**
 * Static files: the built bundles under /dist, which every site's script tag
 * loads (`npm run serve` serves them), and pages at `/`: the demo shop's
 * under `npm start` (an "existing site" that uses usercare only through its
 * script tag), the bench's own. Content types come from Hono's table
 * (.js/.mjs as text/javascript, .map and .json as application/json).
 */
import { existsSync } from 'node:fs';
import type { Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { ServeStaticOptions } from '@hono/node-server/serve-static';

export interface StaticRoots {
  /** Pages served at `/` (index.html for directories). */
  pages?: string;
  /** Served at `/dist/*`. */
  dist?: string;
}

/**
 * serveStatic made on first use once its folder exists: dist/ may be built
 * after the server started, and a missing folder should be a 404, not a
 * warning at startup.
 */
function lazyStatic(options: ServeStaticOptions & { root: string }): MiddlewareHandler {
  let handler: MiddlewareHandler | undefined;
  return async (c, next) => {
    if (!handler) {
      if (!existsSync(options.root)) return next();
      handler = serveStatic(options);
    }
    return handler(c, next);
  };
}

export function mountStatic(app: Hono, roots: StaticRoots): void {
  if (roots.dist) {
    const dist = lazyStatic({ root: roots.dist, rewriteRequestPath: (path) => path.replace(/^\/dist/, '') });
    app.get('/dist/*', (c, next) => {
      // The script tag sits on the sites' own pages, and the loader import()s the element chunks from here:
      // a module from another origin loads only with CORS. The files are public and fetched without
      // credentials, so any origin may; CORP says the same to pages that require it (COEP).
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      // the loader's map, which its file does not name (vite.config.ts)
      if (/^\/dist\/(v\/[\w-]+\/)?usercare\.js$/.test(c.req.path)) c.header('SourceMap', 'usercare.js.map');
      // A build's own copy (scripts/versioned-dist.ts): its bytes never change under its path, so a browser
      // keeps it for good. Plain /dist/… is replaced by each deploy and keeps the default (revalidated) caching.
      if (c.req.path.startsWith('/dist/v/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return dist(c, next);
    });
  }
  if (roots.pages) {
    const pages = lazyStatic({ root: roots.pages, index: 'index.html' });
    // API paths never fall through to files: an unknown /v1 route is a JSON 404.
    app.get('*', async (c, next) => (c.req.path.startsWith('/v1/') ? next() : pages(c, next)));
  }
}
