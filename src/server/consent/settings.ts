/**
 * A site's consent settings as the registry says them, checked and turned
 * into the config GET /v1/sites/{site}/consent serves: defaults filled, and a
 * `revision` that changes whenever anything shown changes (the loader's stub
 * compares it to decide whether the banner must look again).
 */
import { createHash } from 'node:crypto';
import { NECESSARY } from '../../contract/consent';
import type { ConsentConfig, ConsentSettings } from '../../contract/consent';
import type { LOCALES } from '../../contract/common';
import { servedConsent, withRevision, type ServedConsent } from '../../contract/consent-served';
import { canonicalJson } from '../idempotency';

export { CONSENT_DEFAULTS, consentMessagesOf } from '../../contract/consent-served';

export interface ConsentProblem {
  path: string;
  message: string;
}

/** The first 16 hex digits of SHA-256 over the canonical JSON (keys sorted) of everything served but the revision. */
export function consentRevision(served: ServedConsent): string {
  return createHash('sha256').update(canonicalJson(served), 'utf8').digest('hex').slice(0, 16);
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

  // What is served is made where the studio's preview makes it too (the contract); the hash is the server's.
  const served = servedConsent(site, settings, messages);
  return withRevision(served, consentRevision(served));
}
