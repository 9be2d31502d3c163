/**
 * GET /v1/staff/presence?site=… — any staff member of the site: who else is
 * on which of its complaints now (names and ids only, not audited), so a
 * console just opened shows them before their next renewal.
 *
 * POST /v1/staff/complaints/{id}/presence {state} — any staff member of the
 * complaint's site (everyone who may read it; a supervisor too): "I am
 * viewing it", "I am typing a reply", "I left". Announced to the site's
 * staff over the staff stream (`presence.changed`) and answered with who
 * else is on it now. Another site's complaint is a 404, as one that does not
 * exist. Neither audited (it reads nothing of the complaint) nor keyed: a
 * presence sent twice is the same presence renewed.
 */
import type { Context } from 'hono';
import { PresenceRequest, type PresenceAnswer, type PresenceList } from '../../contract/staff-presence';
import { loadSubmission, NOT_YOURS } from '../complaints/access';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import { notFound } from '../errors';
import { staffCredential, staffOf } from '../staff/identity';
import { presentOnSite, recordPresence } from '../staff/presence';

export async function getPresence(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const answer: PresenceList = { items: await presentOnSite(deps.db, member, deps.now()) };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}

export async function postPresence(c: Context, deps: AppDeps): Promise<Response> {
  const credential = await staffCredential(c, deps);
  const { row, site } = await loadSubmission(deps, c.req.param('id') ?? '');
  const member = credential.on(site, () => notFound(NOT_YOURS));
  const input = parseWith(PresenceRequest, await readJson(c));
  const answer: PresenceAnswer = { others: await recordPresence(deps.db, member, row.id, input.state, deps.now()) };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}
