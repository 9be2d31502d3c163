/**
 * PostgreSQL for the Node tests that run on both databases (not itself a
 * test): a fresh database per suite on the server at PG_ADMIN_URL (default
 * 127.0.0.1:5432), dropped when the file's tests end; `skip` says why when
 * there is no server to reach.
 */
import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';

const ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminClient(): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}

const admin = await adminClient();
const made: string[] = [];
if (admin)
  after(async () => {
    for (const name of made) await admin.query(`drop database if exists ${name}`);
    await admin.end();
  });

/** false when PostgreSQL is there, else the reason the suites on it are skipped. */
export const postgresSkip: string | false = admin ? false : 'no PostgreSQL on 127.0.0.1:5432';

/** Creates a new empty database named after `label` and answers its URL. */
export async function newPostgresDatabase(label: string): Promise<string> {
  const name = `usercare_test_${label}_${randomUUID().replaceAll('-', '')}`;
  await admin!.query(`create database ${name}`);
  made.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
