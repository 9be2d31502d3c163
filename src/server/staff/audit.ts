/**
 * The audit log: who on the staff side read, searched, revealed or changed
 * what, and when (the server's clock). Every staff read of a complaint, list
 * or search, every reveal and every staff write adds one entry; a write's
 * entry goes in the write's own transaction, so there is never a change
 * without its entry, nor an entry for a change that was rolled back. An
 * entry says what was done in a short summary (`detail`), never the
 * personal data itself.
 *
 * Entries cannot be changed, and are kept for the site's retention
 * (`settings.staff.auditRetentionDays`), fixed on each entry as
 * `purge_after` when it is written: the database refuses to update any entry
 * or delete one before then (migrations/008-audit-log.ts). The sweep
 * deletes what is due, in batches, and records the purge itself.
 *
 * An entry of a write goes in the write's transaction; the entries of reads
 * (outside any transaction) are group-committed, in rounds shared with the
 * revision checks of kept pages (./read-rounds.ts): each read still answers
 * only once its entry is committed.
 */
import { sql } from 'kysely';
import type { AuditEntry } from '../../contract/staff';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import { dialectOf } from '../db/open';
import type { AuditLogRow } from '../db/schema';
import { DEFAULT_SETTINGS } from '../registry-schema';
import { commitInRound, type NewAuditEntry } from './read-rounds';
import type { StaffPrincipal } from './identity';

const DAY_MS = 24 * 3600 * 1000;

/** What a detail may hold: short scalars. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditRecord {
  /** `complaint.read`, `queue.read`, `contact.reveal`, `complaint.action`, `points.penalty`, … */
  action: string;
  /** the complaint or feedback id, `user:<id>` for a user's points, or null */
  subject?: string | null;
  detail?: AuditDetail;
}

/** Who the sweep is in the log. */
export const SWEEP_PRINCIPAL = 'system:sweep';

function entryOf(
  who: { site: string; principal: string; name: string; retentionDays: number },
  record: AuditRecord,
  now: Date,
): NewAuditEntry {
  return {
    site: who.site,
    at: now.toISOString(),
    principal: who.principal,
    name: who.name,
    action: record.action,
    subject: record.subject ?? null,
    detail_json: JSON.stringify(record.detail ?? {}),
    purge_after: new Date(now.getTime() + who.retentionDays * DAY_MS).toISOString(),
  };
}

async function insertEntries(db: DbExecutor, entries: NewAuditEntry[]): Promise<void> {
  await db.insertInto('audit_log').values(entries).execute();
}

/**
 * One entry for what `principal` did; pass the write's transaction where
 * there is one. Settles once the entry is committed: with the transaction's
 * other writes, or for a read, in the next group commit.
 */
export function audit(db: DbExecutor, principal: StaffPrincipal, record: AuditRecord, now: Date): Promise<void> {
  const entry = entryOf(
    {
      site: principal.site.id,
      principal: principal.principal,
      name: principal.name,
      retentionDays: principal.site.settings.staff.auditRetentionDays,
    },
    record,
    now,
  );
  return db.isTransaction ? insertEntries(db, [entry]) : commitInRound(db, entry);
}

export function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at,
    principal: row.principal,
    name: row.name,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail_json) as AuditDetail,
  };
}

export interface AuditQuery {
  site: string;
  principal?: string | undefined;
  subject?: string | undefined;
  /** at or after (ISO) */
  from?: string | undefined;
  /** before (ISO) */
  to?: string | undefined;
  /** the last entry of the previous page */
  after?: { at: string; id: number } | undefined;
  limit: number;
}

/** A page of entries, newest first (then by id, highest first), and whether more follow. */
export async function readAudit(db: DbExecutor, query: AuditQuery): Promise<{ rows: AuditLogRow[]; more: boolean }> {
  let select = db
    .selectFrom('audit_log')
    .selectAll()
    .where('site', '=', query.site)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.principal !== undefined) select = select.where('principal', '=', query.principal);
  if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  const after = query.after;
  if (after)
    select = select.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
    );
  const rows = await select.execute();
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
}

/** How many due entries one delete takes; a round takes at most PURGE_BATCHES of them, the next round the rest. */
const PURGE_BATCH = 500;
const PURGE_BATCHES = 20;

/**
 * Deletes the entries whose `purge_after` has passed, in batches, and adds
 * one `audit.purge` entry per site with how many went. Due is by the
 * database's clock, the one its trigger refuses an early delete by, so the
 * server's clock running ahead never makes the sweep ask for a delete the
 * database refuses.
 */
export async function purgeAudit(deps: AppDeps): Promise<number> {
  const dueNow =
    dialectOf(deps.db) === 'postgres'
      ? sql<string>`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  const bySite = new Map<string, number>();
  let total = 0;
  for (let batch = 0; batch < PURGE_BATCHES; batch++) {
    const due = await deps.db
      .selectFrom('audit_log')
      .select(['id', 'site'])
      .where('purge_after', '<=', dueNow)
      .orderBy('purge_after')
      .limit(PURGE_BATCH)
      .execute();
    if (!due.length) break;
    const ids = new Map<string, number[]>();
    for (const row of due) ids.set(row.site, [...(ids.get(row.site) ?? []), row.id]);
    await deps.db.transaction().execute(async (tx) => {
      for (const [site, siteIds] of ids) {
        const deleted = await tx
          .deleteFrom('audit_log')
          .where('id', 'in', siteIds)
          .where('purge_after', '<=', dueNow)
          .executeTakeFirst();
        const count = Number(deleted.numDeletedRows);
        bySite.set(site, (bySite.get(site) ?? 0) + count);
        total += count;
      }
    });
    if (due.length < PURGE_BATCH) break;
  }
  const now = deps.now();
  for (const [site, count] of bySite) {
    if (!count) continue;
    const retentionDays =
      deps.registry.getSite(site)?.settings.staff.auditRetentionDays ?? DEFAULT_SETTINGS.staff.auditRetentionDays;
    await insertEntries(deps.db, [
      entryOf(
        { site, principal: SWEEP_PRINCIPAL, name: 'sweep', retentionDays },
        { action: 'audit.purge', detail: { count } },
        now,
      ),
    ]);
  }
  return total;
}
