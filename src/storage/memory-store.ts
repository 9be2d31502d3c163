import { isKnownItem, type Draft, type QueuedItem, type SubmissionRecord } from './records';
import type { UcStore } from './store';

/** Keeps everything in this tab only: the fallback when IndexedDB is blocked, missing or full. */
export class MemoryStore implements UcStore {
  readonly persistent = false;
  private drafts = new Map<string, Draft>();
  private outbox = new Map<string, QueuedItem>();
  private submissions = new Map<string, SubmissionRecord>();
  private values = new Map<string, unknown>();
  private cache = new Map<string, { value: unknown; storedAt: number }>();

  async getDraft(key: string) {
    return this.drafts.get(key);
  }
  async putDraft(draft: Draft) {
    this.drafts.set(draft.key, draft);
  }
  async deleteDraft(key: string) {
    this.drafts.delete(key);
  }
  async moveDraftToOutbox(draftKey: string, item: QueuedItem) {
    this.outbox.set(item.id, item);
    this.drafts.delete(draftKey);
  }
  async moveOutboxToDraft(itemId: string, draft: Draft) {
    this.drafts.set(draft.key, draft);
    this.outbox.delete(itemId);
  }
  async putOutbox(item: QueuedItem) {
    this.outbox.set(item.id, item);
  }
  async getOutbox(id: string) {
    const item = this.outbox.get(id);
    return item && isKnownItem(item) ? item : undefined;
  }
  async listOutbox() {
    return [...this.outbox.values()].filter(isKnownItem);
  }
  async getQueued(id: string) {
    return this.outbox.get(id);
  }
  async listQueued() {
    return [...this.outbox.values()];
  }
  async deleteOutbox(id: string) {
    this.outbox.delete(id);
  }
  async completeDelivery(itemId: string, record: SubmissionRecord | undefined) {
    if (record) this.submissions.set(record.id, record);
    this.outbox.delete(itemId);
  }
  async getSubmission(id: string) {
    return this.submissions.get(id);
  }
  async putSubmission(record: SubmissionRecord) {
    this.submissions.set(record.id, record);
  }
  async listSubmissions() {
    return [...this.submissions.values()];
  }
  async getValue(key: string) {
    return this.values.get(key);
  }
  async putValue(key: string, value: unknown) {
    this.values.set(key, value);
  }
  async getCache(key: string) {
    return this.cache.get(key);
  }
  async putCache(key: string, value: unknown, storedAt: number) {
    this.cache.set(key, { value, storedAt });
  }
}
