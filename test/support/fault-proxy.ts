/**
 * A programmable HTTP proxy for browser tests: it forwards every request to
 * the real server (bodies streamed both ways, so CORS, idempotency and errors
 * are the server's own) unless a fault rule says otherwise. Tests set rules
 * over HTTP, so the page's real fetch meets real network trouble.
 *
 * Control routes, under /__harness (they answer CORS for any loopback origin):
 *   POST   /__harness/faults    { rules: FaultRule[] }  replace the rules
 *   DELETE /__harness/faults                            clear the rules
 *   GET    /__harness/requests                          { total, counts: { "POST /v1/feedback": n } } since the last reset
 *   DELETE /__harness/requests                          reset the counts
 *   POST   /__harness/reset                             clear rules and counts
 * plus whatever `extraControl` answers (the harness adds submissions and tokens).
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../src/contract/errors';

export type FaultAction = 'status' | 'delay' | 'drop' | 'drop-after' | 'garbage' | 'html' | 'tamper';

export interface FaultRule {
  /** Matches this method only (case-insensitive). Preflights (OPTIONS) are never faulted unless a rule names OPTIONS. */
  method?: string;
  /** Matches paths starting with this prefix (query string ignored). */
  path?: string;
  /**
   * status: answer `status` with a contract error body (and Retry-After if `retryAfter`), not forwarding,
   *   after `ms` if given (a slow refusal: the page is still waiting when the user acts);
   * delay: wait `ms`, then forward; drop: destroy the connection without answering (request not forwarded);
   * drop-after: forward, let the server answer in full, then destroy the connection (the page never hears it);
   * garbage: 200 with a body that is not JSON; tamper: forward, then add a line comment to the answer's body
   *   (a file still valid, one changed byte's worth, as a compromised CDN might serve; never cached); html: an HTML error page, as nginx in front of the server
   *   answers, with `status` (default 502; e.g. 413 for a body over its client_max_body_size).
   */
  action: FaultAction;
  status?: number;
  retryAfter?: number;
  ms?: number;
  /** Applies to this many matching requests, then disappears. Unset: until the rules are cleared. */
  times?: number;
  /** Override the error code of a `status` answer (default: derived from the status). */
  code?: ErrorCode;
  /** Fault answers carry CORS headers for the request's Origin unless this is false (a gateway that strips them). */
  cors?: boolean;
}

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}
export type ControlAnswer = { status: number; body: unknown } | undefined;

export interface FaultProxyOptions {
  /** The real server, e.g. http://127.0.0.1:PORT */
  target: string;
  host?: string;
  port?: number;
  /** Extra /__harness routes; return undefined for "not mine". */
  extraControl?: (request: ControlRequest) => Promise<ControlAnswer> | ControlAnswer;
}

export interface FaultProxy {
  url: string;
  setRules(rules: FaultRule[]): void;
  clearRules(): void;
  counts(): { total: number; counts: Record<string, number> };
  resetCounts(): void;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__harness';
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
const FAULT_ACTIONS: readonly FaultAction[] = ['status', 'delay', 'drop', 'drop-after', 'garbage', 'html', 'tamper'];

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

export function validateRules(input: unknown): FaultRule[] {
  const rules = (input as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error('expected { rules: [...] }');
  return rules.map((rule: Partial<FaultRule>, i) => {
    if (!rule || !FAULT_ACTIONS.includes(rule.action as FaultAction))
      throw new Error(`rules[${i}].action must be one of ${FAULT_ACTIONS.join(', ')}`);
    if (
      (rule.action === 'status' || rule.status !== undefined) &&
      !(Number.isInteger(rule.status) && rule.status! >= 400 && rule.status! <= 599)
    )
      throw new Error(`rules[${i}].status must be a 4xx or 5xx status`);
    if ((rule.action === 'delay' || rule.ms !== undefined) && !(typeof rule.ms === 'number' && rule.ms >= 0))
      throw new Error(`rules[${i}].ms must be a number of milliseconds`);
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0))
      throw new Error(`rules[${i}].times must be a positive integer`);
    return { ...rule } as FaultRule;
  });
}

function corsHeaders(origin: string | undefined): OutgoingHttpHeaders {
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After, Idempotent-Replayed',
    Vary: 'Origin',
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rules: FaultRule[] = [];
  let counts: Record<string, number> = {};
  let total = 0;

  function takeRule(method: string, path: string): FaultRule | undefined {
    const index = rules.findIndex(
      (r) =>
        (r.method ? r.method.toUpperCase() === method : method !== 'OPTIONS') &&
        (r.path === undefined || path.startsWith(r.path)),
    );
    if (index < 0) return undefined;
    const rule = rules[index]!;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) rules.splice(index, 1);
    }
    return rule;
  }

  /** Forwards to the real server; `onResponse` decides what the client gets. */
  function forward(req: IncomingMessage, res: ServerResponse, dropAfter: boolean, tamper = false): void {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        if (dropAfter) {
          // Let the server finish (its write is committed), then cut the page off.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        if (tamper) {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat([...chunks, Buffer.from('\n//')]);
            res.writeHead(answer.statusCode ?? 502, {
              ...answer.headers,
              'content-length': String(body.length),
              'cache-control': 'no-store',
            });
            res.end(body);
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy();
      sendJson(
        res,
        502,
        { error: { code: 'unavailable', message: `fault proxy: the server did not answer (${error.message})` } },
        corsHeaders(req.headers.origin),
      );
    });
    req.pipe(upstream);
    // The page went away (a closed tab, an aborted fetch, a live stream's reconnect) before its answer was through:
    // the server sees it go, as it would without a proxy, and does not keep a stream open for nobody.
    if (res.destroyed) upstream.destroy();
    else
      res.on('close', () => {
        if (!res.writableFinished && !dropAfter) upstream.destroy();
      });
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin;
    const cors: OutgoingHttpHeaders =
      origin && LOOPBACK_ORIGIN.test(origin)
        ? {
            'Access-Control-Allow-Origin': origin,
            'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
            'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
            Vary: 'Origin',
          }
        : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return void res.end();
    }
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return sendJson(res, 400, { error: { code: 'invalid_request', message: 'control body is not JSON' } }, cors);
    }
    const path = url.pathname.slice(CONTROL_PREFIX.length) || '/';
    const method = req.method ?? 'GET';
    try {
      if (path === '/faults' && method === 'POST') {
        rules = validateRules(body);
        return sendJson(res, 200, { rules }, cors);
      }
      if (path === '/faults' && method === 'DELETE') {
        rules = [];
        return sendJson(res, 200, { rules }, cors);
      }
      if (path === '/faults' && method === 'GET') return sendJson(res, 200, { rules }, cors);
      if (path === '/requests' && method === 'GET') return sendJson(res, 200, { total, counts }, cors);
      if (path === '/requests' && method === 'DELETE') {
        counts = {};
        total = 0;
        return sendJson(res, 200, { total, counts }, cors);
      }
      if (path === '/reset' && method === 'POST') {
        rules = [];
        counts = {};
        total = 0;
        return sendJson(res, 200, { ok: true }, cors);
      }
      const answer = await options.extraControl?.({ method, path, query: url.searchParams, body });
      if (answer) return sendJson(res, answer.status, answer.body, cors);
      return sendJson(
        res,
        404,
        { error: { code: 'not_found', message: `no control route ${method} ${url.pathname}` } },
        cors,
      );
    } catch (error) {
      return sendJson(res, 400, { error: { code: 'invalid_request', message: (error as Error).message } }, cors);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return control(req, res, url);

    const method = (req.method ?? 'GET').toUpperCase();
    const key = `${method} ${url.pathname}`;
    counts[key] = (counts[key] ?? 0) + 1;
    total += 1;

    const rule = takeRule(method, url.pathname);
    const cors = rule?.cors === false ? {} : corsHeaders(req.headers.origin);
    switch (rule?.action) {
      case undefined:
        return forward(req, res, false);
      case 'delay':
        await new Promise((done) => setTimeout(done, rule.ms ?? 0));
        return forward(req, res, false);
      case 'drop-after':
        return forward(req, res, true);
      case 'tamper':
        return forward(req, res, false, true);
      case 'drop':
        req.socket.destroy();
        return;
      case 'status': {
        const status = rule.status!;
        const code = rule.code ?? CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
        req.resume();
        if (rule.ms) await new Promise((done) => setTimeout(done, rule.ms));
        return sendJson(
          res,
          status,
          {
            error: {
              code,
              message: `fault injected: ${status}`,
              ...(rule.retryAfter !== undefined ? { details: { retryAfter: rule.retryAfter } } : {}),
            },
          },
          { ...cors, ...(rule.retryAfter !== undefined ? { 'Retry-After': String(rule.retryAfter) } : {}) },
        );
      }
      case 'garbage': {
        req.resume();
        const text = '{"id": "this is not, json';
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...cors });
        return void res.end(text);
      }
      case 'html': {
        req.resume();
        const status = rule.status ?? 502;
        const title = `${status} ${status === 413 ? 'Request Entity Too Large' : status === 502 ? 'Bad Gateway' : 'Error'}`;
        const text = `<!doctype html><html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
        res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(text), ...cors });
        return void res.end(text);
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'internal', message: `fault proxy: ${(error as Error).message}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    setRules: (next) => {
      rules = validateRules({ rules: next });
    },
    clearRules: () => {
      rules = [];
    },
    counts: () => ({ total, counts: { ...counts } }),
    resetCounts: () => {
      counts = {};
      total = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
