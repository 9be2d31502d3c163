/**
 * Open live streams in the database, so the cap of streams per audience holds
 * across every instance behind a load balancer (the server keeps no state of
 * its own). An audience has STREAMS_PER_AUDIENCE numbered slots and an open
 * stream holds one: the primary key is the cap. A slot is leased (its stream
 * renews it while open), so a crashed instance's slots lapse by themselves;
 * the sweep deletes lapsed rows.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stream_slots')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    // A random id of the stream holding the slot: a stream whose lease lapsed and was taken over renews and frees nothing.
    .addColumn('holder', 'text', (c) => c.notNull())
    // Milliseconds since the epoch, as in rate_buckets: a double holds them exactly and node-postgres reads it as a number.
    .addColumn('expires_ms', 'double precision', (c) => c.notNull())
    // Also the (site, audience) index: counting and taking an audience's slots reads its leading columns.
    .addPrimaryKeyConstraint('stream_slots_pk', ['site', 'audience', 'slot'])
    .execute();
  await db.schema.createIndex('stream_slots_expires').on('stream_slots').column('expires_ms').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stream_slots').execute();
}
