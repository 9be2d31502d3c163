/**
 * What the migrations that fill columns from a site's settings are told
 * (db/migration-context.ts), read from the data folder's registry file:
 * before migration 016 the file was the authority, and it is what an old
 * data folder has. Used by a starting server and by `npm run registry`,
 * whichever migrates an old database first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kind } from '../../contract/common';
import { deadlinesOf, dueColumns, parseClockState } from '../complaints/clock-state';
import type { MigrationContext } from '../db/migration-context';
import { loadRegistry, REGISTRY_FILE_NAME } from '../registry';
import type { Registry } from '../registry';

/**
 * The context for a database migrated from `dataDir`: the file is read the
 * first time a migration asks (and `loaded`, when given, is used instead).
 */
export function fileMigrationContext(
  dataDir: string,
  now: () => Date,
  loaded?: Registry,
): Omit<MigrationContext, 'dialect'> {
  let registry = loaded;
  const early = (): Registry | undefined => {
    if (!registry && existsSync(join(dataDir, REGISTRY_FILE_NAME))) registry = loadRegistry(dataDir);
    return registry;
  };
  return {
    queueDue: queueDueBy(early, now),
    formOf: (site, form) => early()?.getSite(site)?.publicConfig.forms[form],
  };
}

/** A row's queue columns by its site's calendar and policies, for the migration that back-fills them. */
function queueDueBy(registry: () => Registry | undefined, now: () => Date): NonNullable<MigrationContext['queueDue']> {
  return (row) => {
    const site = registry()?.getSite(row.site);
    if (!site) return undefined;
    // Rows this back-fill (009) reads were received before versions (016): the first version's rules.
    const deadlines = deadlinesOf(
      site.slaOf(null),
      {
        kind: row.kind as Kind,
        category: row.category,
        status: row.status,
        receivedAt: row.received_at,
        clock: parseClockState(row.sla_json),
        complex: row.complex === 1,
      },
      now(),
    );
    // "Due soon" on the current schedule (clock-state.ts, dueSoonFrom).
    return dueColumns(site.sla, deadlines);
  };
}
