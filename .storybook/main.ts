import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { mergeConfig, type Plugin } from 'vite';
import { publicApiOnly, type Manifest } from './manifest';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** Where the analyzer writes for Storybook: a cache, so `npm run build` is not needed first and nothing lands in the tree. */
const manifestDir = join(root, 'node_modules', '.cache', 'usercare-storybook');
const MANIFEST_ID = 'virtual:usercare/custom-elements';

async function analyze(): Promise<Manifest> {
  const cli = require.resolve('@custom-elements-manifest/analyzer/cem.js');
  await promisify(execFile)(
    process.execPath,
    [
      cli,
      'analyze',
      '--config',
      '.storybook/custom-elements-manifest.config.js',
      '--outdir',
      relative(root, manifestDir),
    ],
    {
      cwd: root,
    },
  );
  return publicApiOnly(JSON.parse(await readFile(join(manifestDir, 'custom-elements.json'), 'utf8')) as Manifest);
}

/**
 * Serves the custom elements manifest, made from components/ by the same
 * analyzer `npm run build` uses, as a virtual module (read by
 * manifest.preview.ts); in `storybook dev` it is made again when a
 * component changes, so docs and controls follow the JSDoc.
 */
function customElementsManifest(): Plugin {
  const resolved = `\0${MANIFEST_ID}`;
  let current: Promise<Manifest> | undefined;
  return {
    name: 'usercare:custom-elements-manifest',
    resolveId: (id) => (id === MANIFEST_ID ? resolved : undefined),
    async load(id) {
      if (id !== resolved) return undefined;
      current ??= analyze();
      return `export default ${JSON.stringify(await current)};`;
    },
    configureServer(server) {
      const components = join(root, 'components') + sep;
      server.watcher.on('change', (file) => {
        if (!file.startsWith(components) || !file.endsWith('.ts')) return;
        current = undefined;
        const module = server.moduleGraph.getModuleById(resolved);
        if (module) {
          server.moduleGraph.invalidateModule(module);
          server.ws.send({ type: 'full-reload' });
        }
      });
    },
  };
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // No calls to storybook.js.org (TOOLCHAIN.md: telemetry looks up its home page; the dev manager asks for "what's new").
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  previewAnnotations: async (entries = []) => [...entries, join(import.meta.dirname, 'manifest.preview.ts')],
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      plugins: [customElementsManifest()],
      // Without these, `storybook dev` pre-bundles lit twice and elements run against two copies of lit-html.
      optimizeDeps: { include: ['lit', 'lit/directive-helpers.js'] },
    }),
};

export default config;
