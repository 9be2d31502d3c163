import * as z from 'zod/mini';

/**
 * Stable error codes. Clients branch on these, never on messages or HTTP text.
 * The last three never come from a server: RestBackend makes them when the
 * network fails, a request times out, or a response breaks the contract.
 */
export const ERROR_CODES = [
  'invalid_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_mismatch',
  'not_withdrawable',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'unavailable',
  'network',
  'timeout',
  'bad_response',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with one value, addressed by a dotted path (`fields.email`, `attachments.0.type`). */
export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

export const ErrorDetails = z.object({
  fields: z.optional(z.array(FieldError)),
  /** Seconds to wait before retrying, mirrored from the Retry-After header. */
  retryAfter: z.optional(z.number()),
  /** For limits: the limit that was crossed, in its unit (bytes, files, requests). */
  limit: z.optional(z.number()),
});

/** The one error shape every non-2xx response has. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.optional(ErrorDetails),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
