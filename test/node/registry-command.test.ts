/**
 * `npm run registry` (src/server/registry-command.ts) as a process of its
 * own, beside a real server on the same database: an old data folder's
 * sites.json moves into the database with every setting intact and comes
 * back out the same; an import that conflicts is refused by site, and taken
 * with --force by a running server within seconds; a site created on the
 * command line is served and its secrets sign tokens the server accepts;
 * a file of another server secret is never imported.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { Migrator } from 'kysely';
import pg from 'pg';
import { migrationProvider } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open';
import { loadRegistry } from '../../src/server/registry';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer } from '../../src/server/server';
import { canonicalJson } from '../../src/server/sites/document';
import { FULL_SITE, fullRegistry } from './_full-registry';
import { ALLOWED_ORIGIN, call, hostToken, SECRETS, staffToken, startTestServer, testSites } from './_helpers';

const COMMAND = 'src/server/registry-command.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run registry -- …args` with `env` over this process's environment minus the server's own variables. */
function registry(args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_FILE', 'DATABASE_URL', 'TRUST_PROXY_HOPS'])
    delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', COMMAND, ...args], {
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-registry-command-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** The same registry whatever the order of keys, and without the comment (which says when it was written). */
const sameRegistry = (file: RegistryFile) => {
  const { $comment: _comment, ...rest } = file;
  return JSON.parse(canonicalJson(rest)) as unknown;
};

/** Polls `check` until it returns true or `ms` have passed. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

const configOf = async (url: string, site: string, origin = ALLOWED_ORIGIN) =>
  call(url, 'GET', `/v1/sites/${site}/config`, { headers: { Origin: origin } });

describe('an old data folder', () => {
  test('its sites.json moves into the database with every setting intact, served as before, and exports the same', async () => {
    const dir = tempDir();
    const original = fullRegistry();
    writeFileSync(join(dir, 'sites.json'), JSON.stringify(original, null, 2));
    // The database as the release before sites moved into it left it.
    const old = openDatabase({ file: join(dir, 'usercare.sqlite') });
    const migrated = await new Migrator({
      db: old,
      provider: migrationProvider({ dialect: 'sqlite' }),
    }).migrateTo('015-saved-views');
    assert.equal(migrated.error, undefined);
    await old.destroy();
    const before = loadRegistry(dir);

    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {}, sweepIntervalMs: 0 });
    try {
      const config = await configOf(server.url, FULL_SITE);
      assert.equal(config.status, 200, config.text);
      assert.deepEqual(config.json, before.getSite(FULL_SITE)!.publicConfig);
      const consent = await call(server.url, 'GET', `/v1/sites/${FULL_SITE}/consent`, {
        headers: { Origin: ALLOWED_ORIGIN },
      });
      assert.equal(consent.status, 200, consent.text);
      assert.deepEqual(consent.json, before.getSite(FULL_SITE)!.consent);
      const served = server.registry.getSite(FULL_SITE)!;
      assert.deepEqual(served.settings, before.getSite(FULL_SITE)!.settings, 'every setting as the file had it');
      assert.deepEqual(served.staffTokens, before.getSite(FULL_SITE)!.staffTokens);
      assert.equal(served.staffTokensNotBeforeMs, before.getSite(FULL_SITE)!.staffTokensNotBeforeMs);

      const exported = join(dir, 'export.json');
      const run = await registry(['export', exported], { DATA_DIR: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(statSync(exported).mode & 0o777, 0o600, 'only its owner reads it: it holds every secret');
      const file = JSON.parse(readFileSync(exported, 'utf8')) as RegistryFile;
      assert.deepEqual(sameRegistry(file), sameRegistry(original));

      const toStdout = await registry(['export'], { DATA_DIR: dir });
      assert.equal(toStdout.code, 0, toStdout.stderr);
      assert.deepEqual(sameRegistry(JSON.parse(toStdout.stdout) as RegistryFile), sameRegistry(original));

      const again = await registry(['import', exported], { DATA_DIR: dir });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^unchanged: full, plain$/m);
      assert.match(again.stdout, /^created: \(none\)$/m);
    } finally {
      await server.close();
    }
  });
});

describe('with a server running on the database', () => {
  test('an import the database holds differently is refused naming the site; with --force the server serves it within 5 s', async () => {
    const server = await startTestServer();
    try {
      const env = { DATA_DIR: server.dataDir };
      const exported = join(server.dataDir, 'export.json');
      assert.equal((await registry(['export', exported], env)).code, 0);
      const file = JSON.parse(readFileSync(exported, 'utf8')) as RegistryFile;
      const test = file.sites.find((s) => s.id === 'test')!;
      test.publicConfig = { ...test.publicConfig, locale: 'en' };
      test.staffTokenSecret = 'a-new-staff-secret-0123456789abcdef012345';
      writeFileSync(exported, JSON.stringify(file));
      const versions = () =>
        server.db.selectFrom('site_versions').select('version').where('site', '=', 'test').execute();

      const servedBefore = (await configOf(server.url, 'test')).json;
      const refused = await registry(['import', exported], env);
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stderr, /^ {2}test: the configuration, staffTokenSecret differ$/m);
      assert.doesNotMatch(refused.stderr, /^ {2}other:/m, 'a site held the same is no conflict');
      assert.doesNotMatch(refused.stderr, /^\s+at /m, 'the reason alone, no stack trace');
      assert.equal((await versions()).length, 1, 'nothing was published');
      await new Promise((done) => setTimeout(done, 1500));
      assert.deepEqual((await configOf(server.url, 'test')).json, servedBefore, 'the server serves what it served');

      const forced = await registry(['import', exported, '--force'], env);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /^replaced: test$/m);
      assert.match(forced.stdout, /^unchanged: other$/m);
      assert.deepEqual(
        (await versions()).map((v) => Number(v.version)),
        [1, 2],
      );
      await within(5000, 'the forced configuration served', async () => {
        return (await configOf(server.url, 'test')).json.locale === 'en';
      });
      const me = await call(server.url, 'GET', '/v1/staff/me?site=test', {
        headers: { Authorization: `Bearer ${await staffToken({ secret: test.staffTokenSecret })}` },
      });
      assert.equal(me.status, 200, `the file's staff secret is the site's at once: ${me.text}`);
    } finally {
      await server.close();
    }
  });

  test('create-site: the server serves the new site within 5 s, and the secrets printed once sign tokens it accepts', async () => {
    const server = await startTestServer();
    try {
      const origin = 'https://new-shop.example.com';
      const run = await registry(['create-site', 'new-shop', '--origin', origin], { DATA_DIR: server.dataDir });
      assert.equal(run.code, 0, run.stderr);
      const secret = (name: string) => new RegExp(`^${name}: (\\S{43})$`, 'm').exec(run.stdout)?.[1];
      const host = secret('hostTokenSecret');
      const staff = secret('staffTokenSecret');
      assert.ok(host && staff && host !== staff, run.stdout);
      assert.match(run.stdout, /not shown again/);
      await within(
        5000,
        'the new site served',
        async () => (await configOf(server.url, 'new-shop', origin)).status === 200,
      );
      assert.equal((await configOf(server.url, 'new-shop', ALLOWED_ORIGIN)).status, 403, 'from its origins only');

      const mine = await call(server.url, 'GET', '/v1/complaints?site=new-shop', {
        headers: { Authorization: `Bearer ${await hostToken(host, 'user-1')}` },
      });
      assert.equal(mine.status, 200, mine.text);
      const forged = await call(server.url, 'GET', '/v1/complaints?site=new-shop', {
        headers: { Authorization: `Bearer ${await hostToken(SECRETS.test, 'user-1')}` },
      });
      assert.equal(forged.status, 401, "another site's secret signs nothing here");
      const me = await call(server.url, 'GET', '/v1/staff/me?site=new-shop', {
        headers: { Authorization: `Bearer ${await staffToken({ secret: staff, site: 'new-shop', roles: ['admin'] })}` },
      });
      assert.equal(me.status, 200, me.text);

      const twice = await registry(['create-site', 'new-shop', '--origin', origin], { DATA_DIR: server.dataDir });
      assert.equal(twice.code, 1);
      assert.match(twice.stderr, /site "new-shop" exists already/);
      assert.doesNotMatch(twice.stdout, /Secret/);
    } finally {
      await server.close();
    }
  });
});

describe('create-site on a fresh data folder', () => {
  test('refuses a bad id or origin naming each, then starts the registry with a server secret of its own', async () => {
    const dir = tempDir();
    const bad = await registry(['create-site', 'no spaces', '--origin', 'https://shop.example.com/', '--origin', '*'], {
      DATA_DIR: dir,
    });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^ {2}id: letters, digits, - and _ only$/m);
    assert.match(bad.stderr, /^ {2}--origin https:\/\/shop\.example\.com\/: must be exactly an origin.*$/m);
    assert.match(bad.stderr, /^ {2}--origin \*: '\*' is not allowed/m);
    assert.equal(bad.stdout, '');

    const made = await registry(['create-site', 'shop', '--origin', ALLOWED_ORIGIN], { DATA_DIR: dir });
    assert.equal(made.code, 0, made.stderr);
    const exported = await registry(['export'], { DATA_DIR: dir });
    const file = JSON.parse(exported.stdout) as RegistryFile;
    assert.ok(file.serverSecret.length >= 32 && file.serverSecret !== SECRETS.server);
    assert.deepEqual(
      file.sites.map((s) => [s.id, s.allowedOrigins]),
      [['shop', [ALLOWED_ORIGIN]]],
    );

    // A server starts on it without any sites.json.
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {}, sweepIntervalMs: 0 });
    try {
      assert.equal((await configOf(server.url, 'shop')).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('import of another server secret', () => {
  test('is refused, and the database keeps what it held', async () => {
    const server = await startTestServer();
    try {
      const exported = join(server.dataDir, 'export.json');
      assert.equal((await registry(['export', exported], { DATA_DIR: server.dataDir })).code, 0);
      const elsewhere = tempDir();
      assert.equal(
        (await registry(['create-site', 'shop', '--origin', ALLOWED_ORIGIN], { DATA_DIR: elsewhere })).code,
        0,
      );
      const before = (await registry(['export'], { DATA_DIR: elsewhere })).stdout;

      const refused = await registry(['import', exported, '--force'], { DATA_DIR: elsewhere });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /serverSecret differs from the database's, and it is never replaced/);
      const after = (await registry(['export'], { DATA_DIR: elsewhere })).stdout;
      assert.deepEqual(sameRegistry(JSON.parse(after)), sameRegistry(JSON.parse(before)));
    } finally {
      await server.close();
    }
  });
});

describe('not a command', () => {
  test('no command, or an unknown one, prints the usage and exits 2, opening nothing', async () => {
    const dir = tempDir();
    for (const args of [[], ['publish'], ['create-site', 'shop', '--colour', 'red']]) {
      const run = await registry(args, { DATA_DIR: dir });
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^usage: npm run registry -- <command>$/m);
    }
    assert.deepEqual(readdirSync(dir), [], 'no database made');
  });
});

const PG_ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgAdmin = await (async () => {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
})();
after(async () => {
  await pgAdmin?.end();
});

describe('on PostgreSQL', { skip: pgAdmin ? false : 'no PostgreSQL on 127.0.0.1:5432' }, () => {
  test('create-site is served by a running server within 5 s, and its export imports back unchanged', async () => {
    const name = `usercare_config_command_${randomUUID().replaceAll('-', '')}`;
    await pgAdmin!.query(`create database ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    const env = { DATA_DIR: tempDir(), DATABASE_URL: url.toString() };
    const server = await startTestServer(testSites(), { databaseUrl: url.toString() });
    try {
      const made = await registry(['create-site', 'pg-shop', '--origin', ALLOWED_ORIGIN], env);
      assert.equal(made.code, 0, made.stderr);
      await within(5000, 'the new site served', async () => (await configOf(server.url, 'pg-shop')).status === 200);
      const exported = join(env.DATA_DIR, 'export.json');
      assert.equal((await registry(['export', exported], env)).code, 0);
      const file = JSON.parse(readFileSync(exported, 'utf8')) as RegistryFile;
      assert.equal(file.serverSecret, SECRETS.server, "the database's own server secret");
      assert.deepEqual(
        file.sites.map((s) => s.id),
        ['other', 'pg-shop', 'test'],
      );
      const again = await registry(['import', exported], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^unchanged: other, pg-shop, test$/m);
    } finally {
      await server.close();
      await pgAdmin!.query(`drop database if exists ${name}`);
    }
  });
});
