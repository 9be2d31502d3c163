/**
 * A site's document: what a version of its configuration holds, and what
 * the admin API reads, saves, diffs and publishes. It is a registry file's
 * site entry without the id and without anything secret: the host token,
 * staff token and webhook secrets and the automation tokens live in tables
 * of their own (src/server/sites/secrets.ts), so no version, diff, history
 * or rollback ever holds one, and rolling back never brings back a secret
 * that was rotated away or a token that was revoked.
 *
 * `DOCUMENT_FORMAT` is the format this release writes and the newest it
 * reads. A release that changes how a document is read raises it; an older
 * release then refuses a newer version (keeping the last one it could read)
 * instead of misreading it.
 */
import * as z from 'zod/mini';
import { ConsentSettings } from '../../contract/consent';
import { OriginEntry, SiteSettings, WebhookSettings } from '../registry-schema';
import type { SiteEntry } from '../registry-schema';
import type { Selectable } from 'kysely';
import type { SiteVersionsTable } from '../db/schema';

export const DOCUMENT_FORMAT = 1;

/** The webhook as a document holds it: where to, never the key it is signed with. */
export const DocumentWebhook = z.strictObject({ url: WebhookSettings.shape.url });

export const DocumentSettings = z.strictObject({ ...SiteSettings.shape, webhook: z.optional(DocumentWebhook) });

export const SiteDocument = z.strictObject({
  allowedOrigins: z.array(OriginEntry),
  /** A SiteConfigPatch without `site` and `endpoint`; checked by merging it over the defaults. */
  publicConfig: z.optional(z.record(z.string(), z.unknown())),
  settings: z.optional(DocumentSettings),
  consent: z.optional(ConsentSettings),
});
export type SiteDocument = z.infer<typeof SiteDocument>;

/** A version's document as this release reads it, or why it cannot. */
export function readDocument(
  row: Pick<Selectable<SiteVersionsTable>, 'format' | 'document_json' | 'version'>,
): { document: SiteDocument } | { problem: string } {
  if (Number(row.format) > DOCUMENT_FORMAT)
    return {
      problem: `version ${row.version} is in document format ${row.format}, and this release reads up to format ${DOCUMENT_FORMAT}: upgrade it to serve that version`,
    };
  let json: unknown;
  try {
    json = JSON.parse(row.document_json);
  } catch {
    return { problem: `version ${row.version} is not valid JSON` };
  }
  const parsed = SiteDocument.safeParse(json);
  if (!parsed.success)
    return {
      problem: `version ${row.version} does not match the document format: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    };
  return { document: parsed.data };
}

/** A site's secrets as the registry file spells them: the current one of each kind. */
export interface EntrySecrets {
  hostToken: string;
  staffToken: string | undefined;
  webhook: string | undefined;
}

/** What of a registry file's entry goes where: the document, the secrets, the tokens and the sign-out instant. */
export interface SplitEntry {
  id: string;
  document: SiteDocument;
  secrets: EntrySecrets;
  automationTokens: NonNullable<SiteEntry['staffTokens']>;
  staffTokensNotBefore: string | undefined;
}

export function splitEntry(entry: SiteEntry): SplitEntry {
  const { webhook, ...settings } = entry.settings ?? {};
  const document: SiteDocument = {
    allowedOrigins: entry.allowedOrigins,
    ...(entry.publicConfig !== undefined ? { publicConfig: entry.publicConfig } : {}),
    ...(entry.settings !== undefined
      ? { settings: { ...settings, ...(webhook ? { webhook: { url: webhook.url } } : {}) } }
      : {}),
    ...(entry.consent !== undefined ? { consent: entry.consent } : {}),
  };
  return {
    id: entry.id,
    document,
    secrets: { hostToken: entry.hostTokenSecret, staffToken: entry.staffTokenSecret, webhook: webhook?.secret },
    automationTokens: entry.staffTokens ?? [],
    staffTokensNotBefore: entry.staffTokensNotBefore,
  };
}

/**
 * The registry file's entry of a site: its document with its current
 * secrets and live tokens put back (the export format). A webhook without a
 * secret yet keeps an empty one, which the file's schema names as a problem.
 */
export function joinEntry(split: SplitEntry): SiteEntry {
  const { document, secrets } = split;
  const { webhook, ...settings } = document.settings ?? {};
  return {
    id: split.id,
    allowedOrigins: document.allowedOrigins,
    hostTokenSecret: secrets.hostToken,
    ...(secrets.staffToken !== undefined ? { staffTokenSecret: secrets.staffToken } : {}),
    ...(split.staffTokensNotBefore !== undefined ? { staffTokensNotBefore: split.staffTokensNotBefore } : {}),
    ...(split.automationTokens.length ? { staffTokens: split.automationTokens } : {}),
    ...(document.publicConfig !== undefined ? { publicConfig: document.publicConfig } : {}),
    ...(document.settings !== undefined
      ? {
          settings: {
            ...settings,
            ...(webhook ? { webhook: { url: webhook.url, secret: secrets.webhook ?? '' } } : {}),
          },
        }
      : {}),
    ...(document.consent !== undefined ? { consent: document.consent } : {}),
  };
}

/** JSON with object keys sorted at every level: two documents that mean the same compare equal as text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  return value;
}
