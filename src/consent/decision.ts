/**
 * The consent decision as a device keeps it, shared by the loader's stub
 * (which must stay tiny: no zod here, types only from the contract) and the
 * banner. Stored in localStorage under one key per site, with a checksum so a
 * half-written or hand-edited value counts as no decision at all.
 */
import type { Attestation, Choice, ConsentConfig } from '../contract/consent';

export const NECESSARY = 'necessary';

export interface StoredDecision {
  v: 1;
  /** the proof record's id (POST /v1/consents) */
  id: string;
  site: string;
  /** the config revision the user decided on */
  revision: string;
  /** device time of the decision, ms */
  at: number;
  /** after this (ms) the user is asked again */
  expires: number;
  gpc: boolean;
  categories: Record<string, Choice>;
  /** `category/service` → on or off */
  services: Record<string, boolean>;
  separate: Record<string, Choice>;
  attestation?: Attestation;
}

/** What the stub needs of the config between visits; the banner stores it after checking it against the contract. */
export type CachedConsentConfig = Pick<
  ConsentConfig,
  'site' | 'revision' | 'categories' | 'separate' | 'expiryDays' | 'guardianAge'
>;

export const decisionKey = (site: string) => `usercare:consent:${site}`;
export const configKey = (site: string) => `usercare:consent-config:${site}`;
/** Set while a decision's proof waits in the outbox: the stub then loads the banner's chunk, which sends it. */
export const proofKey = (site: string) => `usercare:consent-proof:${site}`;

/** FNV-1a, 32 bits: catches truncation and edits, which is all it is for (it is not a signature). */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

export function encodeDecision(decision: StoredDecision): string {
  const d = JSON.stringify(decision);
  return JSON.stringify({ d, s: checksum(d) });
}

/** The stored decision for `site`, or undefined when there is none, it fails its checksum, or it is not one. */
export function decodeDecision(raw: string | null, site: string): StoredDecision | undefined {
  try {
    const { d, s } = JSON.parse(raw!) as { d: string; s: string };
    if (checksum(d) !== s) return undefined;
    const decision = JSON.parse(d) as StoredDecision;
    return decision.v === 1 && decision.site === site && typeof decision.categories === 'object' ? decision : undefined;
  } catch {
    return undefined;
  }
}

/** Global Privacy Control (navigator.globalPrivacyControl): marketing and sharing with third parties stay off. */
export const GPC_OFF_CATEGORIES = ['marketing'];
export const GPC_OFF_SEPARATE_KINDS = ['third_party'];

/** What is allowed right now, and which purposes must be asked about (again). */
export interface Grants {
  /** every category of the config (and `necessary`) → allowed */
  categories: Record<string, boolean>;
  /** `category/service` → allowed */
  services: Record<string, boolean>;
  separate: Record<string, boolean>;
  /**
   * Purposes without a valid choice, as `category:<id>` / `separate:<id>`:
   * never decided, decided under another version, or all of them when the
   * decision expired, is missing, or the config is not known yet (`*`).
   */
  ask: string[];
}

export function grantsOf(
  config: CachedConsentConfig | undefined,
  decision: StoredDecision | undefined,
  now: number,
  gpc: boolean,
): Grants {
  const grants: Grants = { categories: { [NECESSARY]: true }, services: {}, separate: {}, ask: [] };
  if (!config) {
    grants.ask.push('*');
    return grants;
  }
  const valid = decision && decision.expires > now ? decision : undefined;
  // PIPL Art. 31: a user under the guardian age gets no optional purpose without a guardian's confirmation.
  const blocked = !!config.guardianAge && !!valid?.attestation?.underAge && !valid.attestation.guardian;
  for (const category of config.categories) {
    const choice = valid?.categories[category.id];
    const current = choice?.version === category.version;
    if (!current) grants.ask.push(`category:${category.id}`);
    const allowed = current && choice.granted && !blocked && !(gpc && GPC_OFF_CATEGORIES.includes(category.id));
    grants.categories[category.id] = allowed;
    for (const service of category.services ?? []) {
      const key = `${category.id}/${service.id}`;
      grants.services[key] = allowed && valid?.services[key] !== false;
    }
  }
  for (const item of config.separate) {
    const choice = valid?.separate[item.id];
    const current = choice?.version === item.version;
    if (!current) grants.ask.push(`separate:${item.id}`);
    grants.separate[item.id] =
      current && choice.granted && !blocked && !(gpc && GPC_OFF_SEPARATE_KINDS.includes(item.kind));
  }
  return grants;
}
