/**
 * How the staff runtime's outbox sends each staff write (src/client/outbox.ts
 * with this table instead of the site runtime's): one handler for the staff
 * ops, each a POST (STAFF_OP_PATHS) with the staff token and the item's id as
 * its Idempotency-Key, its answer checked against the contract. A 409 (the
 * complaint changed since it was read, the feedback was decided already, the
 * compensation given) stops the item, and the console gives the draft back
 * beside what changed.
 */
import { ComplaintChange } from '../../contract/complaints';
import { ComplaintPointsResult, IncidentResult } from '../../contract/points';
import { FeedbackDecision } from '../../contract/staff-feedback';
import type { QueuedItem } from '../../storage/records';
import type { DraftFile } from '../../storage/records';
import { toAttachment } from '../attachments';
import { BackendError } from '../errors';
import type { Delivery, OpHandler, SendContext } from '../outbox-handler';
import type { OpsOf } from '../outbox-table';
import { RestBackend, type Schema } from '../rest-backend';
import { STAFF_OP_PATHS, STAFF_OPS, StaffWriteItem, type StaffOp } from './staff-items';

/** What each op is answered with. */
const ANSWERS: Record<StaffOp, Schema<unknown>> = {
  'staff.action': ComplaintChange,
  'staff.message': ComplaintChange,
  'staff.note': ComplaintChange,
  'staff.assign': ComplaintChange,
  'staff.category': ComplaintChange,
  'staff.decision': FeedbackDecision,
  'staff.points': ComplaintPointsResult,
  'staff.incident': IncidentResult,
  'staff.third_party_outcome': ComplaintChange,
};

const handler: OpHandler<QueuedItem> = {
  async send(queued: QueuedItem, { backend, credentials }: SendContext): Promise<Delivery> {
    const parsed = StaffWriteItem.safeParse(queued);
    if (!parsed.success) throw new BackendError('invalid_request', 'this staff outbox item is damaged');
    if (!(backend instanceof RestBackend)) throw new BackendError('invalid_request', 'staff writes go to a server');
    const item = parsed.data;
    const { files, ...body } = item.body as { files?: DraftFile[] } & Record<string, unknown>;
    await backend.request(
      'POST',
      STAFF_OP_PATHS[item.op](item.complaintId),
      ANSWERS[item.op],
      files?.length ? { ...body, attachments: await Promise.all(files.map(toAttachment)) } : body,
      credentials,
    );
    return {};
  },
};

/** The staff runtime's table: its ops; anything else (an end user's item cannot be in its database) is held. */
export const staffOps: OpsOf = (item) =>
  (STAFF_OPS as readonly string[]).includes(item.op as StaffOp) ? () => Promise.resolve(handler) : undefined;
