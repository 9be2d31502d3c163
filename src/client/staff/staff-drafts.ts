/**
 * The staff runtime's drafts belong to one principal each (their keys start
 * with it): a reply or note typed survives a reload and a token running out,
 * but never reaches another person on the same device. When someone signs
 * out, or another principal signs in, the drafts of everyone else go.
 */
import { openUsercareDB } from '../../storage/idb-store';

/** The staff runtime's own IndexedDB database: apart from the end user's, so a shop tab never sees staff data. */
export const STAFF_DB_NAME = 'usercare-staff';

/** A staff draft's key: its principal, then what it is for (`c-<complaint id>` for a reply, `n-<id>` for a note). */
export const staffDraftKey = (principal: string, what: string): string => `${principal}/${what}`;

/** Deletes every draft not of `keep` (all of them when `keep` is undefined). Nothing to do on a device that never made the database. */
export async function purgeStaffDrafts(keep: string | undefined): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  if (typeof indexedDB.databases === 'function' && !(await indexedDB.databases()).some((d) => d.name === STAFF_DB_NAME))
    return;
  const db = await openUsercareDB(STAFF_DB_NAME);
  try {
    const tx = db.transaction('drafts', 'readwrite');
    for (const key of await tx.store.getAllKeys())
      if (keep === undefined || !String(key).startsWith(`${keep}/`)) await tx.store.delete(key);
    await tx.done;
  } finally {
    db.close();
  }
}
