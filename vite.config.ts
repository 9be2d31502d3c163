import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const root = import.meta.dirname;

/**
 * What the elements share, in two chunks by job, so each element loads only
 * what it uses: `ui` is what every element draws with, `runtime` the site's
 * config, contract, storage and outbox; the consent banner shows itself with
 * `ui` alone and loads `runtime` (the proof's outbox) only after a decision.
 * Left to itself the bundler splits off more (validate-values, the decorator
 * helper), and each extra file is gzipped on its own. The loader evaluates
 * each in a task of its own: one big chunk took ~72 ms to evaluate on the
 * benchmark's 4× slower CPU, over the 50 ms long-task line.
 */
const CHUNK_GROUPS: Array<{ name: string; modules: RegExp[] }> = [
  {
    name: 'ui',
    modules: [
      /\/node_modules\/(lit|lit-element|lit-html|@lit\/reactive-element)\//,
      /@oxc-project\+runtime/,
      /\/node_modules\/xstate\//,
      /\/machines\/lean-setup\.ts$/,
      /\/components\/shared\/(actor-controller|base\.styles|uc-element)\.ts$/,
      /\/src\/client\/ids\.ts$/,
      /\/src\/i18n\/locale\.ts$/,
      /vite\/preload-helper/,
    ],
  },
  {
    name: 'runtime',
    modules: [
      /\/node_modules\/(zod|idb|@lit\/context)\//,
      /\/src\/(client|config|contract|storage)\//,
      /\/src\/i18n\/index\.ts$/,
      /\/src\/elements\/page(-setup)?\.ts$/,
      /\/components\/shared\/(site-element|sessions|shown-name|config-error|events|theme)\.ts$/,
    ],
  },
];
/**
 * Loaded on demand or by one element only, never part of a shared chunk: LocalBackend, complaint tracking (the
 * tracker's own), points (the widget's own), consent proof, what each element puts in the outbox (its own), and
 * the outbox's handlers (one chunk per feature, loaded when an item of its ops is sent) with the file encoding
 * those that send files share.
 */
const LAZY =
  /\/src\/client\/(outbox|outbox-table|local-backend|rest-complaints|rest-points|live-streams?|tab-lock-hold|cached-load|complaint-reader|points-reader|feedback-session|prefill|consent-proof|attachments|(feedback|complaint|points)-writes)\.ts$|\/src\/client\/outbox-ops\/|\/src\/contract\/(complaints|points|consent)\.ts$|\/src\/i18n\/(tracker|consent|points)\/|\/src\/consent\/|\/src\/storage\/draft-rescue\.ts$/;

/**
 * Vite wraps every import() in a preload helper (~600 B gzip). With
 * modulePreload off and no CSS chunks it never preloads anything, and its one
 * other effect, a `vite:preloadError` event on the host page's window when a
 * chunk fails to load, is not ours to send: a host built with Vite may reload
 * the page on it. A failed import() still rejects, as before.
 */
const PRELOAD_HELPER = '\0vite/preload-helper.js';
const noPreloadHelper: Plugin = {
  name: 'usercare:no-preload-helper',
  enforce: 'pre',
  resolveId: (id) => (id === PRELOAD_HELPER ? id : undefined),
  load: (id) => (id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : undefined),
};

/**
 * Three builds from one file, picked by --mode (scripts/build.ts runs all three):
 * - `elements` (default): the per-element ES chunks the loader imports, sharing common chunks;
 * - `loader`: dist/usercare.js, the classic script for the page's <head>;
 * - `npm`: dist/npm/index.js, the ESM entry with dependencies left to the consumer's bundler.
 */
export default defineConfig(({ mode }): UserConfig => {
  const common: UserConfig = {
    root,
    publicDir: false,
    logLevel: 'warn',
    build: { target: 'es2022', minify: true, sourcemap: true, reportCompressedSize: false },
  };
  if (mode === 'loader') {
    return {
      ...common,
      build: {
        ...common.build,
        // Every page pays for each byte of the loader: its map is named by the server's SourceMap header, not a comment.
        sourcemap: 'hidden',
        outDir: 'dist',
        emptyOutDir: false,
        lib: {
          entry: resolve(root, 'src/loader.ts'),
          formats: ['iife'],
          name: 'usercareLoader',
          fileName: () => 'usercare.js',
        },
      },
    };
  }
  if (mode === 'npm') {
    return {
      ...common,
      build: {
        ...common.build,
        outDir: 'dist/npm',
        emptyOutDir: true,
        minify: false,
        lib: { entry: resolve(root, 'src/index.ts'), formats: ['es'], fileName: () => 'index.js' },
        rollupOptions: { external: [/^lit/, /^@lit\//, 'xstate', 'idb', /^zod/] },
      },
    };
  }
  // Storybook reads this file too, in its own modes: it keeps Vite's defaults.
  const elements = mode === 'elements';
  return {
    ...common,
    plugins: elements ? [noPreloadHelper] : [],
    build: {
      ...common.build,
      outDir: 'dist',
      emptyOutDir: false,
      modulePreload: false,
      rollupOptions: {
        input: {
          'uc-feedback-form': resolve(root, 'src/elements/uc-feedback-form.ts'),
          'uc-complaint-tracker': resolve(root, 'src/elements/uc-complaint-tracker.ts'),
          'uc-provider': resolve(root, 'src/elements/uc-provider.ts'),
          'uc-consent-banner': resolve(root, 'src/elements/uc-consent-banner.ts'),
          'uc-points-widget': resolve(root, 'src/elements/uc-points-widget.ts'),
        },
        preserveEntrySignatures: 'strict',
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          // The loader names the shared chunks, hashes included: gzip packs hex digits into fewer bytes than
          // base64 characters, and six of them (16 million names) tell a release's ~20 chunks apart.
          hashCharacters: 'hex',
          // A chunk the bundler forms by itself is named after one of its modules; the one the tracker and the
          // points widget share is named for what it is for, whichever module comes first.
          chunkFileNames: (chunk) =>
            chunk.moduleIds.some((id) => id.endsWith('/src/client/live-stream.ts'))
              ? 'chunks/live-stream-[hash:6].js'
              : 'chunks/[name]-[hash:6].js',
          ...(elements
            ? {
                codeSplitting: {
                  groups: CHUNK_GROUPS.map(({ name, modules }, i) => ({
                    name,
                    priority: CHUNK_GROUPS.length - i,
                    test: (id: string) => !LAZY.test(id) && modules.some((re) => re.test(id)),
                  })),
                },
              }
            : {}),
        },
      },
    },
  };
});
