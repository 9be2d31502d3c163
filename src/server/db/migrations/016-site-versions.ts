/**
 * Sites and their configuration in the database, which from here on is the
 * authority (the registry file is imported once, then only by the
 * operator's command): see ARCHITECTURE.md, "Site configuration".
 *
 * - `registry_state`: one row. `revision` grows with every change any
 *   instance must pick up (a publish, a rotated secret, a revoked token):
 *   each instance polls it and reloads its sites when it moves. The
 *   server's own secret lives here, never in a version and never editable
 *   through the API.
 * - `sites`: one row per site, with its working draft (a document as JSON,
 *   kept even when invalid, with a revision that makes a stale save a 409),
 *   the version being served, and the instant before which every staff
 *   token is refused.
 * - `site_versions`: every published document, never changed or deleted;
 *   `format` says which document format wrote it, so a release refuses a
 *   version it cannot read rather than misreading it.
 * - `site_secrets`: the host token, staff token and webhook secrets, kept
 *   out of the versions so that no diff, history or rollback carries one.
 *   The current one per kind has `valid_until` null; one replaced by a
 *   rotation stays accepted until its `valid_until`.
 * - `site_automation_tokens`: static staff tokens for automation, by the
 *   SHA-256 of the token (the token itself is never stored), revocable.
 * - `submissions.config_version`: the version a submission was made under;
 *   its deadlines keep that version's policies. Null for what was received
 *   before versions existed: that is the site's first version.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('registry_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('server_secret', 'text', (c) => c.notNull())
    /** when the registry file was first imported, and the SHA-256 of its text then */
    .addColumn('imported_at', 'text')
    .addColumn('imported_sha256', 'text')
    .execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    /** the version every instance serves */
    .addColumn('published_version', 'integer', (c) => c.notNull())
    .addColumn('draft_json', 'text', (c) => c.notNull())
    /** grows with every save of the draft: a save based on an older one is a 409 */
    .addColumn('draft_revision', 'integer', (c) => c.notNull())
    /** the version the draft was started from */
    .addColumn('draft_base_version', 'integer', (c) => c.notNull())
    .addColumn('draft_saved_at', 'text', (c) => c.notNull())
    .addColumn('draft_saved_by', 'text', (c) => c.notNull())
    .addColumn('draft_saved_by_name', 'text', (c) => c.notNull())
    /** every staff token issued before this instant is refused (signing everyone out); null: none */
    .addColumn('staff_tokens_not_before', 'text')
    .execute();

  await db.schema
    .createTable('site_versions')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('format', 'integer', (c) => c.notNull())
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    /** set when this version is a rollback: the version it republished */
    .addColumn('rolled_back_from', 'integer')
    .addPrimaryKeyConstraint('site_versions_pk', ['site', 'version'])
    .execute();

  await db.schema
    .createTable('site_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    /** host_token, staff_token or webhook */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    /** null: the current one; else replaced, and still accepted until then */
    .addColumn('valid_until', 'text')
    .execute();
  await db.schema.createIndex('site_secrets_site').on('site_secrets').columns(['site', 'kind']).execute();

  await db.schema
    .createTable('site_automation_tokens')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_sha256', 'text', (c) => c.notNull())
    /** StaffRole[] as JSON */
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('site_automation_tokens_pk', ['site', 'name'])
    .execute();

  await db.schema.alterTable('submissions').addColumn('config_version', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').dropColumn('config_version').execute();
  for (const table of ['site_automation_tokens', 'site_secrets', 'site_versions', 'sites', 'registry_state'])
    await db.schema.dropTable(table).execute();
}
