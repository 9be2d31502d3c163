/**
 * The demo's start (`npm start`): the demo plug-in writes its registry when
 * the data folder has none (and only then), the server serves the demo site
 * at once with the demo shop's login, and the demo user's data is seeded on
 * a fresh database, PostgreSQL as well as SQLite.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { demoPlugin, writeDemoRegistry } from '../../src/server/demo';
import { STAFF_PERMISSIONS } from '../../src/contract/staff';
import { DEMO_USER } from '../../src/server/demo/identities';
import { loadRegistry } from '../../src/server/registry';
import { startServer } from '../../src/server/server';
import { call, spawnEntry } from './_helpers';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-demo-start-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('the demo registry', () => {
  test('is written on a first start, readable only by its owner, with fresh secrets, and says where', () => {
    const dir = tempDir();
    const messages: string[] = [];
    writeDemoRegistry(dir, 'http://127.0.0.1:8787', (_level, message) => messages.push(message));
    const file = join(dir, 'sites.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(
      messages.some((m) => m.includes(file)),
      messages.join('\n'),
    );
    const demo = loadRegistry(dir).getSite('demo');
    assert.ok(demo);
    assert.deepEqual([...demo.allowedOrigins].sort(), ['http://127.0.0.1:8787', 'http://localhost:8787']);
    assert.equal(demo.publicConfig.locale, 'zh-CN');
    const labels = demo.publicConfig.forms['default']!.categories.map((c) =>
      typeof c.label === 'string' ? c.label : c.label['zh-CN'],
    );
    assert.deepEqual(labels, ['信息发布', '互动交流', '交易撮合']);
    const fields = demo.publicConfig.forms['default']!.fields;
    assert.ok(fields.some((f) => f.type === 'file'));
    assert.ok(fields.filter((f) => f.personal).length >= 2, 'name and email carry a purpose');

    const again = tempDir();
    writeDemoRegistry(again, 'http://127.0.0.1:8787', () => {});
    const secretOf = (d: string) =>
      JSON.parse(readFileSync(join(d, 'sites.json'), 'utf8')).sites[0].hostTokenSecret as string;
    assert.notEqual(secretOf(dir), secretOf(again), 'each install gets its own secret');
  });

  test('a second start keeps the file it wrote instead of replacing it', () => {
    const dir = tempDir();
    writeDemoRegistry(dir, 'http://127.0.0.1:8787', () => {});
    const before = readFileSync(join(dir, 'sites.json'), 'utf8');
    writeDemoRegistry(dir, 'http://127.0.0.1:9999', () => {});
    assert.equal(readFileSync(join(dir, 'sites.json'), 'utf8'), before);
  });
});

describe('the demo server', () => {
  test("on an empty data folder serves the demo config at once, and its login signs the demo user's token", async () => {
    const dir = tempDir();
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      log: () => {},
      sweepIntervalMs: 0,
      demo: demoPlugin,
    });
    try {
      const config = await call(server.url, 'GET', '/v1/sites/demo/config', { headers: { Origin: server.url } });
      assert.equal(config.status, 200);
      assert.equal(config.headers.get('access-control-allow-origin'), server.url);
      const login = await call(server.url, 'GET', '/demo-host/token');
      assert.equal(login.status, 200, login.text);
      assert.equal(login.headers.get('cache-control'), 'no-store');
      const { payload } = await jwtVerify(login.json.token, server.registry.getSite('demo')!.hostTokenKey);
      assert.equal(payload.sub, DEMO_USER);
    } finally {
      await server.close();
    }
  });

  test("its back office signs a staff token for each of the demo's people, and the arbitrator rules on the seeded dispute", async () => {
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: tempDir(),
      log: () => {},
      sweepIntervalMs: 0,
      demo: demoPlugin,
    });
    try {
      const people = {
        agent: ['客服小李', ['agent'], ['work', 'note', 'assign', 'categorise', 'reveal', 'moderate']],
        arbitrator: ['仲裁员老赵', ['arbitrator'], ['work', 'note', 'reveal', 'rule']],
        supervisor: ['主管王姐', ['supervisor'], ['audit']],
        admin: ['管理员', ['admin'], STAFF_PERMISSIONS],
      } as const;
      const tokens: Record<string, string> = {};
      for (const [who, [name, roles, permissions]] of Object.entries(people)) {
        const signed = await call(server.url, 'GET', `/demo-host/staff-token?who=${who}`);
        assert.equal(signed.status, 200, signed.text);
        assert.equal(signed.headers.get('cache-control'), 'no-store');
        assert.deepEqual([signed.json.name, signed.json.roles], [name, roles]);
        tokens[who] = signed.json.token;
        const me = await call(server.url, 'GET', '/v1/staff/me?site=demo', {
          headers: { Authorization: `Bearer ${signed.json.token}` },
        });
        assert.equal(me.status, 200, me.text);
        assert.deepEqual(
          [me.json.principal, me.json.kind, me.json.name, me.json.permissions],
          [`staff:person:demo-${who}`, 'person', name, [...permissions]],
        );
      }
      const unknown = await call(server.url, 'GET', '/demo-host/staff-token?who=owner');
      assert.deepEqual([unknown.status, unknown.json.error.code], [400, 'invalid_request']);

      const inArbitration = await server.db
        .selectFrom('submissions')
        .select('id')
        .where('site', '=', 'demo')
        .where('status', '=', 'arbitration')
        .executeTakeFirstOrThrow();
      const act = (token: string) =>
        call(server.url, 'POST', `/v1/staff/complaints/${inArbitration.id}/actions`, {
          headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `demo-${randomUUID()}` },
          body: { action: 'rule', outcome: 'overturned', reasons: '平台裁定：退还多收的服务费' },
        });
      assert.equal((await act(tokens['supervisor']!)).status, 403);
      const ruled = await act(tokens['arbitrator']!);
      assert.equal(ruled.status, 200, ruled.text);
      assert.equal(ruled.json.status, 'resolved');
    } finally {
      await server.close();
    }
  });
});

describe('npm start (the demo entry, src/server/demo/main.ts)', () => {
  test("on a fresh data folder serves the demo shop and its login, and prints the demo staff's tokens", async () => {
    const dir = tempDir();
    const demo = await spawnEntry('src/server/demo/main.ts', { DATA_DIR: dir });
    const url = demo.url;
    assert.ok(url, demo.stderr());
    try {
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      await page.arrayBuffer();
      const login = await call(url, 'GET', '/demo-host/token');
      assert.equal(login.status, 200, login.text);
      assert.equal(login.json.sub, DEMO_USER);
    } finally {
      assert.equal(await demo.stop(), 0);
    }
    for (const role of ['agent', 'arbitrator', 'admin'])
      assert.match(demo.stdout(), new RegExp(`^demo staff token \\(${role}, .+\\): ucs_demo_${role}_\\S+$`, 'm'));
    assert.match(
      demo.stdout(),
      /^demo staff sign-in \(the demo shop's back office\): http:\/\/\S+\/demo-host\/staff-token\?who=agent\|arbitrator\|supervisor\|admin$/m,
    );
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

describe('the demo on PostgreSQL', { skip: pgAdmin ? false : 'no PostgreSQL on 127.0.0.1:5432' }, () => {
  test("seeds the demo user's complaints and points on a fresh database, once", async () => {
    const name = `usercare_demo_${randomUUID().replaceAll('-', '')}`;
    await pgAdmin!.query(`create database ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    const dir = tempDir();
    try {
      const counts: number[][] = [];
      for (let run = 0; run < 2; run++) {
        const server = await startServer({
          port: 0,
          host: '127.0.0.1',
          dataDir: dir,
          databaseUrl: url.toString(),
          log: () => {},
          sweepIntervalMs: 0,
          demo: demoPlugin,
        });
        try {
          const count = async (table: 'submissions' | 'points_entries', column: 'submitter_id' | 'user_id') =>
            Number(
              (
                await server.db
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where(column, '=', DEMO_USER)
                  .executeTakeFirstOrThrow()
              ).n,
            );
          counts.push([await count('submissions', 'submitter_id'), await count('points_entries', 'user_id')]);
        } finally {
          await server.close();
        }
      }
      assert.ok(counts[0]![0]! > 0 && counts[0]![1]! > 0, `seeded: ${JSON.stringify(counts)}`);
      assert.deepEqual(counts[1], counts[0], 'a second start seeds nothing more');
    } finally {
      await pgAdmin!.query(`drop database if exists ${name}`);
    }
  });
});
