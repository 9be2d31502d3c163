/**
 * The registry as a file (`npm run registry -- export`): every site's
 * published version with its current secrets and live automation tokens,
 * and the server's own secret, in the format of `sites.json`, which is also
 * what the import reads. It holds every secret of every site: a backup to
 * keep as privately as the database.
 *
 * A site whose published version this release cannot read is refused by
 * name rather than left out or exported as an older version: an export
 * that lacks a site, or holds a version nobody serves, would be restored
 * as if it were the whole truth.
 */
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import { StaffRole } from '../../contract/staff';
import type { Database } from '../db/schema';
import type { RegistryFile } from '../registry-schema';
import { StartRefused } from '../start-refused';
import { joinEntry } from './document';
import { readDocument, readRegistryRows, type SiteRows } from './live-registry';

export class ExportRefused extends StartRefused {
  override name = 'ExportRefused';
}

const currentSecret = (rows: SiteRows, kind: SiteRows['secrets'][number]['kind']) =>
  rows.secrets.filter((s) => s.kind === kind && s.valid_until === null).at(-1)?.secret;

/** The registry file the database holds now; ExportRefused when it holds none or a site cannot be read. */
export async function exportRegistry(db: Kysely<Database>, at: string): Promise<RegistryFile> {
  const rows = await readRegistryRows(db);
  if (!rows)
    throw new ExportRefused(
      'the database holds no sites yet: create one with `npm run registry -- create-site`, or import a registry file',
    );
  const problems: string[] = [];
  const sites = rows.sites.flatMap((site) => {
    const id = site.site.id;
    const published = site.versions.find((v) => Number(v.version) === Number(site.site.published_version));
    const read = published
      ? readDocument(published)
      : { problem: `its published version ${site.site.published_version} does not exist` };
    const hostToken = currentSecret(site, 'host_token');
    if ('problem' in read) problems.push(`  ${id}: ${read.problem}`);
    else if (hostToken === undefined) problems.push(`  ${id}: it has no host token secret`);
    else
      return [
        joinEntry({
          id,
          document: read.document,
          secrets: {
            hostToken,
            staffToken: currentSecret(site, 'staff_token'),
            webhook: currentSecret(site, 'webhook'),
          },
          automationTokens: site.tokens.map((t) => ({
            name: t.name,
            tokenSha256: t.token_sha256,
            roles: z.array(StaffRole).parse(JSON.parse(t.roles_json)),
          })),
          staffTokensNotBefore: site.site.staff_tokens_not_before ?? undefined,
        }),
      ];
    return [];
  });
  if (problems.length)
    throw new ExportRefused(
      `nothing was exported: ${problems.length === 1 ? 'this site' : 'these sites'} cannot be read by this release:\n` +
        problems.join('\n'),
    );
  return {
    $comment:
      `usercare site registry, exported from the database at ${at}. It holds every secret: keep it as privately as the database. ` +
      'The database is the authority; `npm run registry -- import <file>` reads this format back (see README.md, "The reference backend").',
    serverSecret: rows.serverSecret,
    sites,
  };
}
