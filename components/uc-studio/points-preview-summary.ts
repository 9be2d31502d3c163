/**
 * What the points widget of the studio's preview is told: the summary the
 * server's points route (GET /v1/points) would answer for the draft's points
 * rules, for a signed-in user who has no points yet. The rules are resolved
 * over the defaults as the server resolves them, and the catalogue is what
 * the server offers: retired rewards left out. The studio cannot see the code
 * pools from here, so every reward is shown as having codes left. A node test
 * compares this with the server's own resolution.
 */
import { TRIGGERS, type PointsSummary } from '../../src/contract/points';
import { POINTS_DEFAULTS, PointsSettings } from '../../src/contract/points-settings';

/** The sample user's balance and lifetime points: a new member's. */
export const PREVIEW_BALANCE = 0;

/** The summary the draft's `settings.points` make, or 'invalid' when they break the contract. */
export function previewPointsSummary(points: unknown, now: Date): PointsSummary | 'invalid' {
  const parsed = PointsSettings.safeParse(points ?? {});
  if (!parsed.success) return 'invalid';
  const settings = parsed.data;
  const earn: PointsSummary['earn'] = [];
  for (const trigger of TRIGGERS) {
    const own = settings.earn?.[trigger];
    const rule = own === undefined ? POINTS_DEFAULTS.earn[trigger] : own;
    if (rule) earn.push({ trigger, points: rule.points, dailyCap: rule.dailyCap ?? null });
  }
  const levels = settings.levels ?? POINTS_DEFAULTS.levels;
  const reached = levels.filter((l) => l.threshold <= PREVIEW_BALANCE);
  return {
    balance: PREVIEW_BALANCE,
    pending: 0,
    expiringSoon: [],
    level: levels.length
      ? { current: reached.at(-1) ?? null, next: levels[reached.length] ?? null, lifetime: PREVIEW_BALANCE }
      : null,
    earn,
    rewards: (settings.catalogue ?? [])
      .filter((r) => !r.retired)
      .map((r) => ({
        id: r.id,
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        points: r.points,
        available: true,
        undoHours: r.undoHours ?? 0,
      })),
    asOf: now.toISOString(),
  };
}
