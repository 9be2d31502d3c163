/**
 * The shapes the feedback form's machine works on: the draft being written
 * and an error kept with it. Declared here, in plain types, so the machine
 * needs neither zod nor storage; src/storage/records.ts keeps and checks the
 * same shapes with its schemas, and src/storage/machine-shapes.ts holds the
 * two to one shape at compile time.
 */
import type { FieldValue, Kind } from '../src/contract/common';
import type { ErrorCode, FieldError } from '../src/contract/errors';

/** A file chosen for a file field; the bytes stay a Blob until the outbox sends them. */
export interface DraftFile {
  id: string;
  /** the file field it belongs to */
  field: string;
  name: string;
  type: string;
  size: number;
  blob: Blob;
}

/** What a user is writing, saved as they type. */
export interface Draft {
  /** whose draft, for which site and form (`draftKey` in src/storage/records.ts) */
  key: string;
  site: string;
  form: string;
  kind?: Kind;
  category?: string;
  fields: Record<string, FieldValue>;
  files: DraftFile[];
  /** the user asked this device to remember their contact details */
  remember: boolean;
  /** ms since epoch by this device's clock; only compares drafts with each other */
  updatedAt: number;
  /** the tab that wrote it, so a tab ignores its own broadcast */
  tab: string;
}

/** A refusal or failure as the form shows it: the error's code, message, HTTP status and field errors. */
export interface StoredError {
  code: ErrorCode;
  message: string;
  status?: number;
  fields?: FieldError[];
}
