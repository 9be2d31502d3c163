/** The wire format's attachment types and hard ceilings: shared by the contract, the site config and the server. */
import * as z from 'zod/mini';

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
