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

  /** Worth retrying later with the same idempotency key? Network trouble, timeouts, overload, server faults, garbage. */
  get retryable(): boolean {
    if (this.code === 'network' || this.code === 'timeout' || this.code === 'bad_response') return true;
    return this.status === 429 || (this.status !== undefined && this.status >= 500);
  }
}
