/**
 * Rate-limit buckets in the database, so every instance behind a load
 * balancer draws from the same ones (an instance keeps no state of its own
 * that another would need). One row per bucket; a bucket untouched for a minute is full again
 * and the sweep deletes it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_buckets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    // Milliseconds since the epoch; a double holds them exactly, and node-postgres reads it as a number (not int8's string).
    .addColumn('updated_ms', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_buckets_updated').on('rate_buckets').column('updated_ms').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_buckets').execute();
}
