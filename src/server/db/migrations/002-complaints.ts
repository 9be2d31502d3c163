/**
 * The complaint lifecycle: the machine's context on each submission, an
 * append-only event row per change (the audit trail and the user's
 * timeline), the deadlines worked out from the SLA policies, a database lease
 * for the periodic sweep, the host webhook's delivery queue, and the live
 * events each browser's stream reads.
 *
 * Ids that order things (events, live events) are integers the database
 * hands out, so "everything after id N" is one index range on both dialects.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  // serial (int4) rather than bigserial: node-postgres reads int8 as a string.
  const serial = ctx.dialect === 'postgres' ? 'serial' : 'integer';
  const serialPk = (c: ColumnDefinitionBuilder) =>
    ctx.dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();

  // The complaint machine's context (JSON), null for kinds that never enter the lifecycle.
  await db.schema.alterTable('submissions').addColumn('lifecycle_json', 'text').execute();
  // What the deadlines are computed from, kept with the row so a list reads them without the events: { pauses, metAt }.
  await db.schema.alterTable('submissions').addColumn('sla_json', 'text').execute();
  // The earliest running deadline, so the sweep and "due soon" lists read one index.
  await db.schema.alterTable('submissions').addColumn('next_due_at', 'text').execute();
  await db.schema.createIndex('submissions_next_due').on('submissions').columns(['next_due_at']).execute();
  await db.schema
    .createIndex('submissions_site_status')
    .on('submissions')
    .columns(['site', 'status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('complaint_events')
    .addColumn('id', serial, serialPk)
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('site', 'text', (c) => c.notNull())
    /** the machine event (`agent.reply`), or `received`, `message`, `deadline.missed` */
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    /** what the event says: message text, reason, ruling, rating, attachments */
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // Attachments of a message belong to its event; those of the submission itself have none.
  await db.schema.alterTable('attachments').addColumn('event_id', 'integer').execute();
  await db.schema
    .createIndex('complaint_events_submission')
    .on('complaint_events')
    .columns(['submission_id', 'id'])
    .execute();

  await db.schema
    .createTable('complaint_deadlines')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    /** acknowledgement | firstReply | solution */
    .addColumn('name', 'text', (c) => c.notNull())
    /** working | elapsed */
    .addColumn('clock', 'text', (c) => c.notNull())
    /** the policy's length in seconds of working or elapsed time */
    .addColumn('budget_s', 'integer', (c) => c.notNull())
    /** null while the clock is paused (awaiting the user) */
    .addColumn('due_at', 'text')
    /** seconds of the clock left when it was paused, so the tracker can still say it */
    .addColumn('left_s', 'integer')
    .addColumn('estimated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('met_at', 'text')
    .addColumn('missed_at', 'text')
    .addPrimaryKeyConstraint('complaint_deadlines_pk', ['submission_id', 'name'])
    .execute();
  await db.schema.createIndex('complaint_deadlines_due').on('complaint_deadlines').columns(['due_at']).execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['delivered_at', 'failed_at', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('live_events')
    .addColumn('id', serial, serialPk)
    .addColumn('site', 'text', (c) => c.notNull())
    /** `user:<sub>` or `device:<id>`: whose stream carries it */
    .addColumn('audience', 'text', (c) => c.notNull())
    /** `complaint.updated`, later `points.changed`, …: the envelope is the same for all */
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_events_audience').on('live_events').columns(['site', 'audience', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_events').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('leases').execute();
  await db.schema.dropTable('complaint_deadlines').execute();
  await db.schema.alterTable('attachments').dropColumn('event_id').execute();
  await db.schema.dropTable('complaint_events').execute();
  await db.schema.dropIndex('submissions_site_status').execute();
  await db.schema.dropIndex('submissions_next_due').execute();
  await db.schema.alterTable('submissions').dropColumn('next_due_at').execute();
  await db.schema.alterTable('submissions').dropColumn('sla_json').execute();
  await db.schema.alterTable('submissions').dropColumn('lifecycle_json').execute();
}
