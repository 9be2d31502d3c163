/** Cross-cutting HTTP behaviour of the real server: CORS, auth, rate limits, public config, static files. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Health } from '../../src/contract/feedback';
import { SiteConfig } from '../../src/config/schema';
import {
  ALLOWED_ORIGIN,
  FILES,
  OTHER_ORIGIN,
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
  testSites,
} from './_helpers';
import type { TestServer } from './_helpers';

let server: TestServer;
let staticDir: string;
before(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'usercare-static-'));
  mkdirSync(join(staticDir, 'pages'));
  mkdirSync(join(staticDir, 'dist'));
  writeFileSync(join(staticDir, 'pages', 'index.html'), '<!doctype html><title>a shop</title>');
  for (const name of ['usercare.js', 'chunk.mjs', 'usercare.js.map', 'custom-elements.json'])
    writeFileSync(join(staticDir, 'dist', name), name.endsWith('.js') || name.endsWith('.mjs') ? 'export {};' : '{}');
  server = await startTestServer(undefined, {
    staticRoots: { pages: join(staticDir, 'pages'), dist: join(staticDir, 'dist') },
  });
});
after(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    call(server.url, 'OPTIONS', '/v1/feedback', {
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key,x-usercare-device',
      },
    });

  test('a preflight from a listed origin is allowed with the contract headers', async () => {
    const res = await preflight(ALLOWED_ORIGIN);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of ['content-type', 'authorization', 'idempotency-key', 'x-usercare-device'])
      assert.ok(allowed.includes(h), h);
    const exposed = res.headers.get('access-control-expose-headers')!;
    assert.ok(exposed.includes('Retry-After') && exposed.includes('Idempotent-Replayed'), exposed);
  });

  test('the dev-only loopback pattern allows any localhost port', async () => {
    const res = await preflight('http://localhost:43127');
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:43127');
  });

  test('an origin no site lists: its preflight passes, and every request is a 403 naming the origin, readable by the page, storing nothing', async () => {
    const stranger = 'https://new-shop.example';
    const pre = await preflight(stranger);
    assert.equal(pre.headers.get('access-control-allow-origin'), stranger);
    const text = `from a stranger ${randomUUID()}`;
    const write = await submit(server.url, submission({ fields: { message: text } }), {
      Origin: stranger,
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(write.status, 403);
    assert.equal(write.json.error.code, 'origin_not_allowed');
    assert.equal(write.json.error.details.origin, stranger);
    assert.match(write.json.error.message, /new-shop\.example.*allowedOrigins/);
    assert.equal(write.headers.get('access-control-allow-origin'), stranger);
    const config = await call(server.url, 'GET', '/v1/sites/test/config', { headers: { Origin: stranger } });
    assert.equal(config.status, 403);
    assert.equal(config.json.error.code, 'origin_not_allowed');
    const stored = await server.db
      .selectFrom('submissions')
      .select('id')
      .where('fields_json', 'like', `%${text}%`)
      .execute();
    assert.deepEqual(stored, [], 'nothing stored');
  });

  test("a write from another site's origin is 403 origin_not_allowed naming the origin and the site, readable by that page", async () => {
    const res = await submit(server.url, submission(), {
      Origin: OTHER_ORIGIN,
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'origin_not_allowed');
    assert.deepEqual([res.json.error.details.origin, res.json.error.details.site], [OTHER_ORIGIN, submission().site]);
    assert.equal(res.headers.get('access-control-allow-origin'), OTHER_ORIGIN);
  });

  test('a write from a listed origin succeeds and error answers carry CORS headers too', async () => {
    const ok = await submit(server.url, submission(), {
      Origin: ALLOWED_ORIGIN,
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    const bad = await submit(server.url, submission({ fields: {} }), {
      Origin: ALLOWED_ORIGIN,
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
  });
});

describe('identity', () => {
  const withToken = (token: string) =>
    submit(server.url, submission(), { 'Idempotency-Key': newKey(), Authorization: `Bearer ${token}` });

  test('a valid host token is accepted', async () => {
    assert.equal((await withToken(await hostToken(SECRETS.test, 'u1'))).status, 201);
  });

  test('an expired token is 401 unauthorized saying so', async () => {
    const res = await withToken(await hostToken(SECRETS.test, 'u1', -3600));
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'unauthorized');
    assert.match(res.json.error.message, /expired/);
  });

  test("a token signed with another site's secret is 401", async () => {
    const res = await withToken(await hostToken(SECRETS.other, 'u1'));
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'unauthorized');
  });

  test('a bad token is 401 even when a device id is sent too (no silent fallback to anonymous)', async () => {
    const res = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      Authorization: 'Bearer not.a.jwt',
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(res.status, 401);
  });

  test('no token and no device id is 401', async () => {
    const res = await submit(server.url, submission(), { 'Idempotency-Key': newKey() });
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'unauthorized');
  });
});

describe('rate limits (site "other": 2 anonymous submissions per client per minute)', () => {
  const toOther = (device: string, key = newKey()) =>
    submit(server.url, submission({ site: 'other', category: 'publishing' }), {
      'Idempotency-Key': key,
      'X-Usercare-Device': device,
    });

  test('the third submission in a minute is 429 with Retry-After, mirrored in details', async () => {
    const device = newDevice();
    const firstKey = newKey();
    assert.equal((await toOther(device, firstKey)).status, 201);
    assert.equal((await toOther(device)).status, 201);
    const limited = await toOther(device);
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('Retry-After'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    assert.equal(limited.json.error.details.retryAfter, retryAfter);
    // A retry of a request already answered is still answered: the client must learn its receipt.
    const replay = await toOther(device, firstKey);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
    // Another device is its own client.
    assert.equal((await toOther(newDevice())).status, 201);
  });

  test('a minute later the client may send again, and the sweep forgets buckets that have filled up again', async () => {
    let clock = Date.parse('2026-11-28T10:00:00.000Z');
    const timed = await startTestServer(undefined, { now: () => new Date(clock) });
    try {
      const device = newDevice();
      const send = () =>
        submit(timed.url, submission({ site: 'other', category: 'publishing' }), {
          'Idempotency-Key': newKey(),
          'X-Usercare-Device': device,
        });
      assert.deepEqual([(await send()).status, (await send()).status, (await send()).status], [201, 201, 429]);
      const buckets = async () => (await timed.db.selectFrom('rate_buckets').select('key').execute()).length;
      await timed.sweep();
      assert.equal(await buckets(), 3, 'the site, address and device buckets, in use');
      clock += 61_000;
      await timed.sweep();
      assert.equal(await buckets(), 0);
      assert.equal((await send()).status, 201);
    } finally {
      await timed.close();
    }
  });

  test('new device ids from one address share the address limit; a forged X-Forwarded-For changes nothing', async () => {
    const sites = testSites().map((site) =>
      site.id === 'other'
        ? { ...site, settings: { rateLimits: { anonymousPerMinute: 2, addressPerMinute: 3, sitePerMinute: 1000 } } }
        : site,
    );
    const own = await startTestServer(sites);
    try {
      const send = (device: string, headers: Record<string, string> = {}) =>
        submit(own.url, submission({ site: 'other', category: 'publishing' }), {
          'Idempotency-Key': newKey(),
          'X-Usercare-Device': device,
          ...headers,
        });
      const [first, second] = [newDevice(), newDevice()];
      assert.deepEqual(
        [(await send(first)).status, (await send(first)).status, (await send(second)).status],
        [201, 201, 201],
      );
      const refused = await send(newDevice(), { 'X-Forwarded-For': '203.0.113.7' });
      assert.equal(refused.status, 429, 'a fourth device from the same address');
      assert.equal(refused.json.error.code, 'rate_limited');
      assert.ok(Number(refused.headers.get('Retry-After')) >= 1);
      assert.equal(await countSubmissions(own, 'other'), 3);
    } finally {
      await own.close();
    }
  });

  test('behind trusted proxies the address is the one the outermost proxy saw', async () => {
    const sites = testSites().map((site) =>
      site.id === 'other'
        ? { ...site, settings: { rateLimits: { anonymousPerMinute: 5, addressPerMinute: 2, sitePerMinute: 1000 } } }
        : site,
    );
    const own = await startTestServer(sites, { trustedProxyHops: 1 });
    try {
      const send = (forwardedFor: string) =>
        submit(own.url, submission({ site: 'other', category: 'publishing' }), {
          'Idempotency-Key': newKey(),
          'X-Usercare-Device': newDevice(),
          'X-Forwarded-For': forwardedFor,
        });
      assert.deepEqual([(await send('198.51.100.1')).status, (await send('198.51.100.1')).status], [201, 201]);
      // What the client itself put in front of its real address is not believed.
      assert.equal((await send('192.0.2.99, 198.51.100.1')).status, 429);
      // Another client behind the same proxy has its own allowance; an IPv6 client is counted by its /64.
      assert.equal((await send('198.51.100.2')).status, 201);
      assert.deepEqual(
        [
          (await send('2001:db8:1:2::1')).status,
          (await send('2001:db8:1:2:ffff::9')).status,
          (await send('2001:db8:1:2::3')).status,
        ],
        [201, 201, 429],
      );
    } finally {
      await own.close();
    }
  });

  test('messages to a complaint are limited too, in buckets of their own', async () => {
    const sites = testSites().map((site) =>
      site.id === 'other'
        ? { ...site, settings: { rateLimits: { anonymousPerMinute: 2, sitePerMinute: 1000 } } }
        : site,
    );
    const own = await startTestServer(sites);
    try {
      const device = newDevice();
      const made = await submit(own.url, submission({ site: 'other', category: 'publishing' }), {
        'Idempotency-Key': newKey(),
        'X-Usercare-Device': device,
      });
      assert.equal(made.status, 201, made.text);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(own.url, 'POST', `/v1/complaints/${made.json.id}/messages`, {
          headers: { 'X-Usercare-Device': device, 'Idempotency-Key': newKey() },
          body: { text: `message ${i}` },
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await own.close();
    }
  });

  test('signed-in users have a limit of their own (userPerMinute)', async () => {
    const sites = testSites().map((site) =>
      site.id === 'other'
        ? { ...site, settings: { rateLimits: { anonymousPerMinute: 2, sitePerMinute: 1000, userPerMinute: 3 } } }
        : site,
    );
    const own = await startTestServer(sites);
    try {
      const token = await hostToken(SECRETS.other, 'busy-user');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await submit(own.url, submission({ site: 'other' }), {
              'Idempotency-Key': newKey(),
              Authorization: `Bearer ${token}`,
            })
          ).status,
        );
      assert.deepEqual(statuses, [201, 201, 201, 429]);
    } finally {
      await own.close();
    }
  });

  test("attachments take their bytes from a day's allowance; more than a day's in one go is 413", async () => {
    const sites = testSites().map((site) =>
      site.id === 'test' ? { ...site, settings: { rateLimits: { uploadBytesPerDay: 1024 * 1024 } } } : site,
    );
    const own = await startTestServer(sites);
    try {
      const png = (bytes: number) => Buffer.concat([FILES.png, Buffer.alloc(bytes - FILES.png.length, 7)]);
      const body = (files: Buffer[]) =>
        submission({
          form: 'big',
          category: 'general',
          fields: { message: 'files' },
          attachments: files.map((f, i) => attachment('files', `shot-${i}.png`, 'image/png', f)),
        });
      const send = (files: Buffer[]) => submit(own.url, body(files));
      assert.equal((await send([png(600 * 1024)])).status, 201);
      const refused = await send([png(600 * 1024)]);
      assert.equal(refused.status, 429, 'the second 600 KB from the same address on the same day');
      assert.ok(Number(refused.headers.get('Retry-After')) > 3600, refused.headers.get('Retry-After') ?? '');
      // Small ones still fit, and a signed-in user's files come from the user's own allowance.
      assert.equal((await send([png(100 * 1024)])).status, 201);
      const token = await hostToken(SECRETS.test, 'uploader');
      assert.equal(
        (
          await submit(own.url, body([png(600 * 1024)]), {
            'Idempotency-Key': newKey(),
            Authorization: `Bearer ${token}`,
          })
        ).status,
        201,
      );
      const tooBig = await send([png(2 * 1024 * 1024), png(2 * 1024 * 1024)]);
      assert.equal(tooBig.status, 413);
      assert.equal(tooBig.json.error.code, 'payload_too_large');
    } finally {
      await own.close();
    }
  });

  test('identified users are not limited by the anonymous limit', async () => {
    const token = await hostToken(SECRETS.other, 'known-user');
    for (let i = 0; i < 4; i++) {
      const res = await submit(server.url, submission({ site: 'other' }), {
        'Idempotency-Key': newKey(),
        Authorization: `Bearer ${token}`,
      });
      assert.equal(res.status, 201);
    }
  });
});

describe('public config', () => {
  test('is the public part merged over the defaults, without any secret or setting', async () => {
    const res = await call(server.url, 'GET', '/v1/sites/test/config');
    assert.equal(res.status, 200);
    const config = SiteConfig.parse(res.json);
    assert.equal(config.site, 'test');
    assert.ok(config.forms['default'], 'the default form from the built-in defaults');
    assert.ok(config.forms['big'], "the site's own form");
    for (const secret of [SECRETS.test, SECRETS.server, 'a'.repeat(64)]) assert.ok(!res.text.includes(secret));
    for (const key of ['hostTokenSecret', 'staffTokens', 'settings', 'rateLimits', 'allowedOrigins'])
      assert.ok(!res.text.includes(key), key);
    // revalidated on every page load (a cheap 304), so a page loaded after a change gets it
    assert.equal(res.headers.get('cache-control'), 'no-cache');
  });

  test('has an ETag and answers 304 to If-None-Match', async () => {
    const first = await call(server.url, 'GET', '/v1/sites/test/config');
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[^"]+"$/);
    const again = await call(server.url, 'GET', '/v1/sites/test/config', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const other = await call(server.url, 'GET', '/v1/sites/other/config', { headers: { 'If-None-Match': etag } });
    assert.equal(other.status, 200);
  });

  test('an unknown site is 404 not_found', async () => {
    const res = await call(server.url, 'GET', '/v1/sites/nope/config');
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'not_found');
  });
});

describe('other routes', () => {
  test('an unknown API route is a JSON 404 not_found', async () => {
    const res = await call(server.url, 'GET', '/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'not_found');
  });

  test('/healthz reports ok and the database kind', async () => {
    const res = await call(server.url, 'GET', '/healthz');
    assert.equal(res.status, 200);
    assert.equal(Health.parse(res.json).database, 'sqlite');
  });

  test('/openapi.json is served', async () => {
    const res = await call(server.url, 'GET', '/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.json.openapi, '3.1.0');
  });

  test("static files: / is the pages' index, /dist has JavaScript, source map and JSON content types, and names the loader's map", async () => {
    const index = await fetch(`${server.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /^text\/html/);
    assert.match(await index.text(), /a shop/);
    const expected: Record<string, RegExp> = {
      'usercare.js': /^text\/javascript/,
      'chunk.mjs': /^text\/javascript/,
      'usercare.js.map': /^application\/json/,
      'custom-elements.json': /^application\/json/,
    };
    for (const [name, type] of Object.entries(expected)) {
      const res = await fetch(`${server.url}/dist/${name}`);
      assert.equal(res.status, 200, name);
      assert.match(res.headers.get('content-type')!, type, name);
      // the loader's file does not name its map (every page pays for its bytes): the header does
      assert.equal(res.headers.get('sourcemap'), name === 'usercare.js' ? 'usercare.js.map' : null, name);
      await res.arrayBuffer();
    }
    const missing = await fetch(`${server.url}/dist/nope.js`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });
});
