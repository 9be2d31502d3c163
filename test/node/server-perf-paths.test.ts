/**
 * The server's fast paths keep the behaviour of the slow ones they replaced:
 * the body limit without Content-Length (chunked), CORS headers on answers
 * made every way, the request hash of large bodies, the prepared-statement
 * cache, and the cached date formats of tracking numbers.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { WIRE_LIMITS } from '../../src/contract/feedback';
import { withStatementCache } from '../../src/server/db/open';
import { canonicalJson, requestHash } from '../../src/server/idempotency';
import { makeTrackingNumber } from '../../src/server/tracking';
import { ALLOWED_ORIGIN, newDevice, newKey, startTestServer, submission } from './_helpers';
import type { TestServer } from './_helpers';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** A POST whose body is sent in chunks, with no Content-Length (fetch always sends one for a string). */
function postChunked(path: string, chunks: string[], headers: Record<string, string>) {
  const url = new URL(server.url + path);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the shape it needs
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }>(
    (done, fail) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }),
          );
          res.on('error', fail);
        },
      );
      // A reset after our 413 (the server stops reading) is not a failure of the test.
      req.on('error', (error) =>
        (error as { code?: string }).code === 'ECONNRESET' || (error as { code?: string }).code === 'EPIPE'
          ? undefined
          : fail(error),
      );
      for (const chunk of chunks) req.write(chunk);
      req.end();
    },
  );
}

describe('body limit without Content-Length', () => {
  test('a chunked body within the limit is read and accepted', async () => {
    const body = JSON.stringify(submission());
    const res = await postChunked('/v1/feedback', [body.slice(0, 20), body.slice(20)], {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
      Origin: ALLOWED_ORIGIN,
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  });

  test('a chunked body over the limit is 413 payload_too_large, with CORS headers', async () => {
    const piece = 'x'.repeat(1024 * 1024);
    const chunks = [
      '{"pad":"',
      ...Array.from({ length: Math.ceil(WIRE_LIMITS.requestBytes / piece.length) + 1 }, () => piece),
      '"}',
    ];
    const res = await postChunked('/v1/feedback', chunks, {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
      Origin: ALLOWED_ORIGIN,
    });
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, 'payload_too_large');
    assert.equal(res.json.error.details.limit, WIRE_LIMITS.requestBytes);
    assert.equal(res.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
  });
});

describe('CORS headers', () => {
  test('a 201, a 422 and a 404 from a listed origin all carry Allow-Origin, Expose-Headers and one Vary: Origin', async () => {
    const headers = { 'Content-Type': 'application/json', 'X-Usercare-Device': newDevice(), Origin: ALLOWED_ORIGIN };
    const answers = await Promise.all([
      fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': newKey() },
        body: JSON.stringify(submission()),
      }),
      fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': newKey() },
        body: JSON.stringify(submission({ kind: 'nope' as never })),
      }),
      fetch(`${server.url}/v1/nothing`, { headers: { Origin: ALLOWED_ORIGIN } }),
    ]);
    assert.deepEqual(
      answers.map((r) => r.status),
      [201, 422, 404],
    );
    for (const r of answers) {
      assert.equal(r.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.equal(r.headers.get('access-control-expose-headers'), 'Retry-After,Idempotent-Replayed,ETag');
      assert.equal(r.headers.get('vary'), 'Origin');
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    }
  });
});

describe('request hash', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const big = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');

  for (const [name, data] of [
    ['a long base64 string', big],
    ['a long string with quotes and backslashes', `${'a'.repeat(4000)}"\\"${'b'.repeat(10)}`],
    ['a long string with control characters', `${'a'.repeat(4000)}\n\t\u0000`],
    ['a long string with an emoji and a lone surrogate', `${'a'.repeat(4000)}😀\ud800`],
    ['a short string', 'short "one"'],
  ] as const) {
    test(`is the SHA-256 of the canonical JSON for ${name}`, () => {
      const body = { b: [1, { z: data, a: null }], a: data, c: undefined };
      const canonical = canonicalJson(body);
      assert.equal(canonical, `{"a":${JSON.stringify(data)},"b":[1,{"a":null,"z":${JSON.stringify(data)}}]}`);
      assert.equal(requestHash('post', '/v1/feedback', body), sha(`POST /v1/feedback\n${canonical}`));
    });
  }
});

describe('prepared statement cache', () => {
  test('gives back the same statement for the same SQL, a fresh one while it is busy, and closes the database', () => {
    const sqlite = new SqliteDatabase(':memory:');
    const db = withStatementCache(sqlite, 2);
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const a = db.prepare('select n from t order by n');
    assert.equal(db.prepare('select n from t order by n'), a);
    const iterator = (a as unknown as SqliteDatabase.Statement).iterate();
    iterator.next();
    const b = db.prepare('select n from t order by n');
    assert.notEqual(b, a);
    assert.deepEqual(b.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    iterator.return?.();
    // Past the size limit the least recently used statement is dropped.
    db.prepare('select 1');
    db.prepare('select 2');
    assert.notEqual(db.prepare('select n from t order by n'), a);
    db.close();
    assert.equal(sqlite.open, false);
  });
});

describe('tracking numbers', () => {
  test('carry the day in each time zone asked for, one instant in two zones', () => {
    const at = new Date('2026-11-28T20:00:00Z');
    for (let i = 0; i < 3; i++) {
      assert.match(makeTrackingNumber(at, 'Asia/Shanghai'), /^UC20261129-/);
      assert.match(makeTrackingNumber(at, 'America/New_York'), /^UC20261128-/);
    }
  });
});
