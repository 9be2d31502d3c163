/**
 * The same server on PostgreSQL (DATABASE_URL), when one answers on
 * 127.0.0.1:5432: a fresh database per run, dropped afterwards. Concurrent
 * requests with one key really race here (a pool of connections, unlike
 * SQLite's one), so the primary key decides and the losers replay.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { call, countSubmissions, newDevice, newKey, startTestServer, submission, submit } from './_helpers';
import type { TestServer } from './_helpers';

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

describe('server on PostgreSQL', { skip: admin ? false : 'no PostgreSQL on 127.0.0.1:5432' }, () => {
  const name = `usercare_test_${randomUUID().replaceAll('-', '')}`;
  let server: TestServer;
  before(async () => {
    await admin!.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    server = await startTestServer(undefined, { databaseUrl: url.toString() });
  });
  after(async () => {
    await server?.close();
    await admin!.query(`drop database if exists ${name}`);
    await admin!.end();
  });

  test('health reports postgres, and a submission is stored with its receipt', async () => {
    assert.equal((await call(server.url, 'GET', '/healthz')).json.database, 'postgres');
    const res = await submit(server.url, submission());
    assert.equal(res.status, 201, res.text);
    assert.equal(await countSubmissions(server), 1);
  });

  test('twenty concurrent requests with one key make exactly one record', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const body = submission({ fields: { message: 'racing on postgres' } });
    const before = await countSubmissions(server);
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(server.url, body, headers)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]), answers.map((a) => a.text).join('\n'));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every caller got the same receipt, access key included');
    assert.equal(await countSubmissions(server), before + 1);
  });

  test('withdraw works and a second withdraw is 409', async () => {
    const device = newDevice();
    const created = await submit(server.url, submission(), { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
    const path = `/v1/feedback/${created.json.id}/withdraw`;
    const headers = () => ({ 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
    assert.equal((await call(server.url, 'POST', path, { body: { accessKey: created.json.accessKey }, headers: headers() })).status, 200);
    assert.equal((await call(server.url, 'POST', path, { body: { accessKey: created.json.accessKey }, headers: headers() })).status, 409);
  });
});
