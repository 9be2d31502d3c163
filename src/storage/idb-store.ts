import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, MIGRATIONS, type UcDBSchema } from './migrations';
import { Draft, OutboxItem, QueuedItem, SubmissionRecord } from './records';
import type { UcStore } from './store';

type Parser<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

function parse<T>(schema: Parser<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Does the database exist yet? Reads must not create it (nothing is stored before the user acts). */
async function databaseExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true; // old engines: cannot tell, so open
  const list = await indexedDB.databases();
  return list.some((d) => d.name === name);
}

/** `onClose` runs when this connection steps aside or the browser ends it, so the next use opens a new one. */
export function openUsercareDB(name = DB_NAME, onClose: () => void = () => {}): Promise<IDBPDatabase<UcDBSchema>> {
  return openDB<UcDBSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]?.(db, tx);
    },
    blocking(_current, _blocked, event) {
      // A newer usercare in another tab wants to upgrade, or the user clears site data: step aside rather than block it.
      (event.target as IDBDatabase).close();
      onClose();
    },
    terminated: onClose,
  });
}

/**
 * The IndexedDB store. The database is opened on the first write; a read
 * before that only opens it if some earlier visit created it.
 */
export class IdbStore implements UcStore {
  readonly persistent = true;
  private db: Promise<IDBPDatabase<UcDBSchema>> | undefined;

  /** `name` is for tests; the product has one database. */
  constructor(private readonly name = DB_NAME) {}

  private open(): Promise<IDBPDatabase<UcDBSchema>> {
    this.db ??= openUsercareDB(this.name, () => (this.db = undefined)).catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
  }

  /** Opens (creating if needed) ahead of the first write, so a save started as the page is left only has to write. */
  async warm(): Promise<void> {
    await this.open();
  }

  private async openIfExists(): Promise<IDBPDatabase<UcDBSchema> | undefined> {
    if (this.db) return this.db;
    return (await databaseExists(this.name)) ? this.open() : undefined;
  }

  async getDraft(key: string) {
    const db = await this.openIfExists();
    return db && parse(Draft, await db.get('drafts', key));
  }
  async putDraft(draft: Draft) {
    const tx = (await this.open()).transaction('drafts', 'readwrite');
    const done = Promise.all([tx.store.put(draft, draft.key), tx.done]);
    // Commit at once rather than when the event loop comes back: a save made as the page is being
    // left (pagehide) must reach the database before the document goes away.
    tx.commit();
    await done;
  }
  async deleteDraft(key: string) {
    const db = await this.openIfExists();
    await db?.delete('drafts', key);
  }
  async moveDraftToOutbox(draftKey: string, item: QueuedItem) {
    const tx = (await this.open()).transaction(['drafts', 'outbox'], 'readwrite');
    await Promise.all([
      tx.objectStore('outbox').put(item, item.id),
      tx.objectStore('drafts').delete(draftKey),
      tx.done,
    ]);
  }
  async moveOutboxToDraft(itemId: string, draft: Draft) {
    const tx = (await this.open()).transaction(['drafts', 'outbox'], 'readwrite');
    await Promise.all([
      tx.objectStore('drafts').put(draft, draft.key),
      tx.objectStore('outbox').delete(itemId),
      tx.done,
    ]);
  }
  async putOutbox(item: QueuedItem) {
    await (await this.open()).put('outbox', item, item.id);
  }
  getOutbox(id: string) {
    return this.readOutbox(OutboxItem, id);
  }
  listOutbox() {
    return this.readAllOutbox(OutboxItem);
  }
  getQueued(id: string) {
    return this.readOutbox(QueuedItem, id);
  }
  listQueued() {
    return this.readAllOutbox(QueuedItem);
  }
  private async readOutbox<T>(shape: Parser<T>, id: string) {
    const db = await this.openIfExists();
    return db && parse(shape, await db.get('outbox', id));
  }
  private async readAllOutbox<T>(shape: Parser<T>) {
    const db = await this.openIfExists();
    if (!db) return [];
    return (await db.getAll('outbox')).flatMap((v) => parse(shape, v) ?? []);
  }
  async deleteOutbox(id: string) {
    const db = await this.openIfExists();
    await db?.delete('outbox', id);
  }
  async completeDelivery(itemId: string, record: SubmissionRecord | undefined) {
    const tx = (await this.open()).transaction(['outbox', 'submissions'], 'readwrite');
    await Promise.all([
      record ? tx.objectStore('submissions').put(record, record.id) : undefined,
      tx.objectStore('outbox').delete(itemId),
      tx.done,
    ]);
  }
  async getSubmission(id: string) {
    const db = await this.openIfExists();
    return db && parse(SubmissionRecord, await db.get('submissions', id));
  }
  async putSubmission(record: SubmissionRecord) {
    await (await this.open()).put('submissions', record, record.id);
  }
  async listSubmissions() {
    const db = await this.openIfExists();
    if (!db) return [];
    return (await db.getAll('submissions')).flatMap((v) => parse(SubmissionRecord, v) ?? []);
  }
  async getValue(key: string) {
    const db = await this.openIfExists();
    return db?.get('identity', key);
  }
  async putValue(key: string, value: unknown) {
    await (await this.open()).put('identity', value, key);
  }
  async getCache(key: string) {
    const db = await this.openIfExists();
    const v = (await db?.get('cache', key)) as { value: unknown; storedAt: number } | undefined;
    return v && typeof v.storedAt === 'number' ? v : undefined;
  }
  async putCache(key: string, value: unknown, storedAt: number) {
    await (await this.open()).put('cache', { value, storedAt }, key);
  }
}
