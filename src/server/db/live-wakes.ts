/**
 * Wakes for the open live streams (routes/stream.ts): word that a
 * `live_events` row for a site and audience has just committed, so the
 * streams of that audience read now rather than at their next poll. A wake
 * is a hint, never data: a stream still reads by its own cursor, so a wake
 * that is lost, merged with another, or comes twice (or after a rollback)
 * costs at most a poll's wait or one read that finds nothing.
 *
 * Where a wake comes from depends on the database, and is fixed here, where
 * the database is opened (openDatabase wraps its dialect with
 * `withLiveWakes`), so the writer's code is the same on both:
 * - SQLite: the process itself. Rows are written through this process's one
 *   connection, so the writer (live-events.ts) notes the audiences it wrote
 *   and the driver hands them to the streams when the connection is
 *   released after the transaction committed (dropped on rollback). All
 *   Kysely instances of this process on the same file share one hub, so an
 *   in-process second instance hears them too; another process writing the
 *   same file is heard at the next poll.
 * - PostgreSQL: the database. The writer calls `pg_notify` in its
 *   transaction, which PostgreSQL delivers at commit (not at all on
 *   rollback, and once for repeats in one transaction) to every listening
 *   session: one per process and database (db/pg-listener.ts), opened with
 *   the first stream, so every instance, the writer's own included, wakes
 *   its streams of that audience.
 */
import type {
  DatabaseConnection,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';
import { PgListener, type Log } from './pg-listener';

/** What a stream listens with. */
export interface LiveWakes {
  /** `wake` runs whenever a row for (site, audience) may have committed; call the result to stop. */
  subscribe(site: string, audience: string, wake: () => void): () => void;
}

/** One audience of one site, as a hub's key and PostgreSQL's notice payload. */
export const wakeKey = (site: string, audience: string): string => JSON.stringify([site, audience]);

/** Where the database is: what decides which instances in this process share a hub. */
export type WakeSource = { sqlite: string; inTransaction(): boolean } | { postgres: string };

/** The streams of one database in this process, by audience; for PostgreSQL also its listener. */
class Hub {
  private readonly streams = new Map<string, Set<() => void>>();
  listener: PgListener | undefined;
  log: Log = () => {};
  /** The Kysely instances open on this database in this process. */
  users = 0;

  subscribe(key: string, wake: () => void): () => void {
    let set = this.streams.get(key);
    if (!set) this.streams.set(key, (set = new Set()));
    set.add(wake);
    this.listener?.start();
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.streams.get(key) === set) this.streams.delete(key);
    };
  }

  wake(key: string): void {
    const set = this.streams.get(key);
    if (set) for (const wake of [...set]) wake();
  }

  wakeAll(): void {
    for (const set of [...this.streams.values()]) for (const wake of [...set]) wake();
  }
}

const hubs = new Map<string, Hub>();

/** One Kysely instance's share: its hub, and (SQLite) what its open transaction wrote. */
class Handle implements LiveWakes {
  private hub: Hub | undefined;
  private readonly pending = new Set<string>();
  private readonly id: string;
  /** Its database was destroyed: nothing subscribes again (a PostgreSQL listener would outlive it). */
  private closed = false;

  constructor(readonly source: WakeSource) {
    this.id = 'sqlite' in source ? `sqlite:${source.sqlite}` : `postgres:${source.postgres}`;
  }

  private shared(): Hub {
    if (this.hub) return this.hub;
    let hub = hubs.get(this.id);
    if (!hub) {
      const made = (hub = new Hub());
      hubs.set(this.id, made);
      if ('postgres' in this.source)
        made.listener = new PgListener({
          url: this.source.postgres,
          onNotice: (payload) => made.wake(payload),
          onListening: () => made.wakeAll(),
          log: (...args) => made.log(...args),
        });
    }
    hub.users += 1;
    this.hub = hub;
    return hub;
  }

  subscribe(site: string, audience: string, wake: () => void): () => void {
    if (this.closed) return () => {};
    return this.shared().subscribe(wakeKey(site, audience), wake);
  }

  /** Where the listener's trouble is told. */
  useLog(log: Log): void {
    if (!this.closed) this.shared().log = log;
  }

  /** SQLite: rows for `keys` were written; their streams wake once the transaction commits, at once outside one. */
  written(keys: readonly string[], inTransaction: boolean): void {
    if (!inTransaction) return this.emit(keys);
    for (const key of keys) this.pending.add(key);
  }

  takePending(): string[] {
    if ('inTransaction' in this.source && this.source.inTransaction()) return [];
    const keys = [...this.pending];
    this.pending.clear();
    return keys;
  }

  dropPending(): void {
    this.pending.clear();
  }

  /** Wakes the streams of `keys` on this database in this process, whichever instance opened them. */
  emit(keys: readonly string[]): void {
    const hub = keys.length ? hubs.get(this.id) : undefined;
    if (hub) for (const key of keys) hub.wake(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    const hub = this.hub;
    this.hub = undefined;
    if (!hub || --hub.users > 0) return;
    if (hubs.get(this.id) === hub) hubs.delete(this.id);
    await hub.listener?.stop();
  }
}

/** A database's handle, found from the Kysely instance or any of its transactions (they share its adapter). */
const handles = new WeakMap<DialectAdapter, Handle>();

/** The wakes of a database opened by openDatabase; undefined for any other (its streams poll). */
export function liveWakesOf(db: Pick<Kysely<unknown>, 'getExecutor'>, log?: Log): LiveWakes | undefined {
  const handle = handleOf(db);
  if (handle && log) handle.useLog(log);
  return handle;
}

function handleOf(db: Pick<Kysely<unknown>, 'getExecutor'>): Handle | undefined {
  if (typeof (db as { getExecutor?: unknown }).getExecutor !== 'function') return undefined;
  return handles.get(db.getExecutor().adapter);
}

/**
 * After `keys` were inserted through `db` (a transaction or not): SQLite's
 * streams in this process are told after the commit. PostgreSQL's writer
 * notifies in SQL instead (live-events.ts); this does nothing there.
 */
export function noteLiveRows(
  db: Pick<Kysely<unknown>, 'getExecutor' | 'isTransaction'>,
  keys: readonly string[],
): void {
  const handle = handleOf(db);
  if (handle && 'sqlite' in handle.source) handle.written(keys, db.isTransaction);
}

/** `dialect` with wakes: the adapter names the handle, the driver tells it of commits, rollbacks and the end. */
export function withLiveWakes(dialect: Dialect, source: WakeSource): Dialect {
  const handle = new Handle(source);
  return {
    createAdapter() {
      const adapter = dialect.createAdapter();
      handles.set(adapter, handle);
      return adapter;
    },
    createDriver: () => new WakingDriver(dialect.createDriver(), handle),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class WakingDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(
    private readonly inner: Driver,
    private readonly handle: Handle,
  ) {
    if (inner.savepoint) this.savepoint = (c, name, compile) => inner.savepoint!(c, name, compile);
    if (inner.rollbackToSavepoint)
      this.rollbackToSavepoint = (c, name, compile) => inner.rollbackToSavepoint!(c, name, compile);
    if (inner.releaseSavepoint)
      this.releaseSavepoint = (c, name, compile: QueryCompiler['compileQuery']) =>
        inner.releaseSavepoint!(c, name, compile);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.inner.acquireConnection();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.handle.dropPending();
    await this.inner.rollbackTransaction(connection);
  }

  /**
   * SQLite's one connection is released after a transaction ends: what it
   * wrote is taken BEFORE another caller can have the connection (and note
   * rows of its own, not yet committed), and the streams woken after.
   */
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const committed = this.handle.takePending();
    await this.inner.releaseConnection(connection);
    this.handle.emit(committed);
  }

  async destroy(): Promise<void> {
    try {
      await this.inner.destroy();
    } finally {
      await this.handle.close();
    }
  }
}
