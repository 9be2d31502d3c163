/**
 * Which deadlines a submission gets, by kind and category. The defaults are
 * the guideline's promises; a site narrows or widens them per kind and
 * category in the registry, and each deadline is taken from the most
 * specific entry that sets it, so an owner overrides one deadline for one
 * category without restating the others.
 */
import type { Kind } from '../contract/common';
import type { ClockMeasure } from './clock';
import type { SlaClockRule, SlaPolicyEntry } from './schema';

export const DEADLINE_NAMES = ['acknowledgement', 'firstReply', 'solution'] as const;
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

/** A rule per deadline; null = no such deadline for this kind/category. */
export type SlaPolicy = Readonly<Record<DeadlineName, SlaClockRule | null>>;

/**
 * The guideline's "complex problems get a solution within 24 h" (elapsed
 * time). Which problems are complex only people know, so it is not on by
 * default: staff mark a complaint complex (SiteSla.policyFor's `complex`),
 * or a policy entry turns it on for a whole category, e.g.
 * `{ category: "transactions", solution: { elapsedHours: 24 } }`. On for
 * every complaint it would be overdue long before the 3-working-day reply.
 */
export const GUIDELINE_COMPLEX_SOLUTION: SlaClockRule = { elapsedHours: 24 };

/**
 * The guideline's promises: online support acknowledges within
 * 30 s (the automatic receipt), complaints get a first reply within 3
 * working days; the solution deadline is the site's to switch on (above).
 */
export const GUIDELINE_POLICY: SlaPolicy = {
  acknowledgement: { elapsedSeconds: 30 },
  firstReply: { workingDays: 3 },
  solution: null,
};

/** kind+category beats category beats kind beats neither. */
function specificity(entry: SlaPolicyEntry): number {
  return (entry.category !== undefined ? 2 : 0) + (entry.kind !== undefined ? 1 : 0);
}

/** The effective rules for a submission of `kind` in `category`. */
export function resolvePolicy(entries: readonly SlaPolicyEntry[], kind: Kind, category: string): SlaPolicy {
  const matching = entries
    .filter(
      (entry) =>
        (entry.kind === undefined || entry.kind === kind) &&
        (entry.category === undefined || entry.category === category),
    )
    .sort((a, b) => specificity(a) - specificity(b));
  const policy: Record<DeadlineName, SlaClockRule | null> = { ...GUIDELINE_POLICY };
  for (const entry of matching) {
    for (const name of DEADLINE_NAMES) {
      const rule = entry[name];
      if (rule !== undefined) policy[name] = rule;
    }
  }
  return policy;
}

/** A rule as a clock budget; working days become business days of working time (9 h each by default). */
export function clockBudget(rule: SlaClockRule, businessDayMs: number): { measure: ClockMeasure; durationMs: number } {
  // Whole milliseconds: fractional rules (0.5 working days) must not leave sub-ms dust in due instants.
  if ('workingDays' in rule) return { measure: 'working', durationMs: Math.round(rule.workingDays * businessDayMs) };
  if ('workingHours' in rule) return { measure: 'working', durationMs: Math.round(rule.workingHours * 3_600_000) };
  if ('elapsedHours' in rule) return { measure: 'elapsed', durationMs: Math.round(rule.elapsedHours * 3_600_000) };
  return { measure: 'elapsed', durationMs: Math.round(rule.elapsedSeconds * 1000) };
}
