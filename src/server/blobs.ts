/**
 * Attachment bytes live behind this interface so a later object store (S3 and
 * the like) can replace the database without touching the routes. The server
 * stays stateless: bytes never go to local disk.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema';

export type DbExecutor = Kysely<Database> | Transaction<Database>;

export interface BlobStore {
  /**
   * Stores bytes under a key. `tx` lets a database-backed store write in the
   * caller's transaction, so a submission and its bytes commit together; a
   * store that cannot join the transaction ignores it (the caller then
   * tolerates orphaned blobs, which a sweep removes).
   */
  put(key: string, data: Uint8Array, tx?: DbExecutor): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string, tx?: DbExecutor): Promise<void>;
}

export class DatabaseBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(key: string, data: Uint8Array, tx?: DbExecutor): Promise<void> {
    await (tx ?? this.db)
      .insertInto('blobs')
      .values({
        key,
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        created_at: this.now().toISOString(),
      })
      .execute();
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const row = await this.db.selectFrom('blobs').select('data').where('key', '=', key).executeTakeFirst();
    return row ? new Uint8Array(row.data) : undefined;
  }

  async delete(key: string, tx?: DbExecutor): Promise<void> {
    await (tx ?? this.db).deleteFrom('blobs').where('key', '=', key).execute();
  }
}
