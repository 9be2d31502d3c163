/**
 * How a site's consent settings become the consent config served for them
 * (GET /v1/sites/{site}/consent), as pure functions: the server serves what
 * they make, and the studio's preview shows the banner with what they make of
 * the draft, before anything is published. Only the revision's hash is each
 * side's own (the server's is synchronous, the browser's is not); the text it
 * hashes is made here.
 */
import { LOCALES } from './common';
import { CONSENT_MESSAGE_PREFIX } from './consent';
import type { ConsentConfig, ConsentMessages, ConsentSettings } from './consent';

export const CONSENT_DEFAULTS = { expiryDays: 365 } as const;

export type ServedConsent = Omit<ConsentConfig, 'revision'>;
type SiteMessages = Partial<Record<(typeof LOCALES)[number], Record<string, string>>>;

/**
 * The banner's messages among the site's overrides (`consent.<key>`), by the banner's own keys; undefined when
 * the site overrides none.
 */
export function consentMessagesOf(messages: SiteMessages | undefined): ConsentMessages | undefined {
  const out: ConsentMessages = {};
  for (const locale of LOCALES) {
    const mine = Object.entries(messages?.[locale] ?? {})
      .filter(([key]) => key.startsWith(CONSENT_MESSAGE_PREFIX))
      .map(([key, text]) => [key.slice(CONSENT_MESSAGE_PREFIX.length), text] as const);
    if (mine.length) out[locale] = Object.fromEntries(mine);
  }
  return Object.keys(out).length ? out : undefined;
}

/** Everything served but the revision: defaults filled, the banner's message overrides taken from the site's. */
export function servedConsent(site: string, settings: ConsentSettings, messages?: SiteMessages): ServedConsent {
  const served: ServedConsent = {
    site,
    categories: settings.categories,
    separate: settings.separate ?? [],
    documents: settings.documents ?? [],
    expiryDays: settings.expiryDays ?? CONSENT_DEFAULTS.expiryDays,
    ...(settings.guardianAge !== undefined ? { guardianAge: settings.guardianAge } : {}),
  };
  const texts = consentMessagesOf(messages);
  if (texts) served.messages = texts;
  return served;
}

/**
 * What the revision hashes: the canonical JSON (object keys sorted, undefined
 * values left out) of everything served but the revision. The revision is the
 * first 16 hex digits of its SHA-256.
 */
export function consentRevisionText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => consentRevisionText(item)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${consentRevisionText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The served config with its revision, keys in the order a reader expects (the revision does not depend on it). */
export function withRevision(served: ServedConsent, revision: string): ConsentConfig {
  const { site, ...rest } = served;
  return { site, revision, ...rest };
}
