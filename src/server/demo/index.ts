/**
 * The demo as a plug-in of the server (src/server/plugin.ts), passed to
 * startServer by the demo's entry alone (main.ts here, `npm start`): it
 * writes the demo's registry when the data folder has none, publishes the
 * demo site's settings of this release (keep-current.ts), mounts the demo
 * shop's login (host.ts), and seeds the demo user's complaints and points.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../context';
import type { ServerPlugin } from '../plugin';
import { REGISTRY_FILE_NAME } from '../registry';
import { mountDemoHost } from './host';
import { keepDemoSiteCurrent } from './keep-current';
import { seedDemo } from './seed';
import { demoRegistry } from './site';

export const demoPlugin: ServerPlugin = {
  beforeRegistry: ({ dataDir, origin, log }) => writeDemoRegistry(dataDir, origin, log),
  configure: ({ db, origin, log, at }) => keepDemoSiteCurrent(db, origin, log, at),
  mount: (app, deps) => mountDemoHost(app, deps.registry, deps.now),
  seed: seedDemo,
};

/** Writes the registry with the demo site, fresh secrets and the server's origin allowed, unless the data folder has a registry already. */
export function writeDemoRegistry(dataDir: string, origin: string, log: Log): void {
  const file = join(dataDir, REGISTRY_FILE_NAME);
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true });
  const registry = demoRegistry(origin, {
    serverSecret: randomBytes(32).toString('base64url'),
    hostTokenSecret: randomBytes(32).toString('base64url'),
  });
  try {
    // 0600: the file holds secrets that sign tokens for the site.
    writeFileSync(file, `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance on the same folder wrote one meanwhile: that one is the registry.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  log(
    'info',
    `created site registry with the demo site "demo" at ${file} (allowed origins: ${registry.sites[0]!.allowedOrigins.join(', ')})`,
  );
}
