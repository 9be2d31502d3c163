/**
 * `npm run serve` (src/server/main.ts), the server for real use, as a
 * process of its own over HTTP: it serves the API and dist/ and nothing of
 * the demo (no login route, no pages, no site written or seeded, no token
 * printed), and refuses to start, saying why and how to fix it, without a
 * registry or with one that still holds the demo.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, test } from 'node:test';
import { openDatabase } from '../../src/server/db/open';
import { DEMO_STAFF, demoStaffSecret, demoStaffToken, sha256Hex } from '../../src/server/demo/identities';
import { demoRegistry } from '../../src/server/demo/site';
import type { RegistryFile } from '../../src/server/registry-schema';
import { SECRETS, spawnEntry, testSites } from './_helpers';

const SERVE = 'src/server/main.ts';
const BUILT = existsSync(fileURLToPath(new URL('../../dist/usercare.js', import.meta.url)));

const dirs: string[] = [];
function dataDir(registry?: RegistryFile): string {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-serve-'));
  dirs.push(dir);
  if (registry) writeFileSync(join(dir, 'sites.json'), JSON.stringify(registry));
  return dir;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** What a refused start looks like: no URL, a non-zero exit, the reason alone (no stack trace), nothing printed on stdout but that it starts. */
async function refusedStart(dir: string): Promise<string> {
  const serve = await spawnEntry(SERVE, { DATA_DIR: dir });
  assert.equal(serve.url, undefined, serve.stdout());
  assert.notEqual(await serve.exited, 0);
  assert.doesNotMatch(serve.stderr(), /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(serve.stdout(), /token/i);
  return serve.stderr();
}

describe('npm run serve', () => {
  test('with a registry of real sites: the API and dist/, no demo route or page, no token printed, no demo data', async () => {
    const registry: RegistryFile = { serverSecret: SECRETS.server, sites: testSites() };
    const dir = dataDir(registry);
    const serve = await spawnEntry(SERVE, { DATA_DIR: dir });
    const url = serve.url;
    assert.ok(url, serve.stderr());
    try {
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      await health.arrayBuffer();
      const config = await fetch(`${url}/v1/sites/test/config`);
      assert.equal(config.status, 200);
      await config.arrayBuffer();
      for (const path of [
        '/demo-host/token',
        '/demo-host/staff-token?who=admin',
        '/',
        '/index.html',
        '/complaints.html',
        '/points.html',
        '/consent.html',
        '/demo-login.js',
        '/v1/sites/demo/config',
      ]) {
        const res: Response = await fetch(url + path);
        assert.equal(res.status, 404, path);
        await res.arrayBuffer();
      }
      if (BUILT) {
        const loader = await fetch(`${url}/dist/usercare.js`);
        assert.equal(loader.status, 200);
        assert.match(loader.headers.get('content-type')!, /^text\/javascript/);
        await loader.arrayBuffer();
      }
    } finally {
      assert.equal(await serve.stop(), 0);
    }
    assert.doesNotMatch(serve.stdout(), /token|ucs_/i);
    assert.match(serve.stdout(), /^sites: other, test$/m);
    assert.deepEqual(
      JSON.parse(readFileSync(join(dir, 'sites.json'), 'utf8')),
      registry,
      'the registry is left as it was',
    );
    const db = openDatabase({ file: join(dir, 'usercare.sqlite') });
    try {
      for (const table of ['submissions', 'points_entries', 'points_codes'] as const) {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.n), 0, `nothing seeded in ${table}`);
      }
    } finally {
      await db.destroy();
    }
  });

  test('on a fresh data folder: refused, naming the file and where to read how to write one; nothing is written', async () => {
    const dir = dataDir();
    const reason = await refusedStart(dir);
    assert.ok(reason.includes(join(dir, 'sites.json')), reason);
    assert.match(reason, /README\.md's "Running it for real"/);
    assert.deepEqual(readdirSync(dir), [], 'no registry, no database');
  });

  test('with the demo site in the registry: refused, naming it, with no database opened', async () => {
    const dir = dataDir(
      demoRegistry('http://127.0.0.1:8787', { serverSecret: SECRETS.server, hostTokenSecret: SECRETS.test }),
    );
    const reason = await refusedStart(dir);
    assert.ok(reason.includes(join(dir, 'sites.json')), reason);
    assert.match(reason, /sites\[0\]\.id: "demo" is the demo's site/);
    assert.match(reason, /npm start/);
    assert.match(reason, /"Running it for real"/);
    assert.deepEqual(readdirSync(dir), ['sites.json']);
  });

  test("with the demo's staff tokens on a real site: refused, naming each", async () => {
    const [test, other] = testSites();
    const demoStaff = DEMO_STAFF.map((s) => ({
      name: s.name,
      tokenSha256: sha256Hex(demoStaffToken(SECRETS.server, s.role)),
      roles: [s.role],
    }));
    const reason = await refusedStart(
      dataDir({ serverSecret: SECRETS.server, sites: [test!, { ...other!, staffTokens: demoStaff }] }),
    );
    for (let i = 0; i < DEMO_STAFF.length; i++)
      assert.match(
        reason,
        new RegExp(`sites\\[1\\]\\.staffTokens\\[${i}\\]: is the demo's ${DEMO_STAFF[i]!.role} token`),
      );
    assert.doesNotMatch(reason, /sites\[0\]/, 'the real staff are not named');
  });

  test("with the demo's staff token secret on a real site: refused, naming it", async () => {
    const [test, other] = testSites();
    const reason = await refusedStart(
      dataDir({
        serverSecret: SECRETS.server,
        sites: [test!, { ...other!, staffTokenSecret: demoStaffSecret(SECRETS.server) }],
      }),
    );
    assert.match(reason, /sites\[1\]\.staffTokenSecret: is the demo's staff token secret/);
    assert.doesNotMatch(reason, /sites\[0\]/, "the real site's own secret is not named");
  });
});
