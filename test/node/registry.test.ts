/** The site registry file: refusing a missing file, and a bad one with paths to each bad value. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { RegistryError, RegistryMissingError, loadRegistry } from '../../src/server/registry';
import { startServer } from '../../src/server/server';
import { SECRETS } from './_helpers';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-registry-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('no registry file', () => {
  test('is refused, naming the file and where to read how to write one, and nothing is written', async () => {
    const dir = tempDir();
    assert.throws(
      () => loadRegistry(dir),
      (e: unknown) => {
        assert.ok(e instanceof RegistryMissingError, String(e));
        assert.ok(e.message.includes(join(dir, 'sites.json')), e.message);
        assert.match(e.message, /Running it for real/);
        return true;
      },
    );
    await assert.rejects(
      startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {} }),
      RegistryMissingError,
    );
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.startsWith('sites')),
      [],
    );
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
        loadRegistry(dir);
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
      () => loadRegistry(dir),
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
    assert.throws(() => loadRegistry(dir), /sites\[1\]\.id: duplicate site id "shop"/);
    write(dir, '{ "sites": [ ');
    assert.throws(() => loadRegistry(dir), /not valid JSON/);
  });

  test('staff settings: a staff secret that is the host token secret is refused by its path, and so are bad staff values', () => {
    const dir = tempDir();
    write(dir, {
      serverSecret: SECRETS.server,
      sites: [
        { ...goodSite, staffTokenSecret: SECRETS.test },
        {
          ...goodSite,
          id: 'shop2',
          staffTokenSecret: 'too short',
          staffTokensNotBefore: 'yesterday',
          staffTokens: [{ name: 'person:bob', tokenSha256: 'a'.repeat(64), roles: ['owner'] }],
          settings: { staff: { revealRoles: ['agent', 'boss'], auditRetentionDays: 182, intakeMaxAgeDays: 91 } },
        },
      ],
    });
    assert.throws(
      () => loadRegistry(dir),
      (e: RegistryError) => {
        const byPath = new Map(e.problems.map((p) => [p.path, p.message]));
        assert.match(byPath.get('sites[0].staffTokenSecret') ?? '', /must differ from hostTokenSecret/);
        for (const path of [
          'sites[1].staffTokenSecret',
          'sites[1].staffTokensNotBefore',
          'sites[1].staffTokens[0].name',
          'sites[1].staffTokens[0].roles[0]',
          'sites[1].settings.staff.revealRoles[1]',
          'sites[1].settings.staff.auditRetentionDays',
          'sites[1].settings.staff.intakeMaxAgeDays',
        ])
          assert.ok(byPath.has(path), `${path} in ${[...byPath.keys()].join(', ')}`);
        return true;
      },
    );
  });

  test('staff settings are read with their defaults; a static token may be a supervisor', () => {
    const dir = tempDir();
    write(dir, {
      serverSecret: SECRETS.server,
      sites: [
        {
          ...goodSite,
          staffTokenSecret: SECRETS.staff,
          staffTokensNotBefore: '2026-11-28T08:00:00+08:00',
          staffTokens: [{ name: 'audit export', tokenSha256: 'a'.repeat(64), roles: ['supervisor'] }],
          settings: { staff: { revealRoles: ['supervisor'], auditRetentionDays: 183, intakeMaxAgeDays: 30 } },
        },
        { ...goodSite, id: 'plain' },
      ],
    });
    const registry = loadRegistry(dir);
    const shop = registry.getSite('shop')!;
    assert.equal(shop.staffTokensNotBeforeMs, Date.parse('2026-11-28T00:00:00Z'));
    assert.deepEqual(shop.settings.staff, {
      revealRoles: ['supervisor'],
      auditRetentionDays: 183,
      intakeMaxAgeDays: 30,
    });
    assert.deepEqual(shop.staffTokens[0]!.roles, ['supervisor']);
    const plain = registry.getSite('plain')!;
    assert.equal(plain.staffTokenKey, null);
    assert.equal(plain.staffTokensNotBeforeMs, null);
    assert.deepEqual(plain.settings.staff, {
      revealRoles: ['agent', 'arbitrator', 'admin'],
      auditRetentionDays: 1095,
      intakeMaxAgeDays: 7,
    });
  });

  test('stops the server from starting', async () => {
    const dir = tempDir();
    write(dir, { serverSecret: SECRETS.server, sites: [{ ...goodSite, allowedOrigins: ['*'] }] });
    await assert.rejects(startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: () => {} }), RegistryError);
  });
});
