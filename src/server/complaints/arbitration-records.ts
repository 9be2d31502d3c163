/**
 * The arbitration tables (migration 010-arbitration): the rows a ruling, a
 * referral, a user's asking for a third party and a third party's outcome
 * add in the lifecycle's transaction (lifecycle.ts calls this for every
 * event), and what the answers read back.
 */
import type { ComplaintEvent } from '../../../machines/complaint.types';
import type { ThirdParty } from '../../contract/complaints';
import type { DbExecutor } from '../blobs';
import type { ComplaintThirdPartyRow, SubmissionRow } from '../db/schema';

/** What of an event's body (lifecycle.ts EventBody) the tables keep. */
interface ArbitrationBody {
  referral?: { body: string; reference: string | null; referredOn: string };
  decidedOn?: string;
  thirdPartyBody?: string;
  thirdPartyReference?: string;
}

/**
 * The rows an event adds to the arbitration tables, in its transaction: a
 * ruling's outcome and reasons; the third party a referral names (or the
 * user's asking for one); the third party's outcome, once.
 */
export async function recordArbitration(
  tx: DbExecutor,
  row: SubmissionRow,
  event: ComplaintEvent,
  eventId: number,
  actor: { id: string; name: string | null },
  body: ArbitrationBody,
): Promise<void> {
  const sent = { submission_id: row.id, site: row.site, sent_event_id: eventId, sent_by: actor.id, sent_at: event.at };
  switch (event.type) {
    case 'rule':
      await tx
        .insertInto('complaint_rulings')
        .values({
          event_id: eventId,
          submission_id: row.id,
          site: row.site,
          stage: row.status === 'disputed' ? 'disputed' : 'arbitration',
          outcome: event.outcome,
          reasons: event.text.trim(),
          ruled_by: actor.id,
          ruled_by_name: actor.name,
          at: event.at,
        })
        .execute();
      return;
    case 'refer_third_party':
      await tx
        .insertInto('complaint_third_parties')
        .values({
          ...sent,
          via: 'referral',
          body: body.referral?.body ?? null,
          reference: body.referral?.reference ?? null,
          referred_on: body.referral?.referredOn ?? null,
        })
        .execute();
      return;
    case 'ask_third_party':
      await tx
        .insertInto('complaint_third_parties')
        .values({ ...sent, via: 'user' })
        .execute();
      return;
    case 'third_party_outcome': {
      const updated = await tx
        .updateTable('complaint_third_parties')
        .set({
          ...(body.thirdPartyBody ? { body: body.thirdPartyBody } : {}),
          ...(body.thirdPartyReference ? { reference: body.thirdPartyReference } : {}),
          outcome: event.text.trim(),
          decided_on: body.decidedOn ?? null,
          outcome_by: actor.id,
          outcome_at: event.at,
          outcome_event_id: eventId,
        })
        .where('submission_id', '=', row.id)
        .where('outcome_at', 'is', null)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n)
        throw new Error(`complaint ${row.id} has no third party waiting for an outcome`);
      return;
    }
    default:
      return;
  }
}

export async function readThirdParty(db: DbExecutor, id: string): Promise<ComplaintThirdPartyRow | undefined> {
  return db.selectFrom('complaint_third_parties').selectAll().where('submission_id', '=', id).executeTakeFirst();
}

/** A complaint's third party as the answers carry it. */
export function toThirdParty(row: ComplaintThirdPartyRow | undefined): ThirdParty | null {
  if (!row) return null;
  return {
    body: row.body,
    reference: row.reference,
    referredOn: row.referred_on,
    outcome:
      row.outcome !== null && row.decided_on !== null && row.outcome_at !== null
        ? { text: row.outcome, decidedOn: row.decided_on, recordedAt: row.outcome_at }
        : null,
  };
}
