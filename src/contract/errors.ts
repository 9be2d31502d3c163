import * as z from 'zod/mini';

/**
 * Stable error codes. Clients branch on these, never on messages or HTTP text.
 * The last four never come from a server: RestBackend makes three when the
 * network fails, a request times out, or a response breaks the contract; the
 * outbox holds an item with `unknown_op` when this version cannot send its op
 * (a newer version queued it), and a version that can sends it.
 */
export const ERROR_CODES = [
  'invalid_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'origin_not_allowed',
  'not_found',
  'conflict',
  'idempotency_mismatch',
  'not_withdrawable',
  'invalid_transition',
  'insufficient_points',
  'reward_unavailable',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  'unavailable',
  'network',
  'timeout',
  'bad_response',
  'unknown_op',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with one value, addressed by a dotted path (`fields.email`, `attachments.0.type`). */
export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  /**
   * The numbers and names in the message (`min`, `max`, `name`, `size` in bytes, `types`), so a
   * client can say it in the user's language with the limits the server applied.
   */
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});
export type FieldError = z.infer<typeof FieldError>;

export const ErrorDetails = z.object({
  fields: z.optional(z.array(FieldError)),
  /** Seconds to wait before retrying, mirrored from the Retry-After header. */
  retryAfter: z.optional(z.number()),
  /** For limits: the limit that was crossed, in its unit (bytes, files, requests). */
  limit: z.optional(z.number()),
  /**
   * For `invalid_transition`: why the complaint lifecycle refused (`window_closed`, `conflict_of_interest`, …).
   * For `forbidden` from the staff API: the permission the principal lacks (`work`, `rule`, …), or
   * `person_required` when only a person may do it (a ruling, the site's configuration) and the token is an automation's.
   * For `reward_unavailable` and a staff code upload's `conflict`: `retired` when the site no longer offers the reward.
   */
  reason: z.optional(z.string()),
  /** For `insufficient_points`: the balance the server holds, and what was asked. */
  balance: z.optional(z.number()),
  needed: z.optional(z.number()),
  /** For `reward_unavailable`: the reward with no code left, or retired (`reason`). */
  reward: z.optional(z.string()),
  /** For a second compensation or penalty from one complaint (`conflict`): the kind given already. */
  kind: z.optional(z.string()),
  /** For `origin_not_allowed`: the page's origin, and the site it asked for (absent when no site allows the origin). */
  origin: z.optional(z.string()),
  site: z.optional(z.string()),
  /** For a draft saved on a stale base (`conflict`, admin API): the draft as it is now, so neither side's edits are lost. */
  draft: z.optional(z.unknown()),
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
