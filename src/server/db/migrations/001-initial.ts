/**
 * The first schema: submissions with their attachments, the blob store and
 * idempotency records. Dialect-neutral: text ids and ISO-8601 instants, an
 * integer version per row. The complaint lifecycle (events, deadlines) comes
 * in later migrations that add tables and columns; nothing here assumes a
 * submission's status set is final.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  const bytes = ctx.dialect === 'postgres' ? 'bytea' : 'blob';

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sqlIn('channel', ['web', 'hotline', 'mailbox'])))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitter_type', 'text', (c) => c.notNull().check(sqlIn('submitter_type', ['user', 'device'])))
    .addColumn('submitter_id', 'text', (c) => c.notNull())
    .addColumn('access_key_hash', 'text')
    .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('client_submitted_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdraw_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('submissions_site_received').on('submissions').columns(['site', 'received_at']).execute();
  await db.schema
    .createIndex('submissions_submitter')
    .on('submissions')
    .columns(['site', 'submitter_type', 'submitter_id'])
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('data', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_submission').on('attachments').column('submission_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['site', 'actor', 'key'])
    .execute();
  // A later sweep deletes old keys by age.
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('attachments').execute();
  await db.schema.dropTable('blobs').execute();
  await db.schema.dropTable('submissions').execute();
}

/** A CHECK (column IN (...)) with literal values; the values are constants of this file, never input. */
function sqlIn(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
