/**
 * Starts the reference backend on a real socket: opens and migrates the
 * database, loads the site registry, serves the app. Used by `npm start`
 * (src/server/main.ts), by the Node tests and by the browser-test harness.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
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
import { loadRegistry } from './registry';
import type { Registry } from './registry';
import type { StaticRoots } from './static';
import { seedDemoPoints, withoutEarning } from './demo/points-seed';
import { DEMO_USER, seedDemoComplaints } from './demo/complaints-seed';
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
  /** Give the demo site's demo user a complaint in every lifecycle state and a points history, and fill its reward pools (npm start). */
  seedDemo?: boolean;
  /** Proxies of our own in front of the server (TRUST_PROXY_HOPS): see src/server/client-address.ts. 0 by default. */
  trustedProxyHops?: number;
}

export interface RunningServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** The live database and registry, for the test harness and tests (never exposed over HTTP by the server). */
  db: Kysely<Database>;
  registry: Registry;
  /** One sweep round now, as this instance (tests; the timer does it otherwise). */
  sweep(): Promise<SweepReport>;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = options.databaseUrl
    ? openDatabase({ url: options.databaseUrl })
    : openDatabase({ file: resolve(options.databaseFile ?? join(dataDir, 'usercare.sqlite')) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  log(
    'info',
    `database: ${options.databaseUrl ? redact(options.databaseUrl) : resolve(options.databaseFile ?? join(dataDir, 'usercare.sqlite'))}`,
  );

  // Listen first: with port 0 the origin (which the first-run demo site
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

  const close = async () => {
    await new Promise<void>((done) => {
      server.close(() => done());
      // Keep-alive connections would hold close() open until they time out.
      server.closeAllConnections();
    });
    await db.destroy();
  };

  let registry: Registry;
  try {
    registry = loadRegistry(dataDir, { origin: url, log: (message) => log('info', message) });
  } catch (error) {
    await close();
    throw error;
  }
  const deps = createDeps({
    db,
    registry,
    blobs: new DatabaseBlobStore(db, options.now),
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.trustedProxyHops ? { trustedProxyHops: options.trustedProxyHops } : {}),
  });
  const app = createApp({ ...deps, ...(options.staticRoots ? { staticRoots: options.staticRoots } : {}) }, deps);
  const demoSite = options.seedDemo ? registry.getSite('demo') : undefined;
  if (demoSite) {
    try {
      // The ratings among the complaints earn their points in seedDemoPoints, in time order with the rest of the history.
      const seeded = await seedDemoComplaints(deps, withoutEarning(demoSite));
      if (seeded) log('info', `seeded ${seeded} demo complaints for the demo user "${DEMO_USER}"`);
      const points = await seedDemoPoints(deps, demoSite);
      if (points) {
        log(
          'info',
          `seeded demo points for the demo user "${DEMO_USER}": ${points.entries} ledger entries since ${points.since.slice(0, 10)} (balance ${points.balance}, ${points.pending} pending, ${points.expiringSoon} expiring within 30 days) and ${points.codes} codes in ${points.pools} reward pools`,
        );
      }
    } catch (error) {
      await close();
      throw error;
    }
  }
  ready.handler = (request, env) => app.fetch(request, env);
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
