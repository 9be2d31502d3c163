/**
 * Imports a registry file (the `sites.json` format, which is also what the
 * export writes) into the database. On a database with no sites yet it is
 * taken whole, its server secret with it: that is how an existing data
 * folder moves to the database on its first start, with nothing lost.
 *
 * Afterwards the database is the authority. A site the file has and the
 * database lacks is added; one the database holds differently is a
 * conflict, refused naming the site, unless forced: then the file's
 * document is published as a new version (fields, categories and rewards
 * published since come back retired), and its secrets replace the current
 * ones at once, with no overlap. The server's own secret is never
 * replaced: every anonymous submission's access key is derived from it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RegistryFile } from '../registry-schema';
import type { DbExecutor } from '../blobs';
import { StartRefused } from '../start-refused';
import { canonicalJson, splitEntry, type SplitEntry } from './document';
import { readRegistryRows, readDocument, type SiteRows } from './live-registry';
import { bumpRevision, insertSecret, insertSite, keepRetired, lockSite, publishDocument, type Author } from './store';

export interface ImportReport {
  created: string[];
  unchanged: string[];
  /** forced over what the database held */
  replaced: string[];
  /** held differently by the database, with what differs; nothing was written when there are any and it was not forced */
  conflicts: Array<{ site: string; differs: string[] }>;
}

/** The note of a site's first version when it came from a registry file (the demo tells its own first version by it). */
export const IMPORTED_NOTE = 'imported from a registry file';

export class ImportConflictError extends StartRefused {
  constructor(readonly conflicts: ImportReport['conflicts']) {
    super(
      `the database holds ${conflicts.length === 1 ? 'this site' : 'these sites'} differently from the file, so nothing was imported:\n` +
        conflicts.map((c) => `  ${c.site}: ${c.differs.join(', ')} differ`).join('\n') +
        `\nThe database is the authority: export it to see what it holds, or import again with --force to take the file's ` +
        `(its document as a new version, its secrets at once).`,
    );
    this.name = 'ImportConflictError';
  }
}

export class ServerSecretMismatchError extends StartRefused {
  constructor() {
    super(
      "the file's serverSecret differs from the database's, and it is never replaced: every anonymous submission's " +
        'access key is derived from it. Import a file with the same serverSecret (an export of this database has it).',
    );
    this.name = 'ServerSecretMismatchError';
  }
}

/** What of a site differs between the file's entry and the database's rows. */
function differences(split: SplitEntry, rows: SiteRows): string[] {
  const differs: string[] = [];
  const published = rows.versions.find((v) => Number(v.version) === Number(rows.site.published_version));
  const read = published ? readDocument(published) : undefined;
  if (!read || 'problem' in read || canonicalJson(read.document) !== canonicalJson(split.document))
    differs.push('the configuration');
  const current = (kind: string) => rows.secrets.find((s) => s.kind === kind && s.valid_until === null)?.secret;
  if (current('host_token') !== split.secrets.hostToken) differs.push('hostTokenSecret');
  if (current('staff_token') !== split.secrets.staffToken) differs.push('staffTokenSecret');
  if (current('webhook') !== split.secrets.webhook) differs.push('the webhook secret');
  const tokens = (list: Array<{ name: string; tokenSha256: string; roles: readonly string[] }>) =>
    canonicalJson([...list].sort((a, b) => a.name.localeCompare(b.name)));
  const held = rows.tokens.map((t) => ({
    name: t.name,
    tokenSha256: t.token_sha256,
    roles: JSON.parse(t.roles_json) as string[],
  }));
  if (tokens(held) !== tokens(split.automationTokens)) differs.push('staffTokens');
  if ((rows.site.staff_tokens_not_before ?? undefined) !== split.staffTokensNotBefore)
    differs.push('staffTokensNotBefore');
  return differs;
}

/** Takes the file's side of a site the database holds differently (a forced import). */
async function replaceSite(tx: DbExecutor, split: SplitEntry, rows: SiteRows, author: Author, at: string) {
  // As a rotation or a publish through the admin API takes it: never two current secrets of one kind.
  await lockSite(tx, split.id);
  const published = rows.versions.find((v) => Number(v.version) === Number(rows.site.published_version));
  const read = published ? readDocument(published) : undefined;
  const current = read && 'document' in read ? read.document : undefined;
  const document = current ? keepRetired(split.document, current) : split.document;
  if (!current || canonicalJson(current) !== canonicalJson(document))
    await publishDocument(tx, split.id, document, author, at, `${IMPORTED_NOTE} (forced)`, null);
  const kinds = [
    ['host_token', split.secrets.hostToken],
    ['staff_token', split.secrets.staffToken],
    ['webhook', split.secrets.webhook],
  ] as const;
  for (const [kind, secret] of kinds) {
    const held = rows.secrets.find((s) => s.kind === kind && s.valid_until === null);
    if (held?.secret === secret) continue;
    // Replaced at once: a forced import says the file is right, so the old secret is not accepted any more.
    await tx
      .updateTable('site_secrets')
      .set({ valid_until: at })
      .where('site', '=', split.id)
      .where('kind', '=', kind)
      .where('valid_until', 'is', null)
      .execute();
    if (secret !== undefined) await insertSecret(tx, split.id, kind, secret, author, at);
  }
  await tx
    .updateTable('site_automation_tokens')
    .set({ revoked_at: at })
    .where('site', '=', split.id)
    .where('revoked_at', 'is', null)
    .execute();
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
      .onConflict((oc) =>
        oc.columns(['site', 'name']).doUpdateSet({
          token_sha256: token.tokenSha256,
          roles_json: JSON.stringify(token.roles),
          created_at: at,
          created_by: author.principal,
          revoked_at: null,
        }),
      )
      .execute();
  await tx
    .updateTable('sites')
    .set({ staff_tokens_not_before: split.staffTokensNotBefore ?? null })
    .where('id', '=', split.id)
    .execute();
}

export interface ImportOptions {
  author: Author;
  at: string;
  /** SHA-256 of the file's text, kept to tell a file edited since it was first imported */
  sha256: string;
  /** take the file's side of every conflict */
  force?: boolean;
  /** add the file's new sites only, and report the others as conflicts without refusing (a server starting) */
  newSitesOnly?: boolean;
}

/** Imports `file` in one transaction; throws ImportConflictError (nothing written) on a conflict not forced. */
export async function importRegistry(
  db: Kysely<Database>,
  file: RegistryFile,
  options: ImportOptions,
): Promise<ImportReport> {
  return db.transaction().execute(async (tx) => {
    const state = await tx.selectFrom('registry_state').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!state)
      await tx
        .insertInto('registry_state')
        .values({
          id: 1,
          revision: 1,
          server_secret: file.serverSecret,
          imported_at: options.at,
          imported_sha256: options.sha256,
        })
        .execute();
    else if (state.server_secret !== file.serverSecret) throw new ServerSecretMismatchError();
    const held = new Map(((await readRegistryRows(tx))?.sites ?? []).map((rows) => [rows.site.id, rows]));
    const report: ImportReport = { created: [], unchanged: [], replaced: [], conflicts: [] };
    for (const entry of file.sites) {
      const split = splitEntry(entry);
      const rows = held.get(split.id);
      if (!rows) {
        await insertSite(tx, split, options.author, options.at, IMPORTED_NOTE);
        report.created.push(split.id);
        continue;
      }
      const differs = differences(split, rows);
      if (!differs.length) report.unchanged.push(split.id);
      else if (options.force && !options.newSitesOnly) {
        await replaceSite(tx, split, rows, options.author, options.at);
        report.replaced.push(split.id);
      } else report.conflicts.push({ site: split.id, differs });
    }
    if (report.conflicts.length && !options.newSitesOnly) throw new ImportConflictError(report.conflicts);
    await tx.updateTable('registry_state').set({ imported_sha256: options.sha256 }).where('id', '=', 1).execute();
    await bumpRevision(tx);
    return report;
  });
}
