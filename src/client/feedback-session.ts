/**
 * The client side of one feedback form for one person: what the form
 * machine asks of the device and the outbox. It restores what was left
 * (a refused submission back into the draft, one still queued, the draft, a
 * copy rescued at pagehide), saves and deletes the draft, moves it into the
 * outbox on submit, withdraws, and tells the machine what other tabs and the
 * outbox say about this form. The path of a submission is element → machine
 * → session → outbox → backend.
 *
 * Everything is the current user's (or, signed out, this device's): on a
 * shared computer the next person never sees the last one's draft, contact
 * details or queued submission.
 */
import type { FormConfig } from '../config/schema';
import type { Locale } from '../contract/common';
import { dropRescuedDraft, peekRescuedDraft } from '../storage/draft-rescue';
import { draftKey, type Draft, type StoredError } from '../storage/records';
import type { Receipt } from '../contract/feedback';
import type { RestoreResult } from '../../machines/feedback-form.machine';
import { submitDraft, withdrawSubmission } from './feedback-writes';
import { contactKey, contactOf, prefillFor } from './prefill';
import type { Runtime } from './site-runtime';
import type { TabMessage } from './tab-channel';

/** What the machine hears from other tabs and from the outbox about this form. */
export type FeedbackNews =
  | { type: 'draft.external'; draft: Draft | undefined }
  | { type: 'outbox.changed'; state: 'pending' | 'held' | 'failed'; retryAt: number; error: StoredError | undefined }
  | { type: 'outbox.delivered'; receipt: Receipt | undefined }
  | { type: 'outbox.failed'; error: StoredError };

export class FeedbackSession {
  /** The draft's key: whose it is is part of it. */
  readonly draftKey: string;
  private readonly contactKey: string;
  private readonly sub: string | undefined;
  private readonly startedAt = Date.now();

  constructor(
    private readonly runtime: Runtime,
    private readonly form: FormConfig,
    private readonly formId: string,
    /** The save a session before this one began (moved in the page, new config, another user): restore waits for it. */
    private lastSave: Promise<unknown>,
    /** Set when a signed-out visitor signs in: the draft they typed since, to become theirs. */
    private readonly carry?: { from: string; since: number },
  ) {
    this.sub = runtime.identity.sub;
    this.draftKey = draftKey(runtime.config.site, formId, this.sub);
    this.contactKey = contactKey(runtime.config.site, this.sub);
  }

  /** The save in flight, for the session after this one to wait for. */
  get saving(): Promise<unknown> {
    return this.lastSave;
  }

  /** Who this session's form belongs to; a change means a new session. */
  belongsToCurrentUser(): boolean {
    return this.runtime.identity.sub === this.sub;
  }

  /**
   * When the visitor this session was for signs in, what they typed since
   * this form became theirs follows them (unless they have a newer draft of
   * their own); older device drafts stay the device's.
   */
  carryForNext(): { from: string; since: number } | undefined {
    return this.sub === undefined ? { from: this.draftKey, since: this.startedAt } : undefined;
  }

  async restore(): Promise<RestoreResult> {
    const { store, config, backend } = this.runtime;
    await this.lastSave;
    if (this.carry) {
      const [typed, theirs] = await Promise.all([store.getDraft(this.carry.from), store.getDraft(this.draftKey)]);
      if (typed && typed.updatedAt >= this.carry.since && !(theirs && theirs.updatedAt > typed.updatedAt)) {
        await store.putDraft({ ...typed, key: this.draftKey });
        await store.deleteDraft(this.carry.from);
      }
    }
    const rescued = peekRescuedDraft(this.draftKey);
    // Found by form and maker rather than by key: items queued before drafts had owners have the device's key.
    const mine = (await store.listOutbox())
      .flatMap((i) =>
        i.op === 'feedback.submit' &&
        i.draft.site === config.site &&
        i.draft.form === this.formId &&
        i.endpoint === backend.endpoint &&
        ('sub' in i.actor ? i.actor.sub : undefined) === this.sub
          ? [{ ...i, draft: { ...i.draft, key: this.draftKey } }]
          : [],
      )
      .sort((a, b) => b.createdAt - a.createdAt);
    const failed = mine.find((i) => i.state === 'failed');
    if (failed) {
      await store.moveOutboxToDraft(failed.id, failed.draft);
      return { type: 'failed', draft: failed.draft, error: failed.lastError ?? { code: 'internal', message: '' } };
    }
    const queued = mine[0];
    if (queued && queued.state !== 'failed')
      return {
        type: 'queued',
        itemId: queued.id,
        draft: queued.draft,
        state: queued.state,
        retryAt: queued.nextAttemptAt,
        error: queued.lastError,
      };
    const draft = await store.getDraft(this.draftKey);
    if (rescued && (!draft || rescued.updatedAt > draft.updatedAt)) {
      const newest = { ...rescued, files: draft?.files ?? [] };
      await store.putDraft(newest);
      dropRescuedDraft(this.draftKey);
      return { type: 'draft', draft: newest };
    }
    if (rescued) dropRescuedDraft(this.draftKey);
    return draft ? { type: 'draft', draft } : { type: 'none' };
  }

  async saveDraft(draft: Draft): Promise<void> {
    const { store, channel, tab } = this.runtime;
    const saving = store.putDraft(draft);
    this.lastSave = saving.catch(() => undefined);
    await saving;
    channel.post({ type: 'draft.saved', key: this.draftKey, tab, updatedAt: draft.updatedAt }, { others: true });
  }

  async deleteDraft(key: string): Promise<void> {
    const { store, channel, tab } = this.runtime;
    await store.deleteDraft(key);
    channel.post({ type: 'draft.deleted', key, tab }, { others: true });
  }

  /** Keeps (or forgets) the contact details as the user asked, then moves the draft into the outbox. */
  async enqueue(draft: Draft, locale: Locale): Promise<{ itemId: string }> {
    const { store, channel, tab } = this.runtime;
    const details = contactOf(this.form, draft.fields);
    if (draft.remember && Object.keys(details).length) await store.putValue(this.contactKey, details);
    else if (!draft.remember && (await store.getValue(this.contactKey)) !== undefined)
      await store.putValue(this.contactKey, undefined);
    const item = await submitDraft(await this.runtime.outbox(), draft, locale);
    channel.post({ type: 'draft.deleted', key: draft.key, tab }, { others: true });
    return { itemId: item.id };
  }

  async withdraw(itemId: string, submissionId: string | undefined): Promise<'removed' | 'requested'> {
    const result = await withdrawSubmission(await this.runtime.outbox(), itemId, submissionId);
    if (result === 'unknown') throw new Error('nothing to withdraw');
    return result;
  }

  /** The item the server refused goes back to being the draft, so the user can fix it. */
  returnItemToDraft(itemId: string, draft: Draft): void {
    void this.runtime.store.moveOutboxToDraft(itemId, draft);
  }

  /** Values for personal fields: the host's profile first, then details this device was asked to remember. */
  async prefill(): Promise<Record<string, string>> {
    const remembered = await this.runtime.store.getValue(this.contactKey).catch(() => undefined);
    return prefillFor(
      this.form,
      this.runtime.identity.profile,
      remembered && typeof remembered === 'object' ? (remembered as Record<string, string>) : {},
    );
  }

  /** The prefill known without waiting (the host's profile), for the machine's first draft. */
  profilePrefill(): Record<string, string> {
    return prefillFor(this.form, this.runtime.identity.profile, {});
  }

  /**
   * What a tab message means for this form: another tab's save or delete of
   * this draft, and the outbox's news of the item this form waits on (its
   * submission `itemId`, or the withdrawal made from it).
   */
  async hear(message: TabMessage, itemId: string | undefined): Promise<FeedbackNews | undefined> {
    const { store, tab } = this.runtime;
    const mine = 'id' in message && itemId !== undefined && (message.id === itemId || message.id === `${itemId}-w`);
    switch (message.type) {
      case 'draft.saved':
        if (message.key !== this.draftKey || message.tab === tab) return undefined;
        {
          const draft = await store.getDraft(this.draftKey);
          return draft && { type: 'draft.external', draft };
        }
      case 'draft.deleted':
        return message.key === this.draftKey && message.tab !== tab
          ? { type: 'draft.external', draft: undefined }
          : undefined;
      case 'outbox.changed':
        return mine
          ? { type: 'outbox.changed', state: message.state, retryAt: message.nextAttemptAt, error: message.error }
          : undefined;
      case 'outbox.delivered':
        return mine ? { type: 'outbox.delivered', receipt: message.receipt } : undefined;
      case 'outbox.failed':
        return mine ? { type: 'outbox.failed', error: message.error } : undefined;
      default:
        return undefined;
    }
  }
}
