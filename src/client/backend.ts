import type { FeedbackSubmission, Receipt, WithdrawRequest, WithdrawResult } from '../contract/feedback';
import type { SiteConfigPatch } from '../config/schema';
import type { ComplaintChange, ComplaintDetail, ComplaintList, LookupResult } from '../contract/complaints';
import type { ConsentReceipt, ConsentRecord } from '../contract/consent';

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

/** The body of a complaint action or message, as the outbox stores and sends it. */
export interface ComplaintWrite {
  action?: string;
  text?: string;
  reason?: string;
  score?: number;
  comment?: string;
  version?: number;
  accessKey?: string;
  attachments?: FeedbackSubmission['attachments'];
}

/**
 * Complaint tracking, which only a server can do (the deadlines need its
 * calendar): RestComplaintApi (rest-complaints.ts) over a RestBackend has it,
 * LocalBackend does not, and the tracker explains that in place rather than
 * failing. A module of its own so pages with only the form never load it.
 */
export interface ComplaintBackend {
  /** The user's complaints; with `kind: 'all'`, everything they sent (suggestions, reports, praise, questions too). */
  listComplaints(
    site: string,
    query: { cursor?: string; limit?: number; kind?: 'all' },
    credentials: Credentials,
    signal?: AbortSignal,
  ): Promise<ComplaintList>;
  getComplaint(
    id: string,
    credentials: Credentials & { accessKey?: string },
    signal?: AbortSignal,
  ): Promise<ComplaintDetail>;
  sendComplaintAction(id: string, body: ComplaintWrite, options: WriteOptions): Promise<ComplaintChange>;
  sendComplaintMessage(id: string, body: ComplaintWrite, options: WriteOptions): Promise<ComplaintChange>;
  lookupComplaint(
    request: { site: string; trackingNumber: string; contact: string },
    signal?: AbortSignal,
  ): Promise<LookupResult>;
  /** The bytes of a file of the complaint (the user's or one staff sent). */
  getComplaintFile(id: string, fileId: string, credentials: Credentials & { accessKey?: string }): Promise<Blob>;
}

/**
 * Keeping proof of consent, which only a server can do (it stamps its own
 * time and keeps records append-only): the server's POST /v1/consents (sent
 * by the consent handler of the outbox for a RestBackend), or a host's own
 * backend that implements this; LocalBackend keeps none.
 */
export interface ConsentBackend {
  submitConsent(record: ConsentRecord, options: WriteOptions): Promise<ConsentReceipt>;
}
