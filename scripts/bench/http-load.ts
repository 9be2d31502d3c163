/**
 * The load generator for the submit-endpoint bench, run as a CHILD process
 * (`node --import tsx scripts/bench/http-load.ts '<json LoadOptions>'`) so it
 * does not share an event loop, or a core, with the server it measures: on a
 * 2-core machine the server gets one core and the generator the other.
 *
 * `connections` workers each keep one keep-alive socket busy: send a POST,
 * wait for the whole answer, send the next. Requests that finish during the
 * warm-up are not counted; the run stops after `durationMs` or `maxRequests`.
 * Prints one JSON line (LoadResult) on stdout.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** full URL of the endpoint */
  url: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** hard stop on measured requests, whatever the duration */
  maxRequests: number;
  /** sent as Origin (a browser always sends one) */
  origin: string;
  /** the `site` of the body */
  site: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** milliseconds, nearest rank */
  p50: number;
  p99: number;
  max: number;
  /** status → count, measured requests only */
  statuses: Record<string, number>;
  errors: number;
  firstError?: string;
}

function body(site: string): string {
  return JSON.stringify({
    site,
    form: 'default',
    kind: 'complaint',
    category: 'transactions',
    locale: 'en',
    fields: {
      subject: 'Late delivery',
      message: 'The parcel arrived two days after the promised date and the box was damaged on one side.',
      name: 'Bench User',
      email: 'bench@example.com',
    },
    attachments: [],
    clientSubmittedAt: new Date().toISOString(),
  });
}

function post(
  agent: Agent,
  options: LoadOptions,
  device: string,
): Promise<{ status: number; ms: number; text: string }> {
  const payload = body(options.site);
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = request(
      options.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'idempotency-key': randomUUID(),
          'x-usercare-device': device,
          origin: options.origin,
        },
        timeout: 10_000,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        // Keep the start of an unexpected answer, to say why it failed.
        res.on('data', (chunk: Buffer) => {
          if (status !== 201 && text.length < 300) text += chunk.toString('utf8');
        });
        res.on('end', () => done({ status, ms: performance.now() - started, text: text.slice(0, 300) }));
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out after 10 s')));
    req.on('error', fail);
    req.end(payload);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const begin = performance.now();
  const measureFrom = begin + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const worker = async (index: number) => {
    const device = `bench-device-${String(index).padStart(4, '0')}-${randomUUID().slice(0, 8)}`;
    // Bounded by time and by count; an error ends nothing but is counted.
    while (
      performance.now() < end &&
      latencies.length + errors < options.maxRequests &&
      started < options.maxRequests * 2
    ) {
      started++;
      const sentAt = performance.now();
      try {
        const { status, ms, text } = await post(agent, options, device);
        if (status !== 201) firstError ??= `HTTP ${status}: ${text}`;
        if (sentAt >= measureFrom && performance.now() <= end) {
          latencies.push(ms);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch (error) {
        if (sentAt >= measureFrom) errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  agent.destroy();
  const seconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] ?? Number.NaN;
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    requests: latencies.length,
    seconds: round(seconds, 3),
    perSecond: round(latencies.length / seconds, 1),
    p50: round(at(0.5), 2),
    p99: round(at(0.99), 2),
    max: round(sorted[sorted.length - 1] ?? Number.NaN, 2),
    statuses,
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

const arg = process.argv[2];
if (arg && process.argv[1]?.endsWith('http-load.ts')) {
  runLoad(JSON.parse(arg) as LoadOptions).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`http-load: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
