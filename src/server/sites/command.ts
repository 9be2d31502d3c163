/**
 * `npm run registry -- <command>`: the operator's hand on the sites kept in
 * the database, besides the admin API. It reads the environment `npm run
 * serve` reads (DATA_DIR, DATABASE_FILE, DATABASE_URL; entry.ts), opens and
 * migrates the same database, and sees it as a server starting on that data
 * folder would: a database that holds no registry yet first imports the
 * folder's sites.json, so no command ever starts a registry beside it with
 * another server secret. Every change bumps the registry's revision, which
 * running servers poll (live-registry.ts): they serve it within a second or
 * two, with no restart.
 *
 * Exit codes: 0 done, 1 refused (the reason alone on stderr, nothing
 * written), 2 not a command (the usage on stderr).
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate';
import { openDatabase, redact } from '../db/open';
import type { Database } from '../db/schema';
import { optionsFromEnvironment, type EnvironmentOptions } from '../entry';
import { ApiError } from '../errors';
import { parseRegistry, REGISTRY_FILE_NAME } from '../registry';
import { RegistryError } from '../registry-problems';
import { RegistryFile } from '../registry-schema';
import { StartRefused } from '../start-refused';
import { createSite, refuseBadInput } from './create';
import { exportRegistry } from './export';
import { fileMigrationContext } from './file-migration-context';
import { importRegistry } from './import';
import { importAtStart } from './import-at-start';
import { OPERATOR } from './store';

export const USAGE = `usage: npm run registry -- <command>

  export [file]                         write every site's published configuration, current secrets and
                                        live tokens as a registry file (mode 0600), or to stdout
                                        (then use npm run -s, so npm's own lines stay out of it)
  import <file> [--force]               import a registry file: new sites are created, sites held the same
                                        are left; a site the database holds differently is refused by name
                                        unless --force, which publishes the file's configuration as a new
                                        version and puts its secrets in place at once
  create-site <id> --origin <origin> [--origin <origin>…]
                                        create a site allowing those origins, with fresh secrets, shown once

Reads DATA_DIR (./data), DATABASE_FILE and DATABASE_URL as npm run serve does.
`;

export interface CommandOutput {
  /** what the command is for: the export, the new secrets, the import's report */
  out(text: string): void;
  /** what is said about it: refusals, the usage, what was written where */
  err(text: string): void;
}

type Parsed =
  | { command: 'help' }
  | { command: 'export'; file: string | undefined }
  | { command: 'import'; file: string; force: boolean }
  | { command: 'create-site'; id: string; origins: string[] }
  | { command: 'usage'; problem: string | undefined };

function parseArguments(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  const positional = rest.filter((a) => !a.startsWith('--'));
  const flags = rest.filter((a) => a.startsWith('--'));
  const unknownFlag = (allowed: string[]) => flags.find((f) => !allowed.includes(f.split('=')[0]!));
  switch (command) {
    case undefined:
      return { command: 'usage', problem: undefined };
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'export': {
      const bad = unknownFlag([]) ?? (positional.length > 1 ? positional[1] : undefined);
      if (bad !== undefined) return { command: 'usage', problem: `export takes one file at most (got ${bad})` };
      return { command: 'export', file: positional[0] };
    }
    case 'import': {
      const bad = unknownFlag(['--force']);
      if (bad !== undefined) return { command: 'usage', problem: `import does not know ${bad}` };
      if (positional.length !== 1) return { command: 'usage', problem: 'import takes exactly one file' };
      return { command: 'import', file: positional[0]!, force: flags.includes('--force') };
    }
    case 'create-site': {
      const origins: string[] = [];
      const ids: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const arg = rest[i]!;
        if (arg === '--origin') {
          const value = rest[++i];
          if (value === undefined) return { command: 'usage', problem: '--origin needs an origin after it' };
          origins.push(value);
        } else if (arg.startsWith('--origin=')) origins.push(arg.slice('--origin='.length));
        else if (arg.startsWith('--')) return { command: 'usage', problem: `create-site does not know ${arg}` };
        else ids.push(arg);
      }
      if (ids.length !== 1) return { command: 'usage', problem: 'create-site takes exactly one site id' };
      return { command: 'create-site', id: ids[0]!, origins };
    }
    default:
      return { command: 'usage', problem: `unknown command "${command}"` };
  }
}

/** Runs the command `argv` names against the database `env` names; resolves to the exit code. */
export async function runRegistryCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
  now: () => Date = () => new Date(),
): Promise<number> {
  const parsed = parseArguments(argv);
  if (parsed.command === 'help') {
    output.out(USAGE);
    return 0;
  }
  if (parsed.command === 'usage') {
    output.err(`${parsed.problem ? `${parsed.problem}\n\n` : ''}${USAGE}`);
    return 2;
  }
  let db: Kysely<Database> | undefined;
  try {
    const options = optionsFromEnvironment(env);
    // Checked in full before the database is opened: a bad file, id or origin is named and nothing is touched.
    const file = parsed.command === 'import' ? readRegistryFile(resolve(parsed.file)) : undefined;
    if (parsed.command === 'create-site') refuseBadInput(parsed);
    if (parsed.command === 'export' && !options.databaseUrl && !existsSync(options.databaseFile!))
      throw new StartRefused(`there is no database at ${options.databaseFile}: nothing to export`);
    db = await openRegistryDatabase(options, output, now);
    const at = now().toISOString();
    if (parsed.command === 'export') return await runExport(db, parsed.file, output, at);
    if (parsed.command === 'import') return await runImport(db, options, file!, parsed.force, output, at);
    return await runCreateSite(db, parsed, output, at);
  } catch (error) {
    if (error instanceof ApiError) {
      const fields = (error.details?.['fields'] ?? []) as Array<{ path: string; message: string }>;
      output.err(`${error.message}\n${fields.map((f) => `  ${f.path}: ${f.message}\n`).join('')}`);
      return 1;
    }
    if (error instanceof StartRefused) {
      output.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db?.destroy();
  }
}

/** The database as a server starting on this data folder would leave it: migrated, and its first import done. */
async function openRegistryDatabase(
  options: EnvironmentOptions,
  output: CommandOutput,
  now: () => Date,
): Promise<Kysely<Database>> {
  const db = options.databaseUrl
    ? openDatabase({ url: options.databaseUrl })
    : openDatabase({ file: options.databaseFile! });
  try {
    await migrateToLatest(db, fileMigrationContext(options.dataDir, now));
    const state = await db.selectFrom('registry_state').select('id').where('id', '=', 1).executeTakeFirst();
    if (!state && existsSync(join(options.dataDir, REGISTRY_FILE_NAME)))
      await importAtStart(db, options.dataDir, (_level, message) => output.err(`${message}\n`), now().toISOString());
  } catch (error) {
    await db.destroy();
    throw error;
  }
  output.err(`database: ${options.databaseUrl ? redact(options.databaseUrl) : options.databaseFile}\n`);
  return db;
}

interface ReadFile {
  path: string;
  text: string;
  registry: RegistryFile;
}

function readRegistryFile(path: string): ReadFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RegistryError(path, [{ path: '(file)', message: `cannot read: ${(error as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(path, [{ path: '(root)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  // Every value checked as a server checks a registry file, each bad one named by its path.
  parseRegistry(path, json);
  return { path, text, registry: RegistryFile.parse(json) };
}

async function runExport(
  db: Kysely<Database>,
  file: string | undefined,
  output: CommandOutput,
  at: string,
): Promise<number> {
  const registry = await exportRegistry(db, at);
  const text = `${JSON.stringify(registry, null, 2)}\n`;
  if (file === undefined) {
    output.out(text);
    return 0;
  }
  const path = resolve(file);
  writePrivately(path, text);
  output.err(`exported ${registry.sites.length} site(s) to ${path} (mode 0600: it holds every secret)\n`);
  return 0;
}

/**
 * Writes `text` to `path` readable by its owner alone: a file of its own,
 * made 0600, renamed over the target, so no moment has the secrets in a
 * file others may read (an existing file's looser mode is not kept).
 */
function writePrivately(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new StartRefused(`cannot write ${path}: ${(error as Error).message}`);
  }
}

async function runImport(
  db: Kysely<Database>,
  options: EnvironmentOptions,
  file: ReadFile,
  force: boolean,
  output: CommandOutput,
  at: string,
): Promise<number> {
  const sha256 = createHash('sha256').update(file.text).digest('hex');
  // The hash kept is the data folder's sites.json's, by which a starting server tells whether that file changed since:
  // importing any other file (an export) leaves it as it was.
  const dataFolderFile = resolve(options.dataDir, REGISTRY_FILE_NAME) === file.path;
  const state = await db.selectFrom('registry_state').select('imported_sha256').where('id', '=', 1).executeTakeFirst();
  const kept = dataFolderFile ? sha256 : (state?.imported_sha256 ?? sha256);
  const report = await importRegistry(db, file.registry, { author: OPERATOR, at, sha256: kept, force });
  const list = (ids: string[]) => ids.join(', ') || '(none)';
  output.out(
    `imported ${file.path}\n` +
      `created: ${list(report.created)}\n` +
      `unchanged: ${list(report.unchanged)}\n` +
      `replaced: ${list(report.replaced)}\n`,
  );
  return 0;
}

async function runCreateSite(
  db: Kysely<Database>,
  input: { id: string; origins: string[] },
  output: CommandOutput,
  at: string,
): Promise<number> {
  const created = await createSite(db, input, OPERATOR, at);
  if (created.startedRegistry)
    output.err('the database held no registry yet: started one, with a new server secret of its own\n');
  output.out(
    `created site "${created.id}" (version 1), allowing ${created.allowedOrigins.join(', ')}\n` +
      `hostTokenSecret: ${created.hostTokenSecret}\n` +
      `staffTokenSecret: ${created.staffTokenSecret}\n` +
      'These secrets are not shown again: give the host token secret to the site’s backend (it signs its users’ ' +
      'tokens) and the staff token secret to its back office (it signs its staff’s tokens) now.\n',
  );
  return 0;
}
