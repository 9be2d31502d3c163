/**
 * The immutable copy of a build: `dist/v/<build id>/`, with its integrity
 * manifest, beside the plain `dist/` that existing pages load.
 *
 * A site that pins `/dist/v/<id>/usercare.js` keeps the exact bytes it
 * checked (the snippet's `integrity` values) for as long as the id is kept,
 * whatever is deployed since; the server sends these paths with
 * `Cache-Control: immutable` (src/server/static.ts), which is only honest
 * because a path's bytes never change.
 *
 * The build id is the one every chunk's name already carries (scripts/build.ts:
 * a hash of the sources, the lock file and the build config): the copy's
 * folder and its chunk names then say the same id, and two builds of the same
 * sources land in the same folder. The package version is written into the
 * manifest for people, not into the path: it does not change between two
 * deploys of a working tree, and a path that stays while its bytes change is
 * what immutable caching must never meet.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * How many builds `dist/v/` keeps (the newest, this one included): a page pinned to a build keeps working
 * for the next four releases, time enough to paste a new snippet. Enforced here, at build time; the server
 * serves whatever `dist/v/` holds.
 */
export const KEPT_BUILDS = 5;

/** What of `dist/` goes into a versioned copy: the browser's files, not the npm package or its types. */
const NOT_COPIED = new Set(['v', 'npm', 'types', 'custom-elements.json', 'integrity.json']);

export interface IntegrityManifest {
  buildId: string;
  packageVersion: string;
  builtAt: string;
  /** `sha384-<base64>` of every `.js` file of the build, by its path under `dist/v/<id>/`. */
  files: Record<string, string>;
}

export const sri = (bytes: Buffer): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function jsFilesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFilesUnder(path, root);
    return entry.name.endsWith('.js') ? [relative(root, path)] : [];
  });
}

/** Copies the build in `dist` to `dist/v/<buildId>/`, writes its manifest there and as `dist/integrity.json`, and drops all but the newest KEPT_BUILDS copies. */
export function writeVersionedCopy(dist: string, buildId: string, packageVersion: string): IntegrityManifest {
  const target = join(dist, 'v', buildId);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(dist)) {
    if (!NOT_COPIED.has(name)) cpSync(join(dist, name), join(target, name), { recursive: true });
  }
  const files: Record<string, string> = {};
  for (const file of jsFilesUnder(target).sort()) files[file] = sri(readFileSync(join(target, file)));
  const manifest: IntegrityManifest = { buildId, packageVersion, builtAt: new Date().toISOString(), files };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(join(target, 'integrity.json'), text);
  // The current build's manifest, where the server's snippet endpoint reads which build to name.
  writeFileSync(join(dist, 'integrity.json'), text);
  pruneOldBuilds(join(dist, 'v'));
  return manifest;
}

/** Keeps the KEPT_BUILDS newest copies (by when each was built), removes the rest. */
function pruneOldBuilds(versions: string): void {
  const builtAt = (id: string): number => {
    const manifest = join(versions, id, 'integrity.json');
    return existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  };
  const ids = readdirSync(versions).sort((a, b) => builtAt(b) - builtAt(a));
  for (const old of ids.slice(KEPT_BUILDS)) rmSync(join(versions, old), { recursive: true, force: true });
}
