/**
 * What the staff console puts in its outbox. The item's id is its
 * idempotency key, made when the staff member confirms: a double click or a
 * retry sends it once; two deliberate confirmations are two items. With
 * `draftKey`, the reply's (or note's) draft moves into the item in one
 * transaction, and comes back if the server refuses it.
 */
import type { Outbox } from '../outbox';
import type { StaffOp, StaffWriteItem } from './staff-items';

export async function sendStaffWrite(
  outbox: Outbox,
  site: string,
  principal: string,
  op: StaffOp,
  complaintId: string,
  body: Record<string, unknown>,
  draftKey?: string,
): Promise<StaffWriteItem> {
  const item: StaffWriteItem = {
    ...(await outbox.newItem(site, { by: { sub: principal } })),
    actor: { type: 'user', sub: principal },
    op,
    complaintId,
    body,
    ...(draftKey ? { draftKey } : {}),
  };
  return outbox.enqueue(item, draftKey);
}
