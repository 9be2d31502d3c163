/**
 * The site registry file (`${DATA_DIR}/sites.json`): what the server alone
 * decides per site. Secrets live here and never leave the server; only
 * `publicConfig` (GET /v1/sites/{site}/config) and `consent`
 * (GET /v1/sites/{site}/consent) are served.
 */
import * as z from 'zod/mini';
import { Instant, Slug } from '../contract/common';
import { ConsentSettings } from '../contract/consent';
import { STAFF_ROLES, StaffRole } from '../contract/staff';
import { TokenName } from '../contract/staff-config-secrets';
import { SlaSettings } from '../sla';
import { refusedUrl } from './webhook-target';
import { DEFAULT_COMPLAINT_SETTINGS } from '../../machines/complaint.types';
import { originEntryProblem } from './origins';
import { PointsSettings } from '../contract/points-settings';

export const DEFAULT_SETTINGS = {
  /** Writes by users and devices (staff are not limited), per family of writes: see src/server/write-limits.ts. */
  rateLimits: {
    /** anonymous writes per device on one address, per minute */
    anonymousPerMinute: 10,
    /** anonymous writes per address (an IPv6 /64), all its devices together, per minute */
    addressPerMinute: 60,
    /** anonymous writes per site per minute, all clients together */
    sitePerMinute: 300,
    /** writes per signed-in user per minute */
    userPerMinute: 30,
    /** attachment bytes per user, or per address for anonymous senders, per day */
    uploadBytesPerDay: 64 * 1024 * 1024,
  },
  timezone: 'Asia/Shanghai',
  complaints: DEFAULT_COMPLAINT_SETTINGS,
  hostTokens: {
    /** a day: a host that signs longer-lived tokens says so, so a leaked one does not open an account for years */
    maxLifetimeSeconds: 24 * 3600,
  },
  staff: {
    /** who may see a contact unmasked (with a reason, audited): the roles that answer users */
    revealRoles: ['agent', 'arbitrator', 'admin'] as readonly StaffRole[],
    /** three years: long enough to answer for a complaint a user takes to a regulator or a court */
    auditRetentionDays: 1095,
    /** a week: a letter found in the mailbox after a holiday can still be logged on the day it came, not later */
    intakeMaxAgeDays: 7,
  },
} as const;

/** The shortest audit retention a site may set: half a year, so a month's questions about staff conduct can always be answered. */
export const MIN_AUDIT_RETENTION_DAYS = 183;
/** The longest: ten years. */
export const MAX_AUDIT_RETENTION_DAYS = 3650;
/** The furthest back a site may let staff date a complaint they log: a quarter. */
export const MAX_INTAKE_AGE_DAYS = 90;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const PerMinute = z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000));
const Days = z.number().check(z.int(), z.minimum(1), z.maximum(365));

/** The user's windows in a complaint, in calendar days (see machines/complaint.machine.ts). */
export const ComplaintSettings = z.strictObject({
  disputeWindowDays: z.optional(Days),
  autoResolveDays: z.optional(Days),
  autoCloseDays: z.optional(Days),
});

/** Where the server tells the host site about each status change, so it can notify the user by its own SMS or e-mail. */
export const WebhookSettings = z.strictObject({
  /** https; plain http only for this machine, which only the demo and the tests may reach (src/server/webhook-target.ts) */
  url: z
    .url({ protocol: /^https?$/ })
    .check(
      z.refine(
        (url) => refusedUrl(url, { loopback: true }) === undefined,
        'must be https (plain http only for localhost, in the demo), with no user name or password',
      ),
    ),
  /** HMAC-SHA256 key of the `Usercare-Signature` header; at least 32 characters */
  secret: z.string().check(z.minLength(32, 'must be at least 32 characters')),
});

/** What a host token must be besides well signed and unexpired (src/server/auth.ts). */
export const HostTokenSettings = z.strictObject({
  /** the longest a token may live, in seconds, from its `iat` (or from now, without one) to its `exp` */
  maxLifetimeSeconds: z.optional(z.number().check(z.int(), z.minimum(60), z.maximum(366 * 24 * 3600))),
  /** when set, a token's `aud` must be this (or a list holding it) */
  audience: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** when set, a token's `iss` must be this */
  issuer: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export const OriginEntry = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = originEntryProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  }),
);

/**
 * A static token for automation (a script, an integration): its principal is
 * `staff:automation:<name>`. People sign in with tokens the host signs
 * (`staffTokenSecret`); a static token is never a person, so it cannot rule.
 */
export const StaffTokenEntry = z.strictObject({
  /** as POST /v1/staff/config/tokens takes it */
  name: TokenName,
  /** hex SHA-256 of the bearer token; the token itself is never stored */
  tokenSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex SHA-256 of the token')),
  roles: z.array(z.enum(STAFF_ROLES)).check(z.minLength(1)),
});

/** Who on the staff side may do what beyond their roles, and how long what they did is kept. */
export const StaffSettings = z.strictObject({
  /** the roles that may see a contact unmasked (POST …/reveal, with a reason); [] for nobody */
  revealRoles: z.optional(z.array(StaffRole)),
  /** days an audit entry is kept before the sweep purges it */
  auditRetentionDays: z.optional(
    z.number().check(z.int(), z.minimum(MIN_AUDIT_RETENTION_DAYS), z.maximum(MAX_AUDIT_RETENTION_DAYS)),
  ),
  /**
   * how many days back staff may date a complaint they log (its deadlines
   * run from then): older ones would be overdue the moment they are logged
   */
  intakeMaxAgeDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_INTAKE_AGE_DAYS))),
});

export const SiteSettings = z.strictObject({
  rateLimits: z.optional(
    z.strictObject({
      anonymousPerMinute: z.optional(PerMinute),
      addressPerMinute: z.optional(PerMinute),
      sitePerMinute: z.optional(PerMinute),
      userPerMinute: z.optional(PerMinute),
      uploadBytesPerDay: z.optional(z.number().check(z.int(), z.minimum(1024 * 1024), z.maximum(1024 ** 4))),
    }),
  ),
  timezone: z.optional(z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'))),
  /** working hours, holiday calendar additions and deadline policies (src/sla) */
  sla: z.optional(SlaSettings),
  complaints: z.optional(ComplaintSettings),
  hostTokens: z.optional(HostTokenSettings),
  webhook: z.optional(WebhookSettings),
  /** what earns points, levels, outage compensation and the rewards catalogue (src/server/points/settings.ts) */
  points: z.optional(PointsSettings),
  /** who may reveal contacts, how long the audit log is kept */
  staff: z.optional(StaffSettings),
});

export const SiteEntry = z
  .strictObject({
    id: Slug,
    allowedOrigins: z.array(OriginEntry),
    /** HS256 key that verifies host tokens; at least 32 characters (256 bits when random) */
    hostTokenSecret: z.string().check(z.minLength(32, 'must be at least 32 characters')),
    /**
     * HS256 key of the staff tokens the host's back office signs for its staff
     * (src/server/staff/identity.ts); at least 32 characters, and never the
     * host token secret, so a user's token can never pass for a staff member's.
     * Without it the site's staff sign in with static tokens only.
     */
    staffTokenSecret: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
    /** Every staff token issued (`iat`) before this instant is refused: the way to sign every person out at once. */
    staffTokensNotBefore: z.optional(Instant),
    staffTokens: z.optional(z.array(StaffTokenEntry)),
    /** A SiteConfigPatch without `site` and `endpoint`; checked by merging it over the defaults. */
    publicConfig: z.optional(z.record(z.string(), z.unknown())),
    settings: z.optional(SiteSettings),
    /**
     * Public: the consent banner's purposes, separate-consent items and policy
     * documents, served with defaults filled and a revision added. Without it
     * the site has no consent endpoints (404).
     */
    consent: z.optional(ConsentSettings),
  })
  .check(
    z.superRefine((site, ctx) => {
      if (site.staffTokenSecret !== undefined && site.staffTokenSecret === site.hostTokenSecret)
        ctx.addIssue({
          code: 'custom',
          path: ['staffTokenSecret'],
          message: 'must differ from hostTokenSecret: with one key, whoever signs users in could sign staff in too',
          input: site.staffTokenSecret,
        });
    }),
  );
export type SiteEntry = z.infer<typeof SiteEntry>;

export const RegistryFile = z.strictObject({
  $comment: z.optional(z.string()),
  /**
   * The server's own secret, shared with no host site: access keys of
   * anonymous submissions are derived from it (see src/server/tracking.ts).
   * At least 32 characters.
   */
  serverSecret: z.string().check(z.minLength(32, 'must be at least 32 characters')),
  sites: z.array(SiteEntry),
});
export type RegistryFile = z.infer<typeof RegistryFile>;
