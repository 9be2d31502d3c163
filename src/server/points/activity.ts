/**
 * Which signed-in users usercare saw, by the hour: an outage recorded without
 * a list of users compensates everyone seen while it lasted. One row per
 * user, site and UTC hour; each instance writes a row at most once an hour.
 */
import type { Actor } from '../auth';
import type { AppDeps } from '../context';

let hour = '';
let written = new Set<string>();

export async function noteSeen(deps: AppDeps, site: string, actor: Actor): Promise<void> {
  if (actor.type !== 'user') return;
  const now = deps.now().toISOString().slice(0, 13);
  if (now !== hour) {
    hour = now;
    written = new Set();
  }
  const key = `${site}\n${actor.id}`;
  if (written.has(key)) return;
  await deps.db
    .insertInto('user_activity')
    .values({ site, user_id: actor.id, hour: now })
    .onConflict((oc) => oc.columns(['site', 'hour', 'user_id']).doNothing())
    .execute();
  written.add(key);
}
