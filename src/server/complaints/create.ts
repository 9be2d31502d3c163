/**
 * A complaint that did not come through the web form: logged by staff from a
 * hotline call or a letter, or seeded for the demo. The web form's own
 * insert (routes/feedback.ts) also stores attachments and idempotency; both
 * end in startComplaint, so every complaint enters the same lifecycle.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, FieldValue, Locale } from '../../contract/common';
import type { DbExecutor } from '../blobs';
import type { SubmissionRow } from '../db/schema';
import { configVersionOf, type Site } from '../registry';
import { indexSubmission } from '../search/index-rows';
import { deriveAccessKey, hashAccessKey, makeTrackingNumber } from '../tracking';
import { startComplaint, type NamedActor } from './lifecycle';

export interface NewComplaint {
  form: string;
  category: string;
  channel: Channel;
  locale: Locale;
  fields: Record<string, FieldValue>;
  submitter: { type: 'user' | 'device'; id: string };
  /** who recorded it: the user, or the staff member who took the call */
  recordedBy: NamedActor;
  receivedAt: Date;
}

/**
 * A complaint of nobody's device (a call, a letter) gets the access key a web
 * submission gets, derived from `serverSecret` and stored as its hash: the
 * caller later opens it on any device with its tracking number and contact
 * (POST /v1/complaints/lookup hands out that key).
 */
export async function createComplaint(
  tx: DbExecutor,
  site: Site,
  input: NewComplaint,
  serverSecret: Uint8Array,
): Promise<SubmissionRow> {
  const id = randomUUID();
  const at = input.receivedAt.toISOString();
  await tx
    .insertInto('submissions')
    .values({
      id,
      site: site.id,
      form: input.form,
      kind: 'complaint',
      category: input.category,
      channel: input.channel,
      status: 'submitted',
      submitter_type: input.submitter.type,
      submitter_id: input.submitter.id,
      access_key_hash: input.submitter.type === 'device' ? hashAccessKey(deriveAccessKey(serverSecret, id)) : null,
      tracking_number: makeTrackingNumber(input.receivedAt, site.settings.timezone),
      locale: input.locale,
      fields_json: JSON.stringify(input.fields),
      client_submitted_at: at,
      received_at: at,
      updated_at: at,
      withdrawn_at: null,
      withdraw_reason: null,
      version: 1,
      // Its deadlines count by this version's policies for as long as it is open (sites/version-sla.ts).
      config_version: configVersionOf(site),
    })
    .execute();
  // Found by staff search from the moment it exists (and never if this rolls back).
  await indexSubmission(
    tx,
    { id, site: site.id, kind: 'complaint', fields: input.fields },
    site.publicConfig.forms[input.form],
  );
  const inserted = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await startComplaint(tx, site, inserted, input.recordedBy);
  // As it now stands, in the lifecycle.
  return tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
