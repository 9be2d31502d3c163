/**
 * Arbitration and third parties as data, so they can be counted and read
 * without parsing timeline text:
 *
 * - `complaint_rulings`: one row per platform ruling (the `rule` event),
 *   with its outcome (upheld, partly_upheld, overturned: the contract's
 *   RULING_OUTCOMES, held by a CHECK) and reasons, who ruled and when.
 *   Append-only, like the audit log: the database refuses UPDATE, DELETE
 *   and TRUNCATE, so a ruling once given is never rewritten.
 * - `complaint_third_parties`: one row per complaint that went to a third
 *   party, made when the platform referred it (the body, its case reference,
 *   the day of the referral) or the user asked for one (nothing named yet),
 *   and completed once with the third party's outcome. The database refuses
 *   DELETE, and any UPDATE of a row whose outcome is recorded: an outcome is
 *   written once.
 *
 * Rulings given before this migration keep their text in the timeline and
 * have no row here: their outcome was never recorded, and guessing it from
 * the text would be worse than saying nothing. A complaint with a third
 * party now gets its row (nothing named: older referrals named nobody), so
 * its outcome can be recorded.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from '../migration-context';
import { RULING_OUTCOMES } from '../../../contract/complaint-vocabulary';

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  const outcomes = sql.join(RULING_OUTCOMES.map((o) => sql.lit(o)));
  await db.schema
    .createTable('complaint_rulings')
    /** the ruling's timeline entry (complaint_events.id) */
    .addColumn('event_id', 'integer', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id'))
    .addColumn('site', 'text', (c) => c.notNull())
    /** where it was given: disputed (without a hearing) or arbitration */
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('disputed', 'arbitration')`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in (${outcomes})`))
    .addColumn('reasons', 'text', (c) => c.notNull())
    /** the principal who ruled (always a person: staff:person:<sub>), and the name they ruled under */
    .addColumn('ruled_by', 'text', (c) => c.notNull())
    .addColumn('ruled_by_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_rulings_site').on('complaint_rulings').columns(['site', 'at']).execute();
  await db.schema
    .createIndex('complaint_rulings_submission')
    .on('complaint_rulings')
    .columns(['submission_id'])
    .execute();

  await db.schema
    .createTable('complaint_third_parties')
    .addColumn('submission_id', 'text', (c) => c.primaryKey().references('submissions.id'))
    .addColumn('site', 'text', (c) => c.notNull())
    /** `referral`: the platform referred it (refer_third_party); `user`: the user asked for one (ask_third_party) */
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('referral', 'user')`))
    /** the third party's name, its case reference, the day of the referral (YYYY-MM-DD); null until named */
    .addColumn('body', 'text')
    .addColumn('reference', 'text')
    .addColumn('referred_on', 'text')
    /** the event that sent it there, and who (the user's id for `user`) */
    .addColumn('sent_event_id', 'integer', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    /** the third party's decision in its words and its date; who recorded it, when, and its timeline entry */
    .addColumn('outcome', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('outcome_by', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('outcome_event_id', 'integer')
    .execute();
  await db.schema
    .createIndex('complaint_third_parties_site')
    .on('complaint_third_parties')
    .columns(['site', 'sent_at'])
    .execute();

  await backfill(db as Kysely<BackfillTables>);

  if (ctx.dialect === 'postgres') {
    // usercare_append_only() is 004-consents'.
    await sql`create trigger complaint_rulings_append_only before update or delete on complaint_rulings
      for each row execute function usercare_append_only()`.execute(db);
    await sql`create trigger complaint_rulings_no_truncate before truncate on complaint_rulings
      for each statement execute function usercare_append_only()`.execute(db);
    await sql`
      create function usercare_third_party_guard() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' or TG_OP = 'TRUNCATE' then
          raise exception 'complaint_third_parties rows are kept: % refused', TG_OP using errcode = 'restrict_violation';
        end if;
        if OLD.outcome_at is not null then
          raise exception 'a third party''s outcome is recorded once: update refused' using errcode = 'restrict_violation';
        end if;
        return NEW;
      end
      $$`.execute(db);
    await sql`create trigger complaint_third_parties_guard before update or delete on complaint_third_parties
      for each row execute function usercare_third_party_guard()`.execute(db);
    await sql`create trigger complaint_third_parties_no_truncate before truncate on complaint_third_parties
      for each statement execute function usercare_third_party_guard()`.execute(db);
  } else {
    for (const op of ['update', 'delete'] as const)
      await sql`create trigger ${sql.id(`complaint_rulings_no_${op}`)} before ${sql.raw(op)} on complaint_rulings
        begin select raise(abort, ${sql.lit(`complaint_rulings rows are append-only: ${op} refused`)}); end`.execute(
        db,
      );
    await sql`create trigger complaint_third_parties_no_delete before delete on complaint_third_parties
      begin select raise(abort, 'complaint_third_parties rows are kept: delete refused'); end`.execute(db);
    await sql`create trigger complaint_third_parties_outcome_once before update on complaint_third_parties
      when old.outcome_at is not null
      begin select raise(abort, 'a third party''s outcome is recorded once: update refused'); end`.execute(db);
  }
}

interface BackfillTables {
  submissions: { id: string; site: string; status: string };
  complaint_events: { id: number; submission_id: string; type: string; actor_id: string; at: string };
  complaint_third_parties: {
    submission_id: string;
    site: string;
    via: string;
    sent_event_id: number;
    sent_by: string;
    sent_at: string;
  };
}

/** A row for every complaint with a third party now, from the event that sent it there. */
async function backfill(db: Kysely<BackfillTables>): Promise<void> {
  const waiting = await db
    .selectFrom('submissions')
    .select(['id', 'site'])
    .where('status', '=', 'third_party')
    .execute();
  for (const complaint of waiting) {
    const sent = await db
      .selectFrom('complaint_events')
      .select(['id', 'type', 'actor_id', 'at'])
      .where('submission_id', '=', complaint.id)
      .where('type', 'in', ['refer_third_party', 'ask_third_party'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!sent) continue;
    await db
      .insertInto('complaint_third_parties')
      .values({
        submission_id: complaint.id,
        site: complaint.site,
        via: sent.type === 'refer_third_party' ? 'referral' : 'user',
        sent_event_id: sent.id,
        sent_by: sent.actor_id,
        sent_at: sent.at,
      })
      .execute();
  }
}

export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.dropTable('complaint_third_parties').execute();
  await db.schema.dropTable('complaint_rulings').execute();
  if (ctx.dialect === 'postgres') await sql`drop function if exists usercare_third_party_guard()`.execute(db);
}
