/**
 * The browser-test harness: the process contract @web/test-runner relies on
 * (one JSON line, stop on stdin close, temp dir removed) and the fault proxy's
 * control API, against the real server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startHarness } from '../support/harness';
import type { Harness } from '../support/harness';
import { call, newDevice, newKey, submission } from './_helpers';

describe('harness-main process', () => {
  test('prints one JSON line with api/direct/control, serves, and cleans up when stdin closes', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'usercare-harness-main-'));
    const harnessDirs = () => readdirSync(tmp).filter((name) => name.startsWith('usercare-harness-'));
    let child: ReturnType<typeof spawn> | undefined;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', 'test/support/harness-main.ts'], {
        env: { ...process.env, TMPDIR: tmp },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const proc = child;
      const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
      const lines = createInterface({ input: proc.stdout! });
      const first = await new Promise<string>((done, fail) => {
        lines.once('line', done);
        proc.once('exit', (code) => fail(new Error(`harness exited early with ${code}`)));
      });
      const info = JSON.parse(first) as { api: string; direct: string; control: string };
      assert.deepEqual(Object.keys(info).sort(), ['api', 'control', 'direct']);
      assert.match(info.api, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.direct, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.control, `${info.api}/__harness`);
      assert.equal(harnessDirs().length, 1, 'one temp data dir while running');

      const res = await call(info.api, 'GET', '/v1/sites/test/config', {
        headers: { Origin: 'http://localhost:8000' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8000');

      proc.stdin!.end();
      assert.equal(await exited, 0);
      assert.deepEqual(harnessDirs(), [], 'the temp data dir is removed');
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('fault proxy and control API', () => {
  let h: Harness;
  const ORIGIN = 'http://localhost:9876';
  before(async () => {
    h = await startHarness({ log: () => {} });
  });
  after(() => h.close());
  beforeEach(async () => {
    await call(h.control, 'POST', '/reset');
  });

  const send = (key = newKey(), device = newDevice(), message = 'through the proxy') =>
    fetch(`${h.api}/v1/feedback`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: ORIGIN,
        'Idempotency-Key': key,
        'X-Usercare-Device': device,
      },
      body: JSON.stringify(submission({ fields: { message } })),
    });
  const faults = (rules: unknown[]) => call(h.control, 'POST', '/faults', { body: { rules } });
  const stored = async (contains: string) =>
    (await call(h.control, 'GET', `/submissions?site=test&contains=${encodeURIComponent(contains)}`)).json;

  test('without rules requests reach the real server, CORS included, and are counted', async () => {
    const res = await send();
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    await res.arrayBuffer();
    const counts = (await call(h.control, 'GET', '/requests')).json;
    assert.equal(counts.counts['POST /v1/feedback'], 1);
  });

  test('status: answers with a contract error and Retry-After, `times` times, then forwards', async () => {
    await faults([{ method: 'POST', path: '/v1/feedback', action: 'status', status: 503, retryAfter: 2, times: 1 }]);
    const failed = await send();
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '2');
    assert.equal(failed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(await failed.json(), {
      error: { code: 'unavailable', message: 'fault injected: 503', details: { retryAfter: 2 } },
    });
    const next = await send();
    assert.equal(next.status, 201);
    await next.arrayBuffer();
  });

  test('a method-less rule does not fault CORS preflights', async () => {
    await faults([{ path: '/v1/', action: 'status', status: 500 }]);
    const res = await call(h.api, 'OPTIONS', '/v1/feedback', {
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  });

  test('drop: the connection dies and nothing reaches the server', async () => {
    await faults([{ method: 'POST', action: 'drop' }]);
    await assert.rejects(send(undefined, undefined, 'dropped before the server'));
    assert.equal((await stored('dropped before the server')).count, 0);
  });

  test('drop-after: the server stores it, the page never hears; the retry is replayed, one record', async () => {
    await faults([{ method: 'POST', action: 'drop-after', times: 1 }]);
    const key = newKey();
    const device = newDevice();
    await assert.rejects(send(key, device, 'answer lost on the way back'));
    assert.equal((await stored('answer lost on the way back')).count, 1);
    const retry = await send(key, device, 'answer lost on the way back');
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    await retry.arrayBuffer();
    const after = await stored('answer lost on the way back');
    assert.equal(after.count, 1);
    assert.equal(after.items[0].status, 'submitted');
    assert.equal(after.items[0].fields.message, 'answer lost on the way back');
  });

  test('garbage and html: a 200 that is not JSON, a 502 HTML page', async () => {
    await faults([
      { method: 'POST', action: 'garbage', times: 1 },
      { method: 'POST', action: 'html', times: 1 },
    ]);
    const garbage = await send();
    assert.equal(garbage.status, 200);
    await assert.rejects(garbage.json());
    const html = await send();
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type')!, /text\/html/);
    assert.match(await html.text(), /Bad Gateway/);
  });

  test('delay: the answer comes after the wait', async () => {
    await faults([{ method: 'POST', action: 'delay', ms: 300 }]);
    const start = Date.now();
    const res = await send();
    assert.equal(res.status, 201);
    await res.arrayBuffer();
    assert.ok(Date.now() - start >= 290);
  });

  test('bad rules are refused; DELETE clears them', async () => {
    assert.equal((await faults([{ action: 'explode' }])).status, 400);
    await faults([{ method: 'POST', action: 'status', status: 500 }]);
    await call(h.control, 'DELETE', '/faults');
    const res = await send();
    assert.equal(res.status, 201);
    await res.arrayBuffer();
  });

  test('token: a host JWT for the test site that the server accepts, or an expired one', async () => {
    const { token } = (
      await call(h.control, 'POST', '/token', { body: { site: 'test', sub: 'user-7', name: '小明', expiresIn: 600 } })
    ).json;
    const ok = await call(h.api, 'POST', '/v1/feedback', {
      body: submission({ fields: { message: 'signed in via harness token' } }),
      headers: { 'Idempotency-Key': newKey(), Authorization: `Bearer ${token}` },
    });
    assert.equal(ok.status, 201, ok.text);
    for (const expiresIn of [-60, '-5m']) {
      const expired = (await call(h.control, 'POST', '/token', { body: { sub: 'user-7', expiresIn } })).json.token;
      const refused = await call(h.api, 'POST', '/v1/feedback', {
        body: submission(),
        headers: { 'Idempotency-Key': newKey(), Authorization: `Bearer ${expired}` },
      });
      assert.equal(refused.status, 401, String(expiresIn));
    }
    const spanned = (await call(h.control, 'POST', '/token', { body: { sub: 'user-8', expiresIn: '1h' } })).json.token;
    const accepted = await call(h.api, 'POST', '/v1/feedback', {
      body: submission({ fields: { message: 'token with a time span' } }),
      headers: { 'Idempotency-Key': newKey(), Authorization: `Bearer ${spanned}` },
    });
    assert.equal(accepted.status, 201);
    assert.equal((await call(h.control, 'POST', '/token', { body: { sub: 'x', expiresIn: 'soonish' } })).status, 400);
  });

  test('staff-token: a person on the test site, as the host signs one, whom the staff API takes', async () => {
    const { token } = (
      await call(h.control, 'POST', '/staff-token', { body: { sub: 'zhao', name: 'Zhao', roles: ['arbitrator'] } })
    ).json;
    const me = await call(h.api, 'GET', '/v1/staff/me?site=test', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200, me.text);
    assert.deepEqual([me.json.principal, me.json.name, me.json.roles], ['staff:person:zhao', 'Zhao', ['arbitrator']]);
    assert.ok(me.json.permissions.includes('rule'));
    assert.equal((await call(h.control, 'POST', '/staff-token', { body: { sub: 'zhao' } })).status, 400);
  });

  test('submissions lists what the server stored, with attachments; status simulates a staff action', async () => {
    const res = await send(undefined, undefined, 'find me by this text');
    const receipt = await res.json();
    const list = await stored('find me by this text');
    assert.equal(list.count, 1);
    assert.deepEqual(Object.keys(list.items[0]).sort(), [
      'attachments',
      'fields',
      'id',
      'kind',
      'status',
      'submitter',
      'trackingNumber',
    ]);
    assert.match(list.items[0].submitter, /^device:/);
    assert.equal(list.items[0].trackingNumber, receipt.trackingNumber);
    const changed = await call(h.control, 'POST', '/status', { body: { id: receipt.id, status: 'accepted' } });
    assert.equal(changed.status, 200);
    const withdraw = await call(h.api, 'POST', `/v1/feedback/${receipt.id}/withdraw`, {
      body: { accessKey: receipt.accessKey },
      headers: { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
    });
    assert.equal(withdraw.status, 409);
  });

  test('control routes answer CORS preflights from any loopback origin', async () => {
    const res = await call(h.control, 'OPTIONS', '/faults', {
      headers: {
        Origin: 'http://127.0.0.1:5555',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5555');
    const foreign = await call(h.control, 'OPTIONS', '/faults', {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  test('the locked site refuses browser writes from test pages (403)', async () => {
    const res = await call(h.api, 'POST', '/v1/feedback', {
      body: submission({ site: 'locked' }),
      headers: { Origin: ORIGIN, 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
    });
    assert.equal(res.status, 403);
  });
});
