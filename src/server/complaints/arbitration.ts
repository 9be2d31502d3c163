/**
 * Checks on what arbitration requests say (dates people give, not after
 * today in the site's time zone) and why a principal may not rule. The
 * lifecycle machine still decides whether each may happen at all; the rows
 * they write are arbitration-records.ts'.
 */
import { decide, restoreComplaint } from '../../../machines/complaint.machine';
import type { ComplaintStatus } from '../../contract/complaint-vocabulary';
import type { RulingRefusal } from '../../contract/staff';
import { zoneClock } from '../../sla/time-zone';
import { formatIsoDate } from '../../sla/civil-date';
import type { SubmissionRow } from '../db/schema';
import { validationFailed } from '../errors';
import type { Site } from '../registry';
import { refusalOf, lifecycleActors } from '../staff/permissions';
import type { StaffPrincipal } from '../staff/identity';
import { storedContext } from './lifecycle';

/** The day `instant` falls on in the site's time zone, YYYY-MM-DD: what "today" means for a date people give. */
export function dayIn(timeZone: string, instant: string): string {
  return formatIsoDate(zoneClock(timeZone).dayOf(Date.parse(instant)));
}

/** A 422 at `path` unless `date` (YYYY-MM-DD, already well formed) is not after `today`. */
export function notInFuture(path: string, date: string, today: string): void {
  // YYYY-MM-DD orders as text.
  if (date > today)
    throw validationFailed([
      {
        path,
        code: 'in_future',
        message: `${date} is after today (${today}) in the site's time zone`,
        params: { max: today },
      },
    ]);
}

const RULED_IN = new Set<string>(['disputed', 'arbitration']);

/**
 * Why `principal` may not rule on the complaint in `row` at `at`, or null
 * when they may or there is nothing to rule on: the permission (`rule`, or
 * `person_required` for automation) first, then the lifecycle's conflict of
 * interest, asked of the machine with the principal's ruling roles. The
 * same checks refuse the ruling itself (a 403 with this reason).
 */
export function rulingRefusal(
  row: SubmissionRow,
  site: Site,
  principal: StaffPrincipal,
  at: string,
): RulingRefusal | null {
  if (!RULED_IN.has(row.status) || row.lifecycle_json === null) return null;
  const permission = refusalOf(principal, site, 'rule');
  if (permission) return permission.reason === 'person_required' ? 'person_required' : 'rule';
  const snapshot = restoreComplaint(row.status as ComplaintStatus, storedContext(row.lifecycle_json));
  for (const actor of lifecycleActors(principal).filter((a) => a.role === 'arbitrator' || a.role === 'admin')) {
    const decision = decide(snapshot, {
      type: 'rule',
      actor: { role: actor.role, id: actor.id },
      at,
      outcome: 'upheld',
      text: 'probe',
    });
    if (decision.ok) return null;
    if (decision.reason === 'conflict_of_interest') return 'conflict_of_interest';
  }
  return null;
}
