/**
 * What every route that changes a site's configuration, secrets or tokens
 * does alike: who the change is by, and serving it on this instance at once.
 */
import type { AppDeps } from '../context';
import type { Author } from '../sites/store';
import type { StaffPrincipal } from '../staff/identity';

export const authorOf = (member: StaffPrincipal): Author => ({ principal: member.principal, name: member.name });

/**
 * Reloads this instance's sites now, so what was just changed is what it
 * serves. A failed reload is only logged: the change is committed, and the
 * next poll (a second) serves it, so the admin is not told it failed.
 */
export async function serveAtOnce(deps: AppDeps): Promise<void> {
  try {
    await deps.registry.refresh?.(true);
  } catch (error) {
    deps.log('warn', 'changed, but could not reload the sites at once; the next poll will', {
      error: (error as Error).message,
    });
  }
}
