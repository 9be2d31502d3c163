/**
 * Opens the one database the server keeps all its state in: a SQLite file by
 * default, PostgreSQL when a `postgres://` URL is given (several instances
 * behind a load balancer share it).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { SqliteDatabase as SqliteDialectDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type OpenDatabaseOptions = { file: string } | { url: string };

// Which dialect a Kysely instance speaks: migrations pick column types by it
// (blob vs bytea) and /healthz reports it. Kept beside the instance, not in it.
const dialects = new WeakMap<object, DialectName>();

export function dialectOf(db: object): DialectName {
  return dialects.get(db) ?? 'sqlite';
}

export function openDatabase(options: OpenDatabaseOptions): Db {
  if ('url' in options) {
    if (!/^postgres(ql)?:\/\//.test(options.url))
      throw new Error(`DATABASE_URL must start with postgres:// (got ${redact(options.url)})`);
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialects.set(db, 'postgres');
    return db;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  dialects.set(db, 'sqlite');
  return db;
}

/**
 * Kysely's SQLite driver prepares every query again, and preparing (parsing
 * and planning the SQL) cost more than running it. Statements are kept by
 * their SQL text: the queries are built by code, so there are few distinct
 * texts; the least recently used one is dropped past `max`. A statement still
 * being iterated (a streamed query) is not handed out twice.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, max = 256): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement && !statement.busy) {
        // Most recently used last, so the first key is the one to drop.
        statements.delete(sql);
        statements.set(sql, statement);
        return statement;
      }
      statement = sqlite.prepare(sql);
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
