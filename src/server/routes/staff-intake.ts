/**
 * POST /v1/staff/complaints — a complaint received by another channel than
 * the web form (a hotline call, the site's mailbox, a letter, a visit to a
 * counter), logged by staff so it follows the same lifecycle, with its
 * deadlines running from when it was received, not from when it was typed
 * in. The user gets its tracking number and access key from the host (the
 * signed `complaint.logged_for_user` webhook, which the host sends on by SMS
 * or e-mail); staff see the tracking number only: the access key is in no
 * staff answer, view or audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { StaffComplaintRequest } from '../../contract/complaint-requests';
import type { Receipt } from '../../contract/feedback';
import { HEADERS } from '../../contract/headers';
import { INTAKE_CLOCK_SKEW_S } from '../../contract/staff';
import { createComplaint } from '../complaints/create';
import { intakeFields, receivedAtProblem } from '../complaints/intake';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import { validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { audit } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { idempotencyActorOf, lifecycleActors, requirePermission } from '../staff/permissions';
import type { LoggedForUserEvent } from '../../contract/webhooks';
import { queueWebhook } from '../webhooks';
import { respond } from './respond';

export async function postStaffComplaint(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(StaffComplaintRequest, raw);
  const member = await staffOf(c, deps, input.site);
  requirePermission(member, 'work');
  const site = member.site;

  const scope = { site: site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('POST', '/v1/staff/complaints', raw);
  // A retry gets its first answer even once `receivedAt` has aged past the limit.
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);

  const formId = input.form ?? Object.keys(site.publicConfig.forms)[0] ?? '';
  const form = site.publicConfig.forms[formId];
  if (!form)
    throw validationFailed([
      { path: 'form', code: 'unknown_form', message: `site "${site.id}" has no form "${formId}"` },
    ]);
  const receivedAt = new Date(input.receivedAt);
  const tooEarlyOrLate = receivedAtProblem(receivedAt, deps.now(), {
    maxAgeDays: site.settings.staff.intakeMaxAgeDays,
    skewSeconds: INTAKE_CLOCK_SKEW_S,
  });
  const values = intakeFields(form, input);
  const problems = [...(tooEarlyOrLate ? [tooEarlyOrLate] : []), ...(values.ok ? [] : values.problems)];
  if (problems.length || !values.ok) throw validationFailed(problems);

  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const row = await createComplaint(
      tx,
      site,
      {
        form: formId,
        category: input.category,
        channel: input.channel,
        locale: input.locale,
        fields: values.fields,
        // Without a host id the complaint belongs to nobody's tracker: the user opens it with its access key.
        submitter: input.userId
          ? { type: 'user', id: input.userId }
          : { type: 'device', id: `${input.channel}-${randomUUID()}` },
        recordedBy: lifecycleActors(member)[0]!,
        receivedAt,
      },
      deps.registry.serverSecret,
    );
    const { id, tracking_number: trackingNumber, received_at: at } = row;
    const now = deps.now().toISOString();
    const received = await tx
      .selectFrom('complaint_events')
      .select('id')
      .where('submission_id', '=', id)
      .where('type', '=', 'received')
      .executeTakeFirstOrThrow();
    const logged: LoggedForUserEvent = {
      type: 'complaint.logged_for_user',
      site: site.id,
      complaint: {
        id,
        trackingNumber,
        kind: 'complaint',
        category: input.category,
        channel: input.channel,
        receivedAt: at,
        accessKey: null,
      },
      contact: input.contact,
      locale: input.locale,
      submitter: input.userId ? { userId: input.userId } : { anonymous: true },
      at: now,
    };
    await queueWebhook(tx, site, logged, { eventId: Number(received.id), at: now });
    await audit(
      tx,
      member,
      {
        action: 'complaint.intake',
        subject: id,
        // What was logged, never the contact or the access key.
        detail: {
          channel: input.channel,
          category: input.category,
          trackingNumber,
          receivedAt: at,
          forUser: input.userId !== undefined,
        },
      },
      deps.now(),
    );
    const receipt: Receipt = {
      id,
      trackingNumber,
      site: site.id,
      kind: 'complaint',
      category: input.category,
      channel: input.channel,
      status: 'submitted',
      receivedAt: at,
      attachments: [],
    };
    return { answer: { status: 201, body: receipt } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}
