/**
 * Saved views of the staff queue: each staff member's own named filters,
 * sort and columns, kept on the server so they follow the person to a
 * reload or another device (src/contract/staff-views.ts).
 *
 * - GET /v1/staff/views?site=… — the asker's views, by name. Any staff
 *   member (a supervisor too: views are about reading); not audited, since
 *   a view holds no one's data.
 * - PUT /v1/staff/views/{id}?site=… — make or replace one of the asker's
 *   views, idempotent by key like every staff write, audited as
 *   `view.write`. A name is unique among the asker's views (another of
 *   theirs with it: 409 `conflict`, `details.reason: "name_taken"`); a
 *   default view makes their others not default; at most SAVED_VIEWS_MAX
 *   views each (422 `validation_failed` at `id`, with `params.max`).
 * - DELETE /v1/staff/views/{id}?site=… — remove one of the asker's views,
 *   audited as `view.delete`; 204, or 404.
 *
 * Every read and write names the asker's principal: another's view is not
 * found, and an id another principal uses is a view of one's own.
 */
import type { Context } from 'hono';
import { sql } from 'kysely';
import { Slug } from '../../contract/common';
import { HEADERS } from '../../contract/headers';
import {
  QueueView,
  SAVED_VIEWS_MAX,
  SavedViewWrite,
  type SavedView,
  type SavedViewList,
} from '../../contract/staff-views';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import { parseWith, readJson } from '../context';
import { dialectOf } from '../db/open';
import type { StaffSavedViewsTable } from '../db/schema';
import { ApiError, notFound, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { audit } from '../staff/audit';
import { staffOf, type StaffPrincipal } from '../staff/identity';
import { idempotencyActorOf } from '../staff/permissions';
import { respond } from './respond';

function toWire(row: StaffSavedViewsTable): SavedView {
  // Written by this route after the contract's check; read back through it all the same.
  const view = QueueView.safeParse(JSON.parse(row.view_json));
  return {
    id: row.id,
    name: row.name,
    view: view.success ? view.data : { filters: {}, sort: 'deadline', columns: [] },
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The id in the path: a slug, as the console makes them (a UUID). */
function idOf(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!Slug.safeParse(id).success)
    throw new ApiError(400, 'invalid_request', `"${id}" is not a view id (up to 63 letters, digits, - and _)`);
  return id;
}

const mine = (member: StaffPrincipal) => ({ site: member.site.id, principal: member.principal });

export async function listViews(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const rows = await deps.db
    .selectFrom('staff_saved_views')
    .selectAll()
    .where('site', '=', member.site.id)
    .where('principal', '=', member.principal)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const answer: SavedViewList = { items: rows.map(toWire), max: SAVED_VIEWS_MAX };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}

export async function putView(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const id = idOf(c);
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(SavedViewWrite, raw);
  const scope = { site: member.site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('PUT', `/v1/staff/views/${id}?site=${member.site.id}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    await lockViewsOf(tx, member);
    const now = deps.now().toISOString();
    const existing = await tx
      .selectFrom('staff_saved_views')
      .select(['id', 'name', 'created_at'])
      .where('site', '=', member.site.id)
      .where('principal', '=', member.principal)
      .execute();
    const replaced = existing.find((row) => row.id === id);
    const namesake = existing.find((row) => row.id !== id && row.name === input.name);
    if (namesake)
      throw new ApiError(409, 'conflict', `another of your views is called "${input.name}"`, { reason: 'name_taken' });
    if (!replaced && existing.length >= SAVED_VIEWS_MAX)
      throw validationFailed(
        [
          {
            path: 'id',
            code: 'too_many',
            message: `at most ${SAVED_VIEWS_MAX} saved views each: delete one or replace one`,
            params: { max: SAVED_VIEWS_MAX },
          },
        ],
        `you keep ${SAVED_VIEWS_MAX} saved views already`,
      );
    if (input.isDefault)
      await tx
        .updateTable('staff_saved_views')
        .set({ is_default: 0 })
        .where('site', '=', member.site.id)
        .where('principal', '=', member.principal)
        .where('id', '!=', id)
        .where('is_default', '=', 1)
        .execute();
    const row: StaffSavedViewsTable = {
      ...mine(member),
      id,
      name: input.name,
      view_json: JSON.stringify(input.view),
      is_default: input.isDefault ? 1 : 0,
      created_at: replaced?.created_at ?? now,
      updated_at: now,
    };
    const { site: _site, principal: _principal, id: _id, created_at: _created, ...changes } = row;
    await tx
      .insertInto('staff_saved_views')
      .values(row)
      .onConflict((oc) => oc.columns(['site', 'principal', 'id']).doUpdateSet(changes))
      .execute();
    await audit(
      tx,
      member,
      {
        action: 'view.write',
        subject: `view:${id}`,
        detail: {
          created: !replaced,
          isDefault: input.isDefault,
          sort: input.view.sort,
          filters: Object.keys(input.view.filters).length,
          columns: input.view.columns.length,
        },
      },
      deps.now(),
    );
    return { answer: { status: 200, body: toWire(row) } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}

export async function deleteView(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const id = idOf(c);
  await deps.db.transaction().execute(async (tx) => {
    const deleted = await tx
      .deleteFrom('staff_saved_views')
      .where('site', '=', member.site.id)
      .where('principal', '=', member.principal)
      .where('id', '=', id)
      .executeTakeFirst();
    if (deleted.numDeletedRows !== 1n) throw notFound(`you have no saved view "${id}"`);
    await audit(tx, member, { action: 'view.delete', subject: `view:${id}` }, deps.now());
  });
  return c.body(null, 204);
}

/**
 * One principal's writes in turn, so two saves at once cannot both pass the
 * cap or both become the default: PostgreSQL holds a transaction-scoped
 * advisory lock on the principal; SQLite runs one writer at a time anyway.
 */
async function lockViewsOf(tx: DbExecutor, member: StaffPrincipal): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`staff_saved_views:${member.site.id}:${member.principal}`}))`.execute(
    tx,
  );
}
