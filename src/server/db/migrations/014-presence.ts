/**
 * Who of a site's staff is on a complaint now (viewing it, or typing a
 * reply), so two colleagues do not answer the same user at once. One row
 * per complaint and principal, leased: the console renews it while the view
 * is open and a row past `expires_ms` counts for nothing, so a closed tab
 * disappears by itself. Names and ids only, no complaint data. Every
 * instance reads and writes the same rows (the server keeps no state of its
 * own); a write clears its complaint's lapsed rows.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_presence')
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    /** the name the principal's token gives, as the other consoles show it */
    .addColumn('name', 'text', (c) => c.notNull())
    /** `viewing` or `typing` (`left` deletes the row) */
    .addColumn('state', 'text', (c) => c.notNull())
    // Milliseconds since the epoch, as in stream_slots: a double holds them exactly and node-postgres reads it as a number.
    .addColumn('expires_ms', 'double precision', (c) => c.notNull())
    // Also the complaint's index: who is on it is read by its leading column.
    .addPrimaryKeyConstraint('staff_presence_pk', ['submission_id', 'principal'])
    .execute();
  // Who is on any of a site's complaints now (a console opening its queue): the site's rows not yet lapsed.
  await db.schema.createIndex('staff_presence_site').on('staff_presence').columns(['site', 'expires_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_presence').execute();
}
