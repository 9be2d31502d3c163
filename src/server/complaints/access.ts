/**
 * Who may see and act on a complaint. A user sees only their own: a
 * complaint that is not theirs is a 404, exactly like one that does not
 * exist, so ids cannot be probed. Staff are known by the bearer token the
 * registry lists (only its SHA-256 is stored) and act with their roles.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { ActorRole } from '../../contract/complaint-vocabulary';
import { HEADERS } from '../../contract/headers';
import { identify, type Actor } from '../auth';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { ApiError, notFound } from '../errors';
import type { Site, StaffRole } from '../registry';
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

export interface StaffMember {
  name: string;
  roles: readonly StaffRole[];
}

/**
 * The staff member whose bearer token this is, on the complaint's `site`.
 * A token no site lists is a 401; a valid token of another site gets the
 * same 404 as a complaint that does not exist.
 */
export function staffOf(c: Context, deps: AppDeps, siteId?: string): StaffMember & { site: Site } {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization')?.trim() ?? '');
  if (!match) throw new ApiError(401, 'unauthorized', 'staff requests need "Authorization: Bearer <staff token>"');
  const presented = createHash('sha256').update(match[1]!, 'utf8').digest();
  let known = false;
  for (const site of deps.registry.sites) {
    const entry = site.staffTokens.find((t) => {
      const stored = Buffer.from(t.tokenSha256, 'hex');
      return stored.length === presented.length && timingSafeEqual(stored, presented);
    });
    if (!entry) continue;
    known = true;
    if (siteId === undefined || site.id === siteId) return { name: entry.name, roles: entry.roles, site };
  }
  if (!known) throw new ApiError(401, 'unauthorized', 'this staff token is not valid');
  throw notFound(siteId === undefined ? 'not found' : `no such complaint or site for this staff token`);
}

/**
 * The roles a staff member tries an action with, strongest first: a
 * member who is both agent and arbitrator acts as whichever the machine
 * accepts. Staff are known to the machine by their registry name.
 */
export function staffActors(member: StaffMember): NamedActor[] {
  const order: ActorRole[] = ['admin', 'arbitrator', 'agent'];
  return order
    .filter((role) => member.roles.includes(role as StaffRole))
    .map((role) => ({ role, id: `staff:${member.name}`, name: member.name }));
}
