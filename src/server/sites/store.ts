/**
 * Writes to the sites' configuration: the draft, publishing, rolling back,
 * and what is read back for the admin API (the draft, the history, one
 * version). Every write bumps `registry_state.revision` in its own
 * transaction, which is what every instance polls (live-registry.ts).
 *
 * A draft is saved as it is, even invalid (work in progress must not be
 * lost), with a revision: a save based on an older revision is a 409 that
 * carries the draft as it is now. Publishing checks the draft in full
 * (checkDocument) and refuses with every problem by its path; nothing that
 * does not check is ever published, whatever sent the request.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import type { Database, SiteSecretKind, SiteVersionsTable } from '../db/schema';
import { ApiError, validationFailed } from '../errors';
import { canonicalJson, DOCUMENT_FORMAT, type SiteDocument, type SplitEntry } from './document';
import { checkDocument, formsOf, rewardsOf, type FormIds } from './check';
import { lintDocument } from './lint';
import { readDocument, readRegistryRows } from './live-registry';
import { correctCalendars } from './calendar-corrections';

/** Who made a change: a staff principal with its name, or the operator's command line. */
export interface Author {
  principal: string;
  name: string;
}

export const OPERATOR: Author = { principal: 'operator:command-line', name: 'operator' };

/**
 * One change to a site at a time (its draft, a publish, its secrets or
 * tokens, a forced import): PostgreSQL holds the site's row until the
 * change commits, so two publishes of one revision cannot both pass the
 * revision check, nor two rotations both leave a current secret, nor two
 * issues both take a name. SQLite runs one writer at a time anyway.
 */
export async function lockSite(tx: DbExecutor, site: string): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`select id from sites where id = ${site} for update`.execute(tx);
}

export async function bumpRevision(tx: DbExecutor): Promise<void> {
  await tx
    .updateTable('registry_state')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

/** Adds a site with its first version (the document given), secrets and tokens, in the caller's transaction. */
export async function insertSite(
  tx: DbExecutor,
  split: SplitEntry,
  author: Author,
  at: string,
  note: string,
): Promise<void> {
  const json = canonicalJson(split.document);
  await tx
    .insertInto('sites')
    .values({
      id: split.id,
      created_at: at,
      created_by: author.principal,
      published_version: 1,
      draft_json: json,
      draft_revision: 1,
      draft_base_version: 1,
      draft_saved_at: at,
      draft_saved_by: author.principal,
      draft_saved_by_name: author.name,
      staff_tokens_not_before: split.staffTokensNotBefore ?? null,
    })
    .execute();
  await insertVersion(tx, split.id, 1, json, author, at, note, null);
  const secrets: Array<[SiteSecretKind, string | undefined]> = [
    ['host_token', split.secrets.hostToken],
    ['staff_token', split.secrets.staffToken],
    ['webhook', split.secrets.webhook],
  ];
  for (const [kind, secret] of secrets)
    if (secret !== undefined) await insertSecret(tx, split.id, kind, secret, author, at);
  for (const token of split.automationTokens)
    await tx
      .insertInto('site_automation_tokens')
      .values({
        site: split.id,
        name: token.name,
        token_sha256: token.tokenSha256,
        roles_json: JSON.stringify(token.roles),
        created_at: at,
        created_by: author.principal,
        revoked_at: null,
      })
      .execute();
}

export async function insertSecret(
  tx: DbExecutor,
  site: string,
  kind: SiteSecretKind,
  secret: string,
  author: Author,
  at: string,
): Promise<void> {
  await tx
    .insertInto('site_secrets')
    .values({ id: randomUUID(), site, kind, secret, created_at: at, created_by: author.principal, valid_until: null })
    .execute();
}

function insertVersion(
  tx: DbExecutor,
  site: string,
  version: number,
  json: string,
  author: Author,
  at: string,
  note: string,
  rolledBackFrom: number | null,
): Promise<unknown> {
  return tx
    .insertInto('site_versions')
    .values({
      site,
      version,
      format: DOCUMENT_FORMAT,
      document_json: json,
      published_at: at,
      published_by: author.principal,
      published_by_name: author.name,
      note,
      rolled_back_from: rolledBackFrom,
    })
    .execute();
}

export interface DraftView {
  site: string;
  /** as saved: possibly invalid */
  document: unknown;
  revision: number;
  baseVersion: number;
  publishedVersion: number;
  savedAt: string;
  savedBy: string;
}

async function siteRow(db: DbExecutor, site: string) {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', site).executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', `unknown site "${site}"`);
  return row;
}

function draftOf(row: Awaited<ReturnType<typeof siteRow>>): DraftView {
  return {
    site: row.id,
    document: JSON.parse(row.draft_json) as unknown,
    revision: Number(row.draft_revision),
    baseVersion: Number(row.draft_base_version),
    publishedVersion: Number(row.published_version),
    savedAt: row.draft_saved_at,
    savedBy: row.draft_saved_by_name,
  };
}

export async function readDraft(db: DbExecutor, site: string): Promise<DraftView> {
  return draftOf(await siteRow(db, site));
}

function staleDraft(current: DraftView, revision: number): ApiError {
  return new ApiError(
    409,
    'conflict',
    `the draft was saved by ${current.savedBy} at ${current.savedAt} (revision ${current.revision}) since revision ${revision} this change was based on: nothing was saved; the draft as it is now is in details.draft`,
    { draft: current },
  );
}

/**
 * Saves the draft if `revision` is still the draft's, in the caller's
 * transaction (with its audit entry and idempotency key); else a 409 with
 * the draft as it is now, read again so it is the one that won.
 */
export async function saveDraft(
  tx: DbExecutor,
  site: string,
  input: { document: unknown; revision: number },
  author: Author,
  at: string,
): Promise<DraftView> {
  const updated = await tx
    .updateTable('sites')
    .set({
      draft_json: JSON.stringify(input.document),
      draft_revision: input.revision + 1,
      draft_saved_at: at,
      draft_saved_by: author.principal,
      draft_saved_by_name: author.name,
    })
    .where('id', '=', site)
    .where('draft_revision', '=', input.revision)
    .executeTakeFirst();
  // Read after the update: the saved draft, or (nothing saved) the one that won; an unknown site is a 404 either way.
  const now = draftOf(await siteRow(tx, site));
  if (Number(updated.numUpdatedRows) === 0) throw staleDraft(now, input.revision);
  return now;
}

/** The published document a version holds; 404 when there is no such version, 422 when this release cannot read it. */
export async function readVersion(
  db: DbExecutor,
  site: string,
  version: number,
): Promise<{ row: Selectable<SiteVersionsTable>; document: SiteDocument }> {
  const row = await db
    .selectFrom('site_versions')
    .selectAll()
    .where('site', '=', site)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', `site "${site}" has no version ${version}`);
  const read = readDocument(row);
  if ('problem' in read) throw new ApiError(422, 'validation_failed', read.problem, { reason: 'unreadable_version' });
  return { row, document: read.document };
}

/**
 * Publishes `document` as the site's next version, in the caller's
 * transaction, after checking it against everything published before: a
 * 422 naming each problem by its path otherwise. The draft becomes the
 * published document. Open complaints whose version takes a calendar year
 * from the published one are corrected in the same transaction
 * (calendar-corrections.ts).
 */
export async function publishDocument(
  tx: DbExecutor,
  site: string,
  document: unknown,
  author: Author,
  at: string,
  note: string,
  rolledBackFrom: number | null,
): Promise<number> {
  const rows = (await readRegistryRows(tx as Kysely<Database>))?.sites.find((s) => s.site.id === site);
  if (!rows) throw new ApiError(404, 'not_found', `unknown site "${site}"`);
  // Lint's errors refuse a publish like the format's problems do; its warnings never do (./lint.ts).
  const problems = [
    ...checkDocument(rows, document).map((p) => ({ path: p.path, code: 'invalid_config', message: p.message })),
    ...lintDocument(site, document, new Date(at)).errors.map((p) => ({
      path: p.path,
      code: 'lint',
      message: p.message,
    })),
  ];
  if (problems.length)
    throw validationFailed(
      problems,
      `the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was published`,
    );
  const version = Math.max(...rows.versions.map((v) => Number(v.version))) + 1;
  const json = canonicalJson(document);
  await insertVersion(tx, site, version, json, author, at, note, rolledBackFrom);
  await tx
    .updateTable('sites')
    .set({
      published_version: version,
      draft_json: json,
      draft_revision: Number(rows.site.draft_revision) + 1,
      draft_base_version: version,
      draft_saved_at: at,
      draft_saved_by: author.principal,
      draft_saved_by_name: author.name,
    })
    .where('id', '=', site)
    .execute();
  await bumpRevision(tx);
  const published = (await readRegistryRows(tx as Kysely<Database>))?.sites.find((s) => s.site.id === site);
  if (published) await correctCalendars(tx, rows, published, at);
  return version;
}

/** Publishes the draft at `revision` (a 409 if it moved on since). */
export async function publishDraft(
  tx: DbExecutor,
  site: string,
  input: { revision: number; note: string },
  author: Author,
  at: string,
): Promise<number> {
  const current = draftOf(await siteRow(tx, site));
  if (current.revision !== input.revision) throw staleDraft(current, input.revision);
  return publishDocument(tx, site, current.document, author, at, input.note, null);
}

/**
 * Publishes an earlier version's document again, as a new version. Refused
 * (422, with the reason) when this release cannot read that version, or
 * when it would no longer check: ids published since stay (a field,
 * category or reward the earlier version did not have yet comes back
 * retired, so what was sent or redeemed with it keeps its name).
 */
export async function rollBack(
  tx: DbExecutor,
  site: string,
  input: { version: number; note: string },
  author: Author,
  at: string,
): Promise<number> {
  const { document } = await readVersion(tx, site, input.version);
  const published = await siteRow(tx, site);
  const { document: current } = await readVersion(tx, site, Number(published.published_version));
  return publishDocument(tx, site, keepRetired(document, current), author, at, input.note, input.version);
}

/** `document` with every field and category of `current`'s forms, and every reward of its catalogue, it lacks added back, retired. */
export function keepRetired(document: SiteDocument, current: SiteDocument): SiteDocument {
  return keepRetiredRewards(keepRetiredForms(document, current), current);
}

function keepRetiredForms(document: SiteDocument, current: SiteDocument): SiteDocument {
  const target = structuredClone(document);
  const targetForms = formsOf(target);
  const added: Record<string, FormIds> = {};
  for (const [id, form] of Object.entries(formsOf(current))) {
    const into = targetForms[id];
    if (!into) continue;
    const fields = form.fields.filter((f) => !into.fields.some((x) => x.name === f.name));
    const categories = form.categories.filter((c) => !into.categories.some((x) => x.id === c.id));
    if (fields.length || categories.length)
      added[id] = {
        ...into,
        fields: [...into.fields, ...fields.map((f) => ({ ...f, retired: true }))],
        categories: [...into.categories, ...categories.map((c) => ({ ...c, retired: true }))],
      };
  }
  if (!Object.keys(added).length) return target;
  const publicConfig = { ...target.publicConfig };
  publicConfig.forms = { ...(publicConfig.forms as Record<string, unknown> | undefined), ...added };
  return { ...target, publicConfig };
}

/** Rewards added after the earlier version come back retired, at the catalogue's end, so their redemptions keep a name. */
function keepRetiredRewards(document: SiteDocument, current: SiteDocument): SiteDocument {
  const catalogue = rewardsOf(document);
  const added = rewardsOf(current).filter((r) => !catalogue.some((x) => x.id === r.id));
  if (!added.length) return document;
  const settings = document.settings ?? {};
  const points = { ...settings.points, catalogue: [...catalogue, ...added.map((r) => ({ ...r, retired: true }))] };
  return { ...document, settings: { ...settings, points } };
}

export interface VersionSummary {
  version: number;
  format: number;
  publishedAt: string;
  publishedBy: string;
  note: string;
  rolledBackFrom: number | null;
  current: boolean;
}

/** The site's versions, newest first. */
export async function listVersions(db: DbExecutor, site: string): Promise<VersionSummary[]> {
  const row = await siteRow(db, site);
  const versions = await db
    .selectFrom('site_versions')
    .select(['version', 'format', 'published_at', 'published_by_name', 'note', 'rolled_back_from'])
    .where('site', '=', site)
    .orderBy('version', 'desc')
    .execute();
  return versions.map((v) => ({
    version: Number(v.version),
    format: Number(v.format),
    publishedAt: v.published_at,
    publishedBy: v.published_by_name,
    note: v.note,
    rolledBackFrom: v.rolled_back_from === null ? null : Number(v.rolled_back_from),
    current: Number(v.version) === Number(row.published_version),
  }));
}
