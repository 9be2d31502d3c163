/**
 * Who of a site's staff is on a complaint now (migration 014-presence): a
 * leased row per complaint and principal, renewed by the console while its
 * view is open, and a `presence.changed` event for the site's staff stream
 * in the same transaction, so every console (on any instance) hears it the
 * way it hears `queue.changed`. Names and ids only: nothing here reads or
 * carries the complaint's data, so none of it is an audited read.
 */
import { PRESENCE_TTL_S, type PresenceNotice, type PresenceState } from '../../contract/staff-presence';
import type { Kysely } from 'kysely';
import type { Database, StaffPresenceTable } from '../db/schema';

type StaffPresenceRow = StaffPresenceTable;
import { staffAudienceOf } from '../complaints/lifecycle';
import { insertLiveEvents } from '../live-events';
import type { StaffPrincipal } from './identity';

/**
 * Records `state` for `member` on the submission and announces it; answers
 * who else is on it now. `left` removes the row (its notice expires at once).
 * Lapsed rows of the submission go in the same write.
 */
export async function recordPresence(
  db: Kysely<Database>,
  member: StaffPrincipal,
  submissionId: string,
  state: PresenceState,
  now: Date,
): Promise<PresenceNotice[]> {
  const nowMs = now.getTime();
  const expiresMs = state === 'left' ? nowMs : nowMs + PRESENCE_TTL_S * 1000;
  const notice: PresenceNotice = {
    complaintId: submissionId,
    principal: member.principal,
    name: member.name,
    state,
    at: now.toISOString(),
    expiresAt: new Date(expiresMs).toISOString(),
  };
  return db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('staff_presence')
      .where('submission_id', '=', submissionId)
      .where((eb) => eb.or([eb('expires_ms', '<=', nowMs), eb('principal', '=', member.principal)]))
      .execute();
    if (state !== 'left')
      await tx
        .insertInto('staff_presence')
        .values({
          submission_id: submissionId,
          site: member.site.id,
          principal: member.principal,
          name: member.name,
          state,
          expires_ms: expiresMs,
        })
        .execute();
    await insertLiveEvents(tx, [
      {
        site: member.site.id,
        audience: staffAudienceOf(member.site.id),
        topic: 'presence.changed',
        payload_json: JSON.stringify(notice),
        created_at: notice.at,
      },
    ]);
    const others = await tx
      .selectFrom('staff_presence')
      .select(['principal', 'name', 'state', 'expires_ms'])
      .where('submission_id', '=', submissionId)
      .where('principal', '!=', member.principal)
      .where('expires_ms', '>', nowMs)
      .orderBy('principal')
      .execute();
    return others.map((row) => noticeOf({ ...row, submission_id: submissionId }, notice.at));
  });
}

/** Who of `member`'s site is on which complaint now, but `member`. */
export async function presentOnSite(
  db: Kysely<Database>,
  member: StaffPrincipal,
  now: Date,
): Promise<PresenceNotice[]> {
  const rows = await db
    .selectFrom('staff_presence')
    .select(['submission_id', 'principal', 'name', 'state', 'expires_ms'])
    .where('site', '=', member.site.id)
    .where('expires_ms', '>', now.getTime())
    .where('principal', '!=', member.principal)
    .orderBy('submission_id')
    .orderBy('principal')
    .execute();
  return rows.map((row) => noticeOf(row, now.toISOString()));
}

/** A row as the stream says it: its lease counted from `at`, the server's now. */
function noticeOf(
  row: Pick<StaffPresenceRow, 'submission_id' | 'principal' | 'name' | 'state' | 'expires_ms'>,
  at: string,
): PresenceNotice {
  return {
    complaintId: row.submission_id,
    principal: row.principal,
    name: row.name,
    state: row.state,
    at,
    expiresAt: new Date(Number(row.expires_ms)).toISOString(),
  };
}

/** The sweep: rows whose lease lapsed on complaints nobody wrote a presence for since (the table stays the size of who is on duty). */
export async function deleteLapsedPresence(db: Kysely<Database>, nowMs: number): Promise<void> {
  await db.deleteFrom('staff_presence').where('expires_ms', '<=', nowMs).execute();
}
