/**
 * Section i: the staff queue's first paint and its scrolling, in headless
 * Chromium through puppeteer-core, at 1280×720.
 *
 * Setup, once: the real server (startServer, SQLite) with 10,000 complaints
 * of one site and a staff secret; a second server serving only the pages,
 * dist/ and the floor's files. Three pages ask the real server for the same
 * first page of the queue (50 rows, soonest deadline first) with the same
 * staff token:
 * - usercare: the back-office loader's tag, `usercare.identifyStaff()` and
 *   `<uc-staff-console>` (its default route is the queue);
 * - floor: the same loader, with scripts/bench/queue-floor-console.ts built
 *   into one file in place of the console's chunk (its shared chunks
 *   emptied): Lit and the virtualiser rendering the same rows in the queue's
 *   styles and nothing else;
 * - table: a classic script building a plain <table> of the 50 rows.
 *
 * Measured in the page (performance.now(), from navigation start): each
 * time the number of rows in the DOM (`[data-index]`, in the document and in
 * every shadow root) changes, the instant and the end of the next frame
 * (requestAnimationFrame, then a posted message). Once the count has not
 * changed for QUIET_MS, the rows painted are those the page settled on (the
 * virtualised pages draw the rows the screen holds, the table all 50) and
 * `paintMs` is the frame after the count first reached them.
 *
 * Then, at 1× CPU, usercare and the floor in turn (SCROLL_PASSES each): the
 * queue is scrolled to its end until it holds SCROLL_ROWS rows (both ask for
 * the next page by cursor as they go), back to the top, and then down
 * through all of them a step every other frame; long tasks
 * (PerformanceObserver 'longtask', over 50 ms by definition) during that pass
 * are counted. The floor's passes say what Lit and the virtualiser cost
 * alone on this machine, so a miss can be told apart from the stack's.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import type { QueuePage } from '../../src/contract/staff';
import { staffToken } from '../../test/node/_helpers';
import { BENCH_SITE, type ApiBenchOptions } from './api';
import { launchChromium } from './chromium-launch';
import { startSeededServer, type SeedReport } from './complaint-seed';
import { DistGraph } from './dist-graph';
import { fixed, int, table } from './format';
import { ratio, summarize } from './stats';
import { withTimeout } from './with-timeout';
import {
  alternatingRuns,
  buildOneFile,
  errorLines,
  escapeAttr,
  gatherErrors,
  roundMs,
  scriptJson,
  startPagesServer,
} from './page-kit';

export const QUEUE_PAGES = {
  usercare: '/queue.html',
  floor: '/queue-floor.html',
  table: '/queue-table.html',
} as const;
export type QueuePaintPage = keyof typeof QUEUE_PAGES;
const KINDS: QueuePaintPage[] = ['usercare', 'floor', 'table'];

/** The issue's budget: usercare's first 50 rows painted within this many times the floor's. */
export const QUEUE_PAINT_TARGET = 1.5;
/** The rows the scrolling pass goes through, and the longest task it may have, ms. */
export const SCROLL_ROWS = 10_000;
export const LONG_TASK_LIMIT_MS = 50;
/** How long the row count must stay the same for the page to count as settled. */
const QUIET_MS = 700;
const VIEWPORT = { width: 1280, height: 720 };
const FIRST_PAGE = 50;
const FLOOR_DIR = '/floor';
const CONSOLE_FILE = 'operator/uc-staff-console.js';
const FLOOR_ENTRY = fileURLToPath(new URL('./queue-floor-console.ts', import.meta.url));

export interface QueuePaintOptions extends Pick<ApiBenchOptions, 'dir' | 'log' | 'progress' | 'onCleanup'> {
  distDir: string;
  complaints: number;
  /** measured runs per page per CPU setting (a warm-up run comes on top) */
  runs: number;
  cpuRates: readonly number[];
  deadline: number;
}

export interface QueuePaintSample {
  /** navigation start → the rows the page settled on are in the DOM, ms */
  domMs: number;
  /** → the end of the frame after that, ms */
  paintMs: number;
  rows: number;
  longTasks: number;
  longestTaskMs: number;
}

export interface ScrollResult {
  page: 'usercare' | 'floor';
  rowsLoaded: number;
  /** scroll steps taken, each SCROLL_STEP_PX down */
  steps: number;
  /** steps after which the page was no further down (the virtualiser moved it back) */
  stalled: number;
  /** the last row reached is in the DOM, and the page is at its end */
  lastIndex: number;
  atEnd: boolean;
  ms: number;
  longTasks: number;
  longestTaskMs: number;
  /** the rows in the DOM at the end: the virtualiser keeps only those near the screen */
  rowsInDom: number;
  /** every node in the list's element at the end, markers included (a leak of lit's grew it by one a row) */
  nodesInList: number;
}

export interface QueuePaintResults {
  chromium: string;
  seed: SeedReport;
  firstPageBytes: number;
  cells: Array<{ cpuRate: number; page: QueuePaintPage; samples: QueuePaintSample[] }>;
  /** the scrolling passes, usercare and floor alternating */
  scroll: ScrollResult[];
  pageErrors: string[];
  truncated: boolean;
}

function page(head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>usercare bench: staff queue</title>
    ${head}
  </head>
  <body>
    <main>
      <h1>Back office</h1>
      ${body}
    </main>
  </body>
</html>
`;
}

/** The plain table: one <tr> a row with the same texts as the floor's, built with DOM calls once the JSON is in. */
function tableScript(staff: { endpoint: string; site: string; token: string }): string {
  return `(function () {
  var S = ${scriptJson(staff)};
  var when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  fetch(S.endpoint + '/v1/staff/queue?site=' + encodeURIComponent(S.site) + '&limit=50', { headers: { authorization: 'Bearer ' + S.token } })
    .then(function (r) { return r.json(); })
    .then(function (page) {
      var body = document.createElement('tbody');
      page.items.forEach(function (item, index) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-index', String(index));
        var cells = [
          item.trackingNumber,
          item.status.replace(/_/g, ' '),
          item.kind + ' · ' + item.category + ' · ' + item.channel,
          item.assignee ? 'Assigned to ' + item.assignee.name : 'Nobody',
          item.deadlines.map(function (d) { return d.name + ' ' + (d.due ? 'due ' + when.format(new Date(d.due)) : 'paused'); }).join(', '),
          item.excerpt,
        ];
        cells.forEach(function (text) { var td = document.createElement('td'); td.textContent = text; tr.append(td); });
        body.append(tr);
      });
      var t = document.createElement('table');
      t.append(body);
      document.getElementById('queue').append(t);
    });
})();
`;
}

function writePages(dir: string, staff: { endpoint: string; site: string; token: string }): void {
  const loaderTag = (src: string) =>
    `<script src="${src}" data-site="${escapeAttr(staff.site)}" data-endpoint="${escapeAttr(staff.endpoint)}"></script>`;
  writeFileSync(
    join(dir, QUEUE_PAGES.usercare.slice(1)),
    page(
      `${loaderTag('/dist/usercare-admin.js')}
    <script>usercare.identifyStaff({ token: ${scriptJson(staff.token)} });</script>`,
      '<uc-staff-console></uc-staff-console>',
    ),
  );
  writeFileSync(
    join(dir, QUEUE_PAGES.floor.slice(1)),
    page(
      `<script>window.__benchStaff = ${scriptJson(staff)};</script>
    ${loaderTag(`${FLOOR_DIR}/usercare-admin.js`)}`,
      '<uc-staff-console></uc-staff-console>',
    ),
  );
  writeFileSync(
    join(dir, QUEUE_PAGES.table.slice(1)),
    page('<script src="/queue-table.js"></script>', '<div id="queue"></div>'),
  );
  writeFileSync(join(dir, 'queue-table.js'), tableScript(staff));
}

/**
 * The floor's files: the real back-office loader; the floor console built
 * into one file (lit, the virtualiser and the queue's styles bundled,
 * minified like dist/) under the console chunk's name; and, since the loader
 * fetches and evaluates the console's shared chunks before it, those chunks
 * as empty modules.
 */
async function writeFloor(dir: string, distDir: string): Promise<void> {
  const floor = join(dir, FLOOR_DIR.slice(1));
  mkdirSync(join(floor, 'operator', 'chunks'), { recursive: true });
  copyFileSync(join(distDir, 'usercare-admin.js'), join(floor, 'usercare-admin.js'));
  for (const chunk of new DistGraph(distDir).staticClosure(CONSOLE_FILE))
    if (chunk !== CONSOLE_FILE) writeFileSync(join(floor, chunk), 'export {};\n');
  writeFileSync(join(floor, CONSOLE_FILE), await buildOneFile(FLOOR_ENTRY, 'uc-staff-console.js'));
}

/**
 * Installed before any script of the page (a string: tsx's transform may add
 * helpers to a function's text that the page lacks). Watches the document
 * and every shadow root as it is attached; `window.__queue.settled`
 * resolves with the count's history once it has been still for QUIET_MS.
 */
const PROBE = `(() => {
  const bench = { longTasks: [], changes: [] };
  window.__queue = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const roots = [document];
  const count = () => roots.reduce((n, root) => n + root.querySelectorAll('[data-index]').length, 0);
  let last = 0;
  let quiet;
  let resolve;
  bench.settled = new Promise((r) => (resolve = r));
  const settle = () => resolve({ changes: bench.changes, rows: last });
  const seen = () => {
    const n = count();
    if (n === last) return;
    last = n;
    const change = { at: performance.now(), rows: n, paintAt: NaN };
    bench.changes.push(change);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (change.paintAt = performance.now());
      channel.port2.postMessage(0);
    });
    clearTimeout(quiet);
    if (n > 0) quiet = setTimeout(settle, ${QUIET_MS});
  };
  const observe = (root) => new MutationObserver(seen).observe(root, { childList: true, subtree: true });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    observe(root);
    return root;
  };
  observe(document);
})();`;

interface QueueWindow {
  __queue: {
    settled: Promise<{ changes: Array<{ at: number; rows: number; paintAt: number }>; rows: number }>;
    longTasks: Array<{ start: number; duration: number }>;
  };
}

async function oneRun(
  browser: Browser,
  baseUrl: string,
  kind: QueuePaintPage,
  cpuRate: number,
  errors: string[],
): Promise<QueuePaintSample> {
  const tab = await browser.newPage();
  try {
    tab.setDefaultTimeout(30_000);
    await tab.setViewport(VIEWPORT);
    gatherErrors(tab, `${kind} (cpu ${cpuRate}×)`, errors);
    const cdp = await tab.createCDPSession();
    if (cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await tab.evaluateOnNewDocument(PROBE);
    await tab.goto(`${baseUrl}${QUEUE_PAGES[kind]}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const raw = await withTimeout(
      tab.evaluate(async () => {
        const bench = (window as unknown as QueueWindow).__queue;
        const settled = await bench.settled;
        // The frame after the last change has been drawn by now (QUIET_MS later).
        return { ...settled, longTasks: bench.longTasks };
      }),
      60_000,
      `${kind}: the queue's rows`,
    );
    const first = raw.changes.find((c) => c.rows >= raw.rows);
    if (!first || raw.rows === 0 || !Number.isFinite(first.paintAt)) throw new Error(`${kind}: no rows were painted`);
    const before = raw.longTasks.filter((t) => t.start < first.paintAt);
    return {
      domMs: roundMs(first.at),
      paintMs: roundMs(first.paintAt),
      rows: raw.rows,
      longTasks: before.length,
      longestTaskMs: roundMs(Math.max(0, ...before.map((t) => t.duration))),
    };
  } finally {
    await withTimeout(tab.close(), 10_000, 'closing a tab').catch(() => {});
  }
}

/** The console's queue element, its virtualiser and how many rows it holds, from inside the page. */
const QUEUE_HELPERS = `
  const queue = () => document.querySelector('uc-staff-console')?.shadowRoot?.querySelector('uc-staff-queue');
  // the console's list is in its queue element; the floor's in the console itself
  const list = () =>
    (queue() ?? document.querySelector('uc-staff-console'))?.shadowRoot?.querySelector('lit-virtualizer');
  const loaded = () => list()?.items?.length ?? 0;
  const frame = () => new Promise((next) => requestAnimationFrame(() => next()));
  const sleep = (ms) => new Promise((next) => setTimeout(next, ms));
`;

/** Scroll steps taken per evaluation, so no evaluation outlives the protocol's timeout. */
const STEPS_PER_CALL = 100;
/** Pixels a step, and frames left to the virtualiser between steps (a fast fling: about 40,000 px/s). */
const SCROLL_STEP_PX = 1400;
const FRAMES_PER_STEP = 2;
/** Steps in a row that get no further down before the pass gives up (and says it did not reach the end). */
const NO_PROGRESS_STEPS = 100;

/** Scroll passes per page (usercare, floor, usercare, …), each in a new tab. */
const SCROLL_PASSES = 2;

/** Scrolls a page's queue until it holds `rows`, then through all of them, a step every other frame. */
async function scrollRun(
  browser: Browser,
  baseUrl: string,
  kind: 'usercare' | 'floor',
  rows: number,
  errors: string[],
): Promise<ScrollResult> {
  const tab = await browser.newPage();
  try {
    await tab.setViewport(VIEWPORT);
    gatherErrors(tab, `scroll ${kind}`, errors);
    await tab.evaluateOnNewDocument(PROBE);
    await tab.goto(`${baseUrl}${QUEUE_PAGES[kind]}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await tab.evaluate(() => (window as unknown as QueueWindow).__queue.settled);
    // Loading: to the end again and again; the console asks for the next page near the end.
    const rowsLoaded = (await withTimeout(
      tab.evaluate(`(async () => {
        ${QUEUE_HELPERS}
        const scroller = document.scrollingElement;
        for (let stuck = 0; loaded() < ${rows} && stuck < 100; ) {
          const before = loaded();
          scroller.scrollTop = scroller.scrollHeight;
          await sleep(100);
          stuck = loaded() === before ? stuck + 1 : 0;
        }
        scroller.scrollTop = 0;
        await sleep(1000);
        window.__scrollFrom = performance.now();
        return loaded();
      })()`),
      120_000,
      `loading ${rows} rows`,
    )) as number;
    let steps = 0;
    let stalled = 0;
    for (let moving = true; moving;) {
      const part = (await withTimeout(
        tab.evaluate(`(async () => {
          ${QUEUE_HELPERS}
          const scroller = document.scrollingElement;
          let steps = 0;
          let stalled = 0;
          for (; steps < ${STEPS_PER_CALL}; steps++) {
            const previous = scroller.scrollTop;
            if (previous + innerHeight >= scroller.scrollHeight - 1) return { steps, stalled, end: true };
            scroller.scrollTop = previous + ${SCROLL_STEP_PX};
            for (let f = 0; f < ${FRAMES_PER_STEP}; f++) await frame();
            // The virtualiser moves the page back a little while it corrects its size estimates (a step that ends
            // no further down); the pass goes on while it keeps getting further, and gives up after ${NO_PROGRESS_STEPS} steps that do not.
            if (scroller.scrollTop <= previous) stalled++;
            if (scroller.scrollTop > (window.__furthest ?? -1)) {
              window.__furthest = scroller.scrollTop;
              window.__stuckSteps = 0;
            } else if (++window.__stuckSteps > ${NO_PROGRESS_STEPS}) return { steps, stalled, end: true };
          }
          return { steps, stalled, end: false };
        })()`),
        50_000,
        'scrolling',
      )) as { steps: number; stalled: number; end: boolean };
      steps += part.steps;
      stalled += part.stalled;
      moving = !part.end;
    }
    const result = (await tab.evaluate(`(async () => {
      ${QUEUE_HELPERS}
      await sleep(200);
      const to = performance.now();
      const tasks = window.__queue.longTasks.filter((t) => t.start >= window.__scrollFrom && t.start <= to);
      const scroller = document.scrollingElement;
      return {
        ms: to - window.__scrollFrom,
        longTasks: tasks.length,
        longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
        rowsInDom: list()?.querySelectorAll('[data-index]').length ?? 0,
        lastIndex: Math.max(-1, ...[...(list()?.querySelectorAll('[data-index]') ?? [])].map((e) => Number(e.dataset.index))),
        atEnd: scroller.scrollTop + innerHeight >= scroller.scrollHeight - 1,
        nodesInList: list()?.childNodes.length ?? 0,
      };
    })()`)) as Omit<ScrollResult, 'page' | 'rowsLoaded' | 'steps' | 'stalled'>;
    return {
      ...result,
      page: kind,
      rowsLoaded,
      steps,
      stalled,
      ms: roundMs(result.ms),
      longestTaskMs: roundMs(result.longestTaskMs),
    };
  } finally {
    await withTimeout(tab.close(), 10_000, 'closing a tab').catch(() => {});
  }
}

export async function runQueuePaintBench(options: QueuePaintOptions): Promise<QueuePaintResults> {
  options.progress(`  seeding ${options.complaints.toLocaleString('en-US')} complaints`);
  const staffTokenSecret = randomBytes(32).toString('base64url');
  const { server: api, seed } = await startSeededServer({
    dataDir: join(options.dir, 'queue-paint-data'),
    seed: { count: options.complaints, focus: {}, throughLifecycle: 200, anonymousShare: 0.3 },
    staffTokenSecret,
    log: options.log,
    onCleanup: options.onCleanup,
  });
  const token = await staffToken({
    secret: staffTokenSecret,
    site: BENCH_SITE,
    sub: 'bench-agent',
    name: 'Bench Agent',
    roles: ['agent'],
    lifetime: 6 * 3600,
  });
  const staff = { endpoint: api.url, site: BENCH_SITE, token };
  const first = await fetch(`${api.url}/v1/staff/queue?site=${BENCH_SITE}&limit=${FIRST_PAGE}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (first.status !== 200) throw new Error(`GET /v1/staff/queue: HTTP ${first.status}: ${await first.text()}`);
  const firstPage = await first.text();
  if ((JSON.parse(firstPage) as QueuePage).items.length !== FIRST_PAGE)
    throw new Error(`the queue's first page does not hold ${FIRST_PAGE} rows`);

  const pagesDir = join(options.dir, 'queue-paint-pages');
  mkdirSync(pagesDir, { recursive: true });
  writePages(pagesDir, staff);
  await writeFloor(pagesDir, options.distDir);
  const pages = await startPagesServer({ ...options, dataDir: join(options.dir, 'queue-paint-pages-data'), pagesDir });

  const { browser, close: closeBrowser } = await launchChromium('queue', options.onCleanup);
  try {
    const chromium = await browser.version();
    const errors: string[] = [];
    const runs = await alternatingRuns({ ...options, pages: KINDS }, (kind, cpuRate) =>
      oneRun(browser, pages.url, kind, cpuRate, errors),
    );
    const scroll: ScrollResult[] = [];
    for (let pass = 0; pass < SCROLL_PASSES; pass++)
      for (const kind of ['usercare', 'floor'] as const) {
        if (Date.now() > options.deadline) break;
        options.progress(`  scrolling through ${SCROLL_ROWS.toLocaleString('en-US')} rows at 1× (${kind})`);
        scroll.push(await scrollRun(browser, pages.url, kind, Math.min(SCROLL_ROWS, options.complaints), errors));
      }
    return {
      chromium,
      seed,
      firstPageBytes: Buffer.byteLength(firstPage),
      cells: runs.cells,
      scroll,
      pageErrors: errors,
      truncated: runs.truncated || scroll.length < 2 * SCROLL_PASSES,
    };
  } finally {
    await closeBrowser();
  }
}

/** Section i of the report, and its JSON. */
export function renderQueuePaint(r: QueuePaintResults): { text: string; json: Record<string, unknown> } {
  const lines = [
    `i. staff queue, first page painted: <uc-staff-console> at ${VIEWPORT.width}×${VIEWPORT.height} asking the real server (${int(r.seed.complaints)} complaints, SQLite) for its first ${FIRST_PAGE} rows (${fixed(r.firstPageBytes / 1024, 0)} KB of JSON); ms from navigation start`,
    '   floor: the same loader, Lit and the virtualiser rendering the same rows in the queue styles (scripts/bench/queue-floor-console.ts); table: a plain <table> from the same JSON',
  ];
  const rows: string[][] = [];
  const json: Record<string, unknown> = {};
  const cell = (cpuRate: number, page: QueuePaintPage) => r.cells.find((c) => c.cpuRate === cpuRate && c.page === page);
  const paint = (cpuRate: number, page: QueuePaintPage) =>
    summarize(cell(cpuRate, page)?.samples.map((x) => x.paintMs) ?? []);
  for (const cpuRate of [...new Set(r.cells.map((c) => c.cpuRate))]) {
    for (const kind of KINDS) {
      const c = cell(cpuRate, kind);
      if (!c?.samples.length) continue;
      const dom = summarize(c.samples.map((x) => x.domMs));
      const painted = summarize(c.samples.map((x) => x.paintMs));
      const longTasks = c.samples.reduce((n, x) => n + x.longTasks, 0);
      const longest = Math.max(0, ...c.samples.map((x) => x.longestTaskMs));
      rows.push([
        `${cpuRate}×`,
        kind,
        String(dom.n),
        String(c.samples[0]!.rows),
        fixed(dom.median),
        fixed(painted.median),
        fixed(painted.p90),
        `${longTasks}${longTasks ? ` (longest ${fixed(longest, 0)} ms)` : ''}`,
      ]);
      json[`cpu${cpuRate}x.${kind}`] = {
        domMs: dom,
        paintMs: painted,
        longTasks,
        longestTaskMs: longest,
        samples: c.samples,
      };
    }
    const u = paint(cpuRate, 'usercare').median;
    rows.push([`${cpuRate}×`, 'usercare/floor', '', '', '', ratio(u, paint(cpuRate, 'floor').median), '', '']);
    rows.push([`${cpuRate}×`, 'usercare/table', '', '', '', ratio(u, paint(cpuRate, 'table').median), '', '']);
  }
  lines.push(
    table(
      [
        'cpu',
        'page',
        'runs',
        'rows drawn',
        'in DOM median',
        'painted median',
        'p90',
        'long tasks until painted (all runs)',
      ],
      rows,
      ['left', 'left'],
    ),
  );
  const u1 = paint(1, 'usercare').median;
  const f1 = paint(1, 'floor').median;
  if (Number.isFinite(u1) && Number.isFinite(f1))
    lines.push(
      `  target usercare ≤ ${QUEUE_PAINT_TARGET}× floor (1×, painted median): ${u1 <= QUEUE_PAINT_TARGET * f1 ? 'met' : 'MISSED'}, ${ratio(u1, f1)}`,
    );
  for (const s of r.scroll)
    lines.push(
      `  scrolling (1×, ${s.page}): ${int(s.rowsLoaded)} rows loaded, ${s.steps} steps of ${int(SCROLL_STEP_PX)} px, one every ${FRAMES_PER_STEP} frames (${s.stalled} moved back by the virtualiser's corrections), in ${fixed(s.ms, 0)} ms; ${s.atEnd ? `reached the end (row ${int(s.lastIndex + 1)} drawn)` : 'did NOT reach the end'}; ${s.longTasks} long tasks${s.longTasks ? ` (longest ${fixed(s.longestTaskMs, 0)} ms)` : ''}; ${s.rowsInDom} rows and ${int(s.nodesInList)} nodes in the list at the end`,
    );
  const passes = r.scroll.filter((s) => s.page === 'usercare');
  if (passes.length)
    lines.push(
      `  target: usercare through ${int(SCROLL_ROWS)} rows, no task over ${LONG_TASK_LIMIT_MS} ms: ${passes.every((s) => s.rowsLoaded >= SCROLL_ROWS && s.atEnd && s.lastIndex + 1 === s.rowsLoaded && s.longTasks === 0) ? 'met' : 'MISSED'} (the floor's passes above show what the stack alone does)`,
    );
  lines.push(
    `  rows drawn: what the page settled on (the virtualised pages draw what the screen holds); painted: the frame after the row count first reached it (rAF, then a posted message); settled once the count was still for ${QUIET_MS} ms.`,
  );
  if (r.truncated) lines.push('  NOTE: the time budget cut the runs short; see the run counts.');
  lines.push(...errorLines(r.pageErrors));
  return {
    text: lines.join('\n'),
    json: {
      ...json,
      target: QUEUE_PAINT_TARGET,
      seed: r.seed,
      firstPageBytes: r.firstPageBytes,
      scroll: r.scroll,
      pageErrors: r.pageErrors,
      truncated: r.truncated,
    },
  };
}
