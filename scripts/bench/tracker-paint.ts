/**
 * First list paint of <uc-complaint-tracker> with 1,000 complaints in the
 * device's cache and the server unreachable, in headless Chromium through
 * puppeteer-core, beside a baseline page that renders 1,000 plain <li> from
 * a JSON array in a classic script.
 *
 * Setup, once:
 * 1. a real server (startServer, SQLite) with 1,000 complaints of one user
 *    (scripts/bench/complaint-seed.ts: 200 through the lifecycle, the rest
 *    copies of them), and a second server that serves only the pages and
 *    dist/;
 * 2. the host page loads online with the user's host token: the tracker
 *    fetches its list and caches it itself, under its own key in the
 *    `cache` store of the `usercare` IndexedDB database;
 * 3. the tracker asks for one page of 100 (`loadList`, limit 100), so the
 *    bench then writes all 1,000 (as the list endpoint answers them, paged)
 *    into that same record, as the tracker would hold them if it cached
 *    more;
 * 4. the API server is closed: its port refuses connections, so the list
 *    fetch and the live stream fail at once, as offline (the site config
 *    comes from the HTTP cache while its max-age of 60 s lasts, then fails
 *    the same way).
 *
 * Each run is a new tab in the same (on-disk) browser profile, so the cache
 * is there and the scripts come from the HTTP cache or revalidate, as for a
 * returning visitor; runs alternate usercare / baseline; the first run of
 * each on each CPU setting is a warm-up and is dropped.
 *
 * Measured in the page (performance.now(), whose origin is the navigation
 * start): `domMs`, the first DOM change after which the list holds what
 * the page shows first: the tracker renders a screenful (LIST_PAGE) with a
 * "show more" button, the plain page all 1,000 (MutationObserver on the
 * tracker's shadow root, or on the document for the baseline); `paintMs`, the end of the next rendered frame
 * (requestAnimationFrame, then a message posted from it); long tasks before
 * that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { ComplaintList, ComplaintSummary } from '../../src/contract/complaints';
import { LIST_PAGE } from '../../components/uc-complaint-tracker/list-page';
import { hostToken } from '../../test/node/_helpers';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { withTimeout } from './with-timeout';
import {
  alternatingRuns,
  errorLines,
  type RunCell,
  escapeAttr,
  roundMs,
  scriptJson,
  startPagesServer,
} from './page-kit';
import { launchChromium } from './chromium-launch';
import { startSeededServer, type SeedReport } from './complaint-seed';
import { fixed, int, table } from './format';
import { median, ratio, summarize } from './stats';

export const PAINT_PAGES = {
  usercare: '/tracker.html',
  baseline: '/tracker-baseline.html',
} as const;
export type PaintPage = keyof typeof PAINT_PAGES;

export interface TrackerPaintOptions extends Pick<ApiBenchOptions, 'dir' | 'log' | 'progress' | 'onCleanup'> {
  /** the built browser files to serve at /dist */
  distDir: string;
  complaints: number;
  /** measured runs per page per CPU setting (a warm-up run comes on top) */
  runs: number;
  cpuRates: readonly number[];
  /** Date.now() after which no new run starts */
  deadline: number;
}

export interface PaintSample {
  /** navigation start → the list holds what it shows first, ms */
  domMs: number;
  /** navigation start → the end of the next rendered frame, ms */
  paintMs: number;
  longTasks: number;
  longestTaskMs: number;
}

export type PaintCell = RunCell<PaintPage, PaintSample>;

export interface TrackerPaintResults {
  chromium: string;
  seed: SeedReport;
  /** items the tracker cached by itself on its online visit, and items in the record the runs read */
  cachedByTracker: number;
  cachedForRuns: number;
  /** bytes of the cached list as JSON */
  cacheJsonBytes: number;
  cells: PaintCell[];
  /** page errors and console errors, except the refused connections to the closed API server */
  pageErrors: string[];
  /** console errors about the refused connections (expected: the server is down) */
  refusedRequests: number;
  truncated: boolean;
}

const USER = 'bench-paint-user';

function page(head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    ${head}
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>usercare bench: complaint list</title>
  </head>
  <body>
    <main>
      <h1>My complaints</h1>
      ${body}
    </main>
  </body>
</html>
`;
}

/** The plain list: one <li> a complaint with a <button> of the same texts the tracker shows, built with DOM calls. */
function baselineScript(items: readonly ComplaintSummary[]): string {
  return `var ITEMS = ${scriptJson(items)};
(function () {
  var when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  function render() {
    var list = document.createElement('ul');
    list.id = 'list';
    for (var i = 0; i < ITEMS.length; i++) {
      var item = ITEMS[i];
      var li = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      var number = document.createElement('span');
      number.textContent = item.trackingNumber;
      var status = document.createElement('span');
      status.textContent = item.status.replace(/_/g, ' ');
      var meta = document.createElement('span');
      meta.textContent = item.category + ' · received ' + when.format(new Date(item.receivedAt));
      button.append(number, ' ', status, ' ', meta);
      if (item.nextDeadline && item.nextDeadline.due) {
        var due = document.createElement('span');
        due.textContent = ' due ' + when.format(new Date(item.nextDeadline.due));
        button.append(due);
      }
      li.append(button);
      list.append(li);
    }
    document.getElementById('complaints').append(list);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
`;
}

function writePages(
  dir: string,
  options: { endpoint: string; token: string; items: readonly ComplaintSummary[] },
): void {
  writeFileSync(
    join(dir, 'tracker.html'),
    page(
      `<script src="/dist/usercare.js" data-site="${escapeAttr(BENCH_SITE)}" data-endpoint="${escapeAttr(options.endpoint)}"></script>
    <script>usercare.identify({ token: ${scriptJson(options.token)} });</script>`,
      '<uc-complaint-tracker></uc-complaint-tracker>',
    ),
  );
  writeFileSync(
    join(dir, 'tracker-baseline.html'),
    page('<script src="/tracker-baseline.js"></script>', '<div id="complaints"></div>'),
  );
  writeFileSync(join(dir, 'tracker-baseline.js'), baselineScript(options.items));
}

/**
 * Installed before any script of the page (a string: tsx's transform may add
 * helpers to a function's text that the page lacks). `window.__paint.done`
 * resolves with the figures once the list holds `count` items and the next
 * frame has been rendered.
 */
function probeScript(kind: PaintPage, count: number): string {
  return `(() => {
  const KIND = ${JSON.stringify(kind)};
  // usercare renders a screenful (LIST_PAGE) and a "show more" button; the plain page renders them all.
  const COUNT = KIND === 'usercare' ? Math.min(${count}, ${LIST_PAGE}) : ${count};
  const bench = { longTasks: [] };
  window.__paint = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let resolve;
  bench.done = new Promise((r) => (resolve = r));
  const list = (root) => (KIND === 'usercare' ? root.querySelector('ul[part~="list"]') : document.getElementById('list'));
  const watch = (root) => {
    let domAt;
    const check = () => {
      if (domAt !== undefined) return true;
      const ul = list(root);
      if (!ul || ul.childElementCount < COUNT) return false;
      domAt = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ domAt, paintAt: performance.now(), items: ul.childElementCount, stale: KIND === 'usercare' && !!root.querySelector('[part~="notice"]') });
        channel.port2.postMessage(0);
      });
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(root, { childList: true, subtree: true });
  };
  if (KIND === 'usercare') {
    // The element upgrades inside customElements.define(); Lit attaches its open shadow root on connect.
    customElements.whenDefined('uc-complaint-tracker').then(() => {
      const root = document.querySelector('uc-complaint-tracker')?.shadowRoot;
      if (root) watch(root);
      else resolve({ domAt: NaN, paintAt: NaN, items: 0, stale: false });
    });
  } else {
    watch(document);
  }
})();`;
}

interface PaintWindow {
  __paint: {
    done: Promise<{ domAt: number; paintAt: number; items: number; stale: boolean }>;
    longTasks: Array<{ start: number; duration: number }>;
  };
}

/** The user's whole list as the list endpoint pages it, latest change first. */
async function fetchAll(endpoint: string, token: string): Promise<ComplaintSummary[]> {
  const items: ComplaintSummary[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${endpoint}/v1/complaints?site=${BENCH_SITE}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, origin: endpoint } });
    if (response.status !== 200)
      throw new Error(`GET ${url}: HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const body = (await response.json()) as ComplaintList;
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Replaces the list the tracker cached with `items`, in the record it wrote
 * (the one key of the `cache` store ending in " list"); answers how many
 * items that record held before.
 */
function fillCacheScript(items: readonly ComplaintSummary[]): string {
  return `(async () => {
  const db = await new Promise((ok, fail) => {
    const open = indexedDB.open('usercare');
    open.onsuccess = () => ok(open.result);
    open.onerror = () => fail(open.error);
  });
  const done = (request) => new Promise((ok, fail) => {
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const store = db.transaction('cache', 'readwrite').objectStore('cache');
  const keys = (await done(store.getAllKeys())).filter((k) => typeof k === 'string' && k.endsWith(' list'));
  if (keys.length !== 1) { db.close(); return { error: 'expected one cached list, found: ' + JSON.stringify(keys) }; }
  const before = await done(store.get(keys[0]));
  await done(store.put({ value: ${scriptJson(items)}, storedAt: Date.now() }, keys[0]));
  const after = await done(db.transaction('cache').objectStore('cache').get(keys[0]));
  db.close();
  return { key: keys[0], before: before && Array.isArray(before.value) ? before.value.length : -1, after: after.value.length };
})()`;
}

async function oneRun(
  browser: Browser,
  baseUrl: string,
  kind: PaintPage,
  cpuRate: number,
  count: number,
  errors: { page: string[]; refused: number },
): Promise<PaintSample> {
  const tab = await browser.newPage();
  try {
    tab.setDefaultTimeout(30_000);
    tab.on('pageerror', (error) =>
      errors.page.push(
        `${kind} (cpu ${cpuRate}×): page error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    tab.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (message.text().includes('ERR_CONNECTION_REFUSED')) errors.refused++;
      else errors.page.push(`${kind} (cpu ${cpuRate}×): console error: ${message.text()}`);
    });
    const cdp = await tab.createCDPSession();
    if (cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await tab.evaluateOnNewDocument(probeScript(kind, count));
    await tab.goto(`${baseUrl}${PAINT_PAGES[kind]}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const raw = await withTimeout(
      tab.evaluate(async () => {
        const bench = (window as unknown as PaintWindow).__paint;
        const done = await bench.done;
        return { ...done, longTasks: bench.longTasks.filter((t) => t.start < done.paintAt) };
      }),
      60_000,
      `${kind}: ${count} items in the list`,
    );
    const shownFirst = kind === 'usercare' ? Math.min(count, LIST_PAGE) : count;
    if (!Number.isFinite(raw.domAt) || raw.items < shownFirst)
      throw new Error(`${kind}: the list never held ${shownFirst} items (${raw.items})`);
    if (kind === 'usercare' && !raw.stale)
      throw new Error(
        'usercare: the list shows no "may be out of date" notice: was it read from the server, not the cache?',
      );
    return {
      domMs: roundMs(raw.domAt),
      paintMs: roundMs(raw.paintAt),
      longTasks: raw.longTasks.length,
      longestTaskMs: roundMs(Math.max(0, ...raw.longTasks.map((t) => t.duration))),
    };
  } finally {
    await withTimeout(tab.close(), 10_000, 'closing a tab').catch(() => {});
  }
}

export async function runTrackerPaintBench(options: TrackerPaintOptions): Promise<TrackerPaintResults> {
  // The API server: the user's complaints, and the list the tracker caches on its online visit.
  options.progress(`  seeding ${options.complaints.toLocaleString('en-US')} complaints of one user`);
  const {
    server: api,
    hostTokenSecret,
    seed,
    close: closeApi,
  } = await startSeededServer({
    dataDir: join(options.dir, 'paint-api-data'),
    seed: {
      count: options.complaints,
      focus: { [USER]: options.complaints },
      throughLifecycle: 200,
      anonymousShare: 0,
    },
    log: options.log,
    onCleanup: options.onCleanup,
  });
  const token = await hostToken(hostTokenSecret, USER, 3 * 3600, 'Bench User');
  const items = await fetchAll(api.url, token);
  if (items.length !== options.complaints)
    throw new Error(`the list endpoint gave ${items.length} of ${options.complaints} complaints`);

  // The page server: pages and dist/ only, up all the time.
  const pagesDir = join(options.dir, 'paint-pages');
  mkdirSync(pagesDir, { recursive: true });
  writePages(pagesDir, { endpoint: api.url, token, items });
  const pages = await startPagesServer({ ...options, dataDir: join(options.dir, 'paint-pages-data'), pagesDir });

  const { browser, close: closeBrowser } = await launchChromium('paint', options.onCleanup);
  try {
    const chromium = await browser.version();

    // The online visit: the tracker caches its list; then the cached record gets all the complaints.
    options.progress('  online visit: the tracker caches the list');
    const visit: Page = await browser.newPage();
    const said: string[] = [];
    visit.on('pageerror', (error) =>
      said.push(`page error: ${error instanceof Error ? error.message : String(error)}`),
    );
    visit.on(
      'console',
      (message) => void (message.type() === 'error' && said.push(`console error: ${message.text()}`)),
    );
    await visit.goto(`${pages.url}${PAINT_PAGES.usercare}`, { waitUntil: 'load', timeout: 30_000 });
    // Polled: a deep selector waited on by DOM mutations does not see changes inside a shadow root.
    const listShown = () =>
      !!document.querySelector('uc-complaint-tracker')?.shadowRoot?.querySelector('li[part~="item"]');
    await visit.waitForFunction(listShown, { polling: 100, timeout: 30_000 }).catch(async (error: unknown) => {
      const shown = await visit.evaluate(() =>
        document
          .querySelector('uc-complaint-tracker')
          ?.shadowRoot?.textContent?.replace(/\s+/g, ' ')
          .trim()
          .slice(0, 300),
      );
      throw new Error(
        `online, the tracker showed no list (it shows: "${shown ?? ''}"; ${said.join('; ') || 'no errors'}): ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    // The list is cached after it is fetched and before it is shown; still, allow the write a moment.
    let filled: { error?: string; key?: string; before?: number; after?: number } = {};
    for (let attempt = 0; attempt < 50; attempt++) {
      filled = (await withTimeout(
        visit.evaluate(fillCacheScript(items)),
        15_000,
        'writing the cached list',
      )) as typeof filled;
      if (!filled.error) break;
      await new Promise((next) => setTimeout(next, 100));
    }
    if (filled.error) throw new Error(`the tracker cached no list: ${filled.error}`);
    await visit.close();
    if (filled.after !== items.length) throw new Error(`the cache holds ${filled.after} items, not ${items.length}`);
    await closeApi();

    const errors = { page: [] as string[], refused: 0 };
    const { cells, truncated } = await alternatingRuns(
      { ...options, pages: ['usercare', 'baseline'] as PaintPage[] },
      (page, cpuRate) => oneRun(browser, pages.url, page, cpuRate, items.length, errors),
    );
    return {
      chromium,
      seed,
      cachedByTracker: filled.before ?? -1,
      cachedForRuns: filled.after ?? -1,
      cacheJsonBytes: Buffer.byteLength(JSON.stringify(items)),
      cells,
      pageErrors: errors.page,
      refusedRequests: errors.refused,
      truncated,
    };
  } finally {
    await closeBrowser();
  }
}

/** The issue's budget for the first list paint with 1,000 cached complaints. */
export const PAINT_TARGET_MS = 100;

/** Section e of the report, and its JSON. */
export function renderTrackerPaint(r: TrackerPaintResults): { text: string; json: Record<string, unknown> } {
  const lines = [
    `e. first list paint: <uc-complaint-tracker> with ${int(r.cachedForRuns)} complaints in the device cache (${fixed(r.cacheJsonBytes / 1024, 0)} KB as JSON), the server unreachable; ms from navigation start; a new tab per run in one profile (a returning visitor)`,
    `   baseline: ${int(r.cachedForRuns)} plain <li><button> with the same texts, built from a JSON array in a classic script`,
  ];
  const rows: string[][] = [];
  const json: Record<string, unknown> = {};
  const cell = (cpuRate: number, page: PaintPage) => r.cells.find((c) => c.cpuRate === cpuRate && c.page === page);
  for (const cpuRate of [...new Set(r.cells.map((c) => c.cpuRate))]) {
    const u = cell(cpuRate, 'usercare');
    const b = cell(cpuRate, 'baseline');
    for (const c of [u, b]) {
      if (!c) continue;
      const dom = summarize(c.samples.map((x) => x.domMs));
      const paint = summarize(c.samples.map((x) => x.paintMs));
      const longTasks = c.samples.reduce((n, x) => n + x.longTasks, 0);
      const longest = Math.max(0, ...c.samples.map((x) => x.longestTaskMs));
      rows.push([
        `${cpuRate}×`,
        c.page,
        String(dom.n),
        fixed(dom.median),
        fixed(dom.p90),
        fixed(paint.median),
        fixed(paint.p90),
        `${longTasks}${longTasks ? ` (longest ${fixed(longest, 0)} ms)` : ''}`,
      ]);
      json[`cpu${cpuRate}x.${c.page}`] = {
        domMs: dom,
        paintMs: paint,
        longTasks,
        longestTaskMs: longest,
        samples: c.samples,
      };
    }
    if (u && b) {
      const q = (c: PaintCell, key: 'domMs' | 'paintMs') => summarize(c.samples.map((x) => x[key]));
      rows.push([
        `${cpuRate}×`,
        'usercare/baseline',
        '',
        ratio(q(u, 'domMs').median, q(b, 'domMs').median),
        ratio(q(u, 'domMs').p90, q(b, 'domMs').p90),
        ratio(q(u, 'paintMs').median, q(b, 'paintMs').median),
        ratio(q(u, 'paintMs').p90, q(b, 'paintMs').p90),
        '',
      ]);
    }
  }
  lines.push(
    table(
      ['cpu', 'page', 'runs', 'in DOM median', 'p90', 'painted median', 'p90', 'long tasks until painted (all runs)'],
      rows,
      ['left', 'left'],
    ),
  );
  const u1 = cell(1, 'usercare');
  if (u1?.samples.length) {
    const painted = median(u1.samples.map((x) => x.paintMs));
    lines.push(
      `  target ≤ ${PAINT_TARGET_MS} ms (1×, usercare): ${painted <= PAINT_TARGET_MS ? 'met' : 'MISSED'}, median ${fixed(painted)} ms painted, ${fixed(median(u1.samples.map((x) => x.domMs)))} ms in the DOM`,
    );
  }
  lines.push(
    `  in DOM: the first DOM change after which the list holds what it shows first (usercare: the first ${LIST_PAGE} and "show more"; the plain page: every item); painted: the end of the next rendered frame (rAF, then a posted message).`,
    `  the tracker cached ${r.cachedByTracker} items by itself online (loadList asks for limit 100); the bench wrote all ${int(r.cachedForRuns)} into that record.`,
    `  refused requests to the closed API port (expected): ${r.refusedRequests}`,
  );
  if (r.truncated) lines.push('  NOTE: the time budget cut the runs short; see the run counts.');
  lines.push(...errorLines(r.pageErrors));
  return {
    text: lines.join('\n'),
    json: {
      ...json,
      targetMs: PAINT_TARGET_MS,
      seed: r.seed,
      cachedByTracker: r.cachedByTracker,
      cachedForRuns: r.cachedForRuns,
      cacheJsonBytes: r.cacheJsonBytes,
      refusedRequests: r.refusedRequests,
      pageErrors: r.pageErrors,
      truncated: r.truncated,
    },
  };
}
