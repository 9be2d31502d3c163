/**
 * Starts the reference backend on a real socket: listens, loads the site
 * registry, opens and migrates the database, serves the app. Used by
 * `npm run serve` (src/server/main.ts), the demo's `npm start`
 * (src/server/demo/main.ts), the Node tests and the browser-test harness.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Kysely } from 'kysely';
import { createApp, createDeps, defaultLog } from './app';
import { DatabaseBlobStore } from './blobs';
import type { Log } from './context';
import { migrateToLatest } from './db/migrate';
import { openDatabase, redact } from './db/open';
import type { Database } from './db/schema';
import { refuseDemoLeftovers } from './demo/leftovers';
import { loadRegistry } from './registry';
import type { Registry } from './registry';
import { fileMigrationContext } from './sites/file-migration-context';
import { importAtStart } from './sites/import-at-start';
import { LiveRegistry } from './sites/live-registry';
import type { StaticRoots } from './static';
import type { ServerPlugin } from './plugin';
import { startSweeper, sweepOnce } from './sweep';
import type { SweepReport } from './sweep';

export interface StartServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  /** Holds sites.json and, by default, the SQLite file; created if missing. */
  dataDir: string;
  /** Default `${dataDir}/usercare.sqlite`. Ignored when databaseUrl is set. */
  databaseFile?: string;
  /** `postgres://…` switches to PostgreSQL. */
  databaseUrl?: string;
  staticRoots?: StaticRoots;
  now?: () => Date;
  log?: Log;
  /** How often the sweep runs (time-based lifecycle events, missed deadlines, webhooks); 0 = never (tests run it by hand). Default 30 s. */
  sweepIntervalMs?: number;
  /**
   * The demo (src/server/demo), given by the demo's entry alone (`npm
   * start`): it writes its registry when there is none, publishes the demo
   * site's settings of this release, adds the demo shop's login route and
   * seeds the demo user's data. Without it the server runs
   * for real, and refuses to start while the registry still holds the demo
   * (src/server/demo/leftovers.ts).
   *
   * An option of this call, never an environment variable: a variable set
   * once to try the demo is inherited by whatever starts from that shell,
   * profile, container image or service file, and would quietly turn a real
   * server into one that signs tokens for anyone who asks. Which file starts
   * the process decides the mode, and nothing in its environment can.
   */
  demo?: ServerPlugin;
  /** Proxies of our own in front of the server (TRUST_PROXY_HOPS): see src/server/client-address.ts. 0 by default. */
  trustedProxyHops?: number;
  /** false turns off the live streams' wakes: they poll every second instead (the bench's baseline; routes/stream.ts). */
  liveWakes?: boolean;
  /** false: the staff queue and search keep no page they read (staff/page-memo.ts; the bench's figures without it). */
  keepStaffPages?: boolean;
  /**
   * true lets webhooks go to this machine over http (webhook-target.ts), for
   * hosts running beside the server: the tests. The demo always may. An
   * option of this call, like `demo`, so no environment opens a real
   * server's webhooks to its own machine.
   */
  webhookLoopback?: boolean;
  /** How often this instance looks for a change to the sites' configuration (live-registry.ts); default 1 s. */
  registryPollMs?: number;
}

export interface RunningServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** The live database and registry, for the test harness and tests (never exposed over HTTP by the server). */
  db: Kysely<Database>;
  registry: LiveRegistry;
  /** One sweep round now, as this instance (tests; the timer does it otherwise). */
  sweep(): Promise<SweepReport>;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });

  // Listen first: with port 0 the origin (which the demo's first registry
  // allows) is known only once bound. Nothing is served until the app exists.
  const ready: { handler?: (request: Request, env: unknown) => Response | Promise<Response> } = {};
  const server = createAdaptorServer({
    fetch: (request, env) =>
      ready.handler
        ? ready.handler(request, env)
        : new Response('{"error":{"code":"unavailable","message":"starting"}}', { status: 503 }),
  }) as Server;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const stopListening = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      // Keep-alive connections would hold close() open until they time out.
      server.closeAllConnections();
    });

  // A new SQLite database is made only for a registry file that checks: a
  // start refused for want of one leaves no database behind.
  const databaseFile = resolve(options.databaseFile ?? join(dataDir, 'usercare.sqlite'));
  let fileRegistry: Registry | undefined;
  try {
    options.demo?.beforeRegistry?.({ dataDir, origin: url, log });
    if (!options.databaseUrl && !existsSync(databaseFile)) {
      fileRegistry = loadRegistry(dataDir);
      if (!options.demo) refuseDemoLeftovers(fileRegistry);
    }
  } catch (error) {
    await stopListening();
    throw error;
  }

  let db: Kysely<Database>;
  try {
    db = options.databaseUrl
      ? openDatabase({
          url: options.databaseUrl,
          onLostConnection: (error) =>
            log('warn', 'a pooled PostgreSQL connection was lost; a new one is opened when needed', {
              error: error.message,
            }),
        })
      : openDatabase({ file: databaseFile });
  } catch (error) {
    await stopListening();
    throw error;
  }
  const registry = new LiveRegistry(db, log);
  const close = async () => {
    await registry.stop();
    await stopListening();
    await db.destroy();
  };
  try {
    const now = options.now ?? (() => new Date());
    await migrateToLatest(db, fileMigrationContext(dataDir, now, fileRegistry));
    await importAtStart(db, dataDir, log, now().toISOString());
    await options.demo?.configure?.({ dataDir, origin: url, log, db, at: now().toISOString() });
    await registry.refresh(true);
    if (!options.demo) refuseDemoLeftovers(registry);
  } catch (error) {
    await close();
    throw error;
  }
  log('info', `database: ${options.databaseUrl ? redact(options.databaseUrl) : databaseFile}`);

  const deps = createDeps({
    db,
    registry,
    blobs: new DatabaseBlobStore(db, options.now),
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.trustedProxyHops ? { trustedProxyHops: options.trustedProxyHops } : {}),
    ...(options.liveWakes === false ? { liveWakes: false } : {}),
    ...(options.keepStaffPages === false ? { keepStaffPages: false } : {}),
    ...(options.webhookLoopback || options.demo ? { webhookLoopback: true } : {}),
  });
  const app = createApp(
    {
      ...deps,
      ...(options.staticRoots ? { staticRoots: options.staticRoots } : {}),
      ...(options.demo?.mount ? { mountPlugin: options.demo.mount } : {}),
    },
    deps,
  );
  try {
    await options.demo?.seed?.(deps);
  } catch (error) {
    await close();
    throw error;
  }
  ready.handler = (request, env) => app.fetch(request, env);
  registry.start(options.registryPollMs);
  const interval = options.sweepIntervalMs ?? 30_000;
  const sweeper = interval > 0 ? startSweeper(deps, interval) : undefined;
  const holder = `instance-${randomUUID()}`;
  return {
    url,
    port,
    db,
    registry,
    sweep: () => sweepOnce(deps, holder),
    close: async () => {
      await sweeper?.stop();
      await close();
    },
  };
}
