/**
 * The points rules of a site (registry `settings.points`): what earns points
 * and how many a day at most, when earned points count and expire, levels,
 * outage compensation tiers, and the rewards catalogue. The server alone
 * decides them; the widget shows them.
 */
import * as z from 'zod/mini';
import { LocalizedText, SafeInt, Slug } from '../../contract/common';
import { TRIGGERS, type Trigger } from '../../contract/points';
import type { RegistryProblem } from '../registry-problems';

const Count = (max: number) => z.number().check(SafeInt, z.minimum(1), z.maximum(max));

const EarnSetting = z.strictObject({
  points: Count(1_000_000),
  /** per user per calendar day in the site's timezone */
  dailyCap: z.optional(Count(10_000_000)),
});

const Tier = z.strictObject({
  /** the tier covers outages up to this many minutes; absent: every longer one (the last tier only) */
  upToMinutes: z.optional(Count(10_000_000)),
  points: z.optional(Count(1_000_000)),
  /** a reward of the catalogue given as a coupon, from its code pool */
  reward: z.optional(Slug),
});

const RewardSetting = z.strictObject({
  id: Slug,
  name: LocalizedText,
  description: z.optional(LocalizedText),
  points: Count(10_000_000),
  /** `pool`: codes the owner uploads (POST /v1/staff/points/codes); `webhook`: the host issues one (the site's webhook, signed) */
  source: z.enum(['pool', 'webhook']),
  /** hours after redeeming during which the user may undo it (the code is voided); default 0: never */
  undoHours: z.optional(z.number().check(SafeInt, z.minimum(0), z.maximum(24 * 365))),
});

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
  levels: z.optional(
    z
      .array(z.strictObject({ name: LocalizedText, threshold: z.number().check(SafeInt, z.minimum(0)) }))
      .check(z.maxLength(50)),
  ),
  compensation: z.optional(z.strictObject({ tiers: z.array(Tier).check(z.maxLength(20)) })),
  catalogue: z.optional(z.array(RewardSetting).check(z.maxLength(200))),
});
export type PointsSettings = z.infer<typeof PointsSettings>;

export interface ResolvedTier {
  upToMinutes: number | null;
  points: number;
  reward: string | null;
}

export interface ResolvedPoints {
  pendingHours: number;
  expiryMonths: number;
  earn: Partial<Record<Trigger, { points: number; dailyCap: number | null }>>;
  penaltyPoints: number;
  levels: ReadonlyArray<{ name: z.infer<typeof LocalizedText>; threshold: number }>;
  tiers: readonly ResolvedTier[];
  catalogue: ReadonlyArray<z.infer<typeof RewardSetting> & { undoHours: number }>;
}

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** The guideline's defaults: contributions earn, longer outages compensate more. */
export const DEFAULT_POINTS: ResolvedPoints = {
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
  catalogue: [],
};

/** The site's rules over the defaults; inconsistencies go to `problems` by path. */
export function resolvePoints(
  settings: PointsSettings | undefined,
  at: string,
  problems: RegistryProblem[],
  hasWebhook = false,
): ResolvedPoints {
  const earn: ResolvedPoints['earn'] = {};
  for (const trigger of TRIGGERS) {
    const own = settings?.earn?.[trigger];
    const rule = own === undefined ? DEFAULT_POINTS.earn[trigger] : own;
    if (rule) earn[trigger] = { points: rule.points, dailyCap: rule.dailyCap ?? null };
  }
  const levels = settings?.levels ?? DEFAULT_POINTS.levels;
  levels.forEach((level, i) => {
    if (i > 0 && level.threshold <= levels[i - 1]!.threshold)
      problems.push({ path: `${at}.levels[${i}].threshold`, message: 'must be higher than the level before' });
  });
  const catalogue = (settings?.catalogue ?? []).map((r) => ({ ...r, undoHours: r.undoHours ?? 0 }));
  const ids = new Set<string>();
  catalogue.forEach((reward, i) => {
    if (ids.has(reward.id))
      problems.push({ path: `${at}.catalogue[${i}].id`, message: `duplicate reward id "${reward.id}"` });
    if (reward.source === 'webhook' && !hasWebhook)
      problems.push({
        path: `${at}.catalogue[${i}].source`,
        message: 'needs settings.webhook: the host issues these codes through it',
      });
    ids.add(reward.id);
  });
  const tiers: ResolvedTier[] = settings?.compensation
    ? settings.compensation.tiers.map((t) => ({
        upToMinutes: t.upToMinutes ?? null,
        points: t.points ?? 0,
        reward: t.reward ?? null,
      }))
    : [...DEFAULT_POINTS.tiers];
  tiers.forEach((tier, i) => {
    const path = `${at}.compensation.tiers[${i}]`;
    if (tier.points === 0 && tier.reward === null)
      problems.push({ path, message: 'gives nothing: set points, reward or both' });
    const reward = tier.reward === null ? undefined : catalogue.find((r) => r.id === tier.reward);
    if (tier.reward !== null && !reward)
      problems.push({ path: `${path}.reward`, message: `no reward "${tier.reward}" in the catalogue` });
    // Compensation is given to many users at once, from codes already uploaded; the host's webhook issues one per redemption.
    if (reward?.source === 'webhook')
      problems.push({
        path: `${path}.reward`,
        message: `"${reward.id}" is issued by the site's webhook; a tier gives a pool reward`,
      });
    if (tier.upToMinutes === null && i !== tiers.length - 1)
      problems.push({ path: `${path}.upToMinutes`, message: 'only the last tier may be open-ended' });
    const before = tiers[i - 1]?.upToMinutes;
    if (i > 0 && tier.upToMinutes !== null && before !== null && before !== undefined && tier.upToMinutes <= before)
      problems.push({ path: `${path}.upToMinutes`, message: 'must be higher than the tier before' });
  });
  return {
    pendingHours: settings?.pendingHours ?? DEFAULT_POINTS.pendingHours,
    expiryMonths: settings?.expiryMonths ?? DEFAULT_POINTS.expiryMonths,
    earn,
    penaltyPoints: settings?.penaltyPoints ?? DEFAULT_POINTS.penaltyPoints,
    levels,
    tiers,
    catalogue,
  };
}

/** The tier an outage of `minutes` falls in, or undefined when the tiers stop short of it. */
export function tierFor(tiers: readonly ResolvedTier[], minutes: number): ResolvedTier | undefined {
  return tiers.find((t) => t.upToMinutes === null || minutes <= t.upToMinutes);
}
