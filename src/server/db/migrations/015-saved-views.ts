/**
 * Saved views of the staff queue, and the indexes of its other orders.
 *
 * - `staff_saved_views`: a staff member's named views of the queue (filters,
 *   sort, visible columns as JSON, checked against the contract's QueueView
 *   on the way in), per site and principal (`staff:person:<sub>`,
 *   `staff:automation:<name>`). The key is (site, principal, id): an id is
 *   the asker's own, so another principal's id names nothing of theirs (a
 *   404) and a view of the same id they make is their own. A name is
 *   unique per principal; at most one view is their default (the route
 *   clears the others in the same transaction).
 * - The queue's orders by time received (`sort=received_desc|asc`): like
 *   the deadline order (migration 009), one index per way it is read, the
 *   order alone and each single filter before it, on (site, [filter,]
 *   received_at, id), so a page is one index range read in either
 *   direction. (site, received_at, id) takes the place of 001's
 *   (site, received_at), which it covers.
 */
import type { Kysely } from 'kysely';

/** The received order's indexes: the order alone, then each filter's column before it (as QUEUE_INDEXES). */
export const RECEIVED_INDEXES: ReadonlyArray<[name: string, filter: string | null]> = [
  ['submissions_received', null],
  ['submissions_received_status', 'status'],
  ['submissions_received_kind', 'kind'],
  ['submissions_received_category', 'category'],
  ['submissions_received_channel', 'channel'],
  ['submissions_received_assignee', 'assignee'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_saved_views')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** QueueView as JSON: filters, sort, columns */
    .addColumn('view_json', 'text', (c) => c.notNull())
    /** 1 for the view the console opens with, else 0 */
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_saved_views_pk', ['site', 'principal', 'id'])
    .addUniqueConstraint('staff_saved_views_name', ['site', 'principal', 'name'])
    .execute();

  for (const [name, filter] of RECEIVED_INDEXES)
    await db.schema
      .createIndex(name)
      .on('submissions')
      .columns(['site', ...(filter ? [filter] : []), 'received_at', 'id'])
      .execute();
  await db.schema.dropIndex('submissions_site_received').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('submissions_site_received').on('submissions').columns(['site', 'received_at']).execute();
  for (const [name] of RECEIVED_INDEXES) await db.schema.dropIndex(name).execute();
  await db.schema.dropTable('staff_saved_views').execute();
}
