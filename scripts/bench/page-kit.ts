/**
 * What the browser benches share: a server for their pages and dist/ only,
 * runs alternating between pages, a floor's one-file build, a tab's errors
 * gathered under a label and the report's list of them, and the escaping of
 * values written into a page.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { build, type Rollup } from 'vite';
import type { Log } from '../../src/server/context';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer, type RunningServer } from '../../src/server/server';
import { litFixes } from '../vite-lit-fixes';

export const roundMs = (ms: number) => Math.round(ms * 10) / 10;
export const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** JSON inside a <script>: no "</script>" can end it early. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The real server with a registry without sites, serving `pagesDir` at the
 * root and `distDir` at /dist: the pages' API is another server's.
 */
export async function startPagesServer(options: {
  dataDir: string;
  pagesDir: string;
  distDir: string;
  log: Log;
  onCleanup: (step: () => Promise<void> | void) => void;
}): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const registry: RegistryFile = { serverSecret: randomBytes(32).toString('base64url'), sites: [] };
  writeFileSync(join(options.dataDir, 'sites.json'), JSON.stringify(registry), { mode: 0o600 });
  const pages = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    staticRoots: { pages: options.pagesDir, dist: options.distDir },
    log: options.log,
    sweepIntervalMs: 0,
  });
  options.onCleanup(() => pages.close());
  return pages;
}

/** Page errors and console errors of `tab` into `errors`, each under `label`; `ignore` passes over expected ones. */
export function gatherErrors(tab: Page, label: string, errors: string[], ignore?: (text: string) => boolean): void {
  tab.on('pageerror', (error) =>
    errors.push(`${label}: page error: ${error instanceof Error ? error.message : String(error)}`),
  );
  tab.on('console', (message) => {
    if (message.type() !== 'error' || ignore?.(message.text())) return;
    errors.push(`${label}: console error: ${message.text()}`);
  });
}

/** The report's lines for the errors, the first 20 different ones. */
export function errorLines(errors: readonly string[]): string[] {
  if (!errors.length) return [];
  return [
    `  page errors / console errors (${errors.length}):`,
    ...[...new Set(errors)].slice(0, 20).map((e) => `    ${e}`),
  ];
}

export interface RunCell<P, S> {
  cpuRate: number;
  page: P;
  samples: S[];
}

/**
 * Runs that alternate between `pages`, per CPU setting: a warm-up run of
 * each first (dropped), then `runs` measured; none starts after `deadline`
 * (`truncated` then says the counts fell short).
 */
export async function alternatingRuns<P, S>(
  options: {
    pages: readonly P[];
    cpuRates: readonly number[];
    runs: number;
    deadline: number;
    progress: (line: string) => void;
  },
  run: (page: P, cpuRate: number) => Promise<S>,
): Promise<{ cells: Array<RunCell<P, S>>; truncated: boolean }> {
  const cells: Array<RunCell<P, S>> = [];
  for (const cpuRate of options.cpuRates) {
    const row = options.pages.map((page): RunCell<P, S> => ({ cpuRate, page, samples: [] }));
    cells.push(...row);
    for (let n = 0; n <= options.runs; n++) {
      if (Date.now() > options.deadline) return { cells, truncated: true };
      for (const cell of row) {
        const sample = await run(cell.page, cpuRate);
        if (n > 0) cell.samples.push(sample);
      }
      if (n === options.runs || (n > 0 && n % 5 === 0))
        options.progress(`  cpu ${cpuRate}×: ${n}/${options.runs} runs`);
    }
  }
  return { cells, truncated: false };
}

/** `entry` bundled into one ES file (its npm packages in it, minified like dist/), with the build's lit fixes. */
export async function buildOneFile(entry: string, fileName: string): Promise<string> {
  const built = (await build({
    configFile: false,
    root: fileURLToPath(new URL('../..', import.meta.url)),
    publicDir: false,
    logLevel: 'silent',
    plugins: [litFixes],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry, formats: ['es'], fileName: () => fileName },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunk = [built].flat()[0]?.output.find((c): c is Rollup.OutputChunk => c.type === 'chunk' && c.isEntry);
  if (!chunk) throw new Error(`${entry} did not build`);
  return chunk.code;
}
