/**
 * A GET load generator, the read-side twin of scripts/bench/http-load.ts
 * (which only POSTs feedback): same model, same LoadResult, so the tables
 * read alike. Run as a CHILD process
 * (`node --import tsx scripts/bench/get-load.ts '<json GetLoadOptions>'`) so
 * it has its own event loop and core; `runGetLoadChild` does that.
 *
 * `connections` workers each keep one keep-alive socket busy: send the GET,
 * read the whole answer, send the next. Answers that finish during the
 * warm-up are not counted; the run stops after `durationMs` or
 * `maxRequests`. Any status but `expectStatus` is counted under its status
 * and the first one's text kept. Prints one JSON line (LoadResult).
 */
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './http-load';
import { runLoadChild } from './load-child';
import { quantile } from './stats';

export interface GetLoadOptions {
  /** full URL, query included */
  url: string;
  /** sent with every request (Authorization, Origin, …) */
  headers: Record<string, string>;
  expectStatus: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** hard stop on measured requests, whatever the duration */
  maxRequests: number;
}

function get(agent: Agent, options: GetLoadOptions): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request(options.url, { method: 'GET', agent, headers: options.headers, timeout: 10_000 }, (res) => {
      const status = res.statusCode ?? 0;
      let text = '';
      // Read every answer whole (that is the work measured); keep the start of an unexpected one.
      res.on('data', (chunk: Buffer) => {
        if (status !== options.expectStatus && text.length < 300) text += chunk.toString('utf8');
      });
      res.on('end', () => done({ status, ms: performance.now() - started, text: text.slice(0, 300) }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out after 10 s')));
    req.on('error', fail);
    req.end();
  });
}

export async function runGetLoad(options: GetLoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const measureFrom = performance.now() + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  let firstError: string | undefined;
  const loop = async () => {
    // Bounded by time and by count; an error ends nothing but is counted.
    while (
      performance.now() < end &&
      latencies.length + errors < options.maxRequests &&
      sent < options.maxRequests * 2
    ) {
      sent++;
      const sentAt = performance.now();
      const measured = () => sentAt >= measureFrom && performance.now() <= end;
      try {
        const answer = await get(agent, options);
        if (answer.status !== options.expectStatus) firstError ??= `HTTP ${answer.status}: ${answer.text}`;
        if (!measured()) continue;
        latencies.push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      } catch (error) {
        if (sentAt >= measureFrom) errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  agent.destroy();
  const seconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  const to = (n: number, digits: number) => Number(n.toFixed(digits));
  return {
    requests: latencies.length,
    seconds: to(seconds, 3),
    perSecond: to(latencies.length / seconds, 1),
    p50: to(quantile(latencies, 0.5), 2),
    p99: to(quantile(latencies, 0.99), 2),
    max: to(quantile(latencies, 1), 2),
    statuses,
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** Runs the load in a child process, killed after `timeoutMs` (and by the caller's clean-up on Ctrl-C). */
export function runGetLoadChild(
  options: GetLoadOptions,
  timeoutMs: number,
  onCleanup: (step: () => void) => void,
): Promise<LoadResult> {
  return runLoadChild(join(here, 'get-load.ts'), options, timeoutMs, onCleanup, 'GET load generator');
}

const arg = process.argv[2];
if (arg && process.argv[1]?.endsWith('get-load.ts')) {
  runGetLoad(JSON.parse(arg) as GetLoadOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`get-load: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
