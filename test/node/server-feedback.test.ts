/** POST /v1/feedback against the real server on a temp SQLite file. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Receipt } from '../../src/contract/feedback';
import { WIRE_LIMITS } from '../../src/contract/feedback';
import { DatabaseBlobStore } from '../../src/server/blobs';
import {
  FILES,
  SECRETS,
  attachment,
  call,
  countSubmissions,
  hostToken,
  newDevice,
  newKey,
  startTestServer,
  submission,
  submit,
} from './_helpers';
import type { TestServer } from './_helpers';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

describe('a new submission', () => {
  test('is answered 201 with a receipt that matches the contract, stamped by the server clock', async () => {
    const before = Date.now();
    const res = await submit(server.url, submission());
    assert.equal(res.status, 201, res.text);
    const receipt = Receipt.parse(res.json);
    assert.equal(receipt.status, 'submitted');
    assert.equal(receipt.channel, 'web');
    assert.equal(receipt.site, 'test');
    assert.match(receipt.trackingNumber, /^UC\d{8}-[2-9A-HJKMNP-TW-Z]{6}$/);
    // The client claimed 2001; the server's own clock decides receivedAt.
    const received = Date.parse(receipt.receivedAt);
    assert.ok(received >= before - 1000 && received <= Date.now() + 1000, receipt.receivedAt);
    const row = await server.db
      .selectFrom('submissions')
      .selectAll()
      .where('id', '=', receipt.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.client_submitted_at, '2001-01-01T00:00:00.000Z');
    assert.equal(row.tracking_number, receipt.trackingNumber);
    assert.deepEqual(JSON.parse(row.fields_json), submission().fields);
  });

  test('the tracking number carries the date in the site time zone (Asia/Shanghai)', async () => {
    const res = await submit(server.url, submission());
    const receivedAt = new Date(res.json.receivedAt as string);
    const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      .format(receivedAt)
      .replaceAll('-', '');
    assert.equal((res.json.trackingNumber as string).slice(2, 10), shanghaiDay);
  });

  test('an anonymous submitter gets an access key once; the database keeps only its SHA-256', async () => {
    const res = await submit(server.url, submission());
    const key = res.json.accessKey as string;
    assert.match(key, /^[A-Za-z0-9_-]{43}$/, 'a 32-byte base64url key');
    const row = await server.db
      .selectFrom('submissions')
      .selectAll()
      .where('id', '=', res.json.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.access_key_hash, createHash('sha256').update(key).digest('hex'));
    const stored = await server.db.selectFrom('idempotency_keys').select('response_json').execute();
    assert.ok(
      stored.every((r) => !r.response_json.includes(key)),
      'the key is not in the stored answers',
    );
  });

  test('an identified user (host token) gets no access key and is recorded by the token subject', async () => {
    const token = await hostToken(SECRETS.test, 'user-42');
    const res = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      Authorization: `Bearer ${token}`,
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.accessKey, undefined);
    const row = await server.db
      .selectFrom('submissions')
      .selectAll()
      .where('id', '=', res.json.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.submitter_type, 'user');
    assert.equal(row.submitter_id, 'user-42');
    assert.equal(row.access_key_hash, null);
  });

  test('attachments are stored with their bytes and listed in the receipt', async () => {
    const body = submission({
      attachments: [
        attachment('screenshots', 'shot.png', 'image/png', FILES.png),
        attachment('screenshots', 'bill.pdf', 'application/pdf', FILES.pdf),
      ],
    });
    const res = await submit(server.url, body);
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(
      (res.json.attachments as { name: string; type: string; size: number }[]).map(({ name, type, size }) => ({
        name,
        type,
        size,
      })),
      [
        { name: 'shot.png', type: 'image/png', size: FILES.png.length },
        { name: 'bill.pdf', type: 'application/pdf', size: FILES.pdf.length },
      ],
    );
    const rows = await server.db
      .selectFrom('attachments')
      .selectAll()
      .where('submission_id', '=', res.json.id)
      .orderBy('name')
      .execute();
    const blobs = new DatabaseBlobStore(server.db);
    assert.deepEqual(Buffer.from((await blobs.get(rows.find((r) => r.name === 'shot.png')!.blob_key))!), FILES.png);
  });
});

describe('idempotency', () => {
  test('the same key and body is answered with the first answer, and makes one record', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const body = submission({ fields: { message: 'idempotent replay check' } });
    const before = await countSubmissions(server);
    const first = await submit(server.url, body, headers);
    const second = await submit(server.url, body, headers);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.text, first.text, 'byte-identical body, access key included');
    assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
    assert.equal(first.headers.get('Idempotent-Replayed'), null);
    assert.equal(await countSubmissions(server), before + 1);
  });

  test('key order in the body does not make a different request', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const body = submission({ fields: { message: 'order check', email: 'a@b.cn' } });
    const first = await submit(server.url, body, headers);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await submit(server.url, reordered, headers);
    assert.equal(second.status, 201);
    assert.equal(second.json.id, first.json.id);
  });

  test('the same key with a different body is 422 idempotency_mismatch and changes nothing', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    await submit(server.url, submission({ fields: { message: 'first version' } }), headers);
    const before = await countSubmissions(server);
    const res = await submit(server.url, submission({ fields: { message: 'second version' } }), headers);
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, 'idempotency_mismatch');
    assert.equal(await countSubmissions(server), before);
  });

  test('the same key from another device is a different request (keys are scoped by actor)', async () => {
    const key = newKey();
    const body = submission({ fields: { message: 'scoped by actor' } });
    const a = await submit(server.url, body, { 'Idempotency-Key': key, 'X-Usercare-Device': newDevice() });
    const b = await submit(server.url, body, { 'Idempotency-Key': key, 'X-Usercare-Device': newDevice() });
    assert.equal(b.status, 201);
    assert.notEqual(b.json.id, a.json.id);
    assert.notEqual(b.json.accessKey, a.json.accessKey);
  });

  test('ten concurrent requests with one key make exactly one record and all get its receipt', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const body = submission({ fields: { message: 'concurrent duplicate sends' } });
    const before = await countSubmissions(server);
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit(server.url, body, headers)));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
    assert.equal(new Set(answers.map((a) => a.json.id)).size, 1);
    assert.equal(answers.filter((a) => a.headers.get('Idempotent-Replayed') !== 'true').length, 1);
    assert.equal(await countSubmissions(server), before + 1);
  });

  test('a missing or malformed Idempotency-Key is 400 invalid_request', async () => {
    const missing = await submit(server.url, submission(), { 'X-Usercare-Device': newDevice() });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, 'invalid_request');
    assert.match(missing.json.error.message, /Idempotency-Key/);
    const short = await submit(server.url, submission(), {
      'Idempotency-Key': 'short',
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(short.status, 400);
  });

  test('a refused request is not remembered: the same key works once the request is fixed', async () => {
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() };
    const bad = await submit(server.url, submission({ fields: { message: 'x' } }), headers);
    assert.equal(bad.status, 422);
    const good = await submit(server.url, submission({ fields: { message: 'now long enough' } }), headers);
    assert.equal(good.status, 201);
  });
});

describe('validation', () => {
  test('malformed JSON is 400 invalid_request', async () => {
    const res = await call(server.url, 'POST', '/v1/feedback', {
      rawBody: '{"site": "test",',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'invalid_request');
  });

  test('a body outside the contract is 422 with the path of each bad value', async () => {
    const res = await submit(server.url, { ...submission(), kind: 'rant', clientSubmittedAt: 'yesterday' });
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, 'validation_failed');
    const paths = (res.json.error.details.fields as { path: string }[]).map((f) => f.path).sort();
    assert.deepEqual(paths, ['clientSubmittedAt', 'kind']);
  });

  test("values are checked against the site's form: 422 with field paths and codes", async () => {
    const res = await submit(
      server.url,
      submission({ category: 'nope', fields: { message: 'hi', email: 'not-an-email', color: 'red' } }),
    );
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, 'validation_failed');
    const got = (res.json.error.details.fields as { path: string; code: string }[])
      .map((f) => `${f.path}:${f.code}`)
      .sort();
    assert.deepEqual(got, [
      'category:invalid_category',
      'fields.color:unknown_field',
      'fields.email:invalid_email',
      'fields.message:too_short',
    ]);
  });

  test('an unknown form is 422 with path "form"', async () => {
    const res = await submit(server.url, submission({ form: 'missing' }));
    assert.equal(res.status, 422);
    assert.equal(res.json.error.details.fields[0].path, 'form');
  });

  test('a NUL character anywhere in the body is 422 naming where, and nothing is stored (PostgreSQL cannot store it)', async () => {
    const before = await countSubmissions(server);
    const inField = await submit(
      server.url,
      submission({ fields: { message: 'half\u0000way', email: 'user@example.com' } }),
    );
    assert.equal(inField.status, 422, inField.text);
    assert.deepEqual(
      inField.json.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
      [['fields.message', 'invalid_string']],
    );
    const inName = await submit(
      server.url,
      submission({ attachments: [attachment('screenshots', 'shot\u0000.png', 'image/png', FILES.png)] }),
    );
    assert.equal(inName.status, 422, inName.text);
    assert.equal(inName.json.error.details.fields[0].path, 'attachments[0].name');
    assert.equal(await countSubmissions(server), before);
  });

  test('an unknown site is 404 not_found', async () => {
    const res = await submit(server.url, submission({ site: 'nosuchsite' }));
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'not_found');
  });
});

describe('attachments', () => {
  test('bytes that are not the declared type are 415 unsupported_media_type, and nothing is stored', async () => {
    const before = await countSubmissions(server);
    const res = await submit(
      server.url,
      submission({ attachments: [attachment('screenshots', 'photo.jpg', 'image/jpeg', FILES.png)] }),
    );
    assert.equal(res.status, 415);
    assert.equal(res.json.error.code, 'unsupported_media_type');
    assert.match(res.json.error.message, /photo\.jpg.*image\/png/);
    const text = await submit(
      server.url,
      submission({ attachments: [attachment('screenshots', 'notes.pdf', 'application/pdf', FILES.text)] }),
    );
    assert.equal(text.status, 415);
    assert.equal(await countSubmissions(server), before);
  });

  test('a size that does not match the data is 422', async () => {
    const a = { ...attachment('screenshots', 'shot.png', 'image/png', FILES.png), size: FILES.png.length + 1 };
    const res = await submit(server.url, submission({ attachments: [a] }));
    assert.equal(res.status, 422);
    assert.equal(res.json.error.details.fields[0].path, 'attachments[0].size');
  });

  test('attachments over the total limit are 413 payload_too_large with the limit', async () => {
    // 2 × 4.3 MiB = 8.6 MiB: over the 8 MiB total, each under the 5 MiB per file, the body (base64) under 12 MiB.
    const png = Buffer.alloc(Math.round(4.3 * 1024 * 1024));
    FILES.png.copy(png);
    const files = [0, 1].map((i) => attachment('files', `big${i}.png`, 'image/png', png));
    const res = await submit(
      server.url,
      submission({ form: 'big', category: 'general', fields: { message: 'two big files' }, attachments: files }),
    );
    assert.equal(res.status, 413, res.text);
    assert.equal(res.json.error.code, 'payload_too_large');
    assert.equal(res.json.error.details.limit, WIRE_LIMITS.totalAttachmentBytes);
  });

  test('a body over the request limit is 413 before it is parsed', async () => {
    const res = await call(server.url, 'POST', '/v1/feedback', {
      rawBody: `{"pad":"${'x'.repeat(WIRE_LIMITS.requestBytes)}"}`,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
    });
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, 'payload_too_large');
    assert.equal(res.json.error.details.limit, WIRE_LIMITS.requestBytes);
  });
});
