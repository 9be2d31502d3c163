/**
 * The audit log: one entry per staff read of personal data, search, reveal
 * and staff write (src/server/staff/audit.ts). Append-only for as long as
 * the site keeps it: each entry's `purge_after` is fixed when it is written
 * (from the site's retention then), and the database itself refuses any
 * UPDATE, and any DELETE of an entry whose `purge_after` has not passed by
 * the database's own clock. So neither a bug nor someone with the
 * application's credentials can edit what staff did, or remove it early;
 * the sweep deletes what is due.
 *
 * Instants are ISO strings (`2026-11-28T08:00:00.000Z`) as everywhere, and
 * the triggers compare them as text with the database's now written the same
 * way, which orders like time.
 */
import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

/** The database's now as the server writes instants (UTC, milliseconds, Z). Kept here as written: a migration never changes once released. */
function databaseNowIso(dialect: MigrationContext['dialect']) {
  return dialect === 'postgres'
    ? sql<string>`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  // serial (int4) rather than bigserial: node-postgres reads int8 as a string. Ids order entries written in the same millisecond.
  const serial = ctx.dialect === 'postgres' ? 'serial' : 'integer';
  const serialPk = (c: ColumnDefinitionBuilder) =>
    ctx.dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', serial, serialPk)
    .addColumn('site', 'text', (c) => c.notNull())
    /** the server's clock */
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    /** the complaint (or other record) it concerns */
    .addColumn('subject', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull())
    /** from when the sweep may delete it; fixed at insert from the site's retention */
    .addColumn('purge_after', 'text', (c) => c.notNull())
    .execute();
  // Newest first per site, and the same per principal and per subject (the log's filters); the sweep reads by purge_after.
  await db.schema.createIndex('audit_log_site_at').on('audit_log').columns(['site', 'at', 'id']).execute();
  await db.schema
    .createIndex('audit_log_site_principal_at')
    .on('audit_log')
    .columns(['site', 'principal', 'at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_site_subject_at')
    .on('audit_log')
    .columns(['site', 'subject', 'at', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_purge_after').on('audit_log').column('purge_after').execute();

  const now = databaseNowIso(ctx.dialect);
  if (ctx.dialect === 'postgres') {
    await sql`
      create function usercare_audit_log_guard() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' and OLD.purge_after <= ${now} then
          return OLD;
        end if;
        if TG_OP = 'DELETE' then
          raise exception 'audit_log rows are kept until their purge_after (%): delete refused', OLD.purge_after
            using errcode = 'restrict_violation';
        end if;
        raise exception 'audit_log rows are append-only: % refused', TG_OP using errcode = 'restrict_violation';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_guard before update or delete on audit_log
      for each row execute function usercare_audit_log_guard()`.execute(db);
    // usercare_append_only() comes from 004-consents: a truncate would skip the row triggers.
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function usercare_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log rows are append-only: update refused'); end`.execute(db);
    await sql`create trigger audit_log_no_early_delete before delete on audit_log
      when old.purge_after > ${now}
      begin select raise(abort, 'audit_log rows are kept until their purge_after: delete refused'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  if (ctx.dialect === 'postgres') await sql`drop function if exists usercare_audit_log_guard()`.execute(db);
}
