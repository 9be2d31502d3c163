/**
 * What a publish does to complaints already open when it brings calendar
 * data for a year their version had none for (version-sla.ts: such a
 * version takes that year from the published one). Each open complaint of
 * such a version whose deadlines move because of it (a due instant, the
 * time left while paused, or the "estimated" mark) gets them stored again,
 * with the queue's columns, and a `calendar.corrected` line in its
 * timeline, seen by the user and by staff, naming the years: a promised
 * date moved, and both are told why. Complaints whose deadlines stay as
 * they were get nothing. Runs in the publish's transaction.
 */
import type { Deadline } from '../../contract/complaints';
import type { SiteSla } from '../../sla';
import type { DbExecutor } from '../blobs';
import { dueColumns, parseClockState } from '../complaints/clock-state';
import { deadlinesAt, deadlinesBy, recordNote, storeDeadlines, type NamedActor } from '../complaints/lifecycle';
import { buildSite, type SiteRows } from './live-registry';
import { canonicalJson } from './document';
import { slaFromRules, slaRulesOf } from './version-sla';

/** The line is the server's, as the sweep's are: no person made it. */
const CALENDAR: NamedActor = { role: 'system', id: 'calendar', name: null };

/** Statuses whose deadlines are settled: nothing is owed by a date any more. */
const SETTLED = ['resolved', 'closed', 'withdrawn', 'rejected'] as const;

/** What of a complaint's deadlines a calendar can move. */
const datesOf = (deadlines: readonly Deadline[]) =>
  canonicalJson(
    deadlines.map((d) => [d.name, d.due, d.estimated, d.status === 'paused' ? Math.round(d.msLeft / 1000) : null]),
  );

/**
 * After `before` (the site's rows as they were) became `after` (with the
 * new version published), corrects the open complaints as above; how many.
 */
export async function correctCalendars(tx: DbExecutor, before: SiteRows, after: SiteRows, at: string): Promise<number> {
  const firstVersion = Number(before.versions[0]?.version);
  // Per version received under: its rules before the publish, and the years whose borrowed data changed.
  const changed = new Map<number, { was: SiteSla; years: number[] }>();
  for (const row of before.versions) {
    const version = Number(row.version);
    const was = slaRulesOf(before.versions, Number(before.site.published_version), version);
    const is = slaRulesOf(after.versions, Number(after.site.published_version), version);
    if (!was || !is) continue;
    const years = [...new Set([...Object.keys(was.borrowed), ...Object.keys(is.borrowed)])]
      .filter((year) => canonicalJson(was.borrowed[year] ?? null) !== canonicalJson(is.borrowed[year] ?? null))
      .map(Number)
      .sort((a, b) => a - b);
    if (years.length) changed.set(version, { was: slaFromRules(was), years });
  }
  if (!changed.size) return 0;

  const site = buildSite(after);
  const versions = [...changed.keys()];
  const rows = await tx
    .selectFrom('submissions')
    .selectAll()
    .where('site', '=', site.id)
    .where('sla_json', 'is not', null)
    .where('status', 'not in', SETTLED)
    .where((eb) =>
      eb.or([
        eb('config_version', 'in', versions),
        ...(changed.has(firstVersion) ? [eb('config_version', 'is', null)] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  let corrected = 0;
  for (const row of rows) {
    const { was, years } = changed.get(row.config_version ?? firstVersion)!;
    const clock = parseClockState(row.sla_json);
    const is = deadlinesAt(site, row, row.status, clock, at);
    if (datesOf(deadlinesBy(was, row, row.status, clock, at)) === datesOf(is)) continue;
    // "Due soon" on the current schedule, as everywhere (clock-state.ts, dueSoonFrom).
    await tx.updateTable('submissions').set(dueColumns(site.sla, is)).where('id', '=', row.id).execute();
    await storeDeadlines(tx, site, row, is);
    await recordNote(tx, row, 'calendar.corrected', CALENDAR, { years }, at);
    corrected++;
  }
  return corrected;
}
