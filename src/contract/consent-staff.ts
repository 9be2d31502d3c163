/**
 * The consent proof as staff read it back (GET /v1/staff/consents): each
 * record as stored, with the server's time, whose decision it was and the
 * hash of the text shown. Server-only like requests.ts: nothing in the
 * browser imports it, so the bundle does not carry it.
 */
import * as z from 'zod/mini';
import { Attestation, Choice, ConsentRecord } from './consent';
import { Instant, Locale, Slug } from './common';

/** `user:<sub>` (host token) or `device:<id>` (anonymous). */
export const SUBJECT_PATTERN = /^(user:[\s\S]{1,200}|device:[A-Za-z0-9_-]{16,128})$/;

export const StoredConsentRecord = z.strictObject({
  id: z.string(),
  site: Slug,
  subject: z.string().check(z.regex(SUBJECT_PATTERN)),
  /** the server's time: the one that counts */
  receivedAt: Instant,
  /** the device's clock, as it said */
  clientDecidedAt: Instant,
  revision: z.string(),
  locale: Locale,
  method: ConsentRecord.shape.method,
  gpc: z.boolean(),
  categories: z.record(z.string(), Choice),
  services: z.record(z.string(), z.boolean()),
  separate: z.record(z.string(), Choice),
  attestation: z.optional(Attestation),
  /** GET /v1/staff/consents/texts/{textSha256} gives the text shown */
  textSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type StoredConsentRecord = z.infer<typeof StoredConsentRecord>;

/** GET /v1/staff/consents (format=json): oldest received first; `nextCursor` continues past the row limit. */
export const ConsentExport = z.strictObject({
  records: z.array(StoredConsentRecord),
  nextCursor: z.nullable(z.string()),
});
export type ConsentExport = z.infer<typeof ConsentExport>;

/** The CSV export's columns, in order. */
export const CONSENT_CSV_COLUMNS = [
  'id',
  'site',
  'subject',
  'received_at',
  'client_decided_at',
  'revision',
  'locale',
  'method',
  'gpc',
  'categories',
  'services',
  'separate',
  'attestation',
  'text_sha256',
] as const;

/** Rows per export answer; more continue with the cursor. */
export const CONSENT_EXPORT_MAX_ROWS = 10_000;
