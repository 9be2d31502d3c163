/**
 * How the outbox sends feedback: a submission (the draft's content, files as
 * base64) and a withdrawal. Loaded when an item of either op is sent.
 */
import type { FieldValue } from '../../contract/common';
import type { FeedbackSubmission } from '../../contract/feedback';
import type { SubmitItem, WithdrawItem } from '../../storage/records';
import { toAttachment } from '../attachments';
import type { Delivery, SendContext } from '../outbox-handler';

/** What leaves the browser: only non-empty values, files as base64 attachments. */
export async function toSubmission(item: SubmitItem): Promise<FeedbackSubmission> {
  const { draft } = item;
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(draft.fields)) {
    const empty = value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) fields[name] = typeof value === 'string' ? value.trim() : value;
  }
  return {
    site: draft.site,
    form: draft.form,
    kind: draft.kind ?? 'suggestion',
    category: draft.category ?? '',
    locale: item.locale,
    fields,
    attachments: await Promise.all(draft.files.map(toAttachment)),
    clientSubmittedAt: item.clientSubmittedAt,
  };
}

export async function send(
  item: SubmitItem | WithdrawItem,
  { backend, store, credentials }: SendContext,
): Promise<Delivery> {
  if (item.op === 'feedback.withdraw') {
    await backend.withdrawFeedback(item.submissionId, { accessKey: item.accessKey }, credentials);
    const record = await store.getSubmission(item.submissionId);
    return record ? { record: { ...record, withdrawn: true } } : {};
  }
  const receipt = await backend.submitFeedback(await toSubmission(item), credentials);
  return {
    // Kept with its access key, and with the item it came from: a withdrawal asked for meanwhile finds it by that.
    record: {
      id: receipt.id,
      site: item.site,
      endpoint: item.endpoint,
      trackingNumber: receipt.trackingNumber,
      accessKey: receipt.accessKey,
      receipt,
      draftKey: item.draft.key,
      itemId: item.id,
    },
    news: { receipt },
  };
}
