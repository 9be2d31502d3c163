import { ErrorBody } from '../contract/errors';
import { HEADERS } from '../contract/headers';
import { Receipt, WithdrawResult, type FeedbackSubmission, type WithdrawRequest } from '../contract/feedback';
import { SiteConfigPatch } from '../config/schema';
import type { Backend, Credentials, WriteOptions } from './backend';
import { BackendError } from './errors';
import { timeoutSignal } from './timeout';

export type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

export interface RestBackendOptions {
  /** ms before a request is abandoned (and, for writes, retried by the outbox) */
  timeout?: number;
  fetch?: typeof fetch;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Talks to any server that speaks the usercare HTTP contract. Every response is checked against it. */
export class RestBackend implements Backend {
  readonly endpoint: string;
  private readonly timeout: number;
  private readonly fetchImpl: typeof fetch;

  constructor(endpoint: string, options: RestBackendOptions = {}) {
    this.endpoint = endpoint.replace(/\/+$/, '');
    this.timeout = options.timeout ?? 15_000;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  submitFeedback(submission: FeedbackSubmission, options: WriteOptions) {
    return this.request('POST', '/v1/feedback', Receipt, submission, options);
  }

  withdrawFeedback(id: string, request: WithdrawRequest, options: WriteOptions) {
    return this.request('POST', `/v1/feedback/${encodeURIComponent(id)}/withdraw`, WithdrawResult, request, options);
  }

  getSiteConfig(site: string, signal?: AbortSignal) {
    return this.request('GET', `/v1/sites/${encodeURIComponent(site)}/config`, SiteConfigPatch, undefined, { signal });
  }

  /** One request checked against the contract; shared with RestComplaintApi (rest-complaints.ts). */
  async request<T>(
    method: string,
    path: string,
    schema: Schema<T>,
    body: unknown,
    options: Credentials & { idempotencyKey?: string; accessKey?: string; signal?: AbortSignal },
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers[HEADERS.idempotencyKey] = options.idempotencyKey;
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    else if (options.deviceId) headers[HEADERS.device] = options.deviceId;
    if (options.accessKey) headers[HEADERS.accessKey] = options.accessKey;

    const signal = timeoutSignal(this.timeout, options.signal);
    let response: Response;
    try {
      response = await this.fetchImpl(this.endpoint + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'omit',
      });
    } catch (error) {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      throw new BackendError(timedOut ? 'timeout' : 'network', timedOut ? 'the request timed out' : String(error));
    }

    let json: unknown;
    try {
      json = await response.json();
    } catch {
      // An HTML error page from a proxy, an empty body, a cut connection.
      throw new BackendError(
        'bad_response',
        `the server answered ${response.status} with something that is not JSON`,
        response.status >= 400 ? response.status : undefined,
        undefined,
        parseRetryAfter(response.headers.get(HEADERS.retryAfter)),
      );
    }

    if (!response.ok) {
      const parsed = ErrorBody.safeParse(json);
      const retryAfter = parseRetryAfter(response.headers.get(HEADERS.retryAfter));
      if (!parsed.success)
        throw new BackendError(
          'bad_response',
          `the server answered ${response.status} outside the contract`,
          response.status,
          undefined,
          retryAfter,
        );
      const { code, message, details } = parsed.data.error;
      throw new BackendError(code, message, response.status, details?.fields, retryAfter ?? details?.retryAfter);
    }

    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new BackendError('bad_response', `the server's answer to ${method} ${path} breaks the contract`);
    return parsed.data;
  }
}
