/**
 * The floor of section h: node:http answering every GET by running the very
 * queries the queue runs for its first page (captured from readQueue, with
 * their parameters) straight through the database driver — better-sqlite3
 * prepared statements on the SQLite file, pg named (prepared) statements on a
 * pool of the server's size — and sending the rows as JSON. No routing, no
 * token, no site, no mapping to the contract, no audit entry: what reading
 * these rows from this database costs on this machine, below which no
 * queue route on the stack can go. The usercare/bare ratio it reaches is the
 * most the budget's ratio can be here.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

export type FloorDatabase = { file: string } | { url: string };

/** The same pool size as the server's (src/server/db/open.ts). */
const PG_POOL = 10;

export async function startQueueFloor(
  database: FloorDatabase,
  queries: readonly CapturedQuery[],
): Promise<{ url: string; close(): Promise<void> }> {
  let read: () => Promise<unknown[][]>;
  let closeDatabase: () => Promise<void>;
  if ('file' in database) {
    const sqlite = new Sqlite(database.file, { readonly: true });
    const statements = queries.map((q) => ({ statement: sqlite.prepare(q.sql), parameters: q.parameters }));
    read = () => Promise.resolve(statements.map((s) => s.statement.all(...s.parameters)));
    closeDatabase = () => Promise.resolve(void sqlite.close());
  } else {
    const pool = new pg.Pool({ connectionString: database.url, max: PG_POOL });
    read = () =>
      Promise.all(
        queries.map((q, i) =>
          pool.query({ name: `floor-${i}`, text: q.sql, values: [...q.parameters] }).then((r) => r.rows),
        ),
      );
    closeDatabase = () => pool.end();
  }
  const server = createServer((req, res) => {
    read().then(
      (rows) => {
        const body = JSON.stringify({ items: rows.flat(), nextCursor: null });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error.message);
      },
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((closed) => {
          server.close(() => closed());
          server.closeAllConnections();
        });
        await closeDatabase();
      })()),
  };
}
