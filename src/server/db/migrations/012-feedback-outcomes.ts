/**
 * What staff decided on feedback, and the points given from a complaint.
 *
 * - `submissions.decision_json`: the decision on a suggestion, report,
 *   praise or question (outcome, the reason or answer shown to its sender,
 *   who decided and when, what it gave or took), null until decided. A
 *   decision is taken once: the route's UPDATE asks for it to be null.
 * - `complaint_points`: a compensation or a penalty given from a complaint,
 *   at most one of each kind per complaint (its primary key), with the
 *   ledger entry it made; what the complaint view shows as "given".
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('decision_json', 'text').execute();
  await db.schema
    .createTable('complaint_points')
    .addColumn('submission_id', 'text', (c) => c.notNull())
    /** `compensation` or `penalty` */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** the points added (compensation) or taken (penalty, at most the balance) */
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('reward', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('complaint_points_pk', ['submission_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('complaint_points').execute();
  await db.schema.alterTable('submissions').dropColumn('decision_json').execute();
}
