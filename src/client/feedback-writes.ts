/**
 * What the feedback form puts in the outbox: a submission (the draft moved
 * into the item) and a withdrawal. The outbox sends them with the handler in
 * ./outbox-ops/feedback.ts.
 */
import { draftOwner, type Draft, type SubmitItem } from '../storage/records';
import type { Outbox } from './outbox';

/** Moves a draft into the outbox (one transaction) and starts delivering it. */
export async function submitDraft(outbox: Outbox, draft: Draft, locale: SubmitItem['locale']): Promise<SubmitItem> {
  // Made by whose draft it is, not by whoever is signed in once it is stored: an identify() between the
  // click and here must not send one person's text as another's (theirs waits for them to sign in again).
  const owner = draftOwner(draft.key);
  const base = await outbox.newItem(draft.site, { by: owner === undefined ? 'device' : { sub: owner } });
  const item: SubmitItem = {
    ...base,
    op: 'feedback.submit',
    draft,
    locale,
    clientSubmittedAt: new Date(base.createdAt).toISOString(),
  };
  return outbox.enqueue(item, draft.key);
}

/**
 * Withdraws a submission: removed from the outbox if it is still there,
 * otherwise a withdraw request goes through the outbox. Never while the
 * item is being sent (the outbox's lock): a send that went through while we
 * waited is found by its item id and withdrawn on the server.
 */
export async function withdrawSubmission(
  outbox: Outbox,
  itemId: string,
  submissionId?: string,
): Promise<'removed' | 'requested' | 'unknown'> {
  const result = await outbox.exclusive(async (store) => {
    const queued = await store.getOutbox(itemId);
    if (queued) {
      await store.deleteOutbox(itemId);
      return 'removed' as const;
    }
    const record = (await store.listSubmissions()).find((r) => r.id === submissionId || r.itemId === itemId);
    if (!record) return 'unknown' as const;
    await store.putOutbox({
      ...(await outbox.newItem(record.site, { id: `${itemId}-w` })),
      endpoint: record.endpoint,
      op: 'feedback.withdraw',
      submissionId: record.id,
      accessKey: record.accessKey,
    });
    return 'requested' as const;
  });
  if (result === 'requested') void outbox.flush(true);
  return result ?? 'unknown';
}
