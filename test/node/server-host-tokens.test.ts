/**
 * The host token at the server's boundary: which `sub` claims name a user
 * (a short string, or an integer read as its decimal string, the same user
 * either way) and which are a 401 (never a 500 from a query that could not
 * bind them), the site's maximum lifetime, its audience and issuer, the
 * `name` claim, and the cache of verified tokens taking nothing the checks
 * would refuse. The browser reads `sub` the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tokenSubject } from '../../src/client/identity';
import { subjectOfClaim } from '../../src/contract/host-token';
import { RegistryError, parseRegistry } from '../../src/server/registry';
import type { SiteEntry } from '../../src/server/registry-schema';
import { SECRETS, call, newKey, signClaims, startTestServer, submission, testSites, type TestServer } from './_helpers';

const HOUR = 3600;
const DAY = 24 * HOUR;

function sites(): SiteEntry[] {
  const [test] = testSites();
  return [
    test!,
    {
      // The same secret as `test`, so one token verifies on both and only the rules tell them apart.
      ...test!,
      id: 'strict',
      settings: {
        ...test!.settings,
        hostTokens: { maxLifetimeSeconds: 7 * DAY, audience: 'shop-app', issuer: 'https://shop.example.com' },
      },
    },
  ];
}

let server: TestServer;
before(async () => {
  server = await startTestServer(sites());
});
after(() => server.close());

const nowS = () => Math.floor(Date.now() / 1000);
/** Claims of a token issued now for an hour, with `extra` over them (an `undefined` leaves a claim out). */
function claims(extra: Record<string, unknown>): Record<string, unknown> {
  const all: Record<string, unknown> = { sub: 'someone', name: 'Li Lei', iat: nowS(), exp: nowS() + HOUR, ...extra };
  for (const [key, value] of Object.entries(all)) if (value === undefined) delete all[key];
  return all;
}
const bearer = async (extra: Record<string, unknown>) => ({
  Authorization: `Bearer ${await signClaims(SECRETS.test, claims(extra))}`,
});

function submitAs(headers: Record<string, string>, site = 'test') {
  return call(server.url, 'POST', '/v1/feedback', {
    body: submission({ site }),
    headers: { ...headers, 'Idempotency-Key': newKey() },
  });
}
const listAs = (headers: Record<string, string>, site = 'test') =>
  call(server.url, 'GET', `/v1/complaints?site=${site}`, { headers });

function assertUnauthorized(r: { status: number; json: { error?: { code?: string } }; text: string }, what: string) {
  assert.equal(r.status, 401, `${what}: ${r.text}`);
  assert.equal(r.json.error?.code, 'unauthorized', what);
}

describe('the sub claim', () => {
  test('an integer sub is its decimal string: the complaint it submits is opened and acted on with the number or the same id as a string', async () => {
    const id = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    const asNumber = await bearer({ sub: id });
    const asString = await bearer({ sub: String(id) });
    const made = await submitAs(asNumber);
    assert.equal(made.status, 201, made.text);
    const row = await server.db
      .selectFrom('submissions')
      .select(['submitter_type', 'submitter_id'])
      .where('id', '=', made.json.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { submitter_type: 'user', submitter_id: String(id) });

    for (const [how, headers] of [
      ['number', asNumber],
      ['string', asString],
    ] as const) {
      const opened = await call(server.url, 'GET', `/v1/complaints/${made.json.id}`, { headers });
      assert.equal(opened.status, 200, `opened with the ${how}: ${opened.text}`);
      const listed = await listAs(headers);
      assert.deepEqual(
        listed.json.items.map((i: { id: string }) => i.id),
        [made.json.id],
        `listed with the ${how}`,
      );
    }
    const message = await call(server.url, 'POST', `/v1/complaints/${made.json.id}/messages`, {
      body: { text: 'Any news?' },
      headers: { ...asNumber, 'Idempotency-Key': newKey() },
    });
    assert.equal(message.status, 200, message.text);
    const withdrawn = await call(server.url, 'POST', `/v1/complaints/${made.json.id}/actions`, {
      body: { action: 'withdraw', reason: 'sorted out' },
      headers: { ...asString, 'Idempotency-Key': newKey() },
    });
    assert.equal(withdrawn.status, 200, withdrawn.text);
    assert.equal(withdrawn.json.status, 'withdrawn');
  });

  const refused: Array<[string, unknown]> = [
    ['an object', { id: 1 }],
    ['an array', ['user-1']],
    ['true', true],
    ['false', false],
    ['null', null],
    ['a fraction', 12.5],
    ['an integer past 2^53', 2 ** 60],
    ['an empty string', ''],
    ['a string of 201 characters', 'u'.repeat(201)],
    ['a string holding U+0000', 'user\u0000one'],
    ['no sub at all', undefined],
  ];
  for (const [what, sub] of refused) {
    test(`${what} as sub is a 401 on a write and on a read, twice in a row`, async () => {
      const headers = await bearer({ sub });
      for (let i = 0; i < 2; i++) {
        assertUnauthorized(await submitAs(headers), `submit ${i}`);
        assertUnauthorized(await listAs(headers), `list ${i}`);
      }
    });
  }

  test('a sub of exactly 200 characters, negative integers and zero are users', async () => {
    for (const sub of ['u'.repeat(200), -42, 0]) {
      const r = await submitAs(await bearer({ sub }));
      assert.equal(r.status, 201, `${String(sub).slice(0, 10)}: ${r.text}`);
    }
  });

  test('the browser reads a token’s sub exactly as the server does', async () => {
    for (const sub of [12345, -7, 'user-1', '12345', 12.5, { id: 1 }, ['x'], true, '', 'x'.repeat(201), 2 ** 60]) {
      const token = await signClaims(SECRETS.test, claims({ sub }));
      assert.equal(tokenSubject(token), subjectOfClaim(sub), JSON.stringify(sub));
    }
    assert.equal(subjectOfClaim(12345), '12345');
    assert.equal(subjectOfClaim(-0), '0');
  });
});

describe('the lifetime of a token', () => {
  test('on a site with the default maximum, a day from iat is accepted and a day and a minute refused', async () => {
    const iat = nowS() - 60;
    assert.equal((await submitAs(await bearer({ iat, exp: iat + DAY }))).status, 201);
    assertUnauthorized(await submitAs(await bearer({ iat, exp: iat + DAY + 60 })), 'a day and a minute');
  });

  test('without iat the lifetime counts from now: an hour is accepted, an exp a century away refused', async () => {
    assert.equal((await submitAs(await bearer({ iat: undefined, exp: nowS() + HOUR }))).status, 201);
    const century = await bearer({ iat: undefined, exp: nowS() + 100 * 365 * DAY });
    assertUnauthorized(await submitAs(century), 'a century, no iat');
    assertUnauthorized(await listAs(century), 'a century, no iat, on a read');
    assertUnauthorized(await submitAs(await bearer({ exp: nowS() + 100 * 365 * DAY })), 'a century from iat');
  });

  test('an iat in the future counts as now, so it cannot stretch the time a token is honoured', async () => {
    const iat = nowS() + 10 * 365 * DAY;
    assertUnauthorized(await submitAs(await bearer({ iat, exp: iat + HOUR })), 'issued in ten years');
  });

  test('a site may allow longer tokens', async () => {
    const headers = await bearer({ aud: 'shop-app', iss: 'https://shop.example.com', exp: nowS() + 6 * DAY });
    assert.equal((await submitAs(headers, 'strict')).status, 201);
    assertUnauthorized(await submitAs(headers), 'six days on the site with the default');
    const eight = await bearer({ aud: 'shop-app', iss: 'https://shop.example.com', exp: nowS() + 8 * DAY });
    assertUnauthorized(await submitAs(eight, 'strict'), 'eight days');
  });
});

describe('audience and issuer', () => {
  const good = { aud: 'shop-app', iss: 'https://shop.example.com' };
  test('a site naming them takes only tokens that carry them', async () => {
    assert.equal((await submitAs(await bearer(good), 'strict')).status, 201);
    assert.equal((await submitAs(await bearer({ ...good, aud: ['other', 'shop-app'] }), 'strict')).status, 201);
    for (const [what, extra] of [
      ['no aud', { ...good, aud: undefined }],
      ['another aud', { ...good, aud: 'other-app' }],
      ['an aud of the wrong type', { ...good, aud: 7 }],
      ['no iss', { ...good, iss: undefined }],
      ['another iss', { ...good, iss: 'https://evil.example.com' }],
    ] as const) {
      const r = await submitAs(await bearer(extra), 'strict');
      assertUnauthorized(r, what);
    }
  });

  test('a site naming none does not look at them', async () => {
    assert.equal((await submitAs(await bearer({ aud: 'anything', iss: 'anyone' }))).status, 201);
  });

  test('a token verified (and kept) for one site is not taken on a site with stricter rules', async () => {
    const headers = await bearer({});
    assert.equal((await listAs(headers)).status, 200);
    assert.equal((await listAs(headers)).status, 200, 'from the cache');
    assertUnauthorized(await listAs(headers, 'strict'), 'the same token where an audience is required');
  });
});

describe('the name claim', () => {
  const firstName = async (extra: Record<string, unknown>) => {
    const headers = await bearer(extra);
    const made = await submitAs(headers);
    assert.equal(made.status, 201, made.text);
    const detail = await call(server.url, 'GET', `/v1/complaints/${made.json.id}`, { headers });
    return detail.json.timeline[0].actor.name as string | null;
  };

  test('a short string is shown; any other name is left out, and the user still signs in', async () => {
    assert.equal(await firstName({ sub: 'named-1', name: 'Li Lei' }), 'Li Lei');
    assert.equal(await firstName({ sub: 'named-2', name: { first: 'Li' } }), null);
    assert.equal(await firstName({ sub: 'named-3', name: 42 }), null);
    assert.equal(await firstName({ sub: 'named-4', name: 'n'.repeat(201) }), null);
    assert.equal(await firstName({ sub: 'named-5', name: 'nul\u0000name' }), null);
    assert.equal(await firstName({ sub: 'named-6', name: undefined }), null);
  });
});

describe('the registry’s token rules', () => {
  const withRules = (hostTokens: unknown) => {
    const [site] = testSites();
    return { serverSecret: SECRETS.server, sites: [{ ...site!, settings: { hostTokens } }] };
  };
  const problems = (hostTokens: unknown) => {
    try {
      parseRegistry('sites.json', withRules(hostTokens));
      return [];
    } catch (error) {
      assert.ok(error instanceof RegistryError);
      return error.problems.map((p) => p.path);
    }
  };

  test('default to a day with no audience or issuer; bad values are errors naming their path', () => {
    assert.deepEqual(parseRegistry('sites.json', withRules({})).getSite('test')!.settings.hostTokens, {
      maxLifetimeSeconds: DAY,
      audience: null,
      issuer: null,
    });
    const at = 'sites[0].settings.hostTokens';
    assert.deepEqual(problems({ maxLifetimeSeconds: 30 }), [`${at}.maxLifetimeSeconds`]);
    assert.deepEqual(problems({ maxLifetimeSeconds: 367 * DAY }), [`${at}.maxLifetimeSeconds`]);
    assert.deepEqual(problems({ maxLifetimeSeconds: 3600.5 }), [`${at}.maxLifetimeSeconds`]);
    assert.deepEqual(problems({ audience: '' }), [`${at}.audience`]);
    assert.deepEqual(problems({ issuer: 7 }), [`${at}.issuer`]);
    assert.deepEqual(problems({ maxLifetime: 60 }), [at]);
  });
});
