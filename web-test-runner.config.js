// Browser tests: real headless Chromium (Debian's), the real reference server
// on a temporary SQLite file, and a fault proxy in front of it. The harness
// runs as a child process (it is TypeScript, run by tsx).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.js';

const PORT = Number(process.env.WTR_PORT ?? 8765);

/** What the harness printed when it started: its API origin and test identities. */
let harnessInfo;

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
      harnessInfo = info;
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
        const mode = q.mode === 'compact' ? ' mode="compact"' : '';
        const element =
          q.element === 'uc-complaint-tracker'
            ? `<uc-complaint-tracker${complaint}></uc-complaint-tracker>`
            : q.element === 'uc-points-widget'
              ? `<uc-points-widget${mode}></uc-points-widget>`
              : `<uc-feedback-form${form}></uc-feedback-form>`;
        // Host-page conditions set up before the loader runs (test/browser/fixtures/*.js).
        const fixtures = (q.fixtures ?? '')
          .split(',')
          .filter((name) => /^[a-z-]+$/.test(name))
          .map((name) => `<script src="/test/browser/fixtures/${name}.js"></script>`)
          .join('');
        // A strict CSP (no 'unsafe-inline', no 'unsafe-eval', as sites that care about XSS set it), watched from the first script on.
        const csp = q.csp
          ? `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self' ${info.api}; img-src 'self' blob: data:"><script src="/test/browser/fixtures/csp-watch.js"></script>`
          : '';
        const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${csp}<title>Host</title>
${fixtures}<script src="${q.loader === 'server' ? info.api : ''}/dist/usercare.js" data-site="${q.site ?? 'test'}" data-endpoint="${endpoint}"></script>${inline}
</head><body><h1>An existing site</h1><main>${q.noelement ? '' : element}</main></body></html>`;
        return { body, type: 'html' };
      }
      // A page with consent management (test/browser/consent-stub.test.ts): gated elements, the loader with or
      // without data-consent, fixtures before the loader, and optionally a strict CSP with a nonce.
      if (context.path === '/__consent.html') return { body: consentPage(context.query, info), type: 'html' };
      // A back office: the back-office loader's tag and the staff console (test/browser/support/staff-page.ts).
      if (context.path === '/__admin.html') {
        const q = context.query;
        const lang = q.lang === 'zh-CN' ? 'zh-CN' : 'en';
        const hash = q.route && /^#\/[\w/-]+$/.test(q.route) ? q.route : '';
        // The console (linking to the studio's page for those who may configure the site), or the studio itself.
        const element =
          q.element === 'uc-studio'
            ? '<uc-studio></uc-studio>'
            : `<uc-staff-console studio-href="/__admin.html?element=uc-studio&amp;lang=${lang}"></uc-staff-console>`;
        const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Back office</title>
<script src="/dist/usercare-admin.js" data-site="${q.site ?? 'test'}" data-endpoint="${q.endpoint ?? info.api}"></script>
${hash ? `<script>location.hash = ${JSON.stringify(hash)};</script>` : ''}
${q.axe ? '<script src="/node_modules/axe-core/axe.js"></script>' : ''}
</head><body><h1>A back office</h1><main>${element}</main></body></html>`;
        return { body, type: 'html' };
      }
      return undefined;
    },
  };
}

/** The page's CSP nonce: on the loader tag, and on the gated scripts the site owner wrote (the stub runs no gated script without it). */
const NONCE = 'uc-test-nonce-3f9a';
/** Gated elements a consent page can have, by name; each gated script records its name in window.__ran when it runs. */
const GATED = {
  'analytics-inline': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics">(window.__ran ||= []).push('analytics-inline')</script>`,
  'analytics-src': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics" src="/test/browser/fixtures/gated-ran.js" data-name="analytics-src"></script>`,
  'analytics-module': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics" data-uc-type="module">(window.__ran ||= []).push('analytics-module')</script>`,
  // a script as other consent tools write it: its source in data-uc-src
  'analytics-uc-src': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics" data-uc-src="/test/browser/fixtures/gated-ran.js" data-name="analytics-uc-src"></script>`,
  // a script that waits for DOMContentLoaded, as many snippets do
  'analytics-dcl': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics">(window.__ran ||= []).push('analytics-dcl'); document.addEventListener('DOMContentLoaded', () => window.__ran.push('dcl-heard'))</script>`,
  'stats-inline': `<script nonce="${NONCE}" type="text/plain" data-uc-category="analytics" data-uc-service="stats">(window.__ran ||= []).push('stats-inline')</script>`,
  'marketing-inline': `<script nonce="${NONCE}" type="text/plain" data-uc-category="marketing">(window.__ran ||= []).push('marketing-inline')</script>`,
  'marketing-src': `<script nonce="${NONCE}" type="text/plain" data-uc-category="marketing" src="/test/browser/fixtures/gated-ran.js" data-name="marketing-src"></script>`,
  'necessary-inline': `<script nonce="${NONCE}" type="text/plain" data-uc-category="necessary">(window.__ran ||= []).push('necessary-inline')</script>`,
  'analytics-no-nonce': `<script type="text/plain" data-uc-category="analytics">(window.__ran ||= []).push('analytics-no-nonce')</script>`,
  'unknown-inline': `<script nonce="${NONCE}" type="text/plain" data-uc-category="social">(window.__ran ||= []).push('unknown-inline')</script>`,
  'analytics-img': `<img alt="" data-uc-category="analytics" data-uc-src="/test/browser/fixtures/gated-pixel.svg">`,
  'marketing-iframe': `<iframe title="ads" data-uc-category="marketing" data-uc-src="/test/browser/fixtures/gated-frame.html"></iframe>`,
  settings: `<uc-consent-settings></uc-consent-settings>`,
  'settings-label': `<uc-consent-settings>Cookies</uc-consent-settings>`,
  banner: `<uc-consent-banner></uc-consent-banner>`,
  // a page script (not gated): what the gated ones before it had done when it ran
  'page-order': `<script>window.__before = [...(window.__ran ?? [])]</script>`,
};
const names = (list) => (list ?? '').split(',').filter((name) => /^[a-z-]+$/.test(name));

function consentPage(q, info) {
  const endpoint = q.endpoint ?? info.api;
  const csp = q.csp
    ? `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'nonce-${NONCE}'; connect-src 'self' ${info.api}">`
    : '';
  // Host-page conditions set up before the loader runs (test/browser/fixtures/*.js); `after`: page scripts after it.
  const scripts = (list) =>
    names(list)
      .map((name) => `<script src="/test/browser/fixtures/${name}.js"></script>`)
      .join('');
  const site = q.site === 'locked' ? 'locked' : 'test';
  const attributes = `${q.consent === '0' ? '' : ' data-consent'} data-site="${site}"${endpoint === 'none' ? '' : ` data-endpoint="${endpoint}"`}`;
  const gated = names(q.gated)
    .map((name) => GATED[name] ?? '')
    .join('\n');
  return `<!doctype html><html lang="${q.lang === 'zh-CN' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">${csp}<title>Consent host</title>
${q.csp ? scripts('csp-watch') : ''}${scripts(q.fixtures)}<script src="/dist/usercare.js" nonce="${NONCE}"${attributes}></script>${scripts(q.after)}
</head><body><h1>An existing site</h1><main>
${gated}
</main></body></html>`;
}

export default {
  rootDir: '.',
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: PORT,
  // A consent page that arrives in two parts, split inside the text of the gated script named by `split`:
  // the loader's MutationObserver then sees that script before the parser has all of it.
  middleware: [
    async (context, next) => {
      if (context.path !== '/__consent.html' || !context.query.split) return next();
      const page = consentPage(context.query, harnessInfo);
      const at = page.indexOf(`push('${context.query.split}')`) + 'push('.length;
      const body = new PassThrough();
      context.type = 'html';
      context.body = body;
      body.write(page.slice(0, at));
      setTimeout(() => body.end(page.slice(at)), 400);
    },
  ],
  concurrency: 1,
  // The whole run (all files, one at a time); 13 files take ~5 min on a busy 2-core machine.
  testsFinishTimeout: 900_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), harnessPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'usercare-chromium-'))}`],
      },
    }),
  ],
};
