/**
 * Table types for Kysely. Every id and instant is text (instants are ISO-8601
 * UTC strings from the server's clock) so the same rows read the same on
 * SQLite and PostgreSQL; blobs are bytes on both.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Channel, Kind, SubmissionStatus } from '../../contract/common';

export type SubmitterType = 'user' | 'device';

export interface SubmissionsTable {
  id: string;
  site: string;
  form: string;
  kind: Kind;
  category: string;
  channel: Channel;
  status: SubmissionStatus;
  submitter_type: SubmitterType;
  submitter_id: string;
  /** SHA-256 (hex) of the anonymous submitter's access key; null for identified users. */
  access_key_hash: string | null;
  tracking_number: string;
  locale: string;
  fields_json: string;
  /** The client's own clock, kept for the record only. */
  client_submitted_at: string;
  received_at: string;
  updated_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  /** Optimistic-concurrency counter: every change bumps it, a lost race is a 409. */
  version: Generated<number>;
}

export interface AttachmentsTable {
  id: string;
  submission_id: string;
  field: string;
  name: string;
  type: string;
  size: number;
  blob_key: string;
}

export interface BlobsTable {
  key: string;
  data: Uint8Array;
  created_at: string;
}

export interface IdempotencyKeysTable {
  site: string;
  /** `user:<sub>` or `device:<id>` */
  actor: string;
  key: string;
  /** SHA-256 of method, path and the canonical JSON body */
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface Database {
  submissions: SubmissionsTable;
  attachments: AttachmentsTable;
  blobs: BlobsTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type SubmissionRow = Selectable<SubmissionsTable>;
export type NewSubmission = Insertable<SubmissionsTable>;
export type SubmissionUpdate = Updateable<SubmissionsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
