import * as z from 'zod/mini';
import { Channel, FieldValue, Instant, Kind, Locale, Slug, SubmissionStatus } from './common';

/** Attachment types the reference server accepts; a site may narrow them per field. */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export const AttachmentType = z.enum(ATTACHMENT_TYPES);

/** Hard ceilings of the wire format. Site config may set lower limits, never higher. */
export const WIRE_LIMITS = {
  attachmentBytes: 5 * 1024 * 1024,
  attachments: 5,
  /** all attachments of one submission together; keeps a request under the server's body limit */
  totalAttachmentBytes: 8 * 1024 * 1024,
  /** the largest JSON body the server reads (attachments travel base64, 4/3 of their size) */
  requestBytes: 12 * 1024 * 1024,
  fieldChars: 10_000,
  fields: 50,
} as const;

/** An attachment inside a submission: the bytes travel base64-encoded so the whole request is one JSON document. */
export const AttachmentUpload = z.object({
  /** The file field it belongs to. */
  field: Slug,
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  type: AttachmentType,
  size: z.number().check(z.int(), z.minimum(1), z.maximum(WIRE_LIMITS.attachmentBytes)),
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

/** The answer to a submission: the automatic acknowledgement the guideline asks for within 30 s. */
export const Receipt = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  site: Slug,
  kind: Kind,
  category: Slug,
  channel: Channel,
  status: SubmissionStatus,
  receivedAt: Instant,
  /**
   * Anonymous submitters get a key that proves they own this submission. It is
   * shown once: the server keeps only its hash.
   */
  accessKey: z.optional(z.string()),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number() })),
});
export type Receipt = z.infer<typeof Receipt>;

/** POST /v1/feedback/{id}/withdraw */
export const WithdrawRequest = z.object({
  /** Required for anonymous submitters; identified users are matched by their token. */
  accessKey: z.optional(z.string()),
  reason: z.optional(z.string().check(z.maxLength(1000))),
});
export type WithdrawRequest = z.infer<typeof WithdrawRequest>;

export const WithdrawResult = z.object({
  id: z.string(),
  status: z.literal('withdrawn'),
  withdrawnAt: Instant,
});
export type WithdrawResult = z.infer<typeof WithdrawResult>;

/** GET /healthz */
export const Health = z.object({ status: z.literal('ok'), database: z.string(), version: z.string() });
