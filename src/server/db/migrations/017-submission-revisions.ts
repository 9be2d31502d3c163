/**
 * `submission_revisions`: per site, a number that moves with every committed
 * change to the site's submissions or to their search index, whoever makes
 * it (this server, another instance, another process on the same SQLite
 * file, a migration, a hand-written statement). The staff queue and search
 * keep the rows of a page they read and serve them again while this number
 * stands still (src/server/staff/page-memo.ts): the database moves it, so
 * no writer can change a row and forget to.
 *
 * The triggers bump it in the changing transaction, so the new number and
 * the change become visible together:
 * - SQLite: after each row written (writes are serialised on the file anyway);
 * - PostgreSQL: deferred to commit (constraint triggers), so concurrent
 *   writers of one site queue on its row only while they commit, not for
 *   the whole transaction.
 *
 * A migration that rebuilds `submissions`, `search_docs` or
 * `search_contacts` (create, copy, drop, rename) drops their triggers with
 * the old table and must create them again.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

/** The tables whose rows a staff page is read from, each with a `site` column. */
const WATCHED = ['submissions', 'search_docs', 'search_contacts'] as const;

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('submission_revisions')
    .addColumn('site', 'text', (c) => c.primaryKey())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .execute();

  if (ctx.dialect === 'postgres') {
    await sql`
      create function usercare_bump_submission_revision() returns trigger language plpgsql as $$
      declare
        changed text := case when TG_OP = 'DELETE' then OLD.site else NEW.site end;
      begin
        insert into submission_revisions (site, revision) values (changed, 1)
          on conflict (site) do update set revision = submission_revisions.revision + 1;
        if TG_OP = 'UPDATE' and OLD.site is distinct from NEW.site then
          insert into submission_revisions (site, revision) values (OLD.site, 1)
            on conflict (site) do update set revision = submission_revisions.revision + 1;
        end if;
        return null;
      end
      $$`.execute(db);
    for (const table of WATCHED)
      await sql`create constraint trigger ${sql.raw(`${table}_revision`)}
        after insert or update or delete on ${sql.table(table)}
        deferrable initially deferred
        for each row execute function usercare_bump_submission_revision()`.execute(db);
    return;
  }

  const bump = (row: 'new' | 'old') =>
    sql.raw(`insert into submission_revisions (site, revision) values (${row}.site, 1)
      on conflict (site) do update set revision = revision + 1;`);
  for (const table of WATCHED) {
    await sql`create trigger ${sql.raw(`${table}_revision_insert`)} after insert on ${sql.table(table)}
      begin ${bump('new')} end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_revision_update`)} after update on ${sql.table(table)}
      begin ${bump('new')} ${bump('old')} end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_revision_delete`)} after delete on ${sql.table(table)}
      begin ${bump('old')} end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    for (const table of WATCHED)
      await sql`drop trigger ${sql.raw(`${table}_revision`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function usercare_bump_submission_revision()`.execute(db);
  } else {
    for (const table of WATCHED)
      for (const event of ['insert', 'update', 'delete'])
        await sql`drop trigger ${sql.raw(`${table}_revision_${event}`)}`.execute(db);
  }
  await db.schema.dropTable('submission_revisions').execute();
}
