/**
 * Request bodies only a server reads. A module of their own so the browser
 * bundle, which only sends them, does not carry their schemas (base64 and
 * all): nothing in the browser imports from here, and src/contract has no
 * side effects, so the bundler drops the whole module.
 */
import * as z from 'zod/mini';
import { FieldValue, Instant, Kind, Locale, SafeInt, Slug } from './common';
import { AttachmentType, WIRE_LIMITS } from './limits';

/** An attachment inside a submission: the bytes travel base64-encoded so the whole request is one JSON document. */
export const AttachmentUpload = z.object({
  /** The file field it belongs to. */
  field: Slug,
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  type: AttachmentType,
  size: z.number().check(SafeInt, z.minimum(1), z.maximum(WIRE_LIMITS.attachmentBytes)),
  /** base64 of exactly `size` bytes */
  data: z.base64(),
});
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

/** POST /v1/feedback — one submission of any kind. */
export const FeedbackSubmission = z.object({
  site: Slug,
  form: Slug,
  kind: Kind,
  category: Slug,
  locale: Locale,
  fields: z.record(Slug, FieldValue),
  attachments: z.array(AttachmentUpload).check(z.maxLength(WIRE_LIMITS.attachments)),
  /** When the user pressed submit, by their clock: kept for the record, never trusted for deadlines. */
  clientSubmittedAt: Instant,
});
export type FeedbackSubmission = z.infer<typeof FeedbackSubmission>;

/** POST /v1/feedback/{id}/withdraw */
export const WithdrawRequest = z.object({
  /** Required for anonymous submitters; identified users are matched by their token. */
  accessKey: z.optional(z.string()),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});
export type WithdrawRequest = z.infer<typeof WithdrawRequest>;

/** GET /healthz */
export const Health = z.object({ status: z.literal('ok'), database: z.string(), version: z.string() });
