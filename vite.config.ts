import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { litFixes } from './scripts/vite-lit-fixes';

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
  /\/src\/client\/(outbox|outbox-table|file-download|local-backend|rest-complaints|rest-points|live-streams?|tab-lock-hold|cached-load|complaint-reader|points-reader|feedback-session|prefill|consent-proof|attachments|(feedback|complaint|points)-writes)\.ts$|\/src\/client\/outbox-ops\/|\/src\/contract\/(complaints|points|consent)\.ts$|\/src\/i18n\/(tracker|consent|points)\/|\/src\/consent\/|\/src\/storage\/draft-rescue\.ts$/;

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
 * Set by scripts/build.ts for a release build: a hash of the sources, the lock file and this config, so a
 * chunk's name changes exactly when what it is made from does (immutable caching stays safe). `dev` elsewhere.
 */
const BUILD_ID = process.env.UC_BUILD_ID ?? 'dev';

/**
 * A chunk's name, for what it is: a catalog by its element and locale (`tracker-zh-CN`; the shared one is
 * just the locale), the live stream the tracker and the points widget share by its job whichever module the
 * bundler meets first, anything else by the bundler's own name.
 */
function chunkName(moduleIds: readonly string[], name: string): string {
  const catalog = moduleIds.length === 1 ? /\/src\/i18n\/(?:(\w+)\/)?([\w-]+)\.ts$/.exec(moduleIds[0]!) : null;
  if (catalog) return catalog[1] ? `${catalog[1]}-${catalog[2]}` : catalog[2]!;
  if (moduleIds.some((id) => id.endsWith('/src/client/live-stream.ts'))) return 'live-stream';
  return name;
}

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
  if (mode === 'admin-loader') {
    return {
      ...common,
      build: {
        ...common.build,
        sourcemap: 'hidden',
        outDir: 'dist',
        emptyOutDir: false,
        lib: {
          entry: resolve(root, 'src/admin-loader.ts'),
          formats: ['iife'],
          name: 'usercareAdminLoader',
          fileName: () => 'usercare-admin.js',
        },
      },
    };
  }
  if (mode === 'operator') {
    // The operator elements, a build of their own in dist/operator/: no chunk is shared with an end-user
    // page, so adding one here never changes what a shop's pages load.
    return {
      ...common,
      plugins: [noPreloadHelper, litFixes],
      build: {
        ...common.build,
        outDir: 'dist/operator',
        emptyOutDir: true,
        modulePreload: false,
        rollupOptions: {
          input: {
            'uc-staff-console': resolve(root, 'src/elements/operator/uc-staff-console.ts'),
            'uc-studio': resolve(root, 'src/elements/operator/uc-studio.ts'),
          },
          preserveEntrySignatures: 'strict',
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: (chunk) => `chunks/${chunkName(chunk.moduleIds, chunk.name)}-${BUILD_ID}.js`,
          },
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
    plugins: elements ? [noPreloadHelper, litFixes] : [litFixes],
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
          // Every chunk of a build carries the same build id (BUILD_ID, a hash of what the build is made from),
          // not a hash of its own: the loader names the shared chunks, and one id repeated costs it a few bytes,
          // always the same few, where a hash per chunk cost up to 40 and moved with every change.
          chunkFileNames: (chunk) => `chunks/${chunkName(chunk.moduleIds, chunk.name)}-${BUILD_ID}.js`,
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
