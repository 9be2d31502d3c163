/**
 * Consent proof in the database: the text shown, once per SHA-256, and one
 * append-only record per decision. Reading them back for staff: filtered by
 * site, subject and received time, oldest first, as JSON or CSV.
 */
import { createHash } from 'node:crypto';
import type { ConsentReceipt, ConsentRecord } from '../../contract/consent';
import { CONSENT_CSV_COLUMNS } from '../../contract/consent-staff';
import type { StoredConsentRecord } from '../../contract/consent-staff';
import type { DbExecutor } from '../blobs';
import type { ConsentRecordRow } from '../db/schema';

// The CSV writing the consent export and the audit export share, re-exported where it was first written.
export { csvCell, csvLine } from '../csv';

export const textSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Stores the text (if new) and the record; answers the receipt. `receivedAt` is the server's clock. */
export async function insertConsent(
  tx: DbExecutor,
  record: ConsentRecord,
  subject: string,
  receivedAt: string,
): Promise<ConsentReceipt> {
  const sha = textSha256(record.text);
  // Texts are immutable (a trigger refuses UPDATE): an existing one is left as it is.
  await tx
    .insertInto('consent_texts')
    .values({ sha256: sha, text: record.text, created_at: receivedAt })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  await tx
    .insertInto('consent_records')
    .values({
      id: record.id,
      site: record.site,
      subject,
      received_at: receivedAt,
      client_decided_at: record.clientDecidedAt,
      revision: record.revision,
      locale: record.locale,
      method: record.method,
      gpc: record.gpc ? 1 : 0,
      categories_json: JSON.stringify(record.categories),
      services_json: JSON.stringify(record.services),
      separate_json: JSON.stringify(record.separate),
      attestation_json: record.attestation ? JSON.stringify(record.attestation) : null,
      text_sha256: sha,
    })
    .execute();
  return { id: record.id, receivedAt, textSha256: sha };
}

export interface ExportQuery {
  site: string;
  subject?: string | undefined;
  /** inclusive, ISO as the server writes them */
  from?: string | undefined;
  /** exclusive */
  to?: string | undefined;
  /** continue after this (received_at, id) */
  after?: { receivedAt: string; id: string } | undefined;
  limit: number;
}

/** Up to `limit` records in (received_at, id) order, and whether more follow. */
export async function readConsents(
  db: DbExecutor,
  query: ExportQuery,
): Promise<{ rows: ConsentRecordRow[]; more: boolean }> {
  let select = db
    .selectFrom('consent_records')
    .selectAll()
    .where('site', '=', query.site)
    .orderBy('received_at')
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
  if (query.from !== undefined) select = select.where('received_at', '>=', query.from);
  if (query.to !== undefined) select = select.where('received_at', '<', query.to);
  const after = query.after;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('received_at', '>', after.receivedAt),
        eb.and([eb('received_at', '=', after.receivedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  const rows = await select.execute();
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
}

export function toStored(row: ConsentRecordRow): StoredConsentRecord {
  return {
    id: row.id,
    site: row.site,
    subject: row.subject,
    receivedAt: row.received_at,
    clientDecidedAt: row.client_decided_at,
    revision: row.revision,
    locale: row.locale as StoredConsentRecord['locale'],
    method: row.method,
    gpc: Number(row.gpc) === 1,
    categories: JSON.parse(row.categories_json) as StoredConsentRecord['categories'],
    services: JSON.parse(row.services_json) as StoredConsentRecord['services'],
    separate: JSON.parse(row.separate_json) as StoredConsentRecord['separate'],
    ...(row.attestation_json !== null
      ? { attestation: JSON.parse(row.attestation_json) as NonNullable<StoredConsentRecord['attestation']> }
      : {}),
    textSha256: row.text_sha256,
  };
}

const choices = (map: Record<string, { granted: boolean; version: string }>) =>
  Object.entries(map)
    .map(([id, c]) => `${id}=${c.granted ? 'granted' : 'refused'}@${c.version}`)
    .join(';');

/** One record as CSV cells, in CONSENT_CSV_COLUMNS order. */
export function csvCells(record: StoredConsentRecord): string[] {
  const cells: Record<(typeof CONSENT_CSV_COLUMNS)[number], string> = {
    id: record.id,
    site: record.site,
    subject: record.subject,
    received_at: record.receivedAt,
    client_decided_at: record.clientDecidedAt,
    revision: record.revision,
    locale: record.locale,
    method: record.method,
    gpc: String(record.gpc),
    categories: choices(record.categories),
    services: Object.entries(record.services)
      .map(([key, on]) => `${key}=${on ? 'granted' : 'refused'}`)
      .join(';'),
    separate: choices(record.separate),
    attestation: record.attestation
      ? `underAge=${record.attestation.underAge};guardian=${record.attestation.guardian}`
      : '',
    text_sha256: record.textSha256,
  };
  return CONSENT_CSV_COLUMNS.map((column) => cells[column]);
}
