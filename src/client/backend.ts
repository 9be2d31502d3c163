import type { FeedbackSubmission, Receipt, WithdrawRequest, WithdrawResult } from '../contract/feedback';
import type { SiteConfigPatch } from '../config/schema';

/** Who is asking, attached at send time. */
export interface Credentials {
  /** the host-signed token of an identified user */
  token?: string;
  /** the anonymous device id */
  deviceId?: string;
}

export interface WriteOptions extends Credentials {
  idempotencyKey: string;
  signal?: AbortSignal;
}

/**
 * What usercare needs from a backend. RestBackend speaks the HTTP contract
 * to the reference server (or any server that speaks it); LocalBackend keeps
 * everything in IndexedDB. Both fail with BackendError.
 */
export interface Backend {
  readonly endpoint: string;
  submitFeedback(submission: FeedbackSubmission, options: WriteOptions): Promise<Receipt>;
  withdrawFeedback(id: string, request: WithdrawRequest, options: WriteOptions): Promise<WithdrawResult>;
  getSiteConfig(site: string, signal?: AbortSignal): Promise<SiteConfigPatch>;
}
