/**
 * The browser half of `npm run bench`: time to an interactive form, and
 * typing 500 characters, for the usercare page and the baseline page, on a
 * normal and a throttled CPU, in headless Chromium through puppeteer-core.
 *
 * Every run gets a fresh incognito browser context: an empty HTTP cache and
 * an empty IndexedDB, i.e. a first visit with no draft to restore. Runs
 * alternate usercare / baseline so slow phases of a noisy machine hit both.
 * The first run of each page on each CPU setting is a warm-up and is dropped.
 *
 * Functions given to page.evaluate are serialized; they stay free of inner
 * named functions, which tsx's transform would wrap in a helper the page lacks.
 */
import { performance } from 'node:perf_hooks';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { launchChromium } from './chromium-launch';
import { withTimeout } from './with-timeout';
import { PAGES, probeScript } from './pages';
import type { PageKind } from './pages';

export interface BrowserBenchOptions {
  /** the server serving the pages, `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** measured runs per page per CPU setting (a warm-up run comes on top) */
  runs: number;
  /** how many of those runs also type (typing is the slow part) */
  typingRuns: number;
  /** CPU slow-down factors, 1 = none */
  cpuRates: readonly number[];
  /** text of the form's "draft saved" status in the page's locale */
  savedText: string;
  /** characters to type */
  typeText: string;
  /** Date.now() after which no new run starts */
  deadline: number;
  progress: (line: string) => void;
  /** registers a clean-up step the caller runs even if this never returns (Ctrl-C) */
  onCleanup: (step: () => Promise<void> | void) => void;
}

export interface LoadSample {
  /** ms from the loader's (or baseline script's) fetch start to the form being interactive */
  ttiMs: number;
  /** long tasks from navigation to the interactive form */
  longTasks: number;
  longestTaskMs: number;
}

export interface TypingSample {
  /** CDP Performance.getMetrics deltas over typing + waiting for the draft save, in ms */
  scriptMs: number;
  taskMs: number;
  /** long tasks (> 50 ms) that started after typing began */
  longTasks: number;
  longestTaskMs: number;
  /** wall time: first keystroke to the draft saved (usercare) or the last keystroke (baseline) */
  wallMs: number;
}

export interface Cell {
  cpuRate: number;
  page: PageKind;
  load: LoadSample[];
  typing: TypingSample[];
}

export interface BrowserResults {
  chromium: string;
  cells: Cell[];
  /** console errors and page errors seen, with the page they came from */
  pageErrors: string[];
  /** true when the deadline cut the runs short */
  truncated: boolean;
}

interface BenchWindow {
  __bench: {
    interactive: Promise<number>;
    longTasks: Array<{ start: number; duration: number }>;
    formRoot(): ParentNode | null | undefined;
    waitSaved(text: string, timeoutMs: number): Promise<boolean>;
  };
}

/** 0.1 ms is finer than any of these measurements can tell. */
const round = (ms: number) => Math.round(ms * 10) / 10;

async function metrics(cdp: CDPSession): Promise<{ script: number; task: number }> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => list.find((m) => m.name === name)?.value ?? Number.NaN;
  // Seconds in CDP; ms here.
  return { script: get('ScriptDuration') * 1000, task: get('TaskDuration') * 1000 };
}

async function measureLoad(page: Page, kind: PageKind): Promise<LoadSample> {
  const raw = await withTimeout(
    page.evaluate(async (scriptPath: string) => {
      const bench = (window as unknown as BenchWindow).__bench;
      const at = await bench.interactive;
      const entry = performance.getEntriesByName(new URL(scriptPath, location.href).href)[0];
      return {
        at,
        start: entry ? entry.startTime : Number.NaN,
        longTasks: bench.longTasks.filter((t) => t.start < at),
      };
    }, PAGES[kind].script),
    30_000,
    `${kind}: interactive form`,
  );
  if (!Number.isFinite(raw.at) || !Number.isFinite(raw.start))
    throw new Error(`${kind}: no interactive time (${raw.at}) or script start (${raw.start})`);
  return {
    ttiMs: round(raw.at - raw.start),
    longTasks: raw.longTasks.length,
    longestTaskMs: round(Math.max(0, ...raw.longTasks.map((t) => t.duration))),
  };
}

async function measureTyping(
  page: Page,
  cdp: CDPSession,
  kind: PageKind,
  options: BrowserBenchOptions,
): Promise<TypingSample> {
  const selector =
    kind === 'usercare' ? 'uc-feedback-form >>> textarea[name="message"]' : '#bare-form textarea[name="message"]';
  const textarea = await page.$(selector);
  if (!textarea) throw new Error(`${kind}: no textarea ${selector}`);
  await textarea.focus();
  await cdp.send('Performance.enable');
  const typingStart = await page.evaluate(() => performance.now());
  const before = await metrics(cdp);
  const wallStart = performance.now();
  await withTimeout(page.keyboard.type(options.typeText, { delay: 0 }), 60_000, `${kind}: typing`);
  if (kind === 'usercare') {
    await withTimeout(
      page.evaluate(
        (text: string) => (window as unknown as BenchWindow).__bench.waitSaved(text, 15_000),
        options.savedText,
      ),
      20_000,
      `${kind}: draft saved`,
    );
  }
  const wallMs = performance.now() - wallStart;
  const after = await metrics(cdp);
  await cdp.send('Performance.disable');
  const end = await page.evaluate((from: number) => {
    const bench = (window as unknown as BenchWindow).__bench;
    const el = bench.formRoot()?.querySelector<HTMLTextAreaElement>('textarea[name="message"]');
    return { length: el ? el.value.length : -1, longTasks: bench.longTasks.filter((t) => t.start >= from) };
  }, typingStart);
  textarea.dispose().catch(() => {});
  if (end.length !== options.typeText.length)
    throw new Error(`${kind}: typed ${options.typeText.length} characters, the textarea holds ${end.length}`);
  return {
    scriptMs: round(after.script - before.script),
    taskMs: round(after.task - before.task),
    longTasks: end.longTasks.length,
    longestTaskMs: round(Math.max(0, ...end.longTasks.map((t) => t.duration))),
    wallMs: round(wallMs),
  };
}

async function oneRun(
  browser: Browser,
  kind: PageKind,
  cpuRate: number,
  typing: boolean,
  options: BrowserBenchOptions,
  errors: string[],
): Promise<{ load: LoadSample; typing?: TypingSample }> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) =>
      errors.push(`${kind} (cpu ${cpuRate}×): page error: ${error instanceof Error ? error.message : String(error)}`),
    );
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${kind} (cpu ${cpuRate}×): console error: ${message.text()}`);
    });
    const cdp = await page.createCDPSession();
    if (cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await page.evaluateOnNewDocument(probeScript(kind));
    await page.goto(`${options.baseUrl}${PAGES[kind].path}`, { waitUntil: 'load', timeout: 30_000 });
    const load = await measureLoad(page, kind);
    return typing ? { load, typing: await measureTyping(page, cdp, kind, options) } : { load };
  } finally {
    await withTimeout(context.close(), 10_000, 'closing a browser context').catch(() => {});
  }
}

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserResults> {
  const { browser, close } = await launchChromium('chromium', options.onCleanup);
  try {
    const chromium = await browser.version();
    const cells: Cell[] = [];
    const pageErrors: string[] = [];
    let truncated = false;
    const kinds: PageKind[] = ['usercare', 'baseline'];
    for (const cpuRate of options.cpuRates) {
      const row = kinds.map((page): Cell => ({ cpuRate, page, load: [], typing: [] }));
      cells.push(...row);
      // Run 0 is the warm-up (server JIT, browser caches of its own); runs 1..N count.
      for (let run = 0; run <= options.runs; run++) {
        if (Date.now() > options.deadline) {
          truncated = true;
          break;
        }
        for (const cell of row) {
          const typing = run >= 1 && run <= options.typingRuns;
          const sample = await oneRun(browser, cell.page, cpuRate, typing, options, pageErrors);
          if (run === 0) continue;
          cell.load.push(sample.load);
          if (sample.typing) cell.typing.push(sample.typing);
        }
        if (run === options.typingRuns || run === options.runs || (run > 0 && run % 5 === 0))
          options.progress(`  cpu ${cpuRate}×: ${run}/${options.runs} runs`);
      }
    }
    return { chromium, cells, pageErrors, truncated };
  } finally {
    await close();
  }
}
