/**
 * POST /v1/feedback/{id}/withdraw — the submitter takes their submission back
 * (undo for user mistakes), only while no staff member has acted on it.
 */
import { clientAddress } from '../client-address';
import { limitWrite } from '../write-limits';
import type { Context } from 'hono';
import { WithdrawRequest } from '../../contract/feedback';
import type { WithdrawResult } from '../../contract/feedback';
import { HEADERS } from '../../contract/headers';
import { actorKey, identify } from '../auth';
import type { Actor } from '../auth';
import { checkOrigin, parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { ApiError, notFound } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { asLifecycleActor } from '../complaints/access';
import { applyEvent, publish } from '../complaints/lifecycle';
import { accessKeyMatches } from '../tracking';
import { respond } from './respond';

/** The same answer for "no such submission" and "not yours": existence is not revealed. */
const NOT_FOUND_MESSAGE = 'no submission with this id belongs to you';

export async function postWithdraw(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(WithdrawRequest, raw);
  const id = c.req.param('id') ?? '';

  const row = await deps.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  const site = row && deps.registry.getSite(row.site);
  if (!row || !site) throw notFound(NOT_FOUND_MESSAGE);
  checkOrigin(site, c.req.header('Origin'));
  const actor = await identify(
    site,
    { authorization: c.req.header('Authorization'), device: c.req.header(HEADERS.device) },
    deps.now(),
  );
  if (!owns(actor, row, input.accessKey)) throw notFound(NOT_FOUND_MESSAGE);

  const scope = { site: site.id, actor: actorKey(actor), key };
  const hash = requestHash('POST', `/v1/feedback/${id}/withdraw`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  await limitWrite(deps, site, actor, clientAddress(c, deps.trustedProxyHops), 'feedback', deps.now());

  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    // Read again inside the transaction: staff may have acted since.
    const current = await tx
      .selectFrom('submissions')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (current.status !== 'submitted') {
      throw new ApiError(
        409,
        'not_withdrawable',
        `this submission is ${current.status} and can no longer be withdrawn`,
      );
    }
    const at = deps.now().toISOString();
    if (row.lifecycle_json !== null) {
      // A complaint changes only through its lifecycle, which also writes the timeline and tells the tracker.
      const complaint = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const who = asLifecycleActor(actor);
      await applyEvent(
        tx,
        site,
        complaint,
        {
          type: 'withdraw',
          actor: { role: who.role, id: who.id },
          at,
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
        },
        who,
        {
          body: input.reason !== undefined ? { reason: input.reason } : {},
        },
      );
    } else {
      const updated = await tx
        .updateTable('submissions')
        .set({
          status: 'withdrawn',
          withdrawn_at: at,
          withdraw_reason: input.reason ?? null,
          updated_at: at,
          version: current.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', current.version)
        .executeTakeFirst();
      // Someone changed the row between our read and write: a lost race is a 409.
      if (updated.numUpdatedRows !== 1n)
        throw new ApiError(409, 'conflict', 'the submission changed meanwhile; load it again');
      await publish(tx, row, { status: 'withdrawn', version: current.version + 1, at, by: null, user: false });
    }
    const result: WithdrawResult = { id, status: 'withdrawn', withdrawnAt: at };
    return { answer: { status: 200, body: result } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}

/** An identified user owns what they submitted under their token; anyone holding the access key owns an anonymous one. */
function owns(actor: Actor, row: SubmissionRow, accessKey: string | undefined): boolean {
  if (row.submitter_type === 'user') return actor.type === 'user' && actor.id === row.submitter_id;
  return accessKeyMatches(accessKey, row.access_key_hash);
}
