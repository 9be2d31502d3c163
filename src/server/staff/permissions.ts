/**
 * What a staff principal may do: ONE function, `refusalOf`, decides every
 * permission. GET /v1/staff/me lists the permissions it grants, and every
 * staff route asks it before it acts, so what the console offers and what
 * the server takes cannot drift apart. The complaint lifecycle then decides
 * what a role may do to a complaint in its state (a 409 when it refuses);
 * a permission is whether the principal may ask at all (a 403).
 */
import { STAFF_PERMISSIONS, type StaffPermission, type StaffRole } from '../../contract/staff';
import type { ActorRole } from '../../contract/complaint-vocabulary';
import { ApiError } from '../errors';
import type { NamedActor } from '../complaints/lifecycle';
import type { Site } from '../registry';
import type { StaffPrincipal } from './identity';

/** The roles each permission is for; `reveal` is the site's to say (settings.staff.revealRoles). */
const ROLES_FOR: Record<Exclude<StaffPermission, 'reveal'>, readonly StaffRole[]> = {
  work: ['agent', 'arbitrator', 'admin'],
  note: ['agent', 'arbitrator', 'admin'],
  assign: ['agent', 'admin'],
  categorise: ['agent', 'admin'],
  rule: ['arbitrator', 'admin'],
  audit: ['supervisor', 'admin'],
  canned: ['admin'],
  moderate: ['agent', 'admin'],
  points: ['admin'],
  consents: ['admin'],
  configure: ['admin'],
};

/** What a permission lets one do, for the 403's message. */
const WHAT: Record<StaffPermission, string> = {
  work: 'working complaints',
  note: 'writing internal notes',
  assign: 'assigning complaints',
  categorise: 'changing a complaint’s category',
  reveal: 'seeing a contact unmasked',
  rule: 'ruling on a dispute',
  audit: 'reading the audit log',
  canned: 'writing canned replies',
  moderate: 'deciding suggestions and reports, and penalties',
  points: 'incidents, point adjustments and code pools',
  consents: 'consent records',
  configure: 'the site’s configuration',
};

type Asker = Pick<StaffPrincipal, 'kind' | 'roles'>;

export function rolesFor(site: Site, permission: StaffPermission): readonly StaffRole[] {
  return permission === 'reveal' ? site.settings.staff.revealRoles : ROLES_FOR[permission];
}

/** What a person answers for, never a script: the message of the 403 `person_required` when automation asks. */
const PERSON_ONLY: Partial<Record<StaffPermission, string>> = {
  // A ruling decides a dispute between a user and the platform.
  rule: 'a ruling is made by a person signed in by the host, never with an automation token',
  // A site's configuration, its secrets and tokens among it, decides who may sign in and what the site does.
  configure:
    "a site's configuration, secrets and tokens are changed by a person signed in by the host, never with an automation token",
};

/**
 * Why `asker` may not have `permission` on `site`, or undefined when it may.
 * `reason` is the permission lacking, or `person_required` for what only a
 * person may do (PERSON_ONLY) asked by automation.
 */
export function refusalOf(
  asker: Asker,
  site: Site,
  permission: StaffPermission,
): { reason: string; message: string } | undefined {
  const roles = rolesFor(site, permission);
  if (!asker.roles.some((role) => roles.includes(role)))
    return {
      reason: permission,
      message: roles.length
        ? `${WHAT[permission]} needs the role ${roles.join(' or ')}`
        : `nobody may do this on this site: ${WHAT[permission]}`,
    };
  const personOnly = PERSON_ONLY[permission];
  if (personOnly !== undefined && asker.kind !== 'person') return { reason: 'person_required', message: personOnly };
  return undefined;
}

/** Every permission `asker` has on `site`, in the contract's order: what GET /v1/staff/me answers. */
export function permissionsOf(asker: Asker, site: Site): StaffPermission[] {
  return STAFF_PERMISSIONS.filter((p) => refusalOf(asker, site, p) === undefined);
}

/** A 403 `forbidden` (details.reason) unless the principal has the permission. */
export function requirePermission(principal: StaffPrincipal, permission: StaffPermission): void {
  const refusal = refusalOf(principal, principal.site, permission);
  if (refusal) throw new ApiError(403, 'forbidden', refusal.message, { reason: refusal.reason });
}

/**
 * The roles the principal tries a lifecycle event with, strongest first: a
 * member who is both agent and arbitrator acts as whichever the machine
 * accepts. The machine knows staff by their principal, so the conflict of
 * interest (whoever replied may not rule) compares principals. A supervisor
 * has no role in the lifecycle.
 */
export function lifecycleActors(principal: StaffPrincipal): NamedActor[] {
  const order: ActorRole[] = ['admin', 'arbitrator', 'agent'];
  return order
    .filter((role) => principal.roles.includes(role as StaffRole))
    .map((role) => ({ role, id: principal.principal, name: principal.name }));
}

/**
 * The idempotency scope of a principal's writes. Automation keeps the
 * `staff:<name>` scope static tokens always had, so a retry that spans an
 * upgrade still finds its first answer; a person's is their principal.
 */
export function idempotencyActorOf(principal: StaffPrincipal): string {
  return principal.kind === 'automation' ? `staff:${principal.id}` : principal.principal;
}

/** The part of a ledger entry's source that names who made it: as it always was for automation (a retry finds its entry), `person:<sub>` for a person. */
export function ledgerKeyOf(principal: StaffPrincipal): string {
  return principal.kind === 'automation' ? principal.id : `person:${principal.id}`;
}
