/**
 * POST /v1/staff/complaints/{id}/points: what a complaint gives or takes in
 * points, once per complaint and kind. Compensation goes to the signed-in
 * user who complained (points, a pool reward's code, or both); a penalty
 * takes from that user or from the user named (the site's `penaltyPoints`
 * when staff name no amount; never more than the balance). Each shows in the
 * user's points history with the complaint's tracking number and the
 * reason; the complaint view lists what was given (`pointsGiven`).
 */
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import { ComplaintPointsRequest, type ComplaintPointsGiven, type ComplaintPointsResult } from '../../contract/points';
import type { DbExecutor } from '../blobs';
import { loadComplaint, NOT_YOURS } from '../complaints/access';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import { isUniqueViolation } from '../db/open';
import type { SubmissionRow } from '../db/schema';
import { ApiError, notFound, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { toWire } from '../points/ledger';
import { complaintSource, giveIn, givableReward, takeIn } from '../points/staff-given';
import type { Site } from '../registry';
import { audit } from '../staff/audit';
import { staffCredential, type StaffPrincipal } from '../staff/identity';
import { idempotencyActorOf, requirePermission } from '../staff/permissions';
import { respond } from './respond';

/** What the complaint gave or took, oldest first: the complaint view's "given" list. */
export async function pointsGivenOf(db: DbExecutor, site: Site, complaintId: string): Promise<ComplaintPointsGiven[]> {
  const rows = await db
    .selectFrom('complaint_points')
    .selectAll()
    .where('submission_id', '=', complaintId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    user: r.user_id,
    points: r.points,
    reward: r.reward
      ? { id: r.reward, name: site.settings.points.catalogue.find((c) => c.id === r.reward)?.name ?? r.reward }
      : null,
    reason: r.reason,
    by: { principal: r.principal, name: r.name },
    at: r.created_at,
  }));
}

/** The request's problems beyond its shape, each naming its field. */
function check(site: Site, input: ComplaintPointsRequest): void {
  const compensation = input.kind === 'compensation';
  if (compensation && input.points === undefined && input.reward === undefined)
    throw validationFailed([
      { path: 'points', code: 'required', message: 'a compensation gives points, a reward or both' },
    ]);
  if (!compensation && input.reward !== undefined)
    throw validationFailed([{ path: 'reward', code: 'not_allowed', message: 'a penalty gives no reward' }]);
  if (compensation && input.user !== undefined)
    throw validationFailed([
      { path: 'user', code: 'not_allowed', message: 'a compensation goes to the user who complained' },
    ]);
  if (input.reward !== undefined && !givableReward(site, input.reward)) {
    const named = site.settings.points.catalogue.find((r) => r.id === input.reward);
    throw validationFailed([
      {
        path: 'reward',
        code: 'invalid_value',
        message: !named
          ? `no reward "${input.reward}" in this site's catalogue`
          : named.retired
            ? `"${input.reward}" is retired: the site no longer gives it`
            : `"${input.reward}" is issued by the site's webhook; a compensation gives a pool reward`,
      },
    ]);
  }
}

/**
 * POST /v1/staff/complaints/{id}/points (agent, admin: `moderate`;
 * Idempotency-Key; audited as `complaint.points`): 201 with what was given
 * and the entry; a second of the same kind is a 409 naming the kind.
 */
export async function postComplaintPoints(c: Context, deps: AppDeps): Promise<Response> {
  const credential = await staffCredential(c, deps);
  const id = c.req.param('id') ?? '';
  const { row, site } = await loadComplaint(deps, id);
  const member = credential.on(site, () => notFound(NOT_YOURS));
  requirePermission(member, 'moderate');
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(ComplaintPointsRequest, raw);
  check(site, input);
  const user = input.user ?? (row.submitter_type === 'user' ? row.submitter_id : undefined);
  if (user === undefined)
    throw new ApiError(
      409,
      'conflict',
      `this complaint was made without signing in: there is no points account to ${input.kind === 'compensation' ? 'compensate' : 'penalise'}`,
      { reason: 'no_account' },
    );
  const scope = { site: site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('POST', `/v1/staff/complaints/${id}/points`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  // Two first requests at once race on the complaint's row of this kind: the loser runs again and is told it was given.
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = await commitOnce(deps.db, scope, hash, deps.now, (tx) =>
        give(tx, deps, site, member, row, user, input),
      );
      return respond(c, outcome.answer, outcome.replayed);
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

async function give(
  tx: DbExecutor,
  deps: AppDeps,
  site: Site,
  member: StaffPrincipal,
  row: SubmissionRow,
  user: string,
  input: ComplaintPointsRequest,
): Promise<{ answer: { status: number; body: ComplaintPointsResult } }> {
  const given = await tx
    .selectFrom('complaint_points')
    .select(['created_at', 'name'])
    .where('submission_id', '=', row.id)
    .where('kind', '=', input.kind)
    .executeTakeFirst();
  if (given)
    throw new ApiError(
      409,
      'conflict',
      `this complaint's ${input.kind} was given already (by ${given.name}, ${given.created_at})`,
      { reason: 'already_given', kind: input.kind },
    );
  const now = deps.now();
  const common = {
    user,
    source: complaintSource(row.id, input.kind),
    note: input.note ?? null,
    staff: member.principal,
  };
  const reward = input.reward ? givableReward(site, input.reward) : undefined;
  const made =
    input.kind === 'compensation'
      ? await giveIn(
          tx,
          site,
          {
            ...common,
            points: input.points ?? 0,
            reward: reward?.id ?? null,
            reason: {
              code: 'complaint_compensation',
              trackingNumber: row.tracking_number,
              text: input.reason,
              ...(reward ? { reward: { id: reward.id, name: reward.name } } : {}),
            },
          },
          now,
        )
      : {
          ...(await takeIn(
            tx,
            site,
            {
              ...common,
              points: input.points ?? site.settings.points.penaltyPoints,
              reason: { code: 'complaint_penalty', trackingNumber: row.tracking_number, text: input.reason },
            },
            now,
          )),
          code: null,
        };
  const entry = made.written.entry;
  const at = now.toISOString();
  await tx
    .insertInto('complaint_points')
    .values({
      submission_id: row.id,
      kind: input.kind,
      site: site.id,
      user_id: user,
      points: Math.abs(entry.points),
      reward: reward?.id ?? null,
      reason: input.reason,
      entry_id: entry.id,
      principal: member.principal,
      name: member.name,
      created_at: at,
    })
    .execute();
  const [wire] = await toWire(tx, [entry], now);
  const body: ComplaintPointsResult = {
    id: row.id,
    given: {
      kind: input.kind,
      user,
      points: Math.abs(entry.points),
      reward: reward ? { id: reward.id, name: reward.name } : null,
      reason: input.reason,
      by: { principal: member.principal, name: member.name },
      at,
    },
    entry: wire!,
    code: made.code,
    balance: made.balance,
  };
  await audit(
    tx,
    member,
    {
      action: 'complaint.points',
      subject: row.id,
      detail: {
        kind: input.kind,
        user,
        points: body.given.points,
        shortfall: entry.shortfall,
        reward: reward?.id ?? null,
        reason: input.reason,
      },
    },
    now,
  );
  return { answer: { status: 201, body } };
}
