/**
 * The demo keeps its site's settings those of the release that runs it
 * (src/server/demo/keep-current.ts): an older data folder gets this
 * release's demo settings on its next start, with the ids it published
 * kept retired; a start with nothing new publishes nothing; and settings a
 * person published are left as they are, said once in the log.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { demoPlugin } from '../../src/server/demo';
import { demoRegistry } from '../../src/server/demo/site';
import { startServer } from '../../src/server/server';
import type { RunningServer } from '../../src/server/server';
import { readDocument } from '../../src/server/sites/live-registry';
import { publishDocument } from '../../src/server/sites/store';
import { call, SECRETS } from './_helpers';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-demo-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** What an older release's demo wrote: no consent banner yet, and a category this release no longer has. */
function olderDemoRegistry() {
  const registry = demoRegistry('http://127.0.0.1:8787', {
    serverSecret: SECRETS.server,
    hostTokenSecret: SECRETS.test,
  });
  const site = registry.sites[0]!;
  delete site.consent;
  const form = (site.publicConfig!['forms'] as Record<string, { categories: unknown[] }>)['default']!;
  form.categories = [...form.categories, { id: 'legacy', label: { 'zh-CN': '旧分类', en: 'Legacy' } }];
  return registry;
}

async function startDemo(dataDir: string, port = 0, logged: string[] = []): Promise<RunningServer> {
  return startServer({
    port,
    host: '127.0.0.1',
    dataDir,
    log: (_level, message) => logged.push(message),
    sweepIntervalMs: 0,
    demo: demoPlugin,
  });
}

const versionsOf = (server: RunningServer) =>
  server.db
    .selectFrom('site_versions')
    .select(['version', 'published_by', 'note'])
    .where('site', '=', 'demo')
    .orderBy('version')
    .execute();

describe('the demo site on an older data folder', () => {
  test("gets this release's demo settings on its next start, keeping what it published retired", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sites.json'), JSON.stringify(olderDemoRegistry()));
    const server = await startDemo(dir);
    let port: number;
    try {
      port = server.port;
      const consent = await call(server.url, 'GET', '/v1/sites/demo/consent', { headers: { Origin: server.url } });
      assert.equal(consent.status, 200, `the newer consent banner arrived: ${consent.text}`);
      const config = await call(server.url, 'GET', '/v1/sites/demo/config', { headers: { Origin: server.url } });
      assert.equal(config.status, 200, 'the origin of this start is allowed');
      const legacy = config.json.forms.default.categories.find((c: { id: string }) => c.id === 'legacy');
      assert.deepEqual(legacy, { id: 'legacy', label: { 'zh-CN': '旧分类', en: 'Legacy' }, retired: true });
      const versions = await versionsOf(server);
      assert.deepEqual(
        versions.map((v) => [Number(v.version), v.published_by]),
        [
          [1, 'operator:command-line'],
          [2, 'operator:demo'],
        ],
      );
      assert.match(versions[1]!.note, /^demo settings [0-9a-f]{12}$/);
    } finally {
      await server.close();
    }

    const again = await startDemo(dir, port);
    try {
      assert.equal((await versionsOf(again)).length, 2, 'the same settings are not published again');
    } finally {
      await again.close();
    }
  });

  test('leaves settings a person published, and says so', async () => {
    const dir = tempDir();
    const first = await startDemo(dir);
    const firstOrigin = first.url;
    try {
      await first.db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('site_versions')
          .selectAll()
          .where('site', '=', 'demo')
          .orderBy('version', 'desc')
          .executeTakeFirstOrThrow();
        const read = readDocument(row);
        assert.ok('document' in read);
        const document = { ...read.document, publicConfig: { ...read.document.publicConfig, locale: 'en' } };
        await publishDocument(
          tx,
          'demo',
          document,
          { principal: 'staff:person:demo-admin', name: '管理员' },
          new Date().toISOString(),
          'English first',
          null,
        );
      });
    } finally {
      await first.close();
    }

    const logged: string[] = [];
    // Another port: the demo's own settings (its allowed origins) differ from what is published.
    const second = await startDemo(dir, 0, logged);
    try {
      const versions = await versionsOf(second);
      assert.equal(versions.at(-1)!.published_by, 'staff:person:demo-admin', 'nothing published over it');
      const config = await call(second.url, 'GET', '/v1/sites/demo/config', {
        headers: { Origin: firstOrigin },
      });
      assert.equal(config.json.locale, 'en');
      const said = logged.filter((m) => m.includes("the demo site's settings"));
      assert.equal(said.length, 1, logged.join('\n'));
      assert.match(said[0]!, /published by 管理员 .*the demo leaves them as they are/);
    } finally {
      await second.close();
    }
  });
});
