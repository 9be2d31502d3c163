/**
 * The pages the browser bench loads, written to a temp folder the server
 * serves as its `demo` root, and the probe injected into them.
 *
 * - usercare.html: a plain host page, the loader script tag first in <head>
 *   (where site owners are asked to place it, so the consent stub runs before
 *   the page's own scripts) and one <uc-feedback-form>.
 * - baseline.html: the same page with a plain <form><textarea><button> built
 *   by a tiny external classic script (baseline.js), also first in <head>: what
 *   any form costs on this machine, so usercare is reported as a ratio to it.
 *
 * Both pages say lang="en", so usercare loads the en catalog and shows the
 * en "draft saved" text the typing bench waits for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PAGES = {
  usercare: { path: '/usercare.html', script: '/dist/usercare.js' },
  baseline: { path: '/baseline.html', script: '/baseline.js' },
} as const;
export type PageKind = keyof typeof PAGES;

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(headScript: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    ${headScript}
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <!-- no favicon request: its 404 would show as a console error that is nobody's -->
    <link rel="icon" href="data:," />
    <title>usercare bench host page</title>
  </head>
  <body>
    <main>
      <h1>A shop</h1>
      <p>Questions about an order? Write to us.</p>
      ${body}
    </main>
  </body>
</html>
`;
}

/** Builds the bare form with DOM calls once the body is parsed; no framework, no storage. */
const BASELINE_JS = `(function () {
  function render() {
    var host = document.getElementById('bare-form');
    var form = document.createElement('form');
    var label = document.createElement('label');
    label.textContent = 'Message';
    var textarea = document.createElement('textarea');
    textarea.name = 'message';
    textarea.required = true;
    label.appendChild(textarea);
    var button = document.createElement('button');
    button.type = 'submit';
    button.textContent = 'Send';
    form.appendChild(label);
    form.appendChild(button);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    host.appendChild(form);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
`;

export function writePages(dir: string, options: { endpoint: string; site: string }): void {
  writeFileSync(
    join(dir, 'usercare.html'),
    page(
      `<script src="${PAGES.usercare.script}" data-site="${escapeAttr(options.site)}" data-endpoint="${escapeAttr(options.endpoint)}"></script>`,
      '<uc-feedback-form></uc-feedback-form>',
    ),
  );
  writeFileSync(
    join(dir, 'baseline.html'),
    page(`<script src="${PAGES.baseline.script}"></script>`, '<div id="bare-form"></div>'),
  );
  writeFileSync(join(dir, 'baseline.js'), BASELINE_JS);
}

/**
 * Installed with evaluateOnNewDocument, before any script of the page.
 * A string, not a function: tsx's transform may add helpers to a function's
 * text that do not exist in the page.
 *
 * `window.__bench`:
 * - interactive: resolves with performance.now() at the first DOM change
 *   after which the form has its message textarea and an enabled submit button
 *   (a MutationObserver callback: microtask precision, before paint);
 * - longTasks: every 'longtask' entry of the page, from its start;
 * - lastInputAt / lastSavedAt: Date.now() of the last input event (capture, on
 *   window, so before the form's own handler) and the savedAt of the last
 *   uc-draft-saved event (the draft's updatedAt, also Date.now());
 * - waitSaved(text, ms): resolves once the form has saved the draft as it was
 *   after the last keystroke and shows `text` in its draft status.
 */
export function probeScript(kind: PageKind): string {
  return `(() => {
  const KIND = ${JSON.stringify(kind)};
  const bench = { longTasks: [], interactiveAt: undefined, lastInputAt: 0, lastSavedAt: -1 };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  addEventListener('input', () => { bench.lastInputAt = Date.now(); }, true);
  addEventListener('uc-draft-saved', (e) => { bench.lastSavedAt = e.detail.savedAt; }, true);

  const formRoot = () => KIND === 'usercare' ? document.querySelector('uc-feedback-form')?.shadowRoot : document.getElementById('bare-form');
  bench.formRoot = formRoot;
  const ready = () => {
    const root = formRoot();
    if (!root) return false;
    const textarea = root.querySelector('textarea[name="message"]');
    const button = root.querySelector(KIND === 'usercare' ? 'button[part~="submit"]' : 'button[type="submit"]');
    return !!textarea && !textarea.disabled && !!button && !button.disabled;
  };
  let resolve;
  bench.interactive = new Promise((r) => (resolve = r));
  const watch = (target) => {
    const check = () => {
      if (bench.interactiveAt !== undefined || !ready()) return false;
      bench.interactiveAt = performance.now();
      resolve(bench.interactiveAt);
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(target, { childList: true, subtree: true, attributes: true });
  };
  if (KIND === 'usercare') {
    // The element upgrades inside customElements.define(); Lit attaches its
    // open shadow root on connect, so it exists when whenDefined resolves.
    customElements.whenDefined('uc-feedback-form').then(() => {
      const root = formRoot();
      if (root) watch(root);
      else resolve(Number.NaN);
    });
  } else {
    watch(document);
  }

  bench.waitSaved = (text, timeoutMs) => new Promise((done, fail) => {
    const root = formRoot();
    const status = () => root?.querySelector('[part~="draft-status"]')?.textContent?.trim() ?? '';
    const check = () => bench.lastSavedAt >= bench.lastInputAt && status() === text;
    if (check()) return done(true);
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); clearTimeout(timer); done(true); }
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      fail(new Error('draft not saved within ' + timeoutMs + ' ms (status: "' + status() + '", savedAt ' + bench.lastSavedAt + ', last input ' + bench.lastInputAt + ')'));
    }, timeoutMs);
  });
})();`;
}
