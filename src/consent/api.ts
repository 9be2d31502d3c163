/**
 * `usercare.consent`: what a host page can ask about consent. The loader's
 * stub installs it at once, so every call works before any chunk has loaded.
 */
import type { CachedConsentConfig, StoredDecision } from './decision';

export interface ConsentState {
  /** false until the user has decided (or while a changed purpose waits for an answer) */
  decided: boolean;
  /** the purposes waiting for an answer, as `category:<id>` / `separate:<id>` (`*`: all, the config is not known yet); see Grants.ask */
  ask: string[];
  /** category id → allowed now (`necessary` is always true) */
  categories: Record<string, boolean>;
  /** `category/service` → allowed now */
  services: Record<string, boolean>;
  /** separate-consent item id → allowed now */
  separate: Record<string, boolean>;
  /** the browser sent Global Privacy Control */
  gpc: boolean;
  /** the proof record of the decision in force */
  id?: string;
  decidedAt?: string;
  expiresAt?: string;
}

export interface ConsentApi {
  get(): ConsentState;
  /** whether a category (`analytics`), a service (`analytics/baidu`) or a separate item (`separate:share-logistics`) is allowed now */
  has(purpose: string): boolean;
  /** called with the new state after every change; returns the unsubscribe function */
  onChange(listener: (state: ConsentState) => void): () => void;
  /** resolves once the user's decision is known (at once on a returning visit) */
  ready: Promise<ConsentState>;
  /** opens the preferences dialog (loading the banner's UI if needed) */
  open(): void;
  /**
   * For the banner: stores a decision, applies it on this page (scripts, Consent
   * Mode, cookies), tells listeners and other tabs. Not for hosts. `config`: the
   * checked config it was made on, for when storage is blocked and the stub cannot
   * read the one the banner cached (otherwise it reads that).
   * @internal
   */
  commit(decision: StoredDecision, config?: CachedConsentConfig): void;
  /**
   * For the banner: the site's consent config, requested by the stub when it
   * decided to load the banner (unchecked: the banner checks it). Taken once.
   * It fails with the HTTP status when the server answered with an error.
   * @internal
   */
  request?: Promise<unknown>;
}

/** The DOM event on `window` after every change; `detail` is the new state. */
export const CONSENT_CHANGE_EVENT = 'uc-consent-change';
