/**
 * The site's canned replies: texts an admin writes once (`{name}`,
 * `{trackingNumber}`, `{dueDate}` filled in by the console when used), read
 * by every staff member who writes to users.
 *
 * - GET /v1/staff/canned?site=… — any staff member of the site; not in the
 *   audit log, since a canned reply is the site's own text, no one's data.
 * - PUT /v1/staff/canned/{id}?site=… — write one (the `canned` permission),
 *   idempotent by key like every staff write, audited as `canned.write`.
 * - DELETE /v1/staff/canned/{id}?site=… — remove one (`canned`), audited as
 *   `canned.delete`; 204, or 404 when there is none by that id.
 */
import type { Context } from 'hono';
import { Slug } from '../../contract/common';
import { HEADERS } from '../../contract/headers';
import { CannedReplyWrite, type CannedReply, type CannedReplyList } from '../../contract/staff';
import type { AppDeps } from '../context';
import { parseWith, readJson } from '../context';
import type { CannedRepliesTable } from '../db/schema';
import { ApiError, notFound } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { audit } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { idempotencyActorOf, requirePermission } from '../staff/permissions';
import { respond } from './respond';

const toWire = (row: CannedRepliesTable): CannedReply => ({
  id: row.id,
  title: row.title,
  text: row.text,
  locale: row.locale,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by_name,
});

/** The id in the path, a slug like every id a site owner names. */
function idOf(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!Slug.safeParse(id).success)
    throw new ApiError(400, 'invalid_request', `"${id}" is not a canned reply id (up to 63 letters, digits, - and _)`);
  return id;
}

export async function listCanned(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const rows = await deps.db
    .selectFrom('canned_replies')
    .selectAll()
    .where('site', '=', member.site.id)
    .orderBy('title')
    .orderBy('id')
    .execute();
  const answer: CannedReplyList = { items: rows.map(toWire) };
  return c.json(answer);
}

export async function putCanned(c: Context, deps: AppDeps): Promise<Response> {
  const site = c.req.query('site') ?? '';
  const member = await staffOf(c, deps, site);
  requirePermission(member, 'canned');
  const id = idOf(c);
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(CannedReplyWrite, raw);
  const scope = { site: member.site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('PUT', `/v1/staff/canned/${id}?site=${member.site.id}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const now = deps.now();
    const row: CannedRepliesTable = {
      site: member.site.id,
      id,
      title: input.title,
      text: input.text,
      locale: input.locale,
      updated_at: now.toISOString(),
      updated_by: member.principal,
      updated_by_name: member.name,
    };
    const { site: _site, id: _id, ...changes } = row;
    await tx
      .insertInto('canned_replies')
      .values(row)
      .onConflict((oc) => oc.columns(['site', 'id']).doUpdateSet(changes))
      .execute();
    await audit(
      tx,
      member,
      { action: 'canned.write', subject: `canned:${id}`, detail: { locale: input.locale, length: input.text.length } },
      now,
    );
    return { answer: { status: 200, body: toWire(row) } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}

export async function deleteCanned(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  requirePermission(member, 'canned');
  const id = idOf(c);
  await deps.db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom('canned_replies')
      .where('site', '=', member.site.id)
      .where('id', '=', id)
      .executeTakeFirst();
    if (deleted.numDeletedRows !== 1n) throw notFound(`no canned reply "${id}" on this site`);
    await audit(tx, member, { action: 'canned.delete', subject: `canned:${id}` }, deps.now());
  });
  return c.body(null, 204);
}
