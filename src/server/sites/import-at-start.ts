/**
 * What a starting server does with the data folder's registry file. On a
 * database with no sites yet, the file is imported whole (and a missing or
 * invalid one refuses the start, naming each bad value). Once the database
 * holds the sites it is the authority: an unchanged file is left alone; a
 * file edited since brings in the sites it adds, and each site it holds
 * differently is said once in the log with the command that would take
 * the file's side. Nothing at start ever overwrites what was published.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Log } from '../context';
import type { Database } from '../db/schema';
import { loadRegistry, REGISTRY_FILE_NAME, RegistryMissingError } from '../registry';
import { RegistryFile } from '../registry-schema';
import { importRegistry } from './import';
import { OPERATOR } from './store';

export async function importAtStart(db: Kysely<Database>, dataDir: string, log: Log, at: string): Promise<void> {
  const file = join(dataDir, REGISTRY_FILE_NAME);
  const state = await db.selectFrom('registry_state').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!state && !existsSync(file)) throw new RegistryMissingError(file);
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (state?.imported_sha256 === sha256) return;
  if (!state) {
    // Checked in full first (every bad value named), as a start always did.
    loadRegistry(dataDir);
    const report = await importRegistry(db, RegistryFile.parse(JSON.parse(text)), { author: OPERATOR, at, sha256 });
    log(
      'info',
      `imported ${file} into the database: ${report.created.join(', ') || 'no sites'}; the database is the authority from now on`,
    );
    return;
  }
  let registry: RegistryFile;
  try {
    loadRegistry(dataDir);
    registry = RegistryFile.parse(JSON.parse(text));
  } catch (error) {
    log(
      'warn',
      `${file} changed since it was imported but does not check, so it was not read: ${(error as Error).message}`,
    );
    return;
  }
  if (registry.serverSecret !== state.server_secret) {
    log(
      'warn',
      `${file} has another serverSecret than the database, so it was not read; the database is the authority`,
    );
    return;
  }
  const report = await importRegistry(db, registry, { author: OPERATOR, at, sha256, newSitesOnly: true });
  if (report.created.length) log('info', `imported the new sites of ${file}: ${report.created.join(', ')}`);
  for (const conflict of report.conflicts)
    log(
      'warn',
      `${file} holds site "${conflict.site}" differently from the database (${conflict.differs.join(', ')}); ` +
        "the database is the authority: `npm run registry -- import --force` takes the file's side",
    );
}
