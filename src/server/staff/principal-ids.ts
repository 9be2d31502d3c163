/**
 * How staff are named in what the server stores: a principal, the one id
 * the lifecycle (conflict of interest), the audit log and idempotency know
 * them by. A person signed in by the host is `staff:person:<sub>`; a static
 * token from the registry, which is automation, is `staff:automation:<name>`.
 * A module without imports, so the lifecycle can read stored ids with it
 * without importing the staff side.
 */

export const PERSON_PREFIX = 'staff:person:';
export const AUTOMATION_PREFIX = 'staff:automation:';

export const personPrincipal = (sub: string): string => `${PERSON_PREFIX}${sub}`;
export const automationPrincipal = (name: string): string => `${AUTOMATION_PREFIX}${name}`;

/**
 * A stored staff actor id as a principal. Before staff signed in through the
 * host, every staff member was a static token and acted as `staff:<name>`;
 * those ids stay as they are in stored events, and read as the automation
 * principal they are now, so whoever replied under the old id still cannot
 * take up or rule on a dispute about that reply. Any other id (a user's, the
 * sweep's, a principal) is returned unchanged.
 */
export function currentPrincipal(id: string): string {
  if (!id.startsWith('staff:') || id.startsWith(PERSON_PREFIX) || id.startsWith(AUTOMATION_PREFIX)) return id;
  return automationPrincipal(id.slice('staff:'.length));
}
