// Browser tests: real headless Chromium (Debian's), the real reference server
// on a temporary SQLite file, and a fault proxy in front of it. The harness
// runs as a child process (it is TypeScript, run by tsx).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.js';

const PORT = Number(process.env.WTR_PORT ?? 8765);

function harnessPlugin() {
  let child;
  let info;
  return {
    name: 'usercare-harness',
    async serverStart() {
      child = spawn(process.execPath, ['--import', 'tsx', 'test/support/harness-main.ts'], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env: { ...process.env, HARNESS_ORIGINS: `http://localhost:${PORT},http://127.0.0.1:${PORT}` },
      });
      const lines = createInterface({ input: child.stdout });
      info = await new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the test harness exited with ${code}`)));
        lines.once('line', (line) => resolve(JSON.parse(line)));
      });
      lines.on('line', (line) => console.log(`[harness] ${line}`));
    },
    async serverStop() {
      child?.stdin.end();
      child?.kill('SIGTERM');
    },
    serve(context) {
      if (context.path === '/__harness.json') return { body: JSON.stringify(info), type: 'json' };
      // A plain "existing site" page that uses usercare only through the script tag.
      if (context.path === '/__host.html') {
        const q = context.query;
        const lang = q.lang ?? 'en';
        const inline = q.config ? `<script type="application/json" data-usercare-config>${q.config}</script>` : '';
        const endpoint = q.endpoint ?? info.api;
        const form = q.form ? ` form="${q.form}"` : '';
        // The element on the page: the form by default, or the tracker (optionally showing one complaint).
        const complaint = q.complaint && /^[A-Za-z0-9-]+$/.test(q.complaint) ? ` complaint-id="${q.complaint}"` : '';
        const element = q.element === 'uc-complaint-tracker' ? `<uc-complaint-tracker${complaint}></uc-complaint-tracker>` : `<uc-feedback-form${form}></uc-feedback-form>`;
        // Host-page conditions set up before the loader runs (test/browser/fixtures/*.js).
        const fixtures = (q.fixtures ?? '')
          .split(',')
          .filter((name) => /^[a-z-]+$/.test(name))
          .map((name) => `<script src="/test/browser/fixtures/${name}.js"></script>`)
          .join('');
        const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Host</title>
${fixtures}<script src="/dist/usercare.js" data-site="${q.site ?? 'test'}" data-endpoint="${endpoint}"></script>${inline}
</head><body><h1>An existing site</h1><main>${q.noelement ? '' : element}</main></body></html>`;
        return { body, type: 'html' };
      }
      return undefined;
    },
  };
}

export default {
  rootDir: '.',
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: PORT,
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), harnessPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          `--user-data-dir=${mkdtempSync(join(tmpdir(), 'usercare-chromium-'))}`,
        ],
      },
    }),
  ],
};
