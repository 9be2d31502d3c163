/**
 * A lease in the database: with several server instances behind a load
 * balancer, only the holder runs the periodic sweep, and a crashed holder's
 * lease runs out so another instance takes over. The server keeps no state
 * of its own, so this is the only coordination there is.
 */
import { isUniqueViolation } from './db/open';
import type { DbExecutor } from './blobs';

/** True when `holder` holds lease `name` until `now + ttlMs` (taken fresh, renewed, or taken over after expiry). */
export async function acquireLease(
  db: DbExecutor,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const renewed = await db
    .updateTable('leases')
    .set({ holder, expires_at: expiresAt })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now.toISOString())]))
    .executeTakeFirst();
  if (renewed.numUpdatedRows === 1n) return true;
  try {
    await db.insertInto('leases').values({ name, holder, expires_at: expiresAt }).execute();
    return true;
  } catch (error) {
    // Someone else holds it (the row exists and is neither ours nor expired).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releaseLease(db: DbExecutor, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
