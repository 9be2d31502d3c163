/**
 * Keeps the demo site's settings those of the release that runs it. The
 * demo writes its registry file once, and the database is the authority
 * after the first start, so without this a newer release's demo settings
 * (a consent banner, a new field) would never reach an older data folder.
 *
 * On each start the demo site's document from the code (demoRegistry, with
 * the origin of this start) is compared to the one published; when they
 * differ, the code's is published as a new version, its note `demo settings
 * <sha>`. Ids published before stay, retired (keepRetired), so what was sent
 * under them keeps its name. Only a version the demo made is replaced: its
 * own, or the first one, imported from the file the demo wrote. A version
 * someone else published (a person through the admin API, the operator's
 * forced import) is theirs: it is left, and the start says so.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Log } from '../context';
import type { Database } from '../db/schema';
import { canonicalJson, splitEntry } from '../sites/document';
import { IMPORTED_NOTE } from '../sites/import';
import { readDocument } from '../sites/live-registry';
import { keepRetired, OPERATOR, publishDocument, type Author } from '../sites/store';
import { DEMO_SITE_ID } from './identities';
import { demoRegistry } from './site';

/** Who publishes the demo's settings. */
export const DEMO_AUTHOR: Author = { principal: 'operator:demo', name: 'the demo' };

/** Publishes the demo site's settings of this release when the published ones are the demo's and differ. */
export async function keepDemoSiteCurrent(db: Kysely<Database>, origin: string, log: Log, at: string): Promise<void> {
  // The document holds no secret, so the ones given here are never read.
  const code = splitEntry(
    demoRegistry(origin, { serverSecret: 'unused', hostTokenSecret: 'unused' }).sites[0]!,
  ).document;
  try {
    await db.transaction().execute(async (tx) => {
      const site = await tx
        .selectFrom('sites')
        .select('published_version')
        .where('id', '=', DEMO_SITE_ID)
        .executeTakeFirst();
      if (!site) return;
      const published = await tx
        .selectFrom('site_versions')
        .selectAll()
        .where('site', '=', DEMO_SITE_ID)
        .where('version', '=', site.published_version)
        .executeTakeFirstOrThrow();
      const byDemo =
        published.published_by === DEMO_AUTHOR.principal ||
        (published.published_by === OPERATOR.principal && published.note === IMPORTED_NOTE);
      if (!byDemo) {
        log(
          'info',
          `the demo site's settings are version ${published.version}, published by ${published.published_by_name} ` +
            `at ${published.published_at}: the demo leaves them as they are, and this release's demo settings are not applied`,
        );
        return;
      }
      const read = readDocument(published);
      if ('problem' in read) {
        log('warn', `the demo site's settings were left as they are: ${read.problem}`);
        return;
      }
      const document = keepRetired(code, read.document);
      if (canonicalJson(document) === canonicalJson(read.document)) return;
      const sha = createHash('sha256').update(canonicalJson(document)).digest('hex').slice(0, 12);
      const version = await publishDocument(tx, DEMO_SITE_ID, document, DEMO_AUTHOR, at, `demo settings ${sha}`, null);
      log('info', `published this release's demo settings as version ${version} of the demo site`);
    });
  } catch (error) {
    // The demo still starts, serving the settings it had.
    log('error', `could not publish this release's demo settings: ${(error as Error).message}`);
  }
}
