/**
 * The demo user's data, made when the demo starts: complaints in every state
 * of the lifecycle, then a points history and the reward pools. Each seed
 * checks the database, not the registry, so a demo started on a fresh
 * database (SQLite or PostgreSQL) gets its data even when the data folder
 * already has the demo's registry, and a second start adds nothing.
 */
import type { AppDeps } from '../context';
import { seedDemoComplaints } from './complaints-seed';
import { DEMO_SITE_ID, DEMO_USER } from './identities';
import { seedDemoPoints, withoutEarning } from './points-seed';

/** Seeds the demo site's demo user, if the registry has the demo site; logs what it made. */
export async function seedDemo(deps: AppDeps): Promise<void> {
  const site = deps.registry.getSite(DEMO_SITE_ID);
  if (!site) return;
  // The ratings among the complaints earn their points in seedDemoPoints, in time order with the rest of the history.
  const seeded = await seedDemoComplaints(deps, withoutEarning(site));
  if (seeded) deps.log('info', `seeded ${seeded} demo complaints for the demo user "${DEMO_USER}"`);
  const points = await seedDemoPoints(deps, site);
  if (points) {
    deps.log(
      'info',
      `seeded demo points for the demo user "${DEMO_USER}": ${points.entries} ledger entries since ${points.since.slice(0, 10)} (balance ${points.balance}, ${points.pending} pending, ${points.expiringSoon} expiring within 30 days) and ${points.codes} codes in ${points.pools} reward pools`,
    );
  }
}
