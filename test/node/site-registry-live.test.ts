/**
 * What an instance serves when the newest published version of a site is
 * one it cannot serve (a newer release's format, or a row that does not
 * check): the last good version, with one log line saying why; and at start,
 * with no last good one yet, the newest version that reads. On SQLite and
 * PostgreSQL.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DOCUMENT_FORMAT } from '../../src/server/sites/document';
import { bumpRevision } from '../../src/server/sites/store';
import { ALLOWED_ORIGIN, call, newKey, staffToken, startTestServer, testSites, type TestServer } from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

function lastGoodSuite(label: string, databaseUrl: () => Promise<string | undefined>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let url: string | undefined;
    const logged: string[] = [];
    const config = async (base = server.url) =>
      call(base, 'GET', '/v1/sites/test/config', { headers: { Origin: ALLOWED_ORIGIN } });

    before(async () => {
      url = await databaseUrl();
      server = await startTestServer(testSites(), {
        ...(url ? { databaseUrl: url } : {}),
        log: (level, message) => {
          if (level !== 'info') logged.push(message);
        },
      });
    });
    after(() => server?.close());

    /** Publishes a raw version row, as a newer release or a hand edit would leave it. */
    async function publishRaw(format: number, document: unknown): Promise<number> {
      return server.db.transaction().execute(async (tx) => {
        const site = await tx.selectFrom('sites').selectAll().where('id', '=', 'test').executeTakeFirstOrThrow();
        const version = Number(site.published_version) + 1;
        await tx
          .insertInto('site_versions')
          .values({
            site: 'test',
            version,
            format,
            document_json: JSON.stringify(document),
            published_at: new Date().toISOString(),
            published_by: 'test',
            published_by_name: 'test',
            note: '',
            rolled_back_from: null,
          })
          .execute();
        await tx.updateTable('sites').set({ published_version: version }).where('id', '=', 'test').execute();
        await bumpRevision(tx);
        return version;
      });
    }

    test('a version in a newer format is not served: the last good one stays, and the log says why, once', async () => {
      const before = await config();
      assert.equal(before.status, 200);
      const version = await publishRaw(DOCUMENT_FORMAT + 1, { allowedOrigins: [ALLOWED_ORIGIN], future: true });
      await server.registry.refresh();
      await server.registry.refresh(true);
      const afterwards = await config();
      assert.equal(afterwards.status, 200);
      assert.equal(afterwards.headers.get('etag'), before.headers.get('etag'), 'the same config as before');
      assert.equal(server.registry.getSite('test')?.version, version - 1);
      const said = logged.filter((line) => line.includes(`cannot serve version ${version}`));
      assert.equal(said.length, 1, logged.join('\n'));
      assert.match(
        said[0]!,
        new RegExp(`format ${DOCUMENT_FORMAT + 1}.*serving version ${version - 1}, the last good one`),
      );
    });

    test('a rollback to a version this release cannot read is refused with the reason, and nothing is published', async () => {
      const admin = await staffToken({ sub: 'admin-1', name: 'Admin', roles: ['admin'] });
      const count = async () =>
        (await server.db.selectFrom('site_versions').select('version').where('site', '=', 'test').execute()).length;
      const before = await count();
      const unreadable = (await server.db
        .selectFrom('site_versions')
        .select('version')
        .where('site', '=', 'test')
        .where('format', '>', DOCUMENT_FORMAT)
        .executeTakeFirst())!.version;
      const res = await call(server.url, 'POST', '/v1/staff/config/rollback?site=test', {
        headers: { Authorization: `Bearer ${admin}`, 'Idempotency-Key': newKey(), Origin: ALLOWED_ORIGIN },
        body: { version: unreadable, note: 'back to the future' },
      });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.json.error.details.reason, 'unreadable_version');
      assert.match(
        res.json.error.message,
        new RegExp(`format ${DOCUMENT_FORMAT + 1}.*reads up to format ${DOCUMENT_FORMAT}`),
      );
      assert.equal(await count(), before, 'no version was added');
    });

    test('a version that does not check is not served either, naming the bad value', async () => {
      const served = server.registry.getSite('test')!.version;
      const version = await publishRaw(DOCUMENT_FORMAT, { allowedOrigins: ['not an origin'] });
      await server.registry.refresh();
      assert.equal(server.registry.getSite('test')?.version, served);
      assert.ok(
        logged.some((line) => line.includes(`cannot serve version ${version}`) && line.includes('allowedOrigins')),
        logged.join('\n'),
      );
    });

    test('a new instance with no last good version serves the newest one that reads', async () => {
      const second = await startTestServer(testSites(), {
        ...(url ? { databaseUrl: url } : { databaseFile: join(server.dataDir, 'usercare.sqlite') }),
        log: () => {},
      });
      try {
        assert.equal(second.registry.getSite('test')?.version, 1, 'versions 2 and 3 cannot be served');
        assert.equal((await config(second.url)).status, 200);
      } finally {
        await second.close();
      }
    });
  });
}

lastGoodSuite('the last good version, on SQLite', async () => undefined, false);
lastGoodSuite('the last good version, on PostgreSQL', () => newPostgresDatabase('last_good'), postgresSkip);
