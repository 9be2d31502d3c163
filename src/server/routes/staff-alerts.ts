/**
 * Deadline alerts for the staff console (complaints/deadline-alerts.ts):
 *
 * - GET /v1/staff/alerts?site=…&cursor=…&limit=… — any staff member: the
 *   alerts of the complaints assigned to them and of those nobody works,
 *   newest first, each with whether and by whom it was dismissed, and how
 *   many are open. Not audited, like the staff stream that announces them:
 *   an alert names a complaint, a deadline and an instant, no one's data.
 * - POST /v1/staff/alerts/dismiss {site, ids} — the `work` permission (a
 *   supervisor writes nothing); idempotent by key; one `alert.dismiss`
 *   audit entry per alert dismissed, in the same transaction.
 */
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import { DismissAlertsRequest, type DismissedAlerts } from '../../contract/staff';
import { dismissAlerts, readAlerts } from '../complaints/deadline-alerts';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { limitParam } from '../query';
import { audit } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { idempotencyActorOf, requirePermission } from '../staff/permissions';
import { respond } from './respond';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

export async function getAlerts(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const page = await readAlerts(deps.db, member, {
    cursor: c.req.query('cursor'),
    limit: limitParam(c.req.query('limit'), DEFAULT_LIMIT, MAX_LIMIT),
  });
  c.header('Cache-Control', 'no-store');
  return c.json(page);
}

export async function postDismissAlerts(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(DismissAlertsRequest, raw);
  const member = await staffOf(c, deps, input.site);
  requirePermission(member, 'work');
  const scope = { site: member.site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('POST', '/v1/staff/alerts/dismiss', raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const now = deps.now();
    const { alerts, dismissed } = await dismissAlerts(tx, member, input.ids, now.toISOString());
    for (const alert of dismissed)
      await audit(
        tx,
        member,
        {
          action: 'alert.dismiss',
          subject: alert.complaintId,
          detail: { alert: alert.id, kind: alert.kind, deadline: alert.deadline, due: alert.due },
        },
        now,
      );
    const answer: DismissedAlerts = { items: alerts };
    return { answer: { status: 200, body: answer } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}
