/**
 * Opens the one database the server keeps all its state in: a SQLite file by
 * default, PostgreSQL when a `postgres://` URL is given (several instances
 * behind a load balancer share it).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import type { SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import pg from 'pg';
import { withLiveWakes } from './live-wakes';
import { preparingPool } from './pg-prepared';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type OpenDatabaseOptions =
  | { file: string }
  | {
      url: string;
      /** told when an idle pooled connection is lost (the server restarted, a proxy closed it, an administrator ended it) */
      onLostConnection?: (error: Error) => void;
    };

/**
 * Which dialect a Kysely instance speaks: migrations pick column types by
 * it (blob vs bytea), a few queries their form (the staff queue), /healthz
 * reports it. Read from its adapter, so a transaction or an instance with a
 * plug-in answers as the database it runs on.
 */
export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function openDatabase(options: OpenDatabaseOptions): Db {
  if ('url' in options) {
    if (!/^postgres(ql)?:\/\//.test(options.url))
      throw new Error(`DATABASE_URL must start with postgres:// (got ${redact(options.url)})`);
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection the database ends is an 'error' of the pool, which would end the process unheard:
    // the pool drops it and opens a new one when one is next needed, so it is only worth a log line.
    pool.on('error', (error) => options.onLostConnection?.(error));
    const dialect = new PostgresDialect({ pool: preparingPool(pool) });
    return new Kysely<Database>({ dialect: withLiveWakes(dialect, { postgres: options.url }) });
  }
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new SqliteDatabase(options.file);
  // WAL lets readers run while one writer writes; busy_timeout makes a second
  // process (or a backup) wait instead of failing at once; SQLite leaves
  // foreign keys off unless asked on every connection.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  // The live streams' wakes (db/live-wakes.ts): shared by every instance of this process on the same file.
  const file = options.file === ':memory:' ? `:memory:${randomUUID()}` : realpathSync(options.file);
  return new Kysely<Database>({
    dialect: withLiveWakes(dialect, { sqlite: file, inTransaction: () => sqlite.inTransaction }),
  });
}

/**
 * Kysely's SQLite driver prepares every query again, and preparing (parsing
 * and planning the SQL) cost more than running it. Statements are kept by
 * their SQL text: the queries are built by code, so there are few distinct
 * texts; the least recently used one is dropped past `max`. A statement still
 * being iterated (a streamed query) is not handed out twice.
 *
 * Rows come from better-sqlite3 as arrays and are made objects here (see
 * RowStatement): building each row object in C++ cost more than fetching
 * the row.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, max = 256): SqliteDialectDatabase {
  const statements = new Map<string, RowStatement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement && !statement.busy) {
        // Most recently used last, so the first key is the one to drop.
        statements.delete(sql);
        statements.set(sql, statement);
        return statement;
      }
      statement = new RowStatement(sqlite.prepare(sql), sql);
      if (!statements.has(sql)) {
        statements.set(sql, statement);
        if (statements.size > max) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

/**
 * A statement whose rows are read as arrays (better-sqlite3's raw mode) and
 * turned into objects by the column names, each row's keys added in the
 * same order so every row shares one shape: a page of 50 rows of 16 columns
 * reads in about two thirds of the time. The names are the statement's own
 * when its SQL names every column; a `*` takes them from the table, which a
 * migration (of another instance, even) may change under a kept statement,
 * so such a statement reads its rows as objects as before.
 */
class RowStatement {
  readonly reader: boolean;
  private readonly names: string[] | undefined;

  constructor(
    private readonly statement: SqliteDatabase.Statement,
    sql: string,
  ) {
    this.reader = statement.reader;
    if (this.reader && !sql.includes('*')) {
      this.names = statement.columns().map((c) => c.name);
      statement.raw(true);
    }
  }

  get busy(): boolean {
    return this.statement.busy;
  }

  all(parameters: ReadonlyArray<unknown> = []): unknown[] {
    const rows = this.statement.all(parameters) as unknown[];
    const names = this.names;
    if (!names) return rows;
    return (rows as unknown[][]).map((values) => rowOf(names, values));
  }

  run(parameters: ReadonlyArray<unknown> = []): SqliteDatabase.RunResult {
    return this.statement.run(parameters);
  }

  *iterate(parameters: ReadonlyArray<unknown> = []): IterableIterator<unknown> {
    const names = this.names;
    for (const row of this.statement.iterate(parameters)) yield names ? rowOf(names, row as unknown[]) : row;
  }
}

function rowOf(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
  return row;
}

/** A URL for log lines, without its password. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * True when PostgreSQL refused a value its text columns cannot hold (U+0000:
 * 22021; a character the encoding lacks: 22P05). Request bodies are checked
 * for U+0000 up front (readJson); this catches what comes in another way.
 */
export function isUnstorableText(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return !!e && typeof e === 'object' && (e.code === '22021' || e.code === '22P05');
}

/** True when a write failed on a primary key or unique constraint, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
