/**
 * Rotating a site's secrets over real HTTP, on a server whose clock the
 * test moves: host tokens and staff tokens signed with the replaced key
 * pass until the overlap ends and are refused from then on, while tokens
 * signed with the new key pass at once, on this instance and, within 5 s,
 * on another one sharing the database; a rotation without an overlap ends
 * every older key, one in an earlier overlap too; webhook deliveries during the
 * overlap carry a signature for each secret, both valid; what GET …/secrets
 * says, what a rotation refuses, and that neither the answers nor the
 * audit log ever hold a secret. On SQLite always; on PostgreSQL too when
 * one answers on 127.0.0.1:5432 (a fresh database, dropped after).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  SECRETS,
  call,
  hostToken,
  newDevice,
  newKey,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';
import { startWebhookHost, type WebhookHost } from './_webhook-host';

const HOUR = 3600_000;
const AGENT = 'config-secrets-agent-token-0123456789';
const WEBHOOK_SECRET = 'config-secrets-webhook-secret-0123456789abcdef';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sites(webhookUrl: string): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokens: [{ name: 'Secrets Agent', tokenSha256: sha256(AGENT), roles: ['agent'] }],
      settings: { ...test!.settings, webhook: { url: webhookUrl, secret: WEBHOOK_SECRET } },
    },
    other!,
  ];
}

interface World {
  server: TestServer;
  host: WebhookHost;
  /** the server's clock, which the tests move */
  clock: { ms: number };
  /** the database, for a second instance */
  database: { databaseFile: string } | { databaseUrl: string };
  /** the site's current host and staff secrets, as its host was given them */
  hostSecret: string;
  staffSecret: string;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An admin of `site` signed in by its host now (by the server's clock), with the staff secret given. */
const admin = (w: World, secret: string = SECRETS.staff, site = 'test') =>
  staffToken({
    sub: 'ada',
    name: 'Ada Admin',
    roles: ['admin'],
    site,
    secret,
    issuedAtMs: w.clock.ms,
    lifetime: 6 * 3600,
  });

const userToken = (w: World, secret: string) => hostToken(secret, 'user-1', 6 * 3600, 'A User', w.clock.ms);

async function rotate(w: World, kind: string, body: object, token?: string, site = 'test'): Promise<Call> {
  return call(w.server.url, 'POST', `/v1/staff/config/secrets/${kind}/rotate?site=${site}`, {
    body,
    headers: bearer(token ?? (await admin(w))),
  });
}

/** What a host token may read: the user's own complaints (200), or a 401. */
const asUser = (base: string, token: string) =>
  call(base, 'GET', '/v1/complaints?site=test', { headers: bearer(token) });
const asStaff = (base: string, token: string) =>
  call(base, 'GET', '/v1/staff/me?site=test', { headers: bearer(token) });

/** Every secret the test has seen: none may appear in an answer other than the one that made it, nor in the audit log. */
const seen = new Set<string>([SECRETS.server, SECRETS.test, SECRETS.staff, SECRETS.other, WEBHOOK_SECRET]);
function assertNoSecret(answer: Call, what: string): void {
  const leaked = [...seen].find((secret) => answer.text.includes(secret));
  assert.equal(leaked, undefined, `${what} holds a secret`);
}

function register(label: string, world: () => World): void {
  describe(label, () => {
    test('host and staff tokens of the replaced key pass until the overlap ends, then are refused; the new key passes at once', async () => {
      const w = world();
      const start = w.clock.ms;
      const until = new Date(start + HOUR).toISOString();
      const oldUser = await userToken(w, SECRETS.test);
      const oldStaff = await admin(w);

      const host = await rotate(w, 'host_token', { overlapUntil: until });
      assert.equal(host.status, 200, host.text);
      assert.deepEqual(Object.keys(host.json).sort(), ['createdAt', 'kind', 'previousValidUntil', 'secret']);
      assert.equal(host.json.kind, 'host_token');
      assert.equal(host.json.previousValidUntil, until);
      assert.match(host.json.secret, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
      assertNoSecret(host, 'the rotation');
      seen.add(host.json.secret);
      const staff = await rotate(w, 'staff_token', { overlapUntil: until }, oldStaff);
      assert.equal(staff.status, 200, staff.text);
      seen.add(staff.json.secret);
      assert.notEqual(staff.json.secret, host.json.secret);

      const newUser = await userToken(w, host.json.secret);
      const newStaff = await admin(w, staff.json.secret);
      for (const [what, r] of [
        ['a host token of the new key', await asUser(w.server.url, newUser)],
        ['a host token of the replaced key', await asUser(w.server.url, oldUser)],
        ['a staff token of the new key', await asStaff(w.server.url, newStaff)],
        ['a staff token of the replaced key', await asStaff(w.server.url, oldStaff)],
      ] as const)
        assert.equal(r.status, 200, `${what}, during the overlap: ${r.text}`);

      // A token signed with neither key is refused all along.
      assert.equal((await asUser(w.server.url, await userToken(w, `x${SECRETS.test}`))).status, 401);

      const listed = await call(w.server.url, 'GET', '/v1/staff/config/secrets?site=test', {
        headers: bearer(newStaff),
      });
      assert.equal(listed.status, 200, listed.text);
      assertNoSecret(listed, 'GET …/secrets');
      assert.equal(listed.headers.get('cache-control'), 'no-store');
      const byKind = Object.fromEntries(listed.json.secrets.map((s: { kind: string }) => [s.kind, s]));
      assert.deepEqual(Object.keys(byKind), ['host_token', 'staff_token', 'webhook']);
      assert.equal(byKind.host_token.set, true);
      assert.equal(byKind.host_token.createdBy, 'staff:person:ada');
      assert.equal(byKind.host_token.createdAt, host.json.createdAt);
      assert.deepEqual(
        byKind.host_token.older.map((o: { validUntil: string }) => o.validUntil),
        [until],
      );
      assert.equal(byKind.webhook.set, true);
      assert.deepEqual(byKind.webhook.older, []);

      w.clock.ms = start + HOUR - 1000;
      assert.equal((await asUser(w.server.url, oldUser)).status, 200, 'a second before the end');
      assert.equal((await asStaff(w.server.url, oldStaff)).status, 200, 'a second before the end');

      w.clock.ms = start + HOUR;
      const refusedUser = await asUser(w.server.url, oldUser);
      assert.equal(refusedUser.status, 401, `the replaced host key, once the overlap ended: ${refusedUser.text}`);
      const refusedStaff = await asStaff(w.server.url, oldStaff);
      assert.equal(refusedStaff.status, 401, `the replaced staff key, once the overlap ended: ${refusedStaff.text}`);
      assert.match(refusedStaff.json.error.message, /signature does not verify/);
      assert.equal((await asUser(w.server.url, newUser)).status, 200);
      assert.equal((await asStaff(w.server.url, newStaff)).status, 200);
      const after = await call(w.server.url, 'GET', '/v1/staff/config/secrets?site=test', {
        headers: bearer(newStaff),
      });
      assert.deepEqual(after.json.secrets[0].older, [], 'a replaced secret past its instant is no longer listed');
      w.hostSecret = host.json.secret;
      w.staffSecret = staff.json.secret;
    });

    test('another instance on the same database takes the new key, and refuses the replaced one, within 5 s', async () => {
      const w = world();
      const second = await startTestServer(sites(w.host.url), { ...w.database, now: () => new Date(w.clock.ms) });
      try {
        const before = await userToken(w, w.hostSecret);
        assert.equal((await asUser(second.url, before)).status, 200, 'the second instance serves the current key');
        const rotated = await rotate(w, 'host_token', {}, await admin(w, w.staffSecret));
        assert.equal(rotated.status, 200, rotated.text);
        seen.add(rotated.json.secret);
        w.hostSecret = rotated.json.secret;
        const fresh = await userToken(w, rotated.json.secret);
        assert.equal((await asUser(w.server.url, fresh)).status, 200, 'at once on the instance that rotated');
        const started = Date.now();
        let taken = false;
        while (!taken && Date.now() - started < 5000) {
          await new Promise((done) => setTimeout(done, 100));
          taken = (await asUser(second.url, fresh)).status === 200;
        }
        assert.ok(taken, 'the second instance took the new key within 5 s');
        assert.equal((await asUser(second.url, before)).status, 401, 'and refuses the replaced one (no overlap given)');
      } finally {
        await second.close();
      }
    });

    test('webhook deliveries during an overlap carry a v1 for each secret, both valid; after it, the new one only', async () => {
      const w = world();
      const start = w.clock.ms;
      const rotated = await rotate(
        w,
        'webhook',
        { overlapUntil: new Date(start + HOUR).toISOString() },
        await admin(w, w.staffSecret),
      );
      assert.equal(rotated.status, 200, rotated.text);
      seen.add(rotated.json.secret);
      const created = await call(w.server.url, 'POST', '/v1/feedback', {
        body: submission(),
        headers: { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
      });
      assert.equal(created.status, 201, created.text);
      const act = async (action: string) => {
        const r = await call(w.server.url, 'POST', `/v1/staff/complaints/${created.json.id}/actions`, {
          body: { action },
          headers: { ...bearer(AGENT), 'Idempotency-Key': newKey() },
        });
        assert.equal(r.status, 200, r.text);
        await w.server.sweep();
        const delivery = w.host.ofType('complaint.status_changed').find((d) => d.json.event === action);
        assert.ok(delivery, `the ${action} reached the host`);
        return delivery;
      };

      const during = await act('accept');
      const v1s = w.host.signaturesOf(during);
      assert.equal(v1s.length, 2, during.signature);
      assert.match(during.signature!, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
      assert.ok(w.host.signedWith(during, rotated.json.secret), 'signed with the new secret');
      assert.ok(w.host.signedWith(during, WEBHOOK_SECRET), 'and with the replaced one');
      const t = /^t=(\d+),/.exec(during.signature!)![1];
      const first = createHmac('sha256', rotated.json.secret).update(`${t}.${during.body}`).digest('hex');
      assert.equal(v1s[0], first, 'the new secret signs first');

      w.clock.ms = start + HOUR;
      const later = await act('start_investigation');
      assert.equal(w.host.signaturesOf(later).length, 1, later.signature);
      assert.ok(w.host.signedWith(later, rotated.json.secret));
      assert.ok(!w.host.signedWith(later, WEBHOOK_SECRET), 'the replaced secret signs no more');
    });

    test('a rotation without an overlap ends every older key at once, one still in an earlier overlap too', async () => {
      const w = world();
      const first = w.staffSecret;
      const oldest = await admin(w, first);
      const a = await rotate(w, 'staff_token', { overlapUntil: new Date(w.clock.ms + HOUR).toISOString() }, oldest);
      assert.equal(a.status, 200, a.text);
      seen.add(a.json.secret);
      const middle = await admin(w, a.json.secret);
      assert.equal((await asStaff(w.server.url, oldest)).status, 200, 'in its overlap');
      const b = await rotate(w, 'staff_token', {}, middle);
      assert.equal(b.status, 200, b.text);
      seen.add(b.json.secret);
      w.staffSecret = b.json.secret;
      assert.equal((await asStaff(w.server.url, middle)).status, 401, 'the key just replaced, without an overlap');
      assert.equal((await asStaff(w.server.url, oldest)).status, 401, 'the one before, whose overlap was cut short');
      assert.equal((await asStaff(w.server.url, await admin(w, b.json.secret))).status, 200);
      const listed = await call(w.server.url, 'GET', '/v1/staff/config/secrets?site=test', {
        headers: bearer(await admin(w, b.json.secret)),
      });
      assert.deepEqual(listed.json.secrets[1].older, [], 'no staff key but the current one is accepted');
    });

    test('a rotation refuses an overlap in the past or beyond 30 days, an unknown kind, and anyone but an admin', async () => {
      const w = world();
      const token = await admin(w, w.staffSecret);
      const refused = async (body: object, path: string, code?: string) => {
        const r = await rotate(w, 'host_token', body, token);
        assert.equal(r.status, 422, r.text);
        assert.equal(r.json.error.details.fields[0].path, path, r.text);
        if (code) assert.equal(r.json.error.details.fields[0].code, code, r.text);
      };
      await refused({ overlapUntil: new Date(w.clock.ms - 1000).toISOString() }, 'overlapUntil', 'too_small');
      await refused({ overlapUntil: new Date(w.clock.ms + 31 * 24 * HOUR).toISOString() }, 'overlapUntil', 'too_big');
      await refused({ overlapUntil: 'tomorrow' }, 'overlapUntil');
      const chosen = await rotate(
        w,
        'host_token',
        { overlapUntil: new Date(w.clock.ms).toISOString(), secret: 'x'.repeat(43) },
        token,
      );
      assert.equal(chosen.status, 422, 'a secret is never chosen by the caller');
      assert.equal((await rotate(w, 'server', {}, token)).status, 404, 'the server secret is no kind of the API');
      const agent = await staffToken({ roles: ['agent'], secret: w.staffSecret, issuedAtMs: w.clock.ms });
      const asAgent = await rotate(w, 'webhook', {}, agent);
      assert.deepEqual([asAgent.status, asAgent.json.error.details.reason], [403, 'configure']);
    });

    test("a site's first webhook secret is rotated in; the audit log names every rotation, never a secret", async () => {
      const w = world();
      const other = await admin(w, SECRETS.otherStaff, 'other');
      const before = await call(w.server.url, 'GET', '/v1/staff/config/secrets?site=other', { headers: bearer(other) });
      assert.equal(before.status, 200, before.text);
      assert.deepEqual(before.json.secrets[2], {
        kind: 'webhook',
        set: false,
        createdAt: null,
        createdBy: null,
        older: [],
      });
      const first = await rotate(w, 'webhook', {}, other, 'other');
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.previousValidUntil, null, 'nothing was replaced');
      seen.add(first.json.secret);
      const listed = await call(w.server.url, 'GET', '/v1/staff/config/secrets?site=other', { headers: bearer(other) });
      assert.equal(listed.json.secrets[2].set, true);

      const log = await call(w.server.url, 'GET', '/v1/staff/audit?site=test', {
        headers: bearer(await admin(w, w.staffSecret)),
      });
      assert.equal(log.status, 200, log.text);
      assertNoSecret(log, 'the audit log');
      const rotations = log.json.items.filter((e: { action: string }) => e.action === 'config.secret.rotate');
      assert.deepEqual(rotations.map((e: { detail: { kind: string } }) => e.detail.kind).sort(), [
        'host_token',
        'host_token',
        'staff_token',
        'staff_token',
        'staff_token',
        'webhook',
      ]);
      const ofStaff = rotations.find((e: { detail: { kind: string } }) => e.detail.kind === 'staff_token');
      assert.equal(typeof ofStaff.detail.overlapUntil, 'string');
      assert.equal(ofStaff.detail.replaced, true);
      assert.equal(ofStaff.principal, 'staff:person:ada');
    });
  });
}

// ---- SQLite, and PostgreSQL when one answers ------------------------------------------------------------------

async function startWorld(database: { databaseUrl: string } | undefined): Promise<World> {
  const host = await startWebhookHost();
  const clock = { ms: Date.now() };
  const server = await startTestServer(sites(host.url), { ...database, now: () => new Date(clock.ms) });
  return {
    server,
    host,
    clock,
    hostSecret: SECRETS.test,
    staffSecret: SECRETS.staff,
    database: database ?? { databaseFile: join(server.dataDir, 'usercare.sqlite') },
  };
}

async function stopWorld(w: World | undefined): Promise<void> {
  await w?.server.close();
  await w?.host.close();
}

describe('on SQLite', () => {
  let w: World | undefined;
  before(async () => {
    w = await startWorld(undefined);
  });
  after(() => stopWorld(w));
  register('rotating secrets', () => w!);
});

describe('on PostgreSQL', { skip: postgresSkip }, () => {
  let w: World | undefined;
  before(async () => {
    w = await startWorld({ databaseUrl: await newPostgresDatabase('config_secrets') });
  });
  after(() => stopWorld(w));
  register('rotating secrets', () => w!);
});
