/**
 * What the server applies where a site's document says nothing, and the
 * bounds it accepts, as the studio says them to the person editing: the
 * guideline's deadlines (src/sla/policy.ts) and the defaults of the rate
 * limits, host tokens and staff settings (src/server/registry-schema.ts).
 * The studio may import neither (the server's code, and the SLA's, which
 * reads its calendar from disk), so they are restated here, and
 * test/node/studio-settings.test.ts holds each one to the server's.
 */
import type { StaffRole } from '../../src/contract/staff';

export const DEADLINE_NAMES = ['acknowledgement', 'firstReply', 'solution'] as const;
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

/** The units a deadline is counted in, one key each, as src/sla/schema.ts's SlaClockRule spells them. */
export const DEADLINE_UNITS = ['workingDays', 'workingHours', 'elapsedHours', 'elapsedSeconds'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** The most of each unit: a year. */
export const UNIT_MAX: Readonly<Record<DeadlineUnit, number>> = {
  workingDays: 366,
  workingHours: 366 * 24,
  elapsedHours: 366 * 24,
  elapsedSeconds: 366 * 86_400,
};

/** A deadline's length: one unit and how many. */
export type DeadlineRule = Partial<Record<DeadlineUnit, number>>;

/** What applies with no policy: the automatic receipt at once, the first reply in 3 working days, no solution deadline. */
export const GUIDELINE_DEADLINES: Readonly<Record<DeadlineName, DeadlineRule | null>> = {
  acknowledgement: { elapsedSeconds: 30 },
  firstReply: { workingDays: 3 },
  solution: null,
};

/** The guideline's solution deadline for complex problems, which a policy turns on per category. */
export const GUIDELINE_COMPLEX_SOLUTION: DeadlineRule = { elapsedHours: 24 };

/** The time zone deadlines count in when neither `settings.sla.timezone` nor `settings.timezone` says one. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A whole-number setting: its default, and the least and most it may be. */
export interface NumberSetting {
  key: string;
  default: number;
  min: number;
  max: number;
}

/** `settings.rateLimits`: per minute, but uploads per day. */
export const RATE_LIMITS: readonly NumberSetting[] = [
  { key: 'anonymousPerMinute', default: 10, min: 1, max: 1_000_000 },
  { key: 'addressPerMinute', default: 60, min: 1, max: 1_000_000 },
  { key: 'sitePerMinute', default: 300, min: 1, max: 1_000_000 },
  { key: 'userPerMinute', default: 30, min: 1, max: 1_000_000 },
  { key: 'uploadBytesPerDay', default: 64 * 1024 * 1024, min: 1024 * 1024, max: 1024 ** 4 },
];

/** `settings.hostTokens.maxLifetimeSeconds`: a day by default. */
export const HOST_TOKEN_LIFETIME: NumberSetting = {
  key: 'maxLifetimeSeconds',
  default: 24 * 3600,
  min: 60,
  max: 366 * 24 * 3600,
};

/** `settings.hostTokens.audience` and `.issuer`: none by default, at most this long. */
export const HOST_TOKEN_TEXT_MAX = 200;

/** `settings.staff`'s numbers: how long the audit log is kept, how far back staff may date a complaint they log. */
export const STAFF_NUMBERS: readonly NumberSetting[] = [
  { key: 'auditRetentionDays', default: 1095, min: 183, max: 3650 },
  { key: 'intakeMaxAgeDays', default: 7, min: 1, max: 90 },
];

/** `settings.staff.revealRoles`: the roles that answer users. */
export const DEFAULT_REVEAL_ROLES: readonly StaffRole[] = ['agent', 'arbitrator', 'admin'];
