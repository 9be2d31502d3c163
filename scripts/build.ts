/**
 * `npm run build`: the loader, the element chunks, the npm entry with its
 * type declarations, and custom-elements.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Rollup } from 'vite';
import { writeVersionedCopy } from './versioned-dist';

const root = new URL('..', import.meta.url).pathname;
const configFile = `${root}vite.config.ts`;
// Everything but dist/v/: the earlier builds' immutable copies are kept for pages pinned to them (versioned-dist.ts).
if (existsSync(`${root}dist`))
  for (const name of readdirSync(`${root}dist`))
    if (name !== 'v') rmSync(`${root}dist/${name}`, { recursive: true, force: true });

/**
 * The build id every chunk's name carries (vite.config.ts): a hash of everything the chunks are made from,
 * so a name changes exactly when its content may have, and a browser may keep a chunk for good.
 */
function buildId(): string {
  const hash = createHash('sha256');
  const add = (path: string) => hash.update(relative(root, path)).update('\0').update(readFileSync(path));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else add(path);
    }
  };
  for (const dir of ['src', 'components', 'machines']) walk(join(root, dir));
  for (const file of ['package-lock.json', 'vite.config.ts', 'tsconfig.json']) add(join(root, file));
  return hash.digest('hex').slice(0, 10);
}
const BUILD_ID = buildId();
process.env.UC_BUILD_ID = BUILD_ID;

/**
 * Each entry's static imports in a build, so a loader can fetch them in parallel with the entry instead of
 * after it, and evaluate them in tasks of their own (see src/loader.ts). Listed leaves first, so each can be
 * evaluated on its own after the ones it needs; by tag, and each shared chunk by its name alone
 * (`chunks/<name>.js`): the loaders have byte budgets.
 */
function chunkDepsOf(output: Rollup.RollupOutput): Record<string, string[]> {
  const chunks = new Map(output.output.flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
  const leavesFirst = (file: string, seen = new Set<string>()): string[] =>
    seen.has(file)
      ? []
      : (seen.add(file), [...(chunks.get(file)?.imports ?? []).flatMap((dep) => leavesFirst(dep, seen)), file]);
  const chunkName = (file: string) => /^chunks\/(.+)\.js$/.exec(file)?.[1] ?? file;
  const deps: Record<string, string[]> = {};
  for (const chunk of chunks.values()) {
    if (chunk.isEntry)
      deps[chunk.fileName.replace(/\.js$/, '')] = leavesFirst(chunk.fileName).slice(0, -1).map(chunkName);
  }
  return deps;
}

const elements = (await build({ configFile, mode: 'elements' })) as Rollup.RollupOutput;
await build({ configFile, mode: 'loader', define: { __UC_CHUNK_DEPS__: JSON.stringify(chunkDepsOf(elements)) } });
// The back office's own loader and elements: nothing of them is on an end-user page.
const operator = (await build({ configFile, mode: 'operator' })) as Rollup.RollupOutput;
await build({
  configFile,
  mode: 'admin-loader',
  define: { __UC_OPERATOR_CHUNK_DEPS__: JSON.stringify(chunkDepsOf(operator)) },
});
await build({ configFile, mode: 'npm' });
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(
  'npx',
  ['custom-elements-manifest', 'analyze', '--litelement', '--globs', 'components/**/*.ts', '--outdir', 'dist'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
writeVersionedCopy(`${root}dist`, BUILD_ID, version);
console.log(`built dist/ and dist/v/${BUILD_ID}/`);
