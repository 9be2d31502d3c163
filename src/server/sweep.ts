/**
 * The periodic sweep: the time-based half of the complaint lifecycle. It
 * sends the `system.*` events (the machine refuses them when they come too
 * early, so the sweep only proposes), records deadlines as they are missed,
 * raises deadline alerts (due soon, overdue: complaints/deadline-alerts.ts),
 * delivers queued webhooks, deletes rate buckets, stream slots, staff
 * presences and live events nobody needs any more, and purges audit entries past their retention (recording
 * each site's purge). One instance at a time runs it, holding a lease in the
 * database; each change is its own transaction, and a race with a person
 * acting at the same moment is lost quietly (409) and retried on the next
 * round.
 */
import { randomUUID } from 'node:crypto';
import type { ComplaintEventType } from '../contract/complaint-vocabulary';
import { raiseDeadlineAlerts } from './complaints/deadline-alerts';
import { applyEvent, recordNote, type NamedActor } from './complaints/lifecycle';
import type { AppDeps } from './context';
import type { SubmissionRow } from './db/schema';
import { ApiError } from './errors';
import { acquireLease } from './lease';
import { purgeLiveEvents } from './live-events-purge';
import { deleteLapsedStreamSlots } from './stream-slots';
import type { DeadlineName } from '../sla';
import { purgeAudit } from './staff/audit';
import { deleteLapsedPresence } from './staff/presence';
import { deliverWebhooks } from './webhooks';

const SYSTEM: NamedActor = { role: 'system', id: 'sweep', name: null };
const LEASE = 'sweep';
const BATCH = 200;

export interface SweepReport {
  ran: boolean;
  autoResolved: number;
  autoClosed: number;
  deadlinesMissed: number;
  alertsRaised: number;
  webhooksDelivered: number;
  auditPurged: number;
  liveEventsPurged: number;
}

/** One round. `holder` names this instance; a round without the lease does nothing. */
export async function sweepOnce(deps: AppDeps, holder: string, leaseMs = 60_000): Promise<SweepReport> {
  const report: SweepReport = {
    ran: false,
    autoResolved: 0,
    autoClosed: 0,
    deadlinesMissed: 0,
    alertsRaised: 0,
    webhooksDelivered: 0,
    auditPurged: 0,
    liveEventsPurged: 0,
  };
  if (!(await acquireLease(deps.db, LEASE, holder, deps.now(), leaseMs))) return report;
  report.ran = true;
  report.autoResolved = await proposeToAll(deps, 'replied', 'system.auto_resolve');
  report.autoClosed = await proposeToAll(deps, 'resolved', 'system.auto_close');
  report.deadlinesMissed = await recordMissedDeadlines(deps);
  // Before the deliveries, so an alert's webhook goes out in the round that raised it.
  report.alertsRaised = await raiseDeadlineAlerts(deps);
  report.webhooksDelivered = (await deliverWebhooks(deps)).delivered;
  await deps.limiter.forgetIdle(deps.now().getTime());
  await deleteLapsedStreamSlots(deps.db, deps.now().getTime());
  await deleteLapsedPresence(deps.db, deps.now().getTime());
  report.liveEventsPurged = await purgeLiveEvents(deps.db, deps.now().getTime());
  report.auditPurged = await purgeAudit(deps);
  return report;
}

/** Offers `type` to every complaint in `status`, oldest change first; the machine decides which are due. */
async function proposeToAll(
  deps: AppDeps,
  status: SubmissionRow['status'],
  type: Extract<ComplaintEventType, `system.${string}`>,
): Promise<number> {
  const rows = await deps.db
    .selectFrom('submissions')
    .selectAll()
    .where('status', '=', status)
    .where('lifecycle_json', 'is not', null)
    .orderBy('updated_at')
    .limit(BATCH)
    .execute();
  let applied = 0;
  for (const row of rows) {
    const site = deps.registry.getSite(row.site);
    if (!site) continue;
    try {
      await deps.db.transaction().execute(async (tx) => {
        const current = await tx
          .selectFrom('submissions')
          .selectAll()
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow();
        await applyEvent(
          tx,
          site,
          current,
          { type, actor: { role: SYSTEM.role, id: SYSTEM.id }, at: deps.now().toISOString() },
          SYSTEM,
          { expectedVersion: row.version },
        );
      });
      applied++;
    } catch (error) {
      // Not due yet, or someone acted meanwhile: the next round looks again.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    }
  }
  return applied;
}

/** Deadlines whose due instant has passed unmet get `missed_at` and a line in the timeline, once. */
async function recordMissedDeadlines(deps: AppDeps): Promise<number> {
  const nowIso = deps.now().toISOString();
  const due = await deps.db
    .selectFrom('complaint_deadlines')
    .select(['submission_id', 'name', 'due_at'])
    .where('met_at', 'is', null)
    .where('missed_at', 'is', null)
    .where('due_at', '<=', nowIso)
    .limit(BATCH)
    .execute();
  let missed = 0;
  for (const deadline of due) {
    await deps.db.transaction().execute(async (tx) => {
      const marked = await tx
        .updateTable('complaint_deadlines')
        .set({ missed_at: deadline.due_at })
        .where('submission_id', '=', deadline.submission_id)
        .where('name', '=', deadline.name)
        .where('missed_at', 'is', null)
        .executeTakeFirst();
      if (marked.numUpdatedRows !== 1n) return;
      const row = await tx
        .selectFrom('submissions')
        .selectAll()
        .where('id', '=', deadline.submission_id)
        .executeTakeFirstOrThrow();
      await recordNote(tx, row, 'deadline.missed', SYSTEM, { deadline: deadline.name as DeadlineName }, nowIso);
      missed++;
    });
  }
  return missed;
}

/** Runs the sweep every `intervalMs` until stopped; errors are logged, never thrown into the server. */
export function startSweeper(deps: AppDeps, intervalMs: number): { stop(): Promise<void> } {
  const holder = `instance-${randomUUID()}`;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await sweepOnce(deps, holder, Math.max(intervalMs * 3, 10_000));
      } catch (error) {
        deps.log('error', 'sweep failed', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
