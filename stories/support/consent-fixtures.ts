/**
 * The consent banner's stories: a site's consent config as the server would
 * serve it (`GET /v1/sites/{site}/consent`, the shape of src/contract/consent.ts)
 * from the stories' own settings (consent-settings.ts), and the decision a
 * device keeps in localStorage, written and forgotten through the project's
 * own encoding (src/consent/decision.ts). Nothing here imports Storybook, so
 * test/browser/consent-stories-a11y.test.ts can load the stories.
 */
import type { ConsentConfig } from '../../src/contract/consent';
import { STORY_CONSENT } from './consent-settings';
import { configKey, decisionKey, encodeDecision, type StoredDecision } from '../../src/consent/decision';

export interface StoryConsentOptions {
  /** PIPL Art. 31: the age under which a guardian must agree (absent: no age question) */
  guardianAge?: number;
  /** category id → the policy version in force (default '1' each): a higher one means what it covers changed */
  versions?: Record<string, string>;
}

/** A 16-hex revision that changes with what is shown, as the server's does (here: FNV-1a of the options, twice). */
function revisionOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5);
  }
  return [a, b].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The consent config a story's banner is given through `.config` (so it makes no request). */
export function storyConsentConfig(site: string, options: StoryConsentOptions = {}): ConsentConfig {
  return {
    site,
    revision: revisionOf(JSON.stringify({ site, ...options })),
    categories: STORY_CONSENT.categories.map((category) => ({
      ...category,
      version: options.versions?.[category.id] ?? category.version,
    })),
    separate: STORY_CONSENT.separate ?? [],
    documents: STORY_CONSENT.documents ?? [],
    expiryDays: 365,
    ...(options.guardianAge ? { guardianAge: options.guardianAge } : {}),
  };
}

/**
 * The decision an earlier visit left: every purpose of `config` decided as
 * `granted` says, under the version given in `versions` (default: the
 * config's own), so a purpose decided under an older version is asked again.
 */
export function earlierDecision(
  config: ConsentConfig,
  options: { granted: boolean; versions?: Record<string, string>; daysAgo?: number },
): StoredDecision {
  const at = Date.now() - (options.daysAgo ?? 30) * 86_400_000;
  const decision: StoredDecision = {
    v: 1,
    id: `story${config.site.replace(/[^A-Za-z0-9]/g, '')}decision`.padEnd(16, '0').slice(0, 64),
    site: config.site,
    revision: revisionOf(`${config.revision} (earlier)`),
    at,
    expires: at + config.expiryDays * 86_400_000,
    gpc: false,
    categories: {},
    services: {},
    separate: {},
  };
  for (const category of config.categories) {
    decision.categories[category.id] = {
      granted: options.granted,
      version: options.versions?.[category.id] ?? category.version,
    };
    for (const service of category.services ?? []) decision.services[`${category.id}/${service.id}`] = options.granted;
  }
  for (const item of config.separate) decision.separate[item.id] = { granted: options.granted, version: item.version };
  return decision;
}

/** Forgets what earlier runs of a story left for its site: the decision and the cached config. */
export function forgetConsent(site: string): void {
  localStorage.removeItem(decisionKey(site));
  localStorage.removeItem(configKey(site));
}

/** Stores a decision as the banner (or the loader's stub) would, checksum and all. */
export function leaveDecision(decision: StoredDecision): void {
  localStorage.setItem(decisionKey(decision.site), encodeDecision(decision));
}
