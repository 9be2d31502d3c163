/**
 * `npm start`: the reference backend on SQLite in ./data (or PostgreSQL when
 * DATABASE_URL is set), serving the demo site and the built bundles.
 *
 * Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (./data),
 * DATABASE_FILE (${DATA_DIR}/usercare.sqlite), DATABASE_URL (postgres://…).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { demoPlugin } from './demo';
import { DEMO_SITE_ID, DEMO_STAFF, demoStaffToken, sha256Hex } from './demo/identities';
import { RegistryError, RegistryMissingError } from './registry';
import type { Registry } from './registry';
import { startServer } from './server';

export { startServer } from './server';
export type { RunningServer, StartServerOptions } from './server';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const env = process.env;
  const port = env['PORT'] ? Number(env['PORT']) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got ${env['PORT']})`);
  const host = env['HOST'] || '127.0.0.1';
  const dataDir = resolve(env['DATA_DIR'] || './data');
  const databaseUrl = env['DATABASE_URL'] || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new Error('DATABASE_URL must be a postgres:// URL');
  const trustedProxyHops = env['TRUST_PROXY_HOPS'] ? Number(env['TRUST_PROXY_HOPS']) : 0;
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0 || trustedProxyHops > 10)
    throw new Error(
      `TRUST_PROXY_HOPS must be the number of proxies in front of the server, 0 to 10 (got ${env['TRUST_PROXY_HOPS']})`,
    );

  const server = await startServer({
    port,
    host,
    dataDir,
    databaseFile: env['DATABASE_FILE'] || join(dataDir, 'usercare.sqlite'),
    ...(databaseUrl ? { databaseUrl } : {}),
    staticRoots: { demo: join(REPO_ROOT, 'demo'), dist: join(REPO_ROOT, 'dist') },
    demo: demoPlugin,
    trustedProxyHops,
  });
  console.log(`usercare demo: ${server.url}/`);
  for (const line of demoStaffLines(server.registry)) console.log(line);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The demo site's staff tokens (derived, see demo/identities.ts), for the README's curl walkthrough; nothing when the registry no longer lists them. */
function demoStaffLines(registry: Registry): string[] {
  const site = registry.getSite(DEMO_SITE_ID);
  if (!site) return [];
  const secret = new TextDecoder().decode(registry.serverSecret);
  const lines: string[] = [];
  for (const staff of DEMO_STAFF) {
    const token = demoStaffToken(secret, staff.role);
    if (site.staffTokens.some((t) => t.tokenSha256 === sha256Hex(token)))
      lines.push(`demo staff token (${staff.role}, ${staff.name}): ${token}`);
  }
  return lines;
}

// Run only as the entry point, so tests may import startServer from here.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof RegistryError || error instanceof RegistryMissingError ? error.message : error);
    process.exit(1);
  });
}
