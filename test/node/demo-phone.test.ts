/**
 * Every page of the demo (the shop and its back office) fits a 390 px phone:
 * nothing, in the page or inside an element's shadow root, is wider than the
 * screen, so the page never scrolls sideways. The demo entry runs as a
 * process, and Debian's Chromium shows each page at a phone's size.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.js';
import { spawnEntry, type EntryProcess } from './_helpers';

const BUILT = existsSync(fileURLToPath(new URL('../../dist/usercare-admin.js', import.meta.url)));
const PAGES = [
  '/',
  '/complaints.html',
  '/points.html',
  '/consent.html',
  '/fees.html',
  '/privacy.html',
  '/terms.html',
  '/en/',
  '/en/complaints.html',
  '/en/points.html',
  '/en/consent.html',
  '/admin/',
  '/en/admin/',
];

/** Every usercare element on the page has rendered into its shadow root. */
const RENDERED = `[...document.querySelectorAll('*')].every((e) => !e.localName.startsWith('uc-') || e.shadowRoot?.childElementCount)`;

/** How wide the page is, and the first elements (shadow roots included) that reach past the screen. */
const MEASURE = `(() => {
  const all = (root) => [...root.querySelectorAll('*')].flatMap((e) => [e, ...(e.shadowRoot ? all(e.shadowRoot) : [])]);
  const width = document.documentElement.clientWidth;
  return {
    scroll: document.documentElement.scrollWidth,
    width,
    over: all(document)
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 3)
      .map((e) => e.localName + '.' + (e.getAttribute('part') ?? e.className)),
  };
})()`;

describe('the demo on a phone', { skip: BUILT ? false : 'dist/ is not built: npm run build' }, () => {
  let demo: EntryProcess;
  let browser: Browser;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'usercare-demo-phone-'));
    demo = await spawnEntry('src/server/demo/main.ts', { DATA_DIR: dataDir });
    assert.ok(demo.url, demo.stderr());
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--headless=new'],
      userDataDir: mkdtempSync(join(tmpdir(), 'usercare-chromium-')),
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('no page is wider than a 390 px screen, shadow roots included', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, isMobile: true });
    const wide: string[] = [];
    for (const path of PAGES) {
      await page.goto(demo.url + path, { waitUntil: 'load' });
      // The elements load their chunks and render after `load`.
      await page
        .waitForFunction(RENDERED, { timeout: 15_000 })
        .catch(() => assert.fail(`${path}: the usercare elements did not render`));
      await new Promise((done) => setTimeout(done, 500));
      // Source text, not a function: tsx would wrap a function's inner ones in a helper the page does not have.
      const found = (await page.evaluate(MEASURE)) as { scroll: number; width: number; over: string[] };
      if (found.scroll > found.width || found.over.length)
        wide.push(`${path}: ${found.scroll} px wide on a ${found.width} px screen (${found.over.join(', ')})`);
    }
    assert.deepEqual(wide, []);
  });
});
