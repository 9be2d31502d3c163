/**
 * A site's secrets and automation tokens as its admins manage them (GET and
 * POST /v1/staff/config/secrets…, …/tokens, …/sign-out-staff,
 * …/webhook/test). No answer ever holds a secret's value, nor a token's
 * hash: a new secret or token is shown once, in the answer that made it,
 * and never again (it is not even kept for an idempotent retry).
 */
import * as z from 'zod/mini';
import { Instant, SafeInt } from './common';
import { StaffRole } from './staff';

/**
 * The secrets a site has, one current of each kind: `host_token` verifies
 * the host tokens its users sign in with, `staff_token` the staff tokens
 * its back office signs, `webhook` signs what the server posts to it. The
 * server's own secret is none of these, and no route shows or changes it.
 */
export const SECRET_KINDS = ['host_token', 'staff_token', 'webhook'] as const;
export const SecretKind = z.enum(SECRET_KINDS);
export type SecretKind = z.infer<typeof SecretKind>;

/** How far ahead a replaced secret may stay accepted: long enough to roll a host's deployment, short enough to end. */
export const OVERLAP_MAX_DAYS = 30;

/** A secret a rotation replaced, accepted until `validUntil`. */
export const ReplacedSecret = z.object({
  createdAt: Instant,
  /** the principal that made it (`staff:person:<sub>`, `operator:command-line`) */
  createdBy: z.string(),
  validUntil: Instant,
});
export type ReplacedSecret = z.infer<typeof ReplacedSecret>;

/** One kind of secret: whether the site has one, who made the current one and when, and the replaced ones still accepted. */
export const SecretStatus = z.object({
  kind: SecretKind,
  set: z.boolean(),
  createdAt: z.nullable(Instant),
  createdBy: z.nullable(z.string()),
  /** replaced secrets whose overlap has not ended, the latest first */
  older: z.array(ReplacedSecret),
});
export type SecretStatus = z.infer<typeof SecretStatus>;

export const SecretList = z.object({
  site: z.string(),
  /** one per kind, in SECRET_KINDS' order */
  secrets: z.array(SecretStatus),
});
export type SecretList = z.infer<typeof SecretList>;

export const RotateRequest = z.strictObject({
  /**
   * Until when the secret being replaced stays accepted (and, for the
   * webhook, still signs beside the new one): not in the past, at most
   * OVERLAP_MAX_DAYS ahead. Without it, now: the old secret stops at once.
   */
  overlapUntil: z.optional(Instant),
});
export type RotateRequest = z.infer<typeof RotateRequest>;

/** The new secret, in this answer only: give it to the host now, it is never shown again. */
export const RotatedSecret = z.object({
  kind: SecretKind,
  /** 32 random bytes, base64url */
  secret: z.string(),
  createdAt: Instant,
  /** until when the secret it replaced is accepted; null when there was none (a first webhook or staff secret) */
  previousValidUntil: z.nullable(Instant),
});
export type RotatedSecret = z.infer<typeof RotatedSecret>;

/** The longest name of an automation token, in characters. */
export const TOKEN_NAME_MAX = 100;

/** An automation token's name: its principal is `staff:automation:<name>`, so it may not look like another principal. */
export const TokenName = z.string().check(
  z.minLength(1),
  z.maxLength(TOKEN_NAME_MAX),
  z.refine(
    (name) => !/^(person|automation):/.test(name),
    'must not start with "person:" or "automation:" (the principals\' own prefixes)',
  ),
);

export const TokenRoles = z.array(StaffRole).check(
  z.minLength(1),
  z.refine((roles) => new Set(roles).size === roles.length, 'each role once'),
);

/** A static staff token for automation, as listed: never its value, never its hash. */
export const AutomationToken = z.object({
  name: z.string(),
  roles: z.array(StaffRole),
  createdAt: Instant,
  createdBy: z.string(),
  revoked: z.boolean(),
  revokedAt: z.nullable(Instant),
});
export type AutomationToken = z.infer<typeof AutomationToken>;

export const TokenList = z.object({ items: z.array(AutomationToken) });
export type TokenList = z.infer<typeof TokenList>;

export const IssueTokenRequest = z.strictObject({ name: TokenName, roles: TokenRoles });
export type IssueTokenRequest = z.infer<typeof IssueTokenRequest>;

/** The token, in this answer only (the server keeps its SHA-256): `Authorization: Bearer <token>`. */
export const IssuedToken = z.object({ ...AutomationToken.shape, token: z.string() });
export type IssuedToken = z.infer<typeof IssuedToken>;

/** Every staff token the host signed (`iat`) before this instant is refused from now on. */
export const SignedOut = z.object({ staffTokensNotBefore: Instant });
export type SignedOut = z.infer<typeof SignedOut>;

export const WebhookTestRequest = z.strictObject({
  /** where to send the test event; without it, the published webhook's URL */
  url: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
});
export type WebhookTestRequest = z.infer<typeof WebhookTestRequest>;

/**
 * What became of the test event: the host's status code and the time it
 * took, or why it was not answered (the network's words), with the time.
 * Never what the host answered.
 */
export const WebhookTestResult = z.union([
  z.object({ status: z.number().check(SafeInt), ms: z.number() }),
  z.object({ error: z.string(), ms: z.number() }),
]);
export type WebhookTestResult = z.infer<typeof WebhookTestResult>;
