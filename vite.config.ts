import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;

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
        outDir: 'dist',
        emptyOutDir: false,
        lib: { entry: resolve(root, 'src/loader.ts'), formats: ['iife'], name: 'usercareLoader', fileName: () => 'usercare.js' },
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
  return {
    ...common,
    build: {
      ...common.build,
      outDir: 'dist',
      emptyOutDir: false,
      modulePreload: false,
      rollupOptions: {
        input: {
          'uc-feedback-form': resolve(root, 'src/elements/uc-feedback-form.ts'),
          'uc-provider': resolve(root, 'src/elements/uc-provider.ts'),
        },
        preserveEntrySignatures: 'strict',
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  };
});
