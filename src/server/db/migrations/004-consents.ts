/**
 * Consent proof: each text a banner showed, kept once
 * by its SHA-256, and one record per decision referencing it, stamped with
 * the server's time. Both are append-only, and the database itself refuses
 * UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of them: no code path,
 * migration script or hand-typed statement quietly rewrites a proof.
 *
 * Indexes serve the staff export: a site's records by received time, and one
 * subject's within a site; and "is this text one of this site's" by hash.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

const METHODS = ['accept_all', 'reject_all', 'custom', 'withdraw'];
const PROTECTED = ['consent_records', 'consent_texts'] as const;

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('consent_texts')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consent_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('client_decided_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`${sql.ref('method')} in (${sql.join(METHODS.map((m) => sql.lit(m)))})`),
    )
    .addColumn('gpc', 'integer', (c) => c.notNull().check(sql`${sql.ref('gpc')} in (0, 1)`))
    .addColumn('categories_json', 'text', (c) => c.notNull())
    .addColumn('services_json', 'text', (c) => c.notNull())
    .addColumn('separate_json', 'text', (c) => c.notNull())
    .addColumn('attestation_json', 'text')
    .addColumn('text_sha256', 'text', (c) => c.notNull().references('consent_texts.sha256'))
    .execute();
  await db.schema
    .createIndex('consent_records_site_received')
    .on('consent_records')
    .columns(['site', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('consent_records_site_subject_received')
    .on('consent_records')
    .columns(['site', 'subject', 'received_at', 'id'])
    .execute();
  await db.schema.createIndex('consent_records_text').on('consent_records').columns(['text_sha256', 'site']).execute();

  if (ctx.dialect === 'postgres') {
    await sql`
      create function usercare_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP using errcode = 'restrict_violation';
      end
      $$`.execute(db);
    for (const table of PROTECTED) {
      await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function usercare_append_only()`.execute(db);
      await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
        for each statement execute function usercare_append_only()`.execute(db);
    }
  } else {
    for (const table of PROTECTED) {
      for (const op of ['update', 'delete'] as const) {
        await sql`create trigger ${sql.id(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(`${table} rows are append-only: ${op} refused`)}); end`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.dropTable('consent_records').execute();
  await db.schema.dropTable('consent_texts').execute();
  if (ctx.dialect === 'postgres') await sql`drop function if exists usercare_append_only()`.execute(db);
}
