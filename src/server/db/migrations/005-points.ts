/**
 * The points ledger (issue "Points"): append-only entries, each idempotent by
 * its source (a feedback id, a complaint id, an incident × user, a
 * redemption), and what entries leave behind that does change:
 *
 * - `points_lots`: points that can be spent and expire, one per confirmed
 *   entry that added points, with what is left of it;
 * - `points_allocations`: which lots a spend, penalty or reversal took from
 *   (so undoing a redemption gives back exactly those points);
 * - `points_accounts`: the balance cached in the same transaction as every
 *   entry, and the instant up to which pending entries and expiries are
 *   worked in (`settled_at`).
 *
 * Invariant (tests check it on random histories): balance = Σ points of
 * entries confirmed by `settled_at` = Σ remaining of the lots, and ≥ 0.
 *
 * Besides: incidents, coupon code pools, redemptions, and the hours in which
 * each user was seen signed in (an outage compensates "everyone seen").
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';

const KINDS = ['earn', 'spend', 'compensation', 'penalty', 'expiry', 'reversal'];

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('points_accounts')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('balance', 'integer', (c) => c.notNull().check(sql`${sql.ref('balance')} >= 0`))
    .addColumn('pending', 'integer', (c) => c.notNull())
    /** points ever confirmed by earning or compensation: levels go by it */
    .addColumn('lifetime', 'integer', (c) => c.notNull())
    .addColumn('settled_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_accounts_pk', ['site', 'user_id'])
    .execute();

  await db.schema
    .createTable('points_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`${sql.ref('kind')} in (${sql.join(KINDS.map((k) => sql.lit(k)))})`),
    )
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('shortfall', 'integer', (c) => c.notNull())
    /** what the entry is for; one entry per source and user, so a retry never counts twice */
    .addColumn('source', 'text', (c) => c.notNull())
    /** the earning rule (daily caps count by it) */
    .addColumn('trigger_name', 'text')
    .addColumn('reason_json', 'text', (c) => c.notNull())
    /** staff only, never shown to the user */
    .addColumn('note', 'text')
    .addColumn('staff', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** when it counts: created_at, or later for pending earnings */
    .addColumn('confirms_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('points_entries_source')
    .on('points_entries')
    .columns(['site', 'user_id', 'source'])
    .unique()
    .execute();
  await db.schema
    .createIndex('points_entries_history')
    .on('points_entries')
    .columns(['site', 'user_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('points_entries_confirms')
    .on('points_entries')
    .columns(['site', 'user_id', 'confirms_at'])
    .execute();

  await db.schema
    .createTable('points_lots')
    .addColumn('entry_id', 'text', (c) => c.primaryKey().references('points_entries.id'))
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull().check(sql`${sql.ref('remaining')} >= 0`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  // The lots with points left, oldest expiry first: all that spending, expiring and the summary read.
  // Spent and expired lots pile up with an account's history and stay out of it. A query uses it when
  // it says `remaining > 0` (SQLite: best as a literal; a bound 0 makes it plan the statement again).
  await db.schema
    .createIndex('points_lots_account')
    .on('points_lots')
    .columns(['site', 'user_id', 'expires_at', 'entry_id'])
    .where(sql.ref('remaining'), '>', 0)
    .execute();

  await db.schema
    .createTable('points_allocations')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('points_entries.id'))
    .addColumn('lot_id', 'text', (c) => c.notNull().references('points_lots.entry_id'))
    .addColumn('points', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_allocations_pk', ['entry_id', 'lot_id'])
    .execute();

  await db.schema
    .createTable('points_incidents')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    /** SHA-256 of what staff sent: the same id with other facts is refused */
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('staff', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_incidents_pk', ['site', 'id'])
    .execute();

  await db.schema
    .createTable('points_codes')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('reward', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`${sql.ref('status')} in ('available', 'issued', 'void')`))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text')
    .addPrimaryKeyConstraint('points_codes_pk', ['site', 'reward', 'code'])
    .execute();
  await db.schema
    .createIndex('points_codes_pool')
    .on('points_codes')
    .columns(['site', 'reward', 'status', 'added_at'])
    .execute();

  await db.schema
    .createTable('points_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('reward', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`${sql.ref('status')} in ('active', 'undone')`))
    /** the spend entry; null for a coupon given as compensation */
    .addColumn('entry_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('undo_until', 'text')
    .addColumn('undone_at', 'text')
    .execute();
  await db.schema
    .createIndex('points_redemptions_user')
    .on('points_redemptions')
    .columns(['site', 'user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('user_activity')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** the UTC hour, `2026-11-28T09` */
    .addColumn('hour', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_activity_pk', ['site', 'hour', 'user_id'])
    .execute();

  // Entries and allocations are the ledger: the database refuses to change or remove one.
  const protectedTables = ['points_entries', 'points_allocations'];
  if (ctx.dialect === 'postgres') {
    // usercare_append_only() comes from 004-consents.
    for (const table of protectedTables) {
      await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function usercare_append_only()`.execute(db);
      await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
        for each statement execute function usercare_append_only()`.execute(db);
    }
  } else {
    for (const table of protectedTables) {
      for (const op of ['update', 'delete'] as const) {
        await sql`create trigger ${sql.id(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(`${table} rows are append-only: ${op} refused`)}); end`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'user_activity',
    'points_redemptions',
    'points_codes',
    'points_incidents',
    'points_allocations',
    'points_lots',
    'points_entries',
    'points_accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
