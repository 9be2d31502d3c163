/**
 * Complaints from every channel, and deadline alerts.
 *
 * - `submissions.channel` also takes `letter` and `counter` (staff log what
 *   came by post or to a service counter, beside hotline and mailbox). The
 *   column's CHECK is replaced: PostgreSQL drops and adds the constraint;
 *   SQLite cannot alter a CHECK, so the table is rebuilt by its documented
 *   procedure (a new table from the stored definition with the new CHECK,
 *   the rows copied, the old one dropped, the new one renamed, its indexes
 *   made again), with foreign keys off meanwhile so the rows that point at
 *   submissions are neither deleted nor left pointing at nothing.
 * - `deadline_alerts`: one row per alert the sweep raises, unique per
 *   complaint, deadline, kind (`due_soon`, `overdue`) and due instant, so
 *   however often the sweep runs, on however many instances, each alert is
 *   raised once (src/server/complaints/deadline-alerts.ts). Dismissing one
 *   records when and by whom.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

const BEFORE = ['web', 'hotline', 'mailbox'] as const;
const AFTER = ['web', 'hotline', 'mailbox', 'letter', 'counter'] as const;

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await allowChannels(db, ctx, AFTER);
  await db.schema
    .createTable('deadline_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`${sql.ref('kind')} in ('due_soon', 'overdue')`))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .addColumn('dismissed_by', 'text')
    .addColumn('dismissed_by_name', 'text')
    .addUniqueConstraint('deadline_alerts_once', ['submission_id', 'deadline', 'kind', 'due_at'])
    .execute();
  // The console's list: a site's alerts, newest first.
  await db.schema
    .createIndex('deadline_alerts_site_raised')
    .on('deadline_alerts')
    .columns(['site', 'raised_at', 'id'])
    .execute();
}

/** Goes back only while no complaint came by letter or to a counter (the narrower CHECK refuses them). */
export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.dropTable('deadline_alerts').execute();
  await allowChannels(db, ctx, BEFORE);
}

const channelCheck = (channels: readonly string[]) =>
  `check ("channel" in (${channels.map((c) => `'${c}'`).join(', ')}))`;

async function allowChannels(db: Kysely<unknown>, ctx: MigrationContext, channels: readonly string[]): Promise<void> {
  if (ctx.dialect === 'postgres') {
    const found = await sql<{ conname: string }>`
      select conname from pg_constraint
      where conrelid = 'submissions'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%channel%'`.execute(
      db,
    );
    for (const { conname } of found.rows)
      await sql`alter table submissions drop constraint ${sql.id(conname)}`.execute(db);
    await sql`alter table submissions add constraint submissions_channel_check ${sql.raw(channelCheck(channels))}`.execute(
      db,
    );
    return;
  }
  await rebuildSqliteSubmissions(db, (definition) => {
    const replaced = definition.replace(/check \("channel" in \([^)]*\)\)/, channelCheck(channels));
    if (replaced === definition) throw new Error('submissions has no channel CHECK to replace');
    return replaced;
  });
}

/**
 * SQLite's way to change a constraint (https://www.sqlite.org/lang_altertable.html#otheralter):
 * the table made again from its stored definition as `change` rewrites it.
 * Foreign keys are switched off around the transaction (they cannot be
 * inside one) and checked before it commits.
 */
async function rebuildSqliteSubmissions(db: Kysely<unknown>, change: (definition: string) => string): Promise<void> {
  const schema = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = 'submissions'`.execute(db);
  const table = schema.rows.find((r) => r.type === 'table')?.sql;
  if (!table) throw new Error('no submissions table');
  const next = change(table).replace(/^CREATE TABLE "submissions"/, 'CREATE TABLE "submissions_next"');
  if (!next.startsWith('CREATE TABLE "submissions_next"')) throw new Error('unexpected submissions definition');
  // Indexes and triggers, as written (the UNIQUE constraints' own indexes have none and come with the table).
  const dependents = schema.rows.filter((r) => r.type !== 'table' && r.sql !== null).map((r) => r.sql!);

  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(next).execute(db);
      await sql`insert into submissions_next select * from submissions`.execute(db);
      await sql`drop table submissions`.execute(db);
      await sql`alter table submissions_next rename to submissions`.execute(db);
      for (const statement of dependents) await sql.raw(statement).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error(`rebuilding submissions broke ${broken.rows.length} foreign keys`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
