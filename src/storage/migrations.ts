import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

export const DB_NAME = 'usercare';

/**
 * Store values are typed `unknown` on purpose: whatever comes back from disk
 * is checked with the record schemas before use.
 */
export interface UcDBSchema extends DBSchema {
  drafts: { key: string; value: unknown };
  outbox: { key: string; value: unknown };
  /** delivered submissions this device made, with their access keys */
  submissions: { key: string; value: unknown };
  /** device id, remembered contact details and other small values */
  identity: { key: string; value: unknown };
  /** responses kept for offline display */
  cache: { key: string; value: unknown };
}

type UpgradeTx = IDBPTransaction<UcDBSchema, StoreNames<UcDBSchema>[], 'versionchange'>;

/**
 * One entry per schema version, applied in order from the stored version up.
 * Never edit a released entry: add the next one, and a test that opens a
 * database the previous version made (test/browser/storage-migrations.test.ts).
 */
export const MIGRATIONS: ReadonlyArray<(db: IDBPDatabase<UcDBSchema>, tx: UpgradeTx) => void> = [
  // v1: the first stores.
  (db) => {
    db.createObjectStore('drafts');
    db.createObjectStore('outbox');
    db.createObjectStore('submissions');
    db.createObjectStore('identity');
    db.createObjectStore('cache');
  },
];

export const DB_VERSION = MIGRATIONS.length;
