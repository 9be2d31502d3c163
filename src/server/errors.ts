/**
 * Every non-2xx answer has the contract's one error shape
 * `{ error: { code, message, details? } }`. Routes throw ApiError; the app's
 * error handler turns it (and anything unexpected) into that shape.
 */
import type { ErrorBody, ErrorCode, FieldError } from '../contract/errors';

export type ErrorDetails = NonNullable<ErrorBody['error']['details']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** extra response headers, e.g. Retry-After */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function validationFailed(fields: FieldError[], message = 'some values are not valid'): ApiError {
  return new ApiError(422, 'validation_failed', message, { fields });
}

export const notFound = (what = 'not found'): ApiError => new ApiError(404, 'not_found', what);
