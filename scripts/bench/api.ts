/**
 * The submit-endpoint half of `npm run bench`: POST /v1/feedback on the real
 * server (startServer, SQLite in a temp dir, a `bench` site whose rate limits
 * are out of the way) against a bare node:http handler that reads the body,
 * JSON.parses it and answers 201, the same load for both.
 *
 * The servers run in this process, one after the other; the load comes from
 * a child process (scripts/bench/http-load.ts) so the generator has its own
 * event loop and core.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer } from '../../src/server/server';
import type { Log } from '../../src/server/context';
import type { LoadOptions, LoadResult } from './http-load';
import { runLoadChild } from './load-child';

export const BENCH_SITE = 'bench';

export interface ApiBenchOptions {
  /** scratch folder for the server's data (removed by the caller) */
  dir: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  maxRequests: number;
  log: Log;
  progress: (line: string) => void;
  /** registers a clean-up step (the caller runs them even on failure) */
  onCleanup: (step: () => Promise<void> | void) => void;
}

export interface ApiResults {
  connections: number;
  warmupMs: number;
  durationMs: number;
  usercare: LoadResult;
  bare: LoadResult;
}

const here = dirname(fileURLToPath(import.meta.url));

/** A close that may be called by the happy path and by the clean-up, and runs once. */
function once(step: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= step());
}

function benchRegistry(): RegistryFile {
  return {
    $comment: 'written by scripts/bench/api.ts for one bench run',
    serverSecret: randomBytes(32).toString('base64url'),
    sites: [
      {
        id: BENCH_SITE,
        allowedOrigins: ['http://127.0.0.1:*'],
        hostTokenSecret: randomBytes(32).toString('base64url'),
        staffTokens: [],
        publicConfig: {},
        // The schema's ceiling: the bench measures the endpoint, not the limiter refusing it.
        settings: {
          rateLimits: {
            anonymousPerMinute: 1_000_000,
            addressPerMinute: 1_000_000,
            sitePerMinute: 1_000_000,
            userPerMinute: 1_000_000,
          },
          timezone: 'Asia/Shanghai',
        },
      },
    ],
  };
}

/** The reference point: what node:http alone costs for the same request and a small JSON answer. */
function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let status = 201;
      let answer: string;
      try {
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { site?: unknown };
        answer = JSON.stringify({ id: randomBytes(8).toString('hex'), site: input.site, status: 'submitted' });
      } catch {
        status = 400;
        answer = '{"error":"bad json"}';
      }
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function runChild(
  options: LoadOptions,
  timeoutMs: number,
  onCleanup: ApiBenchOptions['onCleanup'],
): Promise<LoadResult> {
  return runLoadChild(join(here, 'http-load.ts'), options, timeoutMs, onCleanup, 'load generator');
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiResults> {
  const dataDir = join(options.dir, 'api-data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(benchRegistry(), null, 2), { mode: 0o600 });
  const load = (url: string): LoadOptions => ({
    url: `${url}/v1/feedback`,
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    maxRequests: options.maxRequests,
    origin: url,
    site: BENCH_SITE,
  });
  const timeout = options.warmupMs + options.durationMs + 20_000;

  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, log: options.log });
  const closeServer = once(() => server.close());
  options.onCleanup(closeServer);
  options.progress(`  usercare POST /v1/feedback: ${options.connections} connections, ${options.durationMs / 1000} s`);
  const usercare = await runChild(load(server.url), timeout, options.onCleanup);
  await closeServer();

  const bare = await startBare();
  const closeBare = once(() => bare.close());
  options.onCleanup(closeBare);
  options.progress(`  bare node:http: ${options.connections} connections, ${options.durationMs / 1000} s`);
  const bareResult = await runChild(load(bare.url), timeout, options.onCleanup);
  await closeBare();

  return {
    connections: options.connections,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    usercare,
    bare: bareResult,
  };
}
