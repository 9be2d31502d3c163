/**
 * What the complaint tracker puts in the outbox: an action (confirm,
 * dispute, rate…) or a message. The outbox sends them with the handler in
 * ./outbox-ops/complaints.ts.
 */
import type { ComplaintWriteItem } from '../storage/records';
import type { Outbox } from './outbox';

/**
 * Queues a complaint action or message. The key is made here, when the user
 * confirms: a double click or a retry sends the same item once; two
 * deliberate confirmations are two items. With `draftKey`, the reply box's
 * draft moves into the item in one transaction.
 */
export async function sendComplaintWrite(
  outbox: Outbox,
  site: string,
  op: ComplaintWriteItem['op'],
  complaintId: string,
  body: ComplaintWriteItem['body'],
  draftKey?: string,
): Promise<ComplaintWriteItem> {
  return outbox.enqueue<ComplaintWriteItem>(
    { ...(await outbox.newItem(site)), op, complaintId, body, ...(draftKey ? { draftKey } : {}) },
    draftKey,
  );
}
