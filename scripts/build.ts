/**
 * `npm run build`: the loader, the element chunks, the npm entry with its
 * type declarations, and custom-elements.json.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
for (const mode of ['elements', 'loader', 'npm']) await build({ configFile: `${root}vite.config.ts`, mode });
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync('npx', ['custom-elements-manifest', 'analyze', '--litelement', '--globs', 'components/**/*.ts', '--outdir', 'dist'], {
  cwd: root,
  stdio: 'inherit',
});
console.log('built dist/');
