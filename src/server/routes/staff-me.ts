/**
 * GET /v1/staff/me?site=… — who the token says is asking, and what the
 * server lets them do: the console shows exactly the actions these
 * permissions allow, computed by the same function every staff route asks.
 */
import type { Context } from 'hono';
import { INTAKE_CLOCK_SKEW_S, type StaffMe } from '../../contract/staff';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import { staffOf } from '../staff/identity';
import { permissionsOf } from '../staff/permissions';

export async function getStaffMe(c: Context, deps: AppDeps): Promise<Response> {
  const siteId = c.req.query('site');
  if (siteId === undefined || siteId === '') {
    await staffOf(c, deps); // who asks comes first: no token is a 401 whatever the query
    throw new ApiError(400, 'invalid_request', 'site is required');
  }
  const principal = await staffOf(c, deps, siteId);
  const me: StaffMe = {
    site: principal.site.id,
    principal: principal.principal,
    kind: principal.kind,
    name: principal.name,
    roles: [...principal.roles],
    permissions: permissionsOf(principal, principal.site),
    expiresAt: principal.expiresAt,
    intake: { maxAgeDays: principal.site.settings.staff.intakeMaxAgeDays, clockSkewSeconds: INTAKE_CLOCK_SKEW_S },
  };
  c.header('Cache-Control', 'no-store');
  return c.json(me);
}
