/**
 * One site's SLA, built once when the registry loads: its calendar,
 * schedule and policies together, so request handlers ask "what are this
 * complaint's deadlines" without knowing how working time is counted.
 */
import type { Kind } from '../contract/common';
import { createWorkingCalendar, type SlaLogger } from './calendar';
import { computeDeadlines, type Deadline, type DeadlineInput } from './deadlines';
import { GUIDELINE_COMPLEX_SOLUTION, resolvePolicy, type SlaPolicy } from './policy';
import type { SlaSettings } from './schema';
import { createWorkingSchedule, DEFAULT_TIME_ZONE, type WorkingSchedule } from './working-schedule';

export interface SiteSla {
  readonly schedule: WorkingSchedule;
  /**
   * The rules for a submission of `kind` in `category`. `complex` (staff
   * marked it so) sets the solution deadline to the guideline's 24 hours from
   * receipt, whatever the site's policy says of that category; unmarked, the
   * policy stands (no solution deadline unless the site sets one).
   */
  policyFor(kind: Kind, category: string, complex?: boolean): SlaPolicy;
  deadlinesFor(kind: Kind, category: string, input: DeadlineInput, complex?: boolean): Deadline[];
}

export interface SiteSlaOptions {
  /** The site's general `settings.timezone`, used when `sla.timezone` is absent. */
  fallbackTimeZone?: string;
  /** Where the unknown-year warning goes; default console.warn. */
  logger?: SlaLogger;
}

/** Expects settings already checked by SlaSettings; throws RangeError on values that schema refuses. */
export function createSiteSla(settings: SlaSettings = {}, options: SiteSlaOptions = {}): SiteSla {
  const calendar = createWorkingCalendar({ overrides: settings.calendar, logger: options.logger });
  const schedule = createWorkingSchedule({
    calendar,
    timeZone: settings.timezone ?? options.fallbackTimeZone ?? DEFAULT_TIME_ZONE,
    businessHours: settings.businessHours,
  });
  const policies = settings.policies ?? [];
  // A list endpoint asks for the same few kind/category pairs thousands of times.
  const resolved = new Map<string, SlaPolicy>();
  const policyFor = (kind: Kind, category: string, complex = false): SlaPolicy => {
    const key = `${kind}\u0000${category}\u0000${complex ? 1 : 0}`;
    let policy = resolved.get(key);
    if (!policy) {
      policy = resolvePolicy(policies, kind, category);
      if (complex) policy = { ...policy, solution: GUIDELINE_COMPLEX_SOLUTION };
      resolved.set(key, policy);
    }
    return policy;
  };
  return {
    schedule,
    policyFor,
    deadlinesFor: (kind, category, input, complex = false) =>
      computeDeadlines(input, policyFor(kind, category, complex), schedule),
  };
}
