/**
 * The end user's points: the summary, the dated history, redeeming a reward
 * and undoing it, and the codes they redeemed. Points belong to signed-in
 * users only (a host token): an anonymous device has none and earns none.
 */
import { clientAddress } from '../client-address';
import { limitWrite } from '../write-limits';
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import { RedeemRequest, UndoRequest } from '../../contract/points';
import { actorKey } from '../auth';
import { userOf } from '../complaints/access';
import { checkOrigin, parseWith, readJson, requireSite } from '../context';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import type { Site } from '../registry';
import { readHistory, readRedemptions, readSummary, redeemIn, rewardOf, undoRedemption } from '../points/accounts';
import { codeFromHost, codeRequestId, voidHostCode } from '../points/host-codes';
import { respond } from './respond';

/** The signed-in user asking, on a site whose origin checks out. */
async function pointsUser(c: Context, deps: AppDeps, siteId: string): Promise<{ site: Site; user: string }> {
  const site = requireSite(deps, siteId);
  checkOrigin(site, c.req.header('Origin'));
  const actor = await userOf(c, deps, site);
  if (actor.type !== 'user')
    throw new ApiError(
      401,
      'unauthorized',
      'points belong to signed-in users: send the host token (Authorization: Bearer)',
    );
  return { site, user: actor.id };
}

/** GET /v1/points?site=… */
export async function getPoints(c: Context, deps: AppDeps): Promise<Response> {
  const { site, user } = await pointsUser(c, deps, c.req.query('site') ?? '');
  return c.json(await readSummary(deps, site, user));
}

/** GET /v1/points/history?site=…&cursor=… */
export async function getPointsHistory(c: Context, deps: AppDeps): Promise<Response> {
  const { site, user } = await pointsUser(c, deps, c.req.query('site') ?? '');
  return c.json(await readHistory(deps, site, user, c.req.query('cursor')));
}

/** GET /v1/points/redemptions?site=… — the user's codes, newest first. */
export async function listRedemptions(c: Context, deps: AppDeps): Promise<Response> {
  const { site, user } = await pointsUser(c, deps, c.req.query('site') ?? '');
  return c.json(await readRedemptions(deps, site, user));
}

/**
 * POST /v1/points/redemptions — the key is made when the user confirms: a
 * double click or a retry of that confirmation spends once; a second
 * confirmation is a second redemption.
 */
export async function postRedemption(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(RedeemRequest, raw);
  const { site, user } = await pointsUser(c, deps, input.site);
  const scope = { site: site.id, actor: actorKey({ type: 'user', id: user }), key };
  const hash = requestHash('POST', '/v1/points/redemptions', raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  await limitWrite(
    deps,
    site,
    { type: 'user', id: user },
    clientAddress(c, deps.trustedProxyHops),
    'points',
    deps.now(),
  );
  const reward = rewardOf(site, input.reward);
  let issued: string | undefined;
  if (reward.source === 'webhook') {
    // Asked before the transaction, so a slow host never holds the account's lock; a balance that
    // cannot cover it is refused first, without troubling the host.
    const { balance } = await readSummary(deps, site, user);
    if (balance < reward.points)
      throw new ApiError(
        409,
        'insufficient_points',
        `this needs ${reward.points} points and the balance is ${balance}`,
        { balance, needed: reward.points },
      );
    issued = await codeFromHost(deps, site, reward, user, codeRequestId(site.id, user, key));
  }
  try {
    const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => ({
      answer: { status: 201, body: await redeemIn(tx, deps, site, user, input.reward, key, issued) },
    }));
    return respond(c, outcome.answer, outcome.replayed);
  } catch (error) {
    // The host issued a code that was not spent (the balance dropped meanwhile): it is told to void it.
    if (issued !== undefined) {
      const code = issued;
      await deps.db
        .transaction()
        .execute((tx) => voidHostCode(tx, site, reward.id, code, 'not_spent', deps.now().toISOString()));
    }
    throw error;
  }
}

/** POST /v1/points/redemptions/{id}/undo — within the reward's undo window; undoing twice is undoing once. */
export async function postUndoRedemption(c: Context, deps: AppDeps): Promise<Response> {
  const input = parseWith(UndoRequest, await readJson(c));
  const { site, user } = await pointsUser(c, deps, input.site);
  await limitWrite(
    deps,
    site,
    { type: 'user', id: user },
    clientAddress(c, deps.trustedProxyHops),
    'points',
    deps.now(),
  );
  return c.json(await undoRedemption(deps, site, user, c.req.param('id') ?? ''));
}
