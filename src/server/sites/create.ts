/**
 * Creating a site (`npm run registry -- create-site`): the only way a site
 * comes to be besides importing a registry file. Never through the browser:
 * a new site is a new pair of secrets, which the operator hands to the
 * host's backend and back office, and this is the one moment they are shown.
 *
 * The site starts with the smallest document that serves (its allowed
 * origins; everything else the defaults) as version 1, and fresh random
 * host-token and staff-token secrets. On a database that holds no registry
 * yet (a fresh one, with no registry file to import), the registry is
 * started with a fresh random server secret.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEMO_SITE_ID } from '../demo/identities';
import type { Database } from '../db/schema';
import { resolveSite } from '../registry';
import type { RegistryProblem } from '../registry-problems';
import { SiteEntry } from '../registry-schema';
import { formatPath, describeIssue } from '../../config/validate';
import { StartRefused } from '../start-refused';
import { splitEntry } from './document';
import { bumpRevision, insertSite, type Author } from './store';

export class CreateSiteRefused extends StartRefused {
  constructor(
    message: string,
    readonly problems: RegistryProblem[] = [],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}` : message);
    this.name = 'CreateSiteRefused';
  }
}

/** 32 random bytes, base64url: a secret as the README tells the operator to make one. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

export interface CreatedSite {
  id: string;
  allowedOrigins: string[];
  hostTokenSecret: string;
  staffTokenSecret: string;
  /** true when the database held no registry yet and this started it, with a new server secret */
  startedRegistry: boolean;
}

/** Creates the site in one transaction; CreateSiteRefused (nothing written) for a bad or taken id or a bad origin. */
export async function createSite(
  db: Kysely<Database>,
  input: { id: string; origins: string[] },
  author: Author,
  at: string,
): Promise<CreatedSite> {
  const entry = newEntry(input);
  refuseBadInput(input);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('sites').select('id').where('id', '=', entry.id).executeTakeFirst();
    if (taken)
      throw new CreateSiteRefused(
        `site "${entry.id}" exists already: nothing was created (its configuration is changed through the admin API, ` +
          'its secrets are rotated there)',
      );
    const state = await tx.selectFrom('registry_state').select('id').where('id', '=', 1).executeTakeFirst();
    if (!state)
      await tx
        .insertInto('registry_state')
        .values({ id: 1, revision: 1, server_secret: randomSecret(), imported_at: null, imported_sha256: null })
        .execute();
    await insertSite(tx, splitEntry(entry), author, at, 'created');
    await bumpRevision(tx);
    return {
      id: entry.id,
      allowedOrigins: entry.allowedOrigins,
      hostTokenSecret: entry.hostTokenSecret,
      staffTokenSecret: entry.staffTokenSecret!,
      startedRegistry: !state,
    };
  });
}

function newEntry(input: { id: string; origins: string[] }): SiteEntry {
  return {
    id: input.id,
    allowedOrigins: input.origins,
    hostTokenSecret: randomSecret(),
    staffTokenSecret: randomSecret(),
  };
}

/** CreateSiteRefused naming each problem of the id and origins given: checked before anything is opened or written. */
export function refuseBadInput(input: { id: string; origins: string[] }): void {
  const problems = entryProblems(newEntry(input));
  if (!input.origins.length)
    problems.push({ path: 'allowedOrigins', message: 'give at least one --origin: the site is used from a page' });
  if (input.id === DEMO_SITE_ID)
    problems.push({
      path: 'id',
      message: `"${DEMO_SITE_ID}" is the demo's site, which a server running for real refuses: choose another id`,
    });
  if (problems.length) throw new CreateSiteRefused(`site "${input.id}" was not created`, problems);
}

/** Each problem of the entry, by the registry file's own schema and checks, with paths as the command's words. */
function entryProblems(entry: SiteEntry): RegistryProblem[] {
  const parsed = SiteEntry.safeParse(entry);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path).replace(/^allowedOrigins\[(\d+)\]/, (_, i) => `--origin ${entry.allowedOrigins[i]}`),
      message: describeIssue(issue as never),
    }));
  const problems: RegistryProblem[] = [];
  resolveSite(parsed.data, 'site', problems);
  return problems;
}
