/**
 * The points rules a site's configuration holds (registry and document
 * `settings.points`) and the defaults that apply where a site has none: the
 * server checks and resolves them (src/server/points/settings.ts), the
 * studio edits them in the browser with the same schemas. Only the studio
 * and the server import this file: no end-user page carries it.
 */
import * as z from 'zod/mini';
import { LocalizedText, SafeInt, Slug } from './common';
import { TRIGGERS, type Trigger } from './points';

const Count = (max: number) => z.number().check(SafeInt, z.minimum(1), z.maximum(max));

/** The most of each list a site may have. */
export const POINTS_LIMITS = { levels: 50, tiers: 20, catalogue: 200 } as const;

export const EarnSetting = z.strictObject({
  points: Count(1_000_000),
  /** per user per calendar day in the site's timezone; absent: no cap */
  dailyCap: z.optional(Count(10_000_000)),
});
export type EarnSetting = z.infer<typeof EarnSetting>;

export const LevelSetting = z.strictObject({ name: LocalizedText, threshold: z.number().check(SafeInt, z.minimum(0)) });
export type LevelSetting = z.infer<typeof LevelSetting>;

export const TierSetting = z.strictObject({
  /** the tier covers outages up to this many minutes; absent: every longer one (the last tier only) */
  upToMinutes: z.optional(Count(10_000_000)),
  points: z.optional(Count(1_000_000)),
  /** a reward of the catalogue given as a coupon, from its code pool */
  reward: z.optional(Slug),
});
export type TierSetting = z.infer<typeof TierSetting>;

export const REWARD_SOURCES = ['pool', 'webhook'] as const;
export type RewardSource = (typeof REWARD_SOURCES)[number];

/** The longest undo window a reward may have, in hours (a year). */
export const UNDO_HOURS_MAX = 24 * 365;

export const RewardSetting = z.strictObject({
  id: Slug,
  name: LocalizedText,
  description: z.optional(LocalizedText),
  points: Count(10_000_000),
  /** `pool`: codes the owner uploads (POST /v1/staff/points/codes); `webhook`: the host issues one (the site's webhook, signed) */
  source: z.enum(REWARD_SOURCES),
  /** hours after redeeming during which the user may undo it (the code is voided); default 0: never */
  undoHours: z.optional(z.number().check(SafeInt, z.minimum(0), z.maximum(UNDO_HOURS_MAX))),
  /**
   * No longer offered: not listed, not redeemed, not given by a tier or a complaint, and its pool takes
   * no codes. A published reward is retired, never removed, so past redemptions keep its name.
   */
  retired: z.optional(z.boolean()),
});
export type RewardSetting = z.infer<typeof RewardSetting>;

export const PointsSettings = z.strictObject({
  /** earned points are pending for this many hours before they count (and can be spent); default 0 */
  pendingHours: z.optional(z.number().check(SafeInt, z.minimum(0), z.maximum(24 * 365))),
  /** earned points expire this many months after they count, oldest first; default 12 */
  expiryMonths: z.optional(Count(120)),
  /** the triggers that earn; a trigger left out keeps its default, `null` turns it off */
  earn: z.optional(
    z.strictObject(
      Object.fromEntries(TRIGGERS.map((t) => [t, z.optional(z.nullable(EarnSetting))])) as Record<
        Trigger,
        z.ZodMiniOptional<z.ZodMiniNullable<typeof EarnSetting>>
      >,
    ),
  ),
  /** what a penalty for content confirmed prohibited takes when staff name no amount; default 20 */
  penaltyPoints: z.optional(Count(1_000_000)),
  levels: z.optional(z.array(LevelSetting).check(z.maxLength(POINTS_LIMITS.levels))),
  compensation: z.optional(z.strictObject({ tiers: z.array(TierSetting).check(z.maxLength(POINTS_LIMITS.tiers)) })),
  catalogue: z.optional(z.array(RewardSetting).check(z.maxLength(POINTS_LIMITS.catalogue))),
});
export type PointsSettings = z.infer<typeof PointsSettings>;

/** The rules where a site has none of its own (the catalogue's default is empty). */
export interface PointsDefaults {
  pendingHours: number;
  expiryMonths: number;
  /** every trigger earns by default */
  earn: Record<Trigger, { points: number; dailyCap: number | null }>;
  penaltyPoints: number;
  levels: readonly LevelSetting[];
  tiers: ReadonlyArray<{ upToMinutes: number | null; points: number; reward: string | null }>;
}

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** The guideline's defaults: contributions earn, longer outages compensate more. */
export const POINTS_DEFAULTS: PointsDefaults = {
  pendingHours: 0,
  expiryMonths: 12,
  earn: {
    suggestion_accepted: { points: 50, dailyCap: 200 },
    complaint_rated: { points: 10, dailyCap: 30 },
    report_confirmed: { points: 20, dailyCap: 100 },
  },
  penaltyPoints: 20,
  levels: [
    { name: text('Member', '会员'), threshold: 0 },
    { name: text('Contributor', '贡献者'), threshold: 200 },
    { name: text('Trusted contributor', '资深贡献者'), threshold: 1000 },
  ],
  tiers: [
    { upToMinutes: 59, points: 10, reward: null },
    { upToMinutes: 240, points: 50, reward: null },
    { upToMinutes: null, points: 200, reward: null },
  ],
};
