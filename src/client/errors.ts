import type { ErrorCode, FieldError } from '../contract/errors';

/** A failed backend call, in the contract's terms whatever went wrong underneath. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
    readonly fields?: FieldError[],
    /** seconds, from Retry-After or the error body */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /**
   * Worth retrying later with the same idempotency key? Network trouble, timeouts, overload, server faults,
   * garbage. An answer outside the contract is judged by its status like any other: a proxy's HTML 502 is
   * retried, its HTML 413 is not (sending the same bytes again cannot help); without a status it is retried.
   */
  get retryable(): boolean {
    const status = this.status;
    if (this.code === 'network' || this.code === 'timeout') return true;
    return status === undefined ? this.code === 'bad_response' : status === 408 || status === 429 || status >= 500;
  }
}
