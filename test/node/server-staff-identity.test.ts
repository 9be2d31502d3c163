/**
 * Staff identity over real HTTP: staff tokens the host signs (every way one
 * can be wrong is a 401 saying which), static tokens as automation, GET
 * /v1/staff/me, principals in the lifecycle (conflict of interest, rulings
 * by people only, older `staff:<name>` repliers), and the one permission
 * function: for every combination of roles, of a person and of automation,
 * what /me grants is exactly what each staff route takes (a permission it
 * withholds ⇔ a 403).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { STAFF_PERMISSIONS, STAFF_ROLES, type StaffPermission, type StaffRole } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import { HARNESS_CONSENT, HARNESS_POINTS } from '../support/harness';
import {
  call,
  hostToken,
  newDevice,
  newKey,
  SECRETS,
  signClaims,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
/** The site signed every staff member out an hour before the tests start. */
const NOT_BEFORE = new Date(Date.now() - 3600_000).toISOString();

/** Every non-empty combination of the staff roles. */
const COMBINATIONS: StaffRole[][] = [];
for (let mask = 1; mask < 1 << STAFF_ROLES.length; mask++)
  COMBINATIONS.push(STAFF_ROLES.filter((_, i) => mask & (1 << i)));
const comboName = (roles: readonly string[]) => roles.join('+');
const automationToken = (roles: readonly string[]) => `identity-automation-${comboName(roles)}-0123456789`;

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokensNotBefore: NOT_BEFORE,
      staffTokens: [
        ...COMBINATIONS.map((roles) => ({
          name: `Auto ${comboName(roles)}`,
          tokenSha256: sha(automationToken(roles)),
          roles,
        })),
        // A static token from before people signed in through the host, who replied as `staff:Legacy Li`.
        { name: 'Legacy Li', tokenSha256: sha('identity-legacy-li-0123456789'), roles: ['agent', 'arbitrator'] },
      ],
      consent: HARNESS_CONSENT,
      settings: { ...test!.settings, points: HARNESS_POINTS },
    },
    other!,
    // A site whose staff sign in with static tokens only.
    { id: 'plain', allowedOrigins: ['https://plain.example.com'], hostTokenSecret: `plain-${SECRETS.test}` },
  ];
}

let server: TestServer;
let clockMs = Date.now();
before(async () => {
  server = await startTestServer(sites(), { now: () => new Date(clockMs) });
});
after(() => server.close());

const me = (token: string, site = 'test') =>
  call(server.url, 'GET', `/v1/staff/me?site=${site}`, { headers: { Authorization: `Bearer ${token}` } });

function assertRefused(r: Call, status: number, code: string, message: RegExp | undefined, what: string): void {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assert.equal(r.json?.error?.code, code, `${what}: ${r.text}`);
  if (message) assert.match(r.json.error.message, message, what);
}

describe('staff tokens the host signs', () => {
  test('GET /v1/staff/me: the person, their roles, permissions and when the token ends', async () => {
    const iat = Math.floor(clockMs / 1000);
    const token = await staffToken({
      sub: 4242,
      name: '客服小李',
      roles: ['agent'],
      issuedAtMs: iat * 1000,
      lifetime: 8 * 3600,
    });
    const r = await me(token);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, {
      site: 'test',
      principal: 'staff:person:4242',
      kind: 'person',
      name: '客服小李',
      roles: ['agent'],
      permissions: ['work', 'note', 'assign', 'categorise', 'reveal', 'moderate'],
      expiresAt: new Date((iat + 8 * 3600) * 1000).toISOString(),
      intake: { maxAgeDays: 7, clockSkewSeconds: 120 },
    });
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('a static token is automation: its principal, no expiry, and no ruling even as an arbitrator', async () => {
    const r = await me(automationToken(['arbitrator', 'admin']));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.principal, 'staff:automation:Auto arbitrator+admin');
    assert.equal(r.json.kind, 'automation');
    assert.equal(r.json.expiresAt, null);
    assert.ok(!r.json.permissions.includes('rule'));
    assert.ok(r.json.permissions.includes('audit'));
  });

  test('every way a staff token can be wrong is a 401 unauthorized that says which', async () => {
    const cases: Array<[string, Promise<string>, RegExp]> = [
      ['bad signature', staffToken({ secret: SECRETS.otherStaff }), /signature does not verify/],
      ['another site', staffToken({ site: 'other', secret: SECRETS.otherStaff }), /for the site "other", not "test"/],
      ['a site nobody serves', staffToken({ site: 'nowhere' }), /"nowhere", which this server does not serve/],
      ['wrong audience', staffToken({ claims: { aud: 'somewhere-else' } }), /aud must be "usercare-staff"/],
      ['audience missing', staffToken({ claims: { aud: undefined } }), /no aud claim/],
      ['expired', staffToken({ issuedAtMs: clockMs - 3 * 3600_000, lifetime: 3600 }), /expired/],
      ['too long-lived', staffToken({ lifetime: 12 * 3600 + 1 }), /longer than a staff token may \(at most 12 h/],
      [
        'a future iat does not stretch the lifetime',
        staffToken({ issuedAtMs: clockMs + 3600_000, lifetime: 12 * 3600 }),
        /longer than a staff token may/,
      ],
      [
        'issued before staffTokensNotBefore',
        staffToken({ issuedAtMs: Date.parse(NOT_BEFORE) - 1000, lifetime: 3 * 3600 }),
        new RegExp(`issued before ${NOT_BEFORE.replaceAll('.', '\\.')}, when the site signed every staff member out`),
      ],
      ['unknown role', staffToken({ roles: ['agent', 'owner'] }), /unknown role "owner"/],
      ['no roles', staffToken({ roles: [] }), /roles must be a non-empty list/],
      ['roles not a list', staffToken({ claims: { roles: 'admin' } }), /roles must be a non-empty list/],
      ['sub missing', staffToken({ claims: { sub: undefined } }), /no sub claim/],
      ['sub a fraction', staffToken({ sub: 12.5 }), /sub must be/],
      ['name missing', staffToken({ claims: { name: undefined } }), /no name claim/],
      ['name too long', staffToken({ name: 'x'.repeat(201) }), /name must be a string of 1–200/],
      ['roles missing', staffToken({ claims: { roles: undefined } }), /no roles claim/],
      ['site missing', staffToken({ claims: { site: undefined } }), /no site claim/],
      ['iat missing', staffToken({ claims: { iat: undefined } }), /no iat claim/],
      ['exp missing', staffToken({ claims: { exp: undefined } }), /no exp claim/],
      ['not a JWT, nor a static token', Promise.resolve('made-up-token-0123456789'), /not valid/],
    ];
    for (const [what, token, message] of cases)
      assertRefused(await me(await token), 401, 'unauthorized', message, what);
    assertRefused(
      await call(server.url, 'GET', '/v1/staff/me?site=test'),
      401,
      'unauthorized',
      /Authorization: Bearer/,
      'no token',
    );
    assertRefused(
      await me(await staffToken({ site: 'plain', secret: SECRETS.staff })),
      401,
      'unauthorized',
      /"plain" takes no staff tokens/,
      'a site without a staff secret',
    );
  });

  test('a host token never passes for a staff token, nor a staff token for a host token', async () => {
    const nowS = Math.floor(clockMs / 1000);
    const userToken = await hostToken(SECRETS.test, 'user-1', 3600, 'User', clockMs);
    assertRefused(await me(userToken), 401, 'unauthorized', /no site claim/, 'a plain host token');
    // Even one carrying every staff claim: it is signed with the host secret, which verifies no staff token.
    const dressedUp = await signClaims(SECRETS.test, {
      sub: 'user-1',
      name: 'Mallory',
      roles: ['admin'],
      site: 'test',
      aud: 'usercare-staff',
      iat: nowS,
      exp: nowS + 600,
    });
    assertRefused(
      await me(dressedUp),
      401,
      'unauthorized',
      /signature does not verify/,
      'a host token with staff claims',
    );
    const asUser = await call(server.url, 'GET', '/v1/complaints?site=test', {
      headers: { Authorization: `Bearer ${await staffToken({ roles: ['admin'] })}` },
    });
    assertRefused(asUser, 401, 'unauthorized', undefined, 'a staff token on the user API');
  });

  test('a verified token is cached, yet asked about another site or after it expires it is refused again', async () => {
    const start = clockMs;
    try {
      const token = await staffToken({ sub: 'cached', issuedAtMs: clockMs, lifetime: 600 });
      assert.equal((await me(token)).status, 200);
      assert.equal((await me(token)).status, 200);
      assertRefused(await me(token, 'other'), 401, 'unauthorized', /not "other"/, 'cached, another site');
      clockMs += 700_000;
      assertRefused(await me(token), 401, 'unauthorized', /expired/, 'cached, then expired');
    } finally {
      clockMs = start;
    }
  });

  test('the site is required; a static token of another site is a 404 there', async () => {
    const token = await staffToken();
    assertRefused(
      await call(server.url, 'GET', '/v1/staff/me', { headers: { Authorization: `Bearer ${token}` } }),
      400,
      'invalid_request',
      /site is required/,
      'no site',
    );
    assertRefused(await me(automationToken(['agent']), 'other'), 404, 'not_found', undefined, 'static, other site');
    for (const path of ['/v1/staff/complaints', '/v1/staff/points/incidents', '/v1/staff/audit'])
      assertRefused(
        await call(server.url, 'GET', path, { headers: { Authorization: `Bearer ${token}` } }),
        400,
        'invalid_request',
        /site is required/,
        path,
      );
  });
});

// ---- principals in the lifecycle ---------------------------------------------------------------------------

async function complaint(): Promise<string> {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission(),
    headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}

const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) =>
  call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() },
    body: { action, ...extra },
  });

async function disputed(replier: string): Promise<string> {
  const id = await complaint();
  for (const [action, extra] of [
    ['accept', {}],
    ['start_investigation', {}],
    ['reply', { text: 'Done' }],
  ] as const)
    assert.equal((await act(id, replier, action, extra)).status, 200, action);
  const row = await server.db
    .selectFrom('submissions')
    .select('submitter_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const dispute = await call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
    headers: { 'X-Usercare-Device': row.submitter_id, 'Idempotency-Key': newKey() },
    body: { action: 'dispute', text: 'Not done' },
  });
  assert.equal(dispute.status, 200, dispute.text);
  return id;
}

describe('principals in the lifecycle', () => {
  test('whoever replied may not rule, by principal: the same person is refused, a namesake is not', async () => {
    const li = await staffToken({ sub: 'li-1', name: 'Li', roles: ['agent', 'arbitrator'] });
    const id = await disputed(li);
    const own = await act(id, li, 'rule', { outcome: 'upheld', reasons: 'Upheld' });
    assert.equal(own.status, 403, own.text);
    assert.deepEqual([own.json.error.code, own.json.error.details.reason], ['forbidden', 'conflict_of_interest']);
    const namesake = await staffToken({ sub: 'li-2', name: 'Li', roles: ['arbitrator'] });
    const ruled = await act(id, namesake, 'rule', { outcome: 'overturned', reasons: 'Refund the difference' });
    assert.equal(ruled.status, 200, ruled.text);
    const events = await server.db
      .selectFrom('complaint_events')
      .select(['type', 'actor_id', 'actor_name'])
      .where('submission_id', '=', id)
      .where('type', 'in', ['reply', 'rule'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.map((e) => [e.type, e.actor_id, e.actor_name]),
      [
        ['reply', 'staff:person:li-1', 'Li'],
        ['rule', 'staff:person:li-2', 'Li'],
      ],
    );
  });

  test('a reply stored under the old `staff:<name>` id still bars that static token, now automation, from the dispute', async () => {
    const legacy = 'identity-legacy-li-0123456789';
    const id = await disputed(legacy);
    // What an older server wrote: the replier as `staff:<name>`, in the row's context and its event.
    const row = await server.db
      .selectFrom('submissions')
      .select('lifecycle_json')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const context = JSON.parse(row.lifecycle_json!) as { repliedBy: string };
    assert.equal(context.repliedBy, 'staff:automation:Legacy Li');
    context.repliedBy = 'staff:Legacy Li';
    await server.db
      .updateTable('submissions')
      .set({ lifecycle_json: JSON.stringify(context) })
      .where('id', '=', id)
      .execute();
    const own = await act(id, legacy, 'start_arbitration');
    assert.equal(own.status, 403, own.text);
    assert.equal(own.json.error.details.reason, 'conflict_of_interest');
    const detail = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${legacy}` },
    });
    assert.ok(!detail.json.actions.includes('start_arbitration'), detail.text);
  });

  test('a supervisor reads complaints and is offered no action', async () => {
    const id = await complaint();
    const supervisor = await staffToken({ sub: 'wang', name: 'Wang', roles: ['supervisor'] });
    const list = await call(server.url, 'GET', '/v1/staff/complaints?site=test', {
      headers: { Authorization: `Bearer ${supervisor}` },
    });
    assert.equal(list.status, 200, list.text);
    const detail = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${supervisor}` },
    });
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(detail.json.actions, []);
    const agent = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${await staffToken({ roles: ['agent'] })}` },
    });
    assert.ok(agent.json.actions.includes('accept') && !agent.json.actions.includes('rule'));
  });

  test('a complaint of another site is a 404 to a staff token, as to a static token, like one that does not exist', async () => {
    const id = await complaint();
    const otherStaff = await staffToken({ site: 'other', secret: SECRETS.otherStaff, roles: ['admin'] });
    const r = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${otherStaff}` },
    });
    assertRefused(r, 404, 'not_found', undefined, 'another site’s complaint');
    const missing = await call(server.url, 'GET', `/v1/staff/complaints/${randomUUID()}`, {
      headers: { Authorization: `Bearer ${otherStaff}` },
    });
    assert.deepEqual(missing.json, r.json);
    assertRefused(
      await call(server.url, 'GET', `/v1/staff/complaints/${id}`),
      401,
      'unauthorized',
      undefined,
      'no token, whatever the id',
    );
  });
});

// ---- the one permission function -----------------------------------------------------------------------------

/** One request a permission governs; `ok` are the statuses that say the server took the request up. */
interface Probe {
  what: string;
  permission: StaffPermission;
  send(token: string): Promise<Call>;
}

/** A complaint's version now, for a write that must name the one it saw. */
async function versionOf(id: string): Promise<number> {
  const row = await server.db
    .selectFrom('submissions')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.version;
}

function probes(complaintId: string, suggestionId: string, alertId: string): Probe[] {
  const auth = (token: string, key = true) => ({
    Authorization: `Bearer ${token}`,
    ...(key ? { 'Idempotency-Key': newKey() } : {}),
  });
  const post = (path: string, body: unknown) => (token: string) =>
    call(server.url, 'POST', path, { headers: auth(token), body });
  const user = `matrix-user-${randomUUID()}`;
  return [
    {
      what: 'an action on a complaint',
      permission: 'work',
      send: post(`/v1/staff/complaints/${complaintId}/actions`, { action: 'accept' }),
    },
    {
      what: 'a ruling',
      permission: 'rule',
      send: post(`/v1/staff/complaints/${complaintId}/actions`, {
        action: 'rule',
        outcome: 'upheld',
        reasons: 'Ruled',
      }),
    },
    {
      what: "a third party's outcome",
      permission: 'work',
      send: post(`/v1/staff/complaints/${complaintId}/third-party-outcome`, {
        outcome: 'The association found for the user',
        decidedOn: '2020-01-02',
      }),
    },
    {
      what: 'a message',
      permission: 'work',
      send: post(`/v1/staff/complaints/${complaintId}/messages`, { text: 'Hello' }),
    },
    {
      what: 'a note',
      permission: 'note',
      send: post(`/v1/staff/complaints/${complaintId}/notes`, { text: 'A note' }),
    },
    {
      what: 'an assignment',
      permission: 'assign',
      send: async (token) =>
        post(`/v1/staff/complaints/${complaintId}/assignee`, {
          assignee: null,
          version: await versionOf(complaintId),
        })(token),
    },
    {
      what: 'a category',
      permission: 'categorise',
      send: async (token) =>
        post(`/v1/staff/complaints/${complaintId}/category`, {
          category: 'transactions',
          complex: false,
          version: await versionOf(complaintId),
        })(token),
    },
    {
      what: 'a canned reply',
      permission: 'canned',
      send: (token) =>
        call(server.url, 'PUT', '/v1/staff/canned/matrix?site=test', {
          headers: auth(token),
          body: { title: 'Matrix', text: 'Hello {name}', locale: 'en' },
        }),
    },
    {
      what: 'a complaint by hotline',
      permission: 'work',
      send: post('/v1/staff/complaints', {
        site: 'test',
        category: 'publishing',
        channel: 'hotline',
        locale: 'zh-CN',
        receivedAt: new Date(clockMs).toISOString(),
        text: 'Called in',
        contact: '13800138000',
      }),
    },
    {
      // Dismissed by the first who may; the others get it back as it stands.
      what: 'dismissing a deadline alert',
      permission: 'work',
      send: post('/v1/staff/alerts/dismiss', { site: 'test', ids: [alertId] }),
    },
    {
      what: 'a penalty',
      permission: 'moderate',
      send: post('/v1/staff/points/penalties', { site: 'test', user, points: 1, reason: 'Spam' }),
    },
    {
      what: 'a feedback decision',
      permission: 'moderate',
      send: post(`/v1/staff/feedback/${suggestionId}/decision`, { decision: 'accept' }),
    },
    {
      what: 'a compensation from a complaint',
      permission: 'moderate',
      send: post(`/v1/staff/complaints/${complaintId}/points`, { kind: 'compensation', points: 1, reason: 'Sorry' }),
    },
    {
      what: 'an incident’s preview',
      permission: 'points',
      send: (token) =>
        call(server.url, 'POST', '/v1/staff/points/incidents/preview', {
          headers: auth(token, false),
          body: {
            site: 'test',
            id: `matrix-${randomUUID()}`,
            service: 'checkout',
            start: new Date(clockMs - 3600_000).toISOString(),
            end: new Date(clockMs - 1800_000).toISOString(),
            users: [user],
          },
        }),
    },
    {
      what: 'an adjustment',
      permission: 'points',
      send: post('/v1/staff/points/adjustments', { site: 'test', user, points: 1, reason: 'Gift', note: 'matrix' }),
    },
    {
      what: 'an incident',
      permission: 'points',
      send: (token) =>
        post('/v1/staff/points/incidents', {
          site: 'test',
          id: `matrix-${randomUUID()}`,
          service: 'checkout',
          start: new Date(clockMs - 3600_000).toISOString(),
          end: new Date(clockMs - 1800_000).toISOString(),
          users: [user],
        })(token),
    },
    {
      what: 'codes',
      permission: 'points',
      send: post('/v1/staff/points/codes', { site: 'test', reward: 'mug', codes: [`m-${randomUUID()}`] }),
    },
    {
      what: 'a reveal',
      permission: 'reveal',
      send: (token) =>
        call(server.url, 'POST', `/v1/staff/complaints/${complaintId}/reveal`, {
          headers: auth(token, false),
          body: { reason: 'Calling back' },
        }),
    },
    {
      what: 'the audit log',
      permission: 'audit',
      send: (token) => call(server.url, 'GET', '/v1/staff/audit?site=test', { headers: auth(token, false) }),
    },
    {
      what: 'the consent export',
      permission: 'consents',
      send: (token) => call(server.url, 'GET', '/v1/staff/consents?site=test', { headers: auth(token, false) }),
    },
    {
      what: "the site's configuration",
      permission: 'configure',
      send: (token) => call(server.url, 'GET', '/v1/staff/config/draft?site=test', { headers: auth(token, false) }),
    },
    {
      what: "the site's secrets",
      permission: 'configure',
      send: (token) => call(server.url, 'GET', '/v1/staff/config/secrets?site=test', { headers: auth(token, false) }),
    },
  ];
}

describe('what /me grants is what the routes take', () => {
  test('for every combination of roles, of a person and of automation', async () => {
    const complaintId = await complaint();
    const suggestion = await call(server.url, 'POST', '/v1/feedback', {
      body: submission({ kind: 'suggestion' }),
      headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
    });
    // A complaint nobody works whose first reply is overdue: the sweep raises the alert everyone sees.
    const overdue = await complaint();
    const now = clockMs;
    clockMs += 10 * 24 * 3_600_000;
    await server.sweep();
    clockMs = now;
    const alert = await server.db
      .selectFrom('deadline_alerts')
      .select('id')
      .where('submission_id', '=', overdue)
      .where('kind', '=', 'overdue')
      .executeTakeFirstOrThrow();
    const mismatches: string[] = [];
    const covered = new Set<StaffPermission>();
    for (const roles of COMBINATIONS) {
      for (const kind of ['person', 'automation'] as const) {
        const token =
          kind === 'person'
            ? await staffToken({ sub: `matrix-${comboName(roles)}`, name: comboName(roles), roles })
            : automationToken(roles);
        const who = `${kind} ${comboName(roles)}`;
        const answer = await me(token);
        assert.equal(answer.status, 200, `${who}: ${answer.text}`);
        const granted = new Set<StaffPermission>(answer.json.permissions);
        assert.deepEqual(
          answer.json.permissions,
          STAFF_PERMISSIONS.filter((p) => granted.has(p)),
          'in the contract’s order',
        );
        if (roles.length === 1 && roles[0] === 'supervisor') assert.deepEqual([...granted], ['audit'], who);
        for (const probe of probes(complaintId, suggestion.json.id, alert.id)) {
          covered.add(probe.permission);
          const r = await probe.send(token);
          const refused = r.status === 403;
          if (refused !== !granted.has(probe.permission))
            mismatches.push(
              `${who}, ${probe.what} (${probe.permission}): /me says ${granted.has(probe.permission)}, the route answered ${r.status} ${r.text.slice(0, 120)}`,
            );
          else if (refused && r.json?.error?.code !== 'forbidden') mismatches.push(`${who}, ${probe.what}: ${r.text}`);
          else if (!refused && r.status >= 400 && r.status !== 409)
            mismatches.push(`${who}, ${probe.what}: taken up, yet ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
    }
    assert.deepEqual(mismatches, []);
    assert.deepEqual([...covered].sort(), [...STAFF_PERMISSIONS].sort(), 'every permission has a route it governs');
  });
});
