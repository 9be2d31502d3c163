/**
 * `npm run serve`: the reference backend for real use, on SQLite in ./data
 * (or PostgreSQL when DATABASE_URL is set), serving the API and the built
 * bundles under /dist. No demo: no demo site is written or seeded, no demo
 * page or login route is served, no token is printed, and a registry that
 * still holds the demo is refused (src/server/demo/leftovers.ts). The
 * environment it reads is listed in entry.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals, optionsFromEnvironment, runEntry } from './entry';
import { startServer } from './server';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

runEntry(async () => {
  const server = await startServer({ ...optionsFromEnvironment(process.env), staticRoots: { dist: DIST } });
  console.log(`usercare: ${server.url}/`);
  console.log(`sites: ${server.registry.sites.map((s) => s.id).join(', ') || '(none)'}`);
  // The server starts without them (a site may load the loader from elsewhere), but say so: the script tag would 404.
  if (!existsSync(join(DIST, 'usercare.js')))
    console.warn('dist/ is not built, so /dist/usercare.js is a 404: run npm run build');
  closeOnSignals(server);
});
