import { IdbStore } from './idb-store';
import { MemoryStore } from './memory-store';
import type { Draft, QueuedItem, SubmissionRecord } from './records';
import type { UcStore } from './store';

/**
 * IndexedDB when it works, memory when it does not (private modes, blocked
 * storage, quota): a failed write lands in memory instead, so nothing the
 * user wrote is lost in this tab, and `onDegrade` fires once so the UI can
 * say drafts will not survive a reload. Nothing throws into the host page.
 */
export class ResilientStore implements UcStore {
  private memory = new MemoryStore();
  private degraded = false;
  private listeners = new Set<() => void>();

  constructor(
    private readonly disk: UcStore | undefined = typeof indexedDB === 'undefined' ? undefined : new IdbStore(),
  ) {
    if (!disk) this.degraded = true;
  }

  get persistent(): boolean {
    return !this.degraded;
  }

  /** Called on the user's first action: the database may be created now (never on page load). */
  warm(): void {
    if (this.disk instanceof IdbStore && !this.degraded)
      this.disk.warm().catch((error: unknown) => this.degrade(error));
  }

  onDegrade(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    console.warn('usercare: storage unavailable, keeping data in memory for this tab only', error);
    for (const listener of this.listeners) listener();
  }

  private async write(
    diskOp: ((d: UcStore) => Promise<void>) | undefined,
    memoryOp: (m: MemoryStore) => Promise<void>,
  ) {
    if (!this.degraded && this.disk && diskOp) {
      try {
        await diskOp(this.disk);
        return;
      } catch (error) {
        this.degrade(error);
      }
    }
    await memoryOp(this.memory);
  }

  /** Memory first (it holds what failed to reach the disk), then the disk. */
  private async read<T>(op: (s: UcStore) => Promise<T | undefined>): Promise<T | undefined> {
    const fromMemory = await op(this.memory);
    if (fromMemory !== undefined || !this.disk) return fromMemory;
    try {
      return await op(this.disk);
    } catch (error) {
      this.degrade(error);
      return undefined;
    }
  }

  private async list<T>(op: (s: UcStore) => Promise<T[]>, id: (t: T) => string): Promise<T[]> {
    const mem = await op(this.memory);
    let disk: T[] = [];
    if (this.disk) {
      try {
        disk = await op(this.disk);
      } catch (error) {
        this.degrade(error);
      }
    }
    const seen = new Set(mem.map(id));
    return [...mem, ...disk.filter((t) => !seen.has(id(t)))];
  }

  /** Deletes go to both places, and a failing disk delete is not a reason to degrade reads. */
  private async remove(op: (s: UcStore) => Promise<void>) {
    await op(this.memory);
    if (this.disk) await op(this.disk).catch((error: unknown) => this.degrade(error));
  }

  getDraft(key: string) {
    return this.read((s) => s.getDraft(key));
  }
  putDraft(draft: Draft) {
    return this.write(
      (d) => d.putDraft(draft),
      (m) => m.putDraft(draft),
    );
  }
  deleteDraft(key: string) {
    return this.remove((s) => s.deleteDraft(key));
  }
  async moveDraftToOutbox(draftKey: string, item: QueuedItem) {
    await this.write(
      (d) => d.moveDraftToOutbox(draftKey, item),
      (m) => m.moveDraftToOutbox(draftKey, item),
    );
    // A draft that only ever reached memory is gone from there too; and once the disk is left behind (full,
    // failing) the copy it kept from before goes as well, best effort, or the next visit would restore what was sent.
    if (this.degraded) await this.remove((s) => s.deleteDraft(draftKey));
    else await this.memory.deleteDraft(draftKey);
  }
  async moveOutboxToDraft(itemId: string, draft: Draft) {
    await this.write(
      (d) => d.moveOutboxToDraft(itemId, draft),
      (m) => m.moveOutboxToDraft(itemId, draft),
    );
    await this.memory.deleteOutbox(itemId);
  }
  putOutbox(item: QueuedItem) {
    return this.write(
      (d) => d.putOutbox(item),
      (m) => m.putOutbox(item),
    );
  }
  getOutbox(id: string) {
    return this.read((s) => s.getOutbox(id));
  }
  listOutbox() {
    return this.list(
      (s) => s.listOutbox(),
      (i) => i.id,
    );
  }
  getQueued(id: string) {
    return this.read((s) => s.getQueued(id));
  }
  listQueued() {
    return this.list(
      (s) => s.listQueued(),
      (i) => i.id,
    );
  }
  deleteOutbox(id: string) {
    return this.remove((s) => s.deleteOutbox(id));
  }
  async completeDelivery(itemId: string, record: SubmissionRecord | undefined) {
    await this.write(
      (d) => d.completeDelivery(itemId, record),
      (m) => m.completeDelivery(itemId, record),
    );
    await this.memory.deleteOutbox(itemId);
  }
  getSubmission(id: string) {
    return this.read((s) => s.getSubmission(id));
  }
  putSubmission(record: SubmissionRecord) {
    return this.write(
      (d) => d.putSubmission(record),
      (m) => m.putSubmission(record),
    );
  }
  listSubmissions() {
    return this.list(
      (s) => s.listSubmissions(),
      (r) => r.id,
    );
  }
  getValue(key: string) {
    return this.read((s) => s.getValue(key));
  }
  putValue(key: string, value: unknown) {
    return this.write(
      (d) => d.putValue(key, value),
      (m) => m.putValue(key, value),
    );
  }
  getCache(key: string) {
    return this.read((s) => s.getCache(key));
  }
  putCache(key: string, value: unknown, storedAt: number) {
    return this.write(
      (d) => d.putCache(key, value, storedAt),
      (m) => m.putCache(key, value, storedAt),
    );
  }
}
