/**
 * Consent on the wire: the public consent config a site's registry entry
 * decides (`GET /v1/sites/{site}/consent`), the proof record the banner
 * sends through the outbox (`POST /v1/consents`), and its receipt.
 *
 * Policy versions are the server's: the browser shows them and records which
 * one each choice was made under, but never sets them.
 */
import * as z from 'zod/mini';
import { Instant, Locale, LocalizedText, Slug } from './common';

/** Version labels as owners write them: "2026-11", "v3", "3.1". */
export const PolicyVersion = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be 1–40 letters, digits, dots, dashes or underscores'));

/** A cookie name, or a prefix ending in `*` (`_ga_*`), that the stub clears when its category is refused. */
export const CookiePattern = z
  .string()
  .check(z.regex(/^[!#$%&'+.0-9A-Z^_`a-z|~-]{1,200}\*?$/, 'must be a cookie name, optionally ending in *'));

/** The one category nobody can refuse: drafts, the outbox and the device id live under it. */
export const NECESSARY = 'necessary';

/** Where Google Consent Mode v2 signals come from (the loader's stub sets them). */
export const GCM_SIGNALS = {
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
} as const;

/** A service within a category, e.g. "Baidu Tongji" under analytics. */
export const ConsentService = z.strictObject({
  id: Slug,
  name: LocalizedText,
  /** what it does with the data, shown to the user */
  purpose: LocalizedText,
  /** who runs it, when not the site itself */
  provider: z.optional(LocalizedText),
  cookies: z.optional(z.array(CookiePattern)),
});
export type ConsentService = z.infer<typeof ConsentService>;

export const ConsentCategory = z.strictObject({
  id: Slug,
  label: LocalizedText,
  description: LocalizedText,
  /** bumped by the owner when what this purpose covers changes: users are asked again for it alone */
  version: PolicyVersion,
  services: z.optional(z.array(ConsentService)),
  cookies: z.optional(z.array(CookiePattern)),
});
export type ConsentCategory = z.infer<typeof ConsentCategory>;

/** PIPL's separate consent (Arts. 23, 29, 39): each item is its own unbundled switch naming recipient and purpose. */
export const SEPARATE_KINDS = ['sensitive', 'third_party', 'cross_border'] as const;
export const SeparateConsentItem = z.strictObject({
  id: Slug,
  kind: z.enum(SEPARATE_KINDS),
  /** who receives the data (third_party, cross_border) or what sensitive data it is (sensitive) */
  recipient: LocalizedText,
  purpose: LocalizedText,
  version: PolicyVersion,
});
export type SeparateConsentItem = z.infer<typeof SeparateConsentItem>;

/** A versioned policy document the banner links to: privacy policy, service terms, fees and refunds. */
export const PolicyDocument = z.strictObject({
  id: Slug,
  title: LocalizedText,
  /** http(s), or a path on the site */
  url: z.string().check(z.regex(/^(https?:\/\/|\/(?!\/))[^\s]*$/, 'must be an http(s) URL or a path starting with /')),
  version: PolicyVersion,
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/** What a site's registry entry says about consent; the server serves it with `revision` added. */
export const ConsentSettings = z.strictObject({
  /** the categories besides `necessary`, which is always there and always on */
  categories: z.array(ConsentCategory).check(z.minLength(1)),
  separate: z.optional(z.array(SeparateConsentItem)),
  documents: z.optional(z.array(PolicyDocument)),
  /** how long a decision holds before the user is asked again */
  expiryDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(395))),
  /** PIPL Art. 31: under this age a guardian's confirmation is needed before any optional purpose (default: no question) */
  guardianAge: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(18))),
});
export type ConsentSettings = z.infer<typeof ConsentSettings>;

/**
 * The banner's messages are overridden as every element's are, in the site's
 * `messages` (publicConfig), under this prefix: `consent.title` overrides the
 * banner's `title`. The consent config serves them by the banner's own keys,
 * so the banner needs neither the site's public config nor its runtime.
 */
export const CONSENT_MESSAGE_PREFIX = 'consent.';
export const ConsentMessages = z.partialRecord(Locale, z.record(z.string(), z.string()));
export type ConsentMessages = z.infer<typeof ConsentMessages>;

/** GET /v1/sites/{site}/consent */
export const ConsentConfig = z.strictObject({
  site: Slug,
  /** changes whenever anything shown changes; the stub compares it to decide whether the banner must look again */
  revision: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  categories: z.array(ConsentCategory).check(z.minLength(1)),
  separate: z.array(SeparateConsentItem),
  documents: z.array(PolicyDocument),
  expiryDays: z.number().check(z.int(), z.minimum(1), z.maximum(395)),
  guardianAge: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(18))),
  /** the site's overrides of the banner's messages, by locale and the banner's message key */
  messages: z.optional(ConsentMessages),
});
export type ConsentConfig = z.infer<typeof ConsentConfig>;

export const Choice = z.strictObject({ granted: z.boolean(), version: PolicyVersion });
export type Choice = z.infer<typeof Choice>;

/** The age question's answer. `guardian`: a guardian confirmed for a user under the site's guardianAge. */
export const Attestation = z.strictObject({
  underAge: z.boolean(),
  guardian: z.boolean(),
});
export type Attestation = z.infer<typeof Attestation>;

/** POST /v1/consents: one decision, as proof. Sent through the outbox; `id` is also its idempotency key. */
export const ConsentRecord = z.strictObject({
  /** 16–64 characters: it is also the Idempotency-Key, which takes no fewer than 16 */
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  site: Slug,
  /** the config revision shown */
  revision: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
  locale: Locale,
  /** the exact text the user saw, as rendered; the server keeps it once by its SHA-256 */
  text: z.string().check(z.minLength(1), z.maxLength(50_000)),
  gpc: z.boolean(),
  /** how the decision was made */
  method: z.enum(['accept_all', 'reject_all', 'custom', 'withdraw']),
  categories: z.record(Slug, Choice),
  /** `category/service` → on or off */
  services: z.record(
    z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}\/[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/)),
    z.boolean(),
  ),
  separate: z.record(Slug, Choice),
  attestation: z.optional(Attestation),
  /** the user's clock, for the record only: the server stamps its own time */
  clientDecidedAt: Instant,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const ConsentReceipt = z.strictObject({
  id: z.string(),
  /** the server's time, the one that counts */
  receivedAt: Instant,
  textSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});
export type ConsentReceipt = z.infer<typeof ConsentReceipt>;
