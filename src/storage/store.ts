import type { Draft, OutboxItem, QueuedItem, SubmissionRecord } from './records';

/**
 * Everything usercare keeps on the device, behind one interface with two
 * implementations: IndexedDB (idb-store.ts) and memory (memory-store.ts),
 * which stands in when IndexedDB is unavailable or full.
 */
export interface UcStore {
  /** false when data will not survive a reload */
  readonly persistent: boolean;
  getDraft(key: string): Promise<Draft | undefined>;
  putDraft(draft: Draft): Promise<void>;
  deleteDraft(key: string): Promise<void>;
  /** Deletes the draft and stores the item in one transaction: the content is never in neither place. */
  moveDraftToOutbox(draftKey: string, item: QueuedItem): Promise<void>;
  /** The reverse, when the server refused an item: the user gets their text back to fix. */
  moveOutboxToDraft(itemId: string, draft: Draft): Promise<void>;
  putOutbox(item: QueuedItem): Promise<void>;
  /** The items this version can send (what the elements look at). */
  getOutbox(id: string): Promise<OutboxItem | undefined>;
  listOutbox(): Promise<OutboxItem[]>;
  /** Every item, also one whose op only a newer version knows, returned as stored (what the outbox itself reads). */
  getQueued(id: string): Promise<QueuedItem | undefined>;
  listQueued(): Promise<QueuedItem[]>;
  deleteOutbox(id: string): Promise<void>;
  /** Deletes the delivered item and records the submission in one transaction. */
  completeDelivery(itemId: string, record: SubmissionRecord | undefined): Promise<void>;
  getSubmission(id: string): Promise<SubmissionRecord | undefined>;
  putSubmission(record: SubmissionRecord): Promise<void>;
  listSubmissions(): Promise<SubmissionRecord[]>;
  getValue(key: string): Promise<unknown>;
  putValue(key: string, value: unknown): Promise<void>;
  getCache(key: string): Promise<{ value: unknown; storedAt: number } | undefined>;
  putCache(key: string, value: unknown, storedAt: number): Promise<void>;
}
