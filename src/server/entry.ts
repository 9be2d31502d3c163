/**
 * What the two entry points share (`npm run serve`, main.ts; the demo's
 * `npm start`, demo/main.ts): the environment read into the server's
 * options, closing on SIGINT/SIGTERM, and a start that fails ending the
 * process with a readable reason and a non-zero exit code.
 *
 * Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (./data),
 * DATABASE_FILE (${DATA_DIR}/usercare.sqlite), DATABASE_URL (postgres://…),
 * TRUST_PROXY_HOPS (0). Whether the demo runs is not among them: see
 * StartServerOptions.demo.
 */
import { join, resolve } from 'node:path';
import type { RunningServer, StartServerOptions } from './server';
import { StartRefused } from './start-refused';

export type EnvironmentOptions = Pick<
  StartServerOptions,
  'port' | 'host' | 'dataDir' | 'databaseFile' | 'databaseUrl' | 'trustedProxyHops'
>;

export function optionsFromEnvironment(env: NodeJS.ProcessEnv): EnvironmentOptions {
  const port = env['PORT'] ? Number(env['PORT']) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StartRefused(`PORT must be a port number (got ${env['PORT']})`);
  const host = env['HOST'] || '127.0.0.1';
  const dataDir = resolve(env['DATA_DIR'] || './data');
  const databaseUrl = env['DATABASE_URL'] || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new StartRefused('DATABASE_URL must be a postgres:// URL');
  const trustedProxyHops = env['TRUST_PROXY_HOPS'] ? Number(env['TRUST_PROXY_HOPS']) : 0;
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0 || trustedProxyHops > 10)
    throw new StartRefused(
      `TRUST_PROXY_HOPS must be the number of proxies in front of the server, 0 to 10 (got ${env['TRUST_PROXY_HOPS']})`,
    );
  return {
    port,
    host,
    dataDir,
    databaseFile: env['DATABASE_FILE'] || join(dataDir, 'usercare.sqlite'),
    ...(databaseUrl ? { databaseUrl } : {}),
    trustedProxyHops,
  };
}

/** Closes the server on SIGINT or SIGTERM and exits: 0 once closed, 1 if closing failed. */
export function closeOnSignals(server: RunningServer): void {
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

/** Runs an entry point's start; a failure exits 1, with only the message when the operator can fix it in the data folder. */
export function runEntry(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    console.error(error instanceof StartRefused ? error.message : error);
    process.exit(1);
  });
}
