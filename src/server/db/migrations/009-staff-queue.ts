/**
 * The staff queue and canned replies.
 *
 * The queue (GET /v1/staff/queue) lists a site's submissions by their next
 * deadline and filters them by status, kind, category, channel, assignee and
 * "due soon" / "overdue", over 100,000 rows and more. So what the order and
 * the filters read is kept on the row, written with every change:
 *
 * - `next_due_soon_at`: two working hours before `next_due_at`, counted on
 *   the site's calendar when the deadlines are written (the database has no
 *   calendar), so "due soon" is `next_due_soon_at <= now < next_due_at`;
 * - `assignee` (a principal) and `assignee_name` (what the console shows);
 * - `complex` (0/1): staff marked it complex, which starts the 24-hour
 *   solution clock.
 *
 * and one index per way the queue is read: by next deadline alone, and with
 * each single filter before it, so every first page is one index range read
 * in order (see src/server/complaints/queue.ts).
 *
 * Existing rows get `next_due_at` and `next_due_soon_at` worked out again
 * here: they need each site's calendar, which the server hands in
 * (`ctx.queueDue`); and `next_due_at` used to leave out a deadline already
 * overdue when the row was written, which the queue's "overdue" needs. A
 * database migrated without the server (a tool, a test) keeps them as they
 * were, and each row gets them on its next change.
 */
import type { Kysely } from 'kysely';
import type { MigrationContext, QueueDueRow } from '../migration-context';

/** The queue's indexes: the order alone, then each filter's column before it. */
export const QUEUE_INDEXES: ReadonlyArray<[name: string, filter: string | null]> = [
  ['submissions_queue', null],
  ['submissions_queue_status', 'status'],
  ['submissions_queue_kind', 'kind'],
  ['submissions_queue_category', 'category'],
  ['submissions_queue_channel', 'channel'],
  ['submissions_queue_assignee', 'assignee'],
];

/** Rows read per round of the back-fill. */
const BATCH = 500;

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('next_due_soon_at', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('assignee', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('assignee_name', 'text').execute();
  await db.schema
    .alterTable('submissions')
    .addColumn('complex', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const [name, filter] of QUEUE_INDEXES)
    await db.schema
      .createIndex(name)
      .on('submissions')
      .columns(['site', ...(filter ? [filter] : []), 'next_due_at', 'id'])
      .execute();

  await db.schema
    .createTable('canned_replies')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** the principal who wrote it last, and the name they wrote it under */
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('canned_replies_pk', ['site', 'id'])
    .execute();

  if (ctx.queueDue) await backfill(db as Kysely<{ submissions: BackfillRow }>, ctx.queueDue);
}

type BackfillRow = QueueDueRow & { id: string; next_due_soon_at: string | null };

/** Every row with clocks, in id order, a batch at a time; only the rows whose values change are written. */
async function backfill(
  db: Kysely<{ submissions: BackfillRow }>,
  queueDue: NonNullable<MigrationContext['queueDue']>,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('submissions')
      .select(['id', 'site', 'kind', 'category', 'status', 'received_at', 'sla_json', 'complex', 'next_due_at'])
      .where('sla_json', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const due = queueDue(row);
      // A site the registry no longer has, or nothing due before and after (next_due_soon_at is new: null).
      if (!due || (due.next_due_at === row.next_due_at && due.next_due_soon_at === null)) continue;
      await db
        .updateTable('submissions')
        .set({ next_due_at: due.next_due_at, next_due_soon_at: due.next_due_soon_at })
        .where('id', '=', row.id)
        .execute();
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('canned_replies').execute();
  for (const [name] of QUEUE_INDEXES) await db.schema.dropIndex(name).execute();
  for (const column of ['complex', 'assignee_name', 'assignee', 'next_due_soon_at'])
    await db.schema.alterTable('submissions').dropColumn(column).execute();
}
