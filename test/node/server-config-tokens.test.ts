/**
 * The rest of a site's secrets API over real HTTP: automation tokens
 * issued (shown once, kept as a hash) and revoked (refused at once),
 * signing every staff member out, who may do any of it (an admin, as a
 * person), and the webhook test: the host's status and the time, never
 * what it answered, and a target the server may not post to (this machine
 * where not allowed, a private or link-local address, a name resolving to
 * one) refused with a 422 saying why, nothing sent. On SQLite always; on
 * PostgreSQL too when one answers on 127.0.0.1:5432.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SiteEntry } from '../../src/server/registry-schema';
import { call, staffToken, startTestServer, testSites, type Call, type TestServer } from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';
import { startWebhookHost, type WebhookHost } from './_webhook-host';

const AUTOMATION_ADMIN = 'config-tokens-automation-admin-0123456789';
const WEBHOOK_SECRET = 'config-tokens-webhook-secret-0123456789abcdef';
/** What the host answers the test event with: it must never reach the admin. */
const HOST_SAYS = 'host-answer-that-never-leaves-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sites(webhookUrl: string): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokens: [{ name: 'Robot Admin', tokenSha256: sha256(AUTOMATION_ADMIN), roles: ['admin'] }],
      settings: { ...test!.settings, webhook: { url: webhookUrl, secret: WEBHOOK_SECRET } },
    },
    other!,
  ];
}

interface World {
  server: TestServer;
  host: WebhookHost;
  clock: { ms: number };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const person = (w: World, roles: string[], sub = 'ada') =>
  staffToken({ sub, name: 'Ada', roles, issuedAtMs: w.clock.ms, lifetime: 6 * 3600 });
const send = (w: World, method: string, path: string, token: string, body?: unknown) =>
  call(w.server.url, method, path, { headers: bearer(token), ...(body !== undefined ? { body } : {}) });
const me = (w: World, token: string) => send(w, 'GET', '/v1/staff/me?site=test', token);

function assertRefused(r: Call, status: number, reason: string | undefined, what: string): void {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  if (reason) assert.equal(r.json.error.details.reason, reason, `${what}: ${r.text}`);
}

/** Every route of the API, as one valid request each, for the permission checks. */
const ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/v1/staff/config/secrets?site=test'],
  ['POST', '/v1/staff/config/secrets/webhook/rotate?site=test', {}],
  ['GET', '/v1/staff/config/tokens?site=test'],
  ['POST', '/v1/staff/config/tokens?site=test', { name: 'never-made', roles: ['agent'] }],
  ['DELETE', '/v1/staff/config/tokens/Robot%20Admin?site=test'],
  ['POST', '/v1/staff/config/sign-out-staff?site=test', undefined],
  ['POST', '/v1/staff/config/webhook/test?site=test', {}],
];

function register(label: string, world: () => World): void {
  describe(label, () => {
    test('an agent, a supervisor and an automation token with the admin role are refused every route; nothing changes', async () => {
      const w = world();
      for (const [method, path, body] of ROUTES) {
        const what = `${method} ${path}`;
        assertRefused(await send(w, method, path, await person(w, ['agent'])), 403, 'configure', `an agent: ${what}`);
        assertRefused(await send(w, method, path, await person(w, ['supervisor'])), 403, 'configure', what);
        assertRefused(
          await send(w, method, path, AUTOMATION_ADMIN, body),
          403,
          'person_required',
          `automation: ${what}`,
        );
      }
      assert.equal(w.host.received.length, 0, 'no test event was sent');
      assert.equal((await me(w, AUTOMATION_ADMIN)).status, 200, 'the automation token still works');
      const granted = (await me(w, AUTOMATION_ADMIN)).json.permissions as string[];
      assert.ok(!granted.includes('configure'), '/me grants automation no configure');
      assert.ok((await me(w, await person(w, ['admin']))).json.permissions.includes('configure'));
    });

    test('an issued automation token works at once, is listed without its value or hash, and is refused once revoked', async () => {
      const w = world();
      const admin = await person(w, ['admin']);
      const name = `ci bot ${randomUUID().slice(0, 8)}`;
      const issued = await send(w, 'POST', '/v1/staff/config/tokens?site=test', admin, { name, roles: ['agent'] });
      assert.equal(issued.status, 201, issued.text);
      assert.equal(issued.headers.get('cache-control'), 'no-store');
      const token = issued.json.token as string;
      assert.match(token, /^ucs_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(
        { ...issued.json, token: undefined, createdAt: undefined },
        {
          name,
          roles: ['agent'],
          createdBy: 'staff:person:ada',
          revoked: false,
          revokedAt: null,
          token: undefined,
          createdAt: undefined,
        },
      );
      const stored = await w.server.db
        .selectFrom('site_automation_tokens')
        .select('token_sha256')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      assert.equal(stored.token_sha256, sha256(token), 'the database keeps its SHA-256 only');

      const asBot = await me(w, token);
      assert.equal(asBot.status, 200, asBot.text);
      assert.equal(asBot.json.principal, `staff:automation:${name}`);
      assert.deepEqual(asBot.json.roles, ['agent']);

      const listed = await send(w, 'GET', '/v1/staff/config/tokens?site=test', admin);
      assert.equal(listed.status, 200, listed.text);
      for (const needle of [token, sha256(token), sha256(AUTOMATION_ADMIN)])
        assert.ok(!listed.text.includes(needle), 'no token nor hash is listed');
      const entry = listed.json.items.find((t: { name: string }) => t.name === name);
      assert.deepEqual(Object.keys(entry).sort(), ['createdAt', 'createdBy', 'name', 'revoked', 'revokedAt', 'roles']);

      const again = await send(w, 'POST', '/v1/staff/config/tokens?site=test', admin, { name, roles: ['admin'] });
      assertRefused(again, 409, 'name_taken', 'a name taken');
      const badName = await send(w, 'POST', '/v1/staff/config/tokens?site=test', admin, {
        name: 'person:x',
        roles: [],
      });
      assert.equal(badName.status, 422, badName.text);
      assert.deepEqual(badName.json.error.details.fields.map((f: { path: string }) => f.path).sort(), [
        'name',
        'roles',
      ]);

      const revoked = await send(w, 'DELETE', `/v1/staff/config/tokens/${encodeURIComponent(name)}?site=test`, admin);
      assert.equal(revoked.status, 204, revoked.text);
      assertRefused(await me(w, token), 401, undefined, 'a revoked token');
      const after = await send(w, 'GET', '/v1/staff/config/tokens?site=test', admin);
      assert.equal(after.json.items.find((t: { name: string }) => t.name === name).revoked, true);
      assert.equal(
        (await send(w, 'DELETE', `/v1/staff/config/tokens/${encodeURIComponent(name)}?site=test`, admin)).status,
        204,
      );
      assert.equal((await send(w, 'DELETE', '/v1/staff/config/tokens/nobody?site=test', admin)).status, 404);

      const log = await send(w, 'GET', '/v1/staff/audit?site=test', admin);
      const actions = log.json.items.map((e: { action: string }) => e.action);
      assert.equal(actions.filter((a: string) => a === 'config.token.issue').length, 1);
      assert.equal(actions.filter((a: string) => a === 'config.token.revoke').length, 1, 'revoking twice is one entry');
      assert.ok(!log.text.includes(token) && !log.text.includes(sha256(token)));
    });

    test('signing staff out refuses every staff token signed before, the asker’s too; a new sign-in and automation go on', async () => {
      const w = world();
      const admin = await person(w, ['admin']);
      const agent = await person(w, ['agent'], 'agent-7');
      assert.equal((await me(w, agent)).status, 200);
      const out = await send(w, 'POST', '/v1/staff/config/sign-out-staff?site=test', admin);
      assert.equal(out.status, 200, out.text);
      assert.equal(out.json.staffTokensNotBefore, new Date(w.clock.ms).toISOString());
      for (const [who, token] of [
        ['the agent', agent],
        ['the admin who asked', admin],
      ] as const) {
        const r = await me(w, token);
        assert.equal(r.status, 401, `${who}: ${r.text}`);
        assert.match(r.json.error.message, /signed every staff member out/);
      }
      w.clock.ms += 1000;
      assert.equal((await me(w, await person(w, ['agent'], 'agent-7'))).status, 200, 'signed in again');
      assert.equal((await me(w, AUTOMATION_ADMIN)).status, 200, 'automation is not signed out');
      const log = await send(w, 'GET', '/v1/staff/audit?site=test', await person(w, ['admin']));
      assert.ok(log.json.items.some((e: { action: string }) => e.action === 'config.staff.sign_out'));
    });

    test('the webhook test answers the host’s status and the time, never what it said; signed as deliveries are', async () => {
      const w = world();
      const admin = await person(w, ['admin']);
      const published = await send(w, 'POST', '/v1/staff/config/webhook/test?site=test', admin, {});
      assert.equal(published.status, 200, published.text);
      assert.deepEqual(Object.keys(published.json).sort(), ['ms', 'status']);
      assert.equal(published.json.status, 418);
      assert.equal(typeof published.json.ms, 'number');
      assert.ok(!published.text.includes(HOST_SAYS), 'the host’s answer is not passed on');
      const event = w.host.ofType('webhook.test').at(-1);
      assert.ok(event, 'the host received the test event');
      assert.deepEqual(Object.keys(event.json).sort(), ['at', 'site', 'type']);
      assert.ok(w.host.signedWith(event, WEBHOOK_SECRET));

      const gone = await send(w, 'POST', '/v1/staff/config/webhook/test?site=test', admin, {
        url: 'http://127.0.0.1:9/nobody-listens',
      });
      assert.equal(gone.status, 200, gone.text);
      assert.deepEqual(Object.keys(gone.json).sort(), ['error', 'ms']);
      assert.match(gone.json.error, /ECONNREFUSED/);

      const log = await send(w, 'GET', '/v1/staff/audit?site=test', admin);
      const tests = log.json.items.filter((e: { action: string }) => e.action === 'config.webhook.test');
      assert.deepEqual(
        tests.map((e: { detail: { status: number | null } }) => e.detail.status),
        [null, 418],
      );
      assert.ok(!log.text.includes(WEBHOOK_SECRET));
    });

    test('a private or link-local target is refused with a 422 saying why, and nothing is sent', async () => {
      const w = world();
      const admin = await person(w, ['admin']);
      const before = w.host.received.length;
      for (const [url, why] of [
        ['https://10.0.0.1/hook', /10\.0\.0\.1 is a private/],
        ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a private, link-local/],
        ['https://[fd00:ec2::254]/hook', /private/],
        ['ftp://shop.example/hook', /must be https/],
      ] as const)
        await assertTargetRefused(w, admin, url, why);
      assert.equal(w.host.received.length, before);
    });
  });
}

async function assertTargetRefused(w: World, token: string, url: string | undefined, why: RegExp): Promise<void> {
  const r = await send(w, 'POST', '/v1/staff/config/webhook/test?site=test', token, url === undefined ? {} : { url });
  assert.equal(r.status, 422, `${url}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed');
  assert.deepEqual(
    r.json.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
    [['url', 'refused_target']],
  );
  assert.match(r.json.error.details.fields[0].message, why, url);
}

// ---- SQLite, and PostgreSQL when one answers ------------------------------------------------------------------

async function startWorld(options: { databaseUrl?: string; webhookLoopback?: boolean } = {}): Promise<World> {
  const host = await startWebhookHost({ status: 418, body: HOST_SAYS });
  const clock = { ms: Date.now() };
  const server = await startTestServer(sites(host.url), { ...options, now: () => new Date(clock.ms) });
  return { server, host, clock };
}

async function stopWorld(w: World | undefined): Promise<void> {
  await w?.server.close();
  await w?.host.close();
}

describe('on SQLite', () => {
  let w: World | undefined;
  before(async () => {
    w = await startWorld();
  });
  after(() => stopWorld(w));
  register('the site’s tokens, sign-out and webhook test', () => w!);
});

describe('a real server: webhooks may not reach this machine', () => {
  let w: World | undefined;
  before(async () => {
    w = await startWorld({ webhookLoopback: false });
  });
  after(() => stopWorld(w));

  test('127.0.0.1, localhost (a name resolving to it) and the published plain-http URL are refused; nothing is sent', async () => {
    const admin = await person(w!, ['admin']);
    const port = new URL(w!.host.url).port;
    await assertTargetRefused(w!, admin, undefined, /plain http/);
    await assertTargetRefused(w!, admin, `https://127.0.0.1:${port}/hook`, /127\.0\.0\.1 is this machine/);
    await assertTargetRefused(w!, admin, `https://localhost:${port}/hook`, /localhost: .* is this machine/);
    await assertTargetRefused(w!, admin, 'https://10.0.0.1/hook', /private/);
    assert.equal(w!.host.received.length, 0, 'nothing reached this machine');
  });
});

describe('on PostgreSQL', { skip: postgresSkip }, () => {
  let w: World | undefined;
  before(async () => {
    w = await startWorld({ databaseUrl: await newPostgresDatabase('config_secrets_tokens') });
  });
  after(() => stopWorld(w));
  register('the site’s tokens, sign-out and webhook test', () => w!);
});
