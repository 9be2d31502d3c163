import * as z from 'zod/mini';
import { answerWord, AttachmentSummary, Channel, Instant, Kind, Slug, SubmissionStatus } from './common';

// The request bodies (and the wire limits they use) live in modules of their
// own so that the browser bundle, which only parses answers, drops them.
export { ATTACHMENT_TYPES, AttachmentType, WIRE_LIMITS } from './limits';
export { AttachmentUpload, FeedbackSubmission, Health, WithdrawRequest } from './requests';

/** The answer to a submission: the automatic acknowledgement the guideline asks for within 30 s. */
export const Receipt = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  site: Slug,
  kind: answerWord(Kind),
  category: Slug,
  channel: answerWord(Channel),
  status: answerWord(SubmissionStatus),
  receivedAt: Instant,
  /**
   * Anonymous submitters get a key that proves they own this submission. It is
   * shown once: the server keeps only its hash.
   */
  accessKey: z.optional(z.string()),
  attachments: z.array(AttachmentSummary),
  /** Complaints: the promised first reply, counted by the server's calendar ("within 3 working days, by …"). */
  replyBy: z.optional(z.object({ due: Instant, workingDays: z.number() })),
});
export type Receipt = z.infer<typeof Receipt>;

/** z.enum of one value: the check and issue of z.literal('withdrawn'), one schema kind fewer in the browser; OpenAPI still says const. */
export const Withdrawn = z.enum(['withdrawn']);

export const WithdrawResult = z.object({
  id: z.string(),
  status: Withdrawn,
  withdrawnAt: Instant,
});
export type WithdrawResult = z.infer<typeof WithdrawResult>;
