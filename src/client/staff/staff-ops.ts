/**
 * How the staff runtime's outbox sends each staff write (src/client/outbox.ts
 * with this table instead of the site runtime's): one handler for the six
 * staff ops, each a POST under /v1/staff/complaints/{id}/ with the staff
 * token and the item's id as its Idempotency-Key. A 409 (the complaint
 * changed since it was read) stops the item, and the console gives the draft
 * back beside what changed.
 */
import { ComplaintChange } from '../../contract/complaints';
import type { QueuedItem } from '../../storage/records';
import type { DraftFile } from '../../storage/records';
import { toAttachment } from '../attachments';
import { BackendError } from '../errors';
import type { Delivery, OpHandler, SendContext } from '../outbox-handler';
import type { OpsOf } from '../outbox-table';
import { RestBackend } from '../rest-backend';
import { STAFF_OP_PATHS, STAFF_OPS, StaffWriteItem, type StaffOp } from './staff-items';

const handler: OpHandler<QueuedItem> = {
  async send(queued: QueuedItem, { backend, credentials }: SendContext): Promise<Delivery> {
    const parsed = StaffWriteItem.safeParse(queued);
    if (!parsed.success) throw new BackendError('invalid_request', 'this staff outbox item is damaged');
    if (!(backend instanceof RestBackend)) throw new BackendError('invalid_request', 'staff writes go to a server');
    const item = parsed.data;
    const { files, ...body } = item.body as { files?: DraftFile[] } & Record<string, unknown>;
    await backend.request(
      'POST',
      `/v1/staff/complaints/${encodeURIComponent(item.complaintId)}/${STAFF_OP_PATHS[item.op]}`,
      ComplaintChange,
      files?.length ? { ...body, attachments: await Promise.all(files.map(toAttachment)) } : body,
      credentials,
    );
    return {};
  },
};

/** The staff runtime's table: its six ops; anything else (an end user's item cannot be in its database) is held. */
export const staffOps: OpsOf = (item) =>
  (STAFF_OPS as readonly string[]).includes(item.op as StaffOp) ? () => Promise.resolve(handler) : undefined;
