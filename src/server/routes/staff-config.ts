/**
 * The admin API of a site's configuration: its working draft, checking a
 * document, publishing the draft and rolling back (the history, one version
 * and diffs are in staff-config-history.ts). Every route needs the
 * `configure` permission (admins; anyone else a 403), the site named as
 * `?site=` like every staff route.
 *
 * - GET /v1/staff/config/draft — the draft as saved, with every problem
 *   that would stop it being published, by path (so a console shows them),
 *   lint's errors among them, and lint's warnings apart (sites/review.ts).
 * - PUT /v1/staff/config/draft — saves `document` as it is, even when it
 *   does not check (work in progress is never refused), if `revision` is
 *   still the draft's; a save on an older revision is a 409 `conflict` with
 *   the draft as it now is in `details.draft`, and nothing is lost.
 *   Audited as `config.draft.save`.
 * - POST /v1/staff/config/validate — whether a document would publish, and
 *   every problem by path, and lint's warnings; saves nothing, so no key
 *   and no audit entry.
 * - POST /v1/staff/config/publish — the draft at `revision` becomes the
 *   next version (a 409 when it moved on; a 422 naming each problem when it
 *   does not check: nothing that does not check is ever published).
 *   Audited as `config.publish`.
 * - POST /v1/staff/config/rollback — an earlier version's document
 *   published again as a new version (a 422 with the reason when this
 *   release cannot read it). Audited as `config.rollback`.
 *
 * Writes take an Idempotency-Key like every staff write, and their audit
 * entry goes in their own transaction. Reads are not audited: a
 * configuration is the site's own, no one's personal data (as canned
 * replies). After a publish or rollback commits, this instance reloads its
 * sites at once; the others see the revision move within a second or so.
 */
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import {
  CONFIG_REQUEST_BYTES,
  ConfigDraftWrite,
  ConfigPublishRequest,
  ConfigRollbackRequest,
  ConfigValidateRequest,
  type ConfigDraft,
  type ConfigPublished,
  type ConfigRolledBack,
  type ConfigValidation,
} from '../../contract/staff-config';
import type { DbExecutor } from '../blobs';
import { bodyLimit } from '../body-limit';
import type { AppDeps } from '../context';
import { parseWith, readJson } from '../context';
import { ApiError } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey, type StoredAnswer } from '../idempotency';
import type { SiteRows } from '../sites/live-registry';
import { reviewDocument } from '../sites/review';
import { lockSite, publishDraft, readDraft, rollBack, saveDraft, type DraftView } from '../sites/store';
import { audit } from '../staff/audit';
import { staffOf, type StaffPrincipal } from '../staff/identity';
import { idempotencyActorOf, requirePermission } from '../staff/permissions';
import { authorOf, serveAtOnce } from './config-changes';
import { respond } from './respond';

/** A document is a few kB: a body this large is a mistake, refused before it is read. */
export const configBodyLimit = bodyLimit({
  maxSize: CONFIG_REQUEST_BYTES,
  onError: () => {
    throw new ApiError(
      413,
      'payload_too_large',
      `a configuration request may be at most ${CONFIG_REQUEST_BYTES} bytes`,
      { limit: CONFIG_REQUEST_BYTES },
    );
  },
});

/** The admin asking about the site `?site=` names; anyone without `configure` is a 403. */
export async function configMember(c: Context, deps: AppDeps): Promise<StaffPrincipal> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  requirePermission(member, 'configure');
  return member;
}

/**
 * Everything a document is checked against: the site, its secrets and
 * tokens, and of its versions the one served (checkDocument compares the
 * forms with it: each version keeps every id of the one before, retired
 * at most, so the one served holds every id ever published). Only this
 * site's rows, and one version: a history grows with every publish.
 */
async function siteRowsOf(db: DbExecutor, site: string): Promise<SiteRows> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', site).executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', `unknown site "${site}"`);
  const [versions, secrets, tokens] = await Promise.all([
    db
      .selectFrom('site_versions')
      .selectAll()
      .where('site', '=', site)
      .where('version', '=', row.published_version)
      .execute(),
    db.selectFrom('site_secrets').selectAll().where('site', '=', site).orderBy('created_at').execute(),
    db
      .selectFrom('site_automation_tokens')
      .selectAll()
      .where('site', '=', site)
      .where('revoked_at', 'is', null)
      .orderBy('name')
      .execute(),
  ]);
  return { site: row, versions, secrets, tokens };
}

async function draftAnswer(db: DbExecutor, draft: DraftView, now: Date): Promise<ConfigDraft> {
  return { ...draft, ...(await reviewDocument(db, await siteRowsOf(db, draft.site), draft.document, now)) };
}

/**
 * A keyed write of `member`'s on the configuration: a repeat of the same
 * request is its first answer; `work` runs in one transaction with the
 * site locked, the key stored, and the audit entry `work` adds.
 */
async function keyedWrite(
  c: Context,
  deps: AppDeps,
  member: StaffPrincipal,
  write: { key: string; raw: unknown },
  work: (tx: DbExecutor, at: string) => Promise<StoredAnswer>,
): Promise<{ answer: StoredAnswer; replayed: boolean }> {
  const { key, raw } = write;
  const scope = { site: member.site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash(c.req.method, `${c.req.path}?site=${member.site.id}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return { answer: earlier, replayed: true };
  return commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    await lockSite(tx, member.site.id);
    return { answer: await work(tx, deps.now().toISOString()) };
  });
}

export async function getDraft(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  c.header('Cache-Control', 'no-store');
  return c.json(await draftAnswer(deps.db, await readDraft(deps.db, member.site.id), deps.now()));
}

export async function putDraft(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(ConfigDraftWrite, raw);
  const { answer, replayed } = await keyedWrite(c, deps, member, { key, raw }, async (tx, at) => {
    const saved = await saveDraft(tx, member.site.id, input, authorOf(member), at);
    const body = await draftAnswer(tx, saved, new Date(at));
    await audit(
      tx,
      member,
      {
        action: 'config.draft.save',
        subject: 'config',
        detail: {
          revision: saved.revision,
          baseVersion: saved.baseVersion,
          bytes: Buffer.byteLength(JSON.stringify(input.document), 'utf8'),
          problems: body.problems.length,
        },
      },
      new Date(at),
    );
    return { status: 200, body };
  });
  return respond(c, answer, replayed);
}

export async function postValidate(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const input = parseWith(ConfigValidateRequest, await readJson(c));
  const rows = await siteRowsOf(deps.db, member.site.id);
  const { problems, warnings } = await reviewDocument(deps.db, rows, input.document, deps.now());
  const answer: ConfigValidation = { ok: problems.length === 0, problems, warnings };
  return c.json(answer);
}

export async function postPublish(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(ConfigPublishRequest, raw);
  const { answer, replayed } = await keyedWrite(c, deps, member, { key, raw }, async (tx, at) => {
    const version = await publishDraft(tx, member.site.id, input, authorOf(member), at);
    await audit(
      tx,
      member,
      {
        action: 'config.publish',
        subject: 'config',
        detail: { version, revision: input.revision, noteLength: input.note.length },
      },
      new Date(at),
    );
    const body: ConfigPublished = { version, publishedAt: at };
    return { status: 200, body };
  });
  if (!replayed) await serveAtOnce(deps);
  return respond(c, answer, replayed);
}

export async function postRollback(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(ConfigRollbackRequest, raw);
  const { answer, replayed } = await keyedWrite(c, deps, member, { key, raw }, async (tx, at) => {
    const version = await rollBack(tx, member.site.id, input, authorOf(member), at);
    await audit(
      tx,
      member,
      {
        action: 'config.rollback',
        subject: 'config',
        detail: { version, rolledBackFrom: input.version, noteLength: input.note.length },
      },
      new Date(at),
    );
    const body: ConfigRolledBack = { version, publishedAt: at, rolledBackFrom: input.version };
    return { status: 200, body };
  });
  if (!replayed) await serveAtOnce(deps);
  return respond(c, answer, replayed);
}
