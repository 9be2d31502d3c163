/**
 * How a console view queues a write about one complaint: busy at once
 * (PendingWrites, so a double click queues it once), then put in the staff
 * outbox with the draft of the box it came from moved into the item (no
 * later save brings it back), and the box emptied once it is queued. A
 * write the device could not even store leaves the box as it was, its
 * refusal shown where the person looks.
 */
import type { StaffOp } from '../../src/client/staff/staff-items';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import { sendStaffWrite } from '../../src/client/staff/staff-writes';
import type { PendingWrites } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';

export interface StaffWrite {
  op: StaffOp;
  /** what PendingWrites shows it as busy with */
  action: string;
  body: Record<string, unknown>;
  /** the box whose words it sends, if any */
  box?: ReplyDraft | undefined;
}

/** True once the write is queued. */
export async function queueStaffWrite(
  writes: PendingWrites,
  staff: StaffRuntime,
  principal: string,
  complaintId: string,
  { op, action, body, box }: StaffWrite,
): Promise<boolean> {
  const queued = await writes.track(complaintId, action, async () =>
    sendStaffWrite(
      await staff.outbox(),
      staff.site,
      principal,
      op,
      complaintId,
      body,
      box ? await box.takeForSend(complaintId) : undefined,
    ),
  );
  if (queued) box?.clear();
  return Boolean(queued);
}
