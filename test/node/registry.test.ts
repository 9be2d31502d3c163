/** The site registry file: first-run creation and refusing a bad file with paths to each bad value. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { RegistryError, loadRegistry } from '../../src/server/registry';
import { startServer } from '../../src/server/server';
import { SECRETS, call } from './_helpers';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-registry-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('first start', () => {
  test('writes the demo site, readable only by its owner, with fresh secrets, and says where', () => {
    const dir = tempDir();
    const messages: string[] = [];
    const registry = loadRegistry(dir, { origin: 'http://127.0.0.1:8787', log: (m) => messages.push(m) });
    const file = join(dir, 'sites.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(
      messages.some((m) => m.includes(file)),
      messages.join('\n'),
    );
    const demo = registry.getSite('demo');
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
    loadRegistry(again, { origin: 'http://127.0.0.1:8787' });
    const secretOf = (d: string) =>
      JSON.parse(readFileSync(join(d, 'sites.json'), 'utf8')).sites[0].hostTokenSecret as string;
    assert.notEqual(secretOf(dir), secretOf(again), 'each install gets its own secret');
  });

  test('a second start reads the file it wrote instead of replacing it', () => {
    const dir = tempDir();
    loadRegistry(dir, { origin: 'http://127.0.0.1:8787' });
    const before = readFileSync(join(dir, 'sites.json'), 'utf8');
    loadRegistry(dir, { origin: 'http://127.0.0.1:9999' });
    assert.equal(readFileSync(join(dir, 'sites.json'), 'utf8'), before);
  });

  test('npm start on an empty data dir serves the demo config at once', async () => {
    const dir = tempDir();
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {} });
    try {
      const res = await call(server.url, 'GET', '/v1/sites/demo/config', { headers: { Origin: server.url } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), server.url);
    } finally {
      await server.close();
    }
  });
});

describe('a bad registry file', () => {
  function write(dir: string, json: unknown) {
    writeFileSync(join(dir, 'sites.json'), typeof json === 'string' ? json : JSON.stringify(json));
  }
  const goodSite = {
    id: 'shop',
    allowedOrigins: ['https://shop.example.com'],
    hostTokenSecret: SECRETS.test,
  };

  test('is refused with the file and the path of every bad value', () => {
    const dir = tempDir();
    write(dir, {
      serverSecret: SECRETS.server,
      sites: [
        {
          ...goodSite,
          allowedOrigins: ['*', 'https://shop.example.com/path'],
          hostTokenSecret: 'short',
          publicConfig: {
            forms: {
              default: {
                kinds: ['complaint'],
                categories: [{ id: 'a', label: 'A' }],
                fields: [{ name: 'x', type: 'video', label: 'X' }],
              },
            },
          },
          settings: { timezone: 'Mars/Olympus' },
        },
      ],
    });
    const error = (() => {
      try {
        loadRegistry(dir, { origin: 'http://127.0.0.1:1' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof RegistryError, String(error));
    assert.ok(error.message.includes(join(dir, 'sites.json')), error.message);
    const paths = error.problems.map((p) => p.path);
    for (const path of [
      'sites[0].allowedOrigins[0]',
      'sites[0].allowedOrigins[1]',
      'sites[0].hostTokenSecret',
      'sites[0].settings.timezone',
    ])
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    assert.match(error.problems.find((p) => p.path === 'sites[0].allowedOrigins[0]')!.message, /not allowed/);
  });

  test('public config problems are named by their path inside publicConfig', () => {
    const dir = tempDir();
    write(dir, {
      serverSecret: SECRETS.server,
      sites: [
        {
          ...goodSite,
          publicConfig: {
            endpoint: 'https://x.example',
            forms: {
              default: {
                kinds: ['complaint'],
                categories: [{ id: 'a', label: 'A' }],
                fields: [{ name: 'x', type: 'video', label: 'X' }],
              },
            },
          },
        },
      ],
    });
    assert.throws(
      () => loadRegistry(dir, { origin: 'http://127.0.0.1:1' }),
      (e: RegistryError) => {
        const paths = e.problems.map((p) => p.path);
        assert.ok(paths.includes('sites[0].publicConfig.forms.default.fields[0].type'), paths.join(', '));
        assert.ok(paths.includes('sites[0].publicConfig.endpoint'), paths.join(', '));
        return true;
      },
    );
  });

  test('duplicate site ids and invalid JSON are refused', () => {
    const dir = tempDir();
    write(dir, { serverSecret: SECRETS.server, sites: [goodSite, goodSite] });
    assert.throws(
      () => loadRegistry(dir, { origin: 'http://127.0.0.1:1' }),
      /sites\[1\]\.id: duplicate site id "shop"/,
    );
    write(dir, '{ "sites": [ ');
    assert.throws(() => loadRegistry(dir, { origin: 'http://127.0.0.1:1' }), /not valid JSON/);
  });

  test('stops the server from starting', async () => {
    const dir = tempDir();
    write(dir, { serverSecret: SECRETS.server, sites: [{ ...goodSite, allowedOrigins: ['*'] }] });
    await assert.rejects(startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {} }), RegistryError);
  });
});
