/**
 * Migrations live in code (one module per migration under ./migrations), so
 * the server needs no migration files on disk at run time and a bundled
 * build keeps them. Kysely's Migrator records what ran in `kysely_migration`
 * and takes a lock, so two instances starting together migrate once.
 */
import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import type { MigrationContext } from './migration-context';
import { dialectOf } from './open';
import * as m001 from './migrations/001-initial';
import * as m002 from './migrations/002-complaints';
import * as m003 from './migrations/003-list-indexes';
import * as m004 from './migrations/004-consents';
import * as m005 from './migrations/005-points';
import * as m006 from './migrations/006-rate-buckets';
import * as m007 from './migrations/007-stream-slots';
import * as m008 from './migrations/008-audit-log';
import * as m009 from './migrations/009-staff-queue';
import * as m010 from './migrations/010-arbitration';
import * as m011 from './migrations/011-intake-alerts';
import * as m012 from './migrations/012-feedback-outcomes';
import * as m013 from './migrations/013-search';
import * as m014 from './migrations/014-presence';
import * as m015 from './migrations/015-saved-views';
import * as m016 from './migrations/016-site-versions';
import * as m017 from './migrations/017-submission-revisions';

interface MigrationModule {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

/** In order. Names are sorted by the Migrator, so keep the numeric prefix. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '001-initial': m001,
  '002-complaints': m002,
  '003-list-indexes': m003,
  '004-consents': m004,
  '005-points': m005,
  '006-rate-buckets': m006,
  '007-stream-slots': m007,
  '008-audit-log': m008,
  '009-staff-queue': m009,
  '010-arbitration': m010,
  '011-intake-alerts': m011,
  '012-feedback-outcomes': m012,
  '013-search': m013,
  '014-presence': m014,
  '015-saved-views': m015,
  '016-site-versions': m016,
  '017-submission-revisions': m017,
};

export function migrationProvider(ctx: MigrationContext): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, mod] of Object.entries(MIGRATIONS)) {
        out[name] = {
          up: (db) => mod.up(db, ctx),
          ...(mod.down ? { down: (db: Kysely<unknown>) => mod.down!(db, ctx) } : {}),
        };
      }
      return out;
    },
  };
}

/**
 * Brings the schema up to date; throws with the failing migration's name if
 * one fails. `options` is what a migration may need from the server beyond
 * the database (see MigrationContext).
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  options: Omit<MigrationContext, 'dialect'> = {},
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: migrationProvider({ ...options, dialect: dialectOf(db) }) });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`database migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: result.error,
    });
  }
  return result;
}
