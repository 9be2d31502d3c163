/**
 * How the outbox sends a complaint action or message (files as base64).
 * Loaded when one is sent, with the complaint API; a backend that does not
 * track complaints refuses it for good.
 */
import type { ComplaintWriteItem } from '../../storage/records';
import { toAttachment } from '../attachments';
import { BackendError } from '../errors';
import type { Delivery, SendContext } from '../outbox-handler';
import { complaintApiOf } from '../rest-complaints';

export async function send(item: ComplaintWriteItem, { backend, credentials }: SendContext): Promise<Delivery> {
  const api = complaintApiOf(backend);
  if (!api) throw new BackendError('invalid_request', 'this backend does not track complaints');
  const { files, ...body } = item.body;
  if (item.op === 'complaint.action') await api.sendComplaintAction(item.complaintId, body, credentials);
  else
    await api.sendComplaintMessage(
      item.complaintId,
      { ...body, ...(files?.length ? { attachments: await Promise.all(files.map(toAttachment)) } : {}) },
      credentials,
    );
  return {};
}
