/**
 * Live events are a hint that something changed, read by open streams and
 * by a client resuming after a short break; nobody reads them after
 * LIVE_EVENTS_KEEP_MS. The sweep deletes older rows, oldest first through
 * the primary key (ids grow with time), a batch at a time, so the table
 * stays as small as a week of changes however long the server runs. A
 * client resuming from before what was deleted is told it did not resume
 * (routes/stream.ts), and reloads what it shows.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/** A week: a device back from a weekend away still resumes; longer, it reloads. */
export const LIVE_EVENTS_KEEP_MS = 7 * 24 * 3600 * 1000;
const BATCH = 1000;

/** Deletes live events older than the keep; returns how many. */
export async function purgeLiveEvents(db: Kysely<Database>, nowMs: number): Promise<number> {
  const cutoff = new Date(nowMs - LIVE_EVENTS_KEEP_MS).toISOString();
  let purged = 0;
  for (;;) {
    const oldest = await db.selectFrom('live_events').select(['id', 'created_at']).orderBy('id').limit(BATCH).execute();
    // Ids grow with time: stop at the first row young enough to keep.
    const due = oldest.findIndex((row) => row.created_at >= cutoff);
    const upTo = due === -1 ? oldest.at(-1)?.id : due > 0 ? oldest[due - 1]!.id : undefined;
    if (upTo === undefined) return purged;
    const deleted = await db.deleteFrom('live_events').where('id', '<=', upTo).executeTakeFirst();
    purged += Number(deleted.numDeletedRows);
    if (due !== -1) return purged;
  }
}
