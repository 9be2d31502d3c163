/**
 * A site's consent settings as the registry says them, checked and turned
 * into the config GET /v1/sites/{site}/consent serves: defaults filled, and a
 * `revision` that changes whenever anything shown changes (the loader's stub
 * compares it to decide whether the banner must look again).
 */
import { createHash } from 'node:crypto';
import { CONSENT_MESSAGE_PREFIX, NECESSARY } from '../../contract/consent';
import type { ConsentConfig, ConsentMessages, ConsentSettings } from '../../contract/consent';
import { LOCALES } from '../../contract/common';
import { canonicalJson } from '../idempotency';

export const CONSENT_DEFAULTS = { expiryDays: 365 } as const;

export interface ConsentProblem {
  path: string;
  message: string;
}

/** The first 16 hex digits of SHA-256 over the canonical JSON (keys sorted) of everything served but the revision. */
export function consentRevision(served: Omit<ConsentConfig, 'revision'>): string {
  return createHash('sha256').update(canonicalJson(served), 'utf8').digest('hex').slice(0, 16);
}

/**
 * The banner's messages among the site's overrides (`consent.<key>`), by the banner's own keys; undefined when
 * the site overrides none.
 */
export function consentMessagesOf(
  messages: Partial<Record<(typeof LOCALES)[number], Record<string, string>>> | undefined,
): ConsentMessages | undefined {
  const out: ConsentMessages = {};
  for (const locale of LOCALES) {
    const mine = Object.entries(messages?.[locale] ?? {})
      .filter(([key]) => key.startsWith(CONSENT_MESSAGE_PREFIX))
      .map(([key, text]) => [key.slice(CONSENT_MESSAGE_PREFIX.length), text] as const);
    if (mine.length) out[locale] = Object.fromEntries(mine);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Checks what the schema cannot (ids unique where the banner and the records
 * address things by id; `necessary` is built in) and resolves the served
 * config. `at` is the path of the settings in the registry, for messages.
 * `messages` are the site's message overrides (publicConfig.messages): the
 * banner's among them are served with it, and count in the revision.
 */
export function resolveConsent(
  site: string,
  settings: ConsentSettings,
  at: string,
  problems: ConsentProblem[],
  messages?: Partial<Record<(typeof LOCALES)[number], Record<string, string>>>,
): ConsentConfig | undefined {
  const before = problems.length;
  const unique = (ids: readonly string[], path: (i: number) => string, what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push({ path: path(i), message: `duplicate ${what} id "${id}"` });
      seen.add(id);
    });
  };
  settings.categories.forEach((category, i) => {
    if (category.id === NECESSARY)
      problems.push({
        path: `${at}.categories[${i}].id`,
        message: `"${NECESSARY}" is built in (always on); leave it out`,
      });
    unique(
      (category.services ?? []).map((s) => s.id),
      (j) => `${at}.categories[${i}].services[${j}].id`,
      'service',
    );
  });
  unique(
    settings.categories.map((c) => c.id),
    (i) => `${at}.categories[${i}].id`,
    'category',
  );
  unique(
    (settings.separate ?? []).map((s) => s.id),
    (i) => `${at}.separate[${i}].id`,
    'separate-consent item',
  );
  unique(
    (settings.documents ?? []).map((d) => d.id),
    (i) => `${at}.documents[${i}].id`,
    'document',
  );
  if (problems.length > before) return undefined;

  const served: Omit<ConsentConfig, 'revision'> = {
    site,
    categories: settings.categories,
    separate: settings.separate ?? [],
    documents: settings.documents ?? [],
    expiryDays: settings.expiryDays ?? CONSENT_DEFAULTS.expiryDays,
    ...(settings.guardianAge !== undefined ? { guardianAge: settings.guardianAge } : {}),
  };
  const texts = consentMessagesOf(messages);
  if (texts) served.messages = texts;
  const revision = consentRevision(served);
  // Keys in the order a reader expects; the revision does not depend on it.
  const { site: id, ...rest } = served;
  return { site: id, revision, ...rest };
}
