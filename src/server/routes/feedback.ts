/** POST /v1/feedback — receive one submission and answer with its receipt. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { validateValues } from '../../config/validate-values';
import { offeredForm } from '../../config/offered-form';
import { FeedbackSubmission } from '../../contract/feedback';
import type { Receipt } from '../../contract/feedback';
import { HEADERS } from '../../contract/headers';
import { checkContentTypes, decodeAttachments } from '../attachments';
import type { Deadline } from '../../contract/complaints';
import { publish, startComplaint } from '../complaints/lifecycle';
import type { DecodedAttachment } from '../attachments';
import { actorKey, identify } from '../auth';
import type { Actor } from '../auth';
import type { DbExecutor } from '../blobs';
import { isUniqueViolation } from '../db/open';
import { clientAddress } from '../client-address';
import { checkOrigin, parseWith, readJson, requireSite } from '../context';
import type { AppDeps } from '../context';
import { validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import type { IdempotencyScope, StoredAnswer } from '../idempotency';
import { configVersionOf, type Site } from '../registry';
import { deriveAccessKey, hashAccessKey, makeTrackingNumber } from '../tracking';
import { respond } from './respond';
import { indexSubmission } from '../search/index-rows';
import { noteSeen } from '../points/activity';
import { limitWrite, uploadBytesOf } from '../write-limits';

export async function postFeedback(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(FeedbackSubmission, raw);
  const site = requireSite(deps, input.site);
  checkOrigin(site, c.req.header('Origin'));
  const now = deps.now();
  const actor = await identify(
    site,
    { authorization: c.req.header('Authorization'), device: c.req.header(HEADERS.device) },
    now,
  );
  await noteSeen(deps, site.id, actor);

  const scope: IdempotencyScope = { site: site.id, actor: actorKey(actor), key };
  const hash = requestHash('POST', '/v1/feedback', raw);
  // A retry of a request we already answered is answered again before any
  // limit applies: it costs nothing and the client must learn its receipt.
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, withAccessKey(earlier, actor, deps), true);

  await limitWrite(
    deps,
    site,
    actor,
    clientAddress(c, deps.trustedProxyHops),
    'feedback',
    now,
    uploadBytesOf(input.attachments),
  );

  const form = site.publicConfig.forms[input.form];
  if (!form)
    throw validationFailed([
      { path: 'form', code: 'unknown_form', message: `site "${site.id}" has no form "${input.form}"` },
    ]);
  const attachments = decodeAttachments(input.attachments);
  // Only what is offered is taken: a retired category or field keeps what was sent with it, nothing new.
  const problems = validateValues(offeredForm(form), {
    kind: input.kind,
    category: input.category,
    fields: input.fields,
    attachments,
  });
  if (problems.length) throw validationFailed(problems);
  checkContentTypes(attachments);

  // A tracking number collision (29^6 per day, so rare) or a lost race on a
  // unique index makes the whole write run again; commitOnce then replays the
  // winner's answer if the race was for the same idempotency key.
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = await commitOnce(deps.db, scope, hash, deps.now, (tx) =>
        insertSubmission(tx, deps, site, actor, input, attachments),
      );
      return respond(
        c,
        outcome.replayed ? withAccessKey(outcome.answer, actor, deps) : outcome.answer,
        outcome.replayed,
      );
    } catch (error) {
      if (attempt < 3 && (error instanceof TrackingNumberTaken || isUniqueViolation(error))) continue;
      throw error;
    }
  }
}

class TrackingNumberTaken extends Error {}

async function insertSubmission(
  tx: DbExecutor,
  deps: AppDeps,
  site: Site,
  actor: Actor,
  input: FeedbackSubmission,
  attachments: DecodedAttachment[],
): Promise<{ answer: StoredAnswer; stored: StoredAnswer }> {
  const id = randomUUID();
  const receivedAt = deps.now();
  const at = receivedAt.toISOString();
  const trackingNumber = makeTrackingNumber(receivedAt, site.settings.timezone);
  const taken = await tx
    .selectFrom('submissions')
    .select('id')
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst();
  if (taken) throw new TrackingNumberTaken();
  const accessKey = actor.type === 'device' ? deriveAccessKey(deps.registry.serverSecret, id) : undefined;

  await tx
    .insertInto('submissions')
    .values({
      id,
      site: site.id,
      form: input.form,
      kind: input.kind,
      category: input.category,
      channel: 'web',
      status: 'submitted',
      submitter_type: actor.type,
      submitter_id: actor.id,
      access_key_hash: accessKey ? hashAccessKey(accessKey) : null,
      tracking_number: trackingNumber,
      locale: input.locale,
      fields_json: JSON.stringify(input.fields),
      client_submitted_at: input.clientSubmittedAt,
      received_at: at,
      updated_at: at,
      withdrawn_at: null,
      withdraw_reason: null,
      version: 1,
      // Its deadlines count by this version's policies for as long as it is open (sites/version-sla.ts).
      config_version: configVersionOf(site),
    })
    .execute();
  // Found by staff search from the moment it exists (and never if this rolls back).
  await indexSubmission(
    tx,
    { id, site: site.id, kind: input.kind, fields: input.fields },
    site.publicConfig.forms[input.form],
  );

  let replyBy: Receipt['replyBy'];
  if (input.kind === 'complaint') {
    const row = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const deadlines = await startComplaint(tx, site, row, {
      role: 'user',
      id: actor.id,
      name: actor.type === 'user' ? (actor.name ?? null) : null,
    });
    replyBy = promisedReply(deadlines);
  } else {
    // Feedback of the other kinds enters no lifecycle, but the staff queue shows it the moment it arrives.
    await publish(
      tx,
      { id, site: site.id, tracking_number: trackingNumber, submitter_type: actor.type, submitter_id: actor.id },
      { status: 'submitted', version: 1, at, by: null, user: false },
    );
  }

  const attachmentSummaries: Receipt['attachments'] = [];
  for (const a of attachments) {
    const attachmentId = randomUUID();
    const blobKey = `attachments/${id}/${attachmentId}`;
    await deps.blobs.put(blobKey, a.bytes, tx);
    await tx
      .insertInto('attachments')
      .values({
        id: attachmentId,
        submission_id: id,
        field: a.field,
        name: a.name,
        type: a.type,
        size: a.size,
        blob_key: blobKey,
      })
      .execute();
    attachmentSummaries.push({ id: attachmentId, name: a.name, type: a.type, size: a.size });
  }

  const receipt: Receipt = {
    id,
    trackingNumber,
    site: site.id,
    kind: input.kind,
    category: input.category,
    channel: 'web',
    status: 'submitted',
    receivedAt: at,
    attachments: attachmentSummaries,
    ...(replyBy ? { replyBy } : {}),
  };
  // The stored answer leaves the access key out: the database keeps only its hash.
  return {
    stored: { status: 201, body: receipt },
    answer: { status: 201, body: accessKey ? { ...receipt, accessKey } : receipt },
  };
}

/** The first-reply promise of a new complaint, in working days, when its policy counts working time. */
function promisedReply(deadlines: readonly Deadline[]): Receipt['replyBy'] {
  const reply = deadlines.find((d) => d.name === 'firstReply');
  if (!reply?.due || reply.measure !== 'working' || !reply.businessDayMs) return undefined;
  return { due: reply.due, workingDays: Math.round((reply.msLeft / reply.businessDayMs) * 100) / 100 };
}

/** A replayed receipt of an anonymous submission gets its access key back (derived again, never stored). */
function withAccessKey(answer: StoredAnswer, actor: Actor, deps: AppDeps): StoredAnswer {
  if (actor.type !== 'device' || answer.status !== 201) return answer;
  const receipt = answer.body as Receipt;
  return {
    status: answer.status,
    body: { ...receipt, accessKey: deriveAccessKey(deps.registry.serverSecret, receipt.id) },
  };
}
