/**
 * Who may see and act on a complaint. A user sees only their own: a
 * complaint that is not theirs is a 404, exactly like one that does not
 * exist, so ids cannot be probed. Staff are known by src/server/staff.
 */
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import { identify, type Actor } from '../auth';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { notFound } from '../errors';
import type { Site } from '../registry';
import { accessKeyMatches } from '../tracking';
import { noteSeen } from '../points/activity';
import type { NamedActor } from './lifecycle';

/** One answer for "no such complaint" and "not yours". */
export const NOT_YOURS = 'no complaint with this id belongs to you';

/** The end user asking, from the host token or the device id. */
export async function userOf(c: Context, deps: AppDeps, site: Site): Promise<Actor> {
  const actor = await identify(
    site,
    { authorization: c.req.header('Authorization'), device: c.req.header(HEADERS.device) },
    deps.now(),
  );
  await noteSeen(deps, site.id, actor);
  return actor;
}

/** An identified user owns what they submitted under their token; a device owns what it submitted, or what its access key opens. */
export function owns(actor: Actor, row: SubmissionRow, accessKey: string | undefined): boolean {
  if (row.submitter_type === 'user') return actor.type === 'user' && actor.id === row.submitter_id;
  if (actor.type === 'device' && actor.id === row.submitter_id) return true;
  return accessKeyMatches(accessKey, row.access_key_hash);
}

export function asLifecycleActor(actor: Actor): NamedActor {
  return { role: 'user', id: actor.id, name: actor.type === 'user' ? (actor.name ?? null) : null };
}

/** A complaint of `site`… by id, or 404. Other kinds of feedback have no lifecycle and are not complaints. */
export async function loadComplaint(deps: AppDeps, id: string): Promise<{ row: SubmissionRow; site: Site }> {
  const row = await deps.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  const site = row && deps.registry.getSite(row.site);
  if (!row || !site || row.lifecycle_json === null) throw notFound(NOT_YOURS);
  return { row, site };
}

/**
 * Any submission by id, with its site, or 404: what staff open from the
 * queue (a complaint, or a suggestion, praise or report, which have no
 * lifecycle: no deadlines, no actions).
 */
export async function loadSubmission(deps: AppDeps, id: string): Promise<{ row: SubmissionRow; site: Site }> {
  const row = await deps.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  const site = row && deps.registry.getSite(row.site);
  if (!row || !site) throw notFound(NOT_YOURS);
  return { row, site };
}
