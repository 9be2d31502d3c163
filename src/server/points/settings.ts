/**
 * The points rules of a site (registry `settings.points`): what earns points
 * and how many a day at most, when earned points count and expire, levels,
 * outage compensation tiers, and the rewards catalogue. The server alone
 * decides them; the widget shows them. A retired reward stays in the
 * resolved catalogue, so what was redeemed or given under it keeps its
 * name; whatever offers or gives a reward leaves it out.
 */
import type { LocalizedText } from '../../contract/common';
import { TRIGGERS, type Trigger } from '../../contract/points';
import { POINTS_DEFAULTS, type PointsSettings, type RewardSetting } from '../../contract/points-settings';
import type { RegistryProblem } from '../registry-problems';

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
  levels: ReadonlyArray<{ name: LocalizedText; threshold: number }>;
  tiers: readonly ResolvedTier[];
  catalogue: ReadonlyArray<RewardSetting & { undoHours: number }>;
}

/** The guideline's defaults (the contract's, which the studio shows too); the catalogue is empty. */
export const DEFAULT_POINTS: ResolvedPoints = { ...POINTS_DEFAULTS, catalogue: [] };

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
    // A retired reward is given to no one again, an outage's users included.
    if (reward?.retired)
      problems.push({
        path: `${path}.reward`,
        message: `"${reward.id}" is retired: a tier gives a reward the catalogue offers (restore it, or choose another)`,
      });
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
