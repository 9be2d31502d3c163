/**
 * The one way to write `live_events` rows, what the live streams
 * (routes/stream.ts) send: the rows, inside the caller's transaction, and the
 * wake that tells open streams of their audience to read now (see
 * db/live-wakes.ts), so no writer can add rows and forget the wake. A test
 * holds every other file of the server to this (live-wakes.test.ts).
 */
import { sql, type Insertable } from 'kysely';
import type { DbExecutor } from './blobs';
import { noteLiveRows, wakeKey } from './db/live-wakes';
import { dialectOf } from './db/open';
import { LIVE_CHANNEL } from './db/pg-listener';
import type { LiveEventsTable } from './db/schema';

export type NewLiveEvent = Omit<Insertable<LiveEventsTable>, 'id'>;

export async function insertLiveEvents(tx: DbExecutor, events: readonly NewLiveEvent[]): Promise<void> {
  if (!events.length) return;
  await tx.insertInto('live_events').values(events).execute();
  const keys = [...new Set(events.map((event) => wakeKey(event.site, event.audience)))];
  if (dialectOf(tx) === 'postgres')
    // Delivered by PostgreSQL when the transaction commits, to every instance's listener; dropped on rollback.
    await sql`select pg_notify(${LIVE_CHANNEL}, key) from unnest(${keys}::text[]) as key`.execute(tx);
  else noteLiveRows(tx, keys);
}
