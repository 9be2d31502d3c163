/**
 * `npm run bench`: a first benchmark of what usercare costs a host page and
 * its server, each figure beside a baseline measured in the same run (this
 * machine is noisy: read the ratios, not the absolute numbers).
 *
 * a. Time to interactive form, headless Chromium, fresh context per run:
 *    from the fetch start of the loader script (its Resource Timing entry's
 *    startTime) to the first DOM change after which the form's shadow root
 *    holds the message textarea and an enabled submit button (a
 *    MutationObserver in the page, see scripts/bench/pages.ts). The baseline
 *    page builds a plain form with a tiny external script, timed the same way.
 *    CPU as is and 4× throttled (Emulation.setCPUThrottlingRate).
 * b. Typing 500 characters into the message textarea (puppeteer keyboard,
 *    no delay) until usercare shows its "draft saved" status for the final
 *    text: main-thread ScriptDuration and TaskDuration deltas
 *    (Performance.getMetrics) and long tasks (PerformanceObserver 'longtask').
 * c. POST /v1/feedback on the real server vs a bare node:http JSON handler,
 *    N keep-alive connections from a child process for a fixed time.
 * d. GET /v1/complaints (a user's 50) and GET /v1/staff/complaints (the
 *    latest 50) with 10,000 complaints in SQLite, the same way, against
 *    node:http answering the same JSON (scripts/bench/complaints-api.ts).
 * e. First list paint of <uc-complaint-tracker> with 1,000 complaints in the
 *    device cache and the server unreachable, against 1,000 plain <li> from
 *    a JSON array; CPU as is and 4× throttled (scripts/bench/tracker-paint.ts).
 * f. The consent banner beside vanilla-cookieconsent on the same strict-CSP
 *    host page: time until the banner is visible, script time until then,
 *    library bytes on a first and a returning visit, CLS, CSP violations; CPU
 *    as is and 4× throttled (scripts/bench/consent-banner.ts).
 * g. GET /v1/points (the summary, which carries the balance) and
 *    GET /v1/points/history (its first page) as one user with 10,000 ledger
 *    entries, the same way, against node:http answering the summary's JSON;
 *    the issue's target: summary p50 ≤ 0.5× history p50
 *    (scripts/bench/points-api.ts).
 * h. GET /v1/staff/queue (the first 50 by next deadline, one filter:
 *    status=submitted,accepted, then assignee=unassigned) as a staff member
 *    (signed staff token) with 100,000 submissions (a desk's mix of statuses,
 *    deadlines, channels, assignees, feedback kinds), on SQLite (a file) and
 *    on PostgreSQL (127.0.0.1:5432 or PG_ADMIN_URL, a database of its own,
 *    dropped at the end), against node:http answering the same JSON; runs
 *    turn among usercare, usercare keeping no page (every read from the
 *    database), bare node:http and the floor (the same queries through the
 *    driver alone: scripts/bench/floor-sides.ts), figures are medians of
 *    the runs, with the queries' plans; the issue's target: ≥ 0.3× bare
 *    req/s (scripts/bench/staff-queue.ts).
 * i. The staff queue's first 50 rows painted: <uc-staff-console> asking the
 *    real server (10,000 complaints) beside a floor on the same stack (the
 *    back-office loader, Lit and the virtualiser rendering the same rows)
 *    and a plain <table>; then, at 1× CPU, scrolling through 10,000 loaded
 *    rows on both, counting long tasks (scripts/bench/queue-paint.ts).
 * j. GET /v1/staff/search (the first page of a two-character Chinese word)
 *    with 100,000 submissions whose texts are their own, most in Chinese,
 *    on SQLite and on PostgreSQL, against node:http answering the same JSON,
 *    as h measures the queue; the issue's target: ≥ 0.1× bare req/s; with
 *    the index's size per submission and the write cost (submissions stored
 *    with their index rows and without, the ratio of the rates)
 *    (scripts/bench/staff-search.ts).
 * k. Live changes between two staff consoles: staff member A changes a
 *    complaint (claims or releases it) through the API, BENCH_LIVE_CHANGES
 *    times; ms from the write's answer until the row shows it in staff
 *    member B's open <uc-staff-console> (headless Chromium), on SQLite and on
 *    PostgreSQL (as for h), with the streams woken by writes and, as the
 *    baseline, with wakes off (a poll every second, the old behaviour); the
 *    issue's budget: p95 ≤ 2 s (scripts/bench/live-changes.ts).
 *
 * Prints tables; writes .tmp/bench-results.json. Bounded: run counts, a
 * deadline after which no new browser run starts, a timeout on every wait.
 * Servers, browser, child processes and temp dirs are cleaned up on failure
 * and on Ctrl-C too.
 *
 * Knobs (environment): BENCH_RUNS (15; 0 skips a and b), BENCH_TYPING_RUNS
 * (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (8), BENCH_SUBMIT (1; 0 skips c),
 * BENCH_LISTS (1; 0 skips d), BENCH_PAINT_RUNS (10; 0 skips e),
 * BENCH_CONSENT_RUNS (15; 0 skips f), BENCH_POINTS (1; 0 skips g),
 * BENCH_QUEUE_PAINT_RUNS (5; 0 skips i),
 * BENCH_QUEUE (1; 0 skips h), BENCH_QUEUE_RUNS (3), BENCH_QUEUE_COMPLAINTS
 * (100000), BENCH_SEARCH_RUNS (3; 0 skips j), BENCH_SEARCH_COMPLAINTS
 * (100000), BENCH_LIVE_CHANGES (50; 0 skips k). dist/ (npm run build) is
 * needed only for a, b, e, f, i and k. For
 * section h alone: BENCH_RUNS=0 BENCH_SUBMIT=0 BENCH_LISTS=0
 * BENCH_PAINT_RUNS=0 BENCH_CONSENT_RUNS=0 BENCH_POINTS=0 npm run bench.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import en from '../src/i18n/en';
import type { Log } from '../src/server/context';
import { ELEMENT_TAGS, chunkOf } from '../src/elements/registry';
import { demoPlugin } from '../src/server/demo';
import { startServer } from '../src/server/server';
import { runApiBench } from './bench/api';
import type { ApiResults } from './bench/api';
import { runBrowserBench } from './bench/browser';
import { withTimeout } from './bench/with-timeout';
import type { BrowserResults, Cell } from './bench/browser';
import { renderComplaintsApi, runComplaintsApiBench } from './bench/complaints-api';
import type { ComplaintsApiResults } from './bench/complaints-api';
import { DistGraph } from './bench/dist-graph';
import { fixed, table } from './bench/format';
import { loadComparison } from './bench/load-table';
import { writePages } from './bench/pages';
import { median, ratio, summarize } from './bench/stats';
import { renderTrackerPaint, runTrackerPaintBench } from './bench/tracker-paint';
import type { TrackerPaintResults } from './bench/tracker-paint';
import { renderConsentBench, runConsentBench } from './bench/consent-banner';
import type { ConsentResults } from './bench/consent-banner';
import { renderPointsApi, runPointsApiBench } from './bench/points-api';
import type { PointsApiResults } from './bench/points-api';
import { renderStaffQueue, runStaffQueueBench } from './bench/staff-queue';
import type { StaffQueueResults } from './bench/staff-queue';
import { renderQueuePaint, runQueuePaintBench } from './bench/queue-paint';
import type { QueuePaintResults } from './bench/queue-paint';
import { renderStaffSearch, runStaffSearchBench } from './bench/staff-search';
import type { StaffSearchResults } from './bench/staff-search';
import { renderLiveChanges, runLiveChangesBench } from './bench/live-changes';
import type { LiveChangesResults } from './bench/live-changes';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = join(root, 'dist');
const resultsFile = join(root, '.tmp', 'bench-results.json');

function knob(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

const CONFIG = {
  runs: knob('BENCH_RUNS', 15, 0, 50),
  typingRuns: knob('BENCH_TYPING_RUNS', 3, 0, 20),
  cpuRates: [1, 4],
  typedChars: 500,
  connections: knob('BENCH_CONNECTIONS', 8, 1, 64),
  warmupMs: 1000,
  durationMs: knob('BENCH_SECONDS', 5, 1, 30) * 1000,
  submit: knob('BENCH_SUBMIT', 1, 0, 1) === 1,
  lists: knob('BENCH_LISTS', 1, 0, 1) === 1,
  maxRequests: 200_000,
  /** no browser run starts after this many ms; the API part then needs ~2 × (warm-up + duration) + a few s */
  browserBudgetMs: 130_000,
  listComplaints: 10_000,
  listUserComplaints: 50,
  paintComplaints: 1000,
  paintRuns: knob('BENCH_PAINT_RUNS', 10, 0, 50),
  /** no paint run starts after this many ms from the paint part's start */
  paintBudgetMs: 120_000,
  consentRuns: knob('BENCH_CONSENT_RUNS', 15, 0, 50),
  /** of those, how many also take the returning visit (bytes, gated scripts under the CSP) */
  consentReturningRuns: 3,
  /** no consent run starts after this many ms from the consent part's start */
  consentBudgetMs: 240_000,
  points: knob('BENCH_POINTS', 1, 0, 1) === 1,
  pointsEntries: 10_000,
  queue: knob('BENCH_QUEUE', 1, 0, 1) === 1,
  queueRuns: knob('BENCH_QUEUE_RUNS', 3, 1, 15),
  queueComplaints: knob('BENCH_QUEUE_COMPLAINTS', 100_000, 1000, 1_000_000),
  postgresAdminUrl: process.env['PG_ADMIN_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres',
  queuePaintRuns: knob('BENCH_QUEUE_PAINT_RUNS', 5, 0, 30),
  queuePaintComplaints: 10_000,
  /** no queue paint run starts after this many ms from the queue paint part's start */
  queuePaintBudgetMs: 240_000,
  searchRuns: knob('BENCH_SEARCH_RUNS', 3, 0, 15),
  searchComplaints: knob('BENCH_SEARCH_COMPLAINTS', 100_000, 1000, 1_000_000),
  liveChanges: knob('BENCH_LIVE_CHANGES', 50, 0, 1000),
};
/** a, b, e, f, i and k load the built elements */
const needsDist =
  CONFIG.runs > 0 ||
  CONFIG.paintRuns > 0 ||
  CONFIG.consentRuns > 0 ||
  CONFIG.queuePaintRuns > 0 ||
  CONFIG.liveChanges > 0;

const TYPED = 'The parcel arrived two days late and the box was crushed on one side. '
  .repeat(10)
  .slice(0, CONFIG.typedChars);

/** Clean-up steps, run last-in first-out, each bounded; safe to run twice. */
const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try {
        await withTimeout(Promise.resolve().then(step), 15_000, 'clean-up step');
      } catch (error) {
        console.error(`bench: clean-up: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })());
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\nbench: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

const startedAt = Date.now();
const progress = (line: string) =>
  process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
const quietLog: Log = (level, message, extra) => {
  if (level !== 'info')
    process.stderr.write(`[server ${level}] ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);
};

/**
 * A copy of the built browser files: other work in this tree may rebuild
 * dist/ (which deletes it first) while the bench runs. Checked complete.
 */
function snapshotDist(into: string): void {
  cpSync(dist, into, {
    recursive: true,
    filter: (source) => {
      const rel = relative(dist, source);
      return !rel.split(sep).some((part) => part === 'npm' || part === 'types') && !rel.endsWith('.map');
    },
  });
  const graph = new DistGraph(into);
  // The consent banner is not in the registry: the loader's stub loads it.
  const entries = ['usercare.js', ...ELEMENT_TAGS.map(chunkOf), 'uc-consent-banner.js'];
  for (const entry of entries)
    for (const file of graph.staticClosure(entry)) graph.dynamicTargets([file]).forEach((lazy) => graph.file(lazy));
}

async function main(): Promise<void> {
  if (needsDist && !existsSync(join(dist, 'usercare.js'))) {
    console.error('dist/ is missing or incomplete: run npm run build first (or skip a, b, e and f)');
    process.exitCode = 1;
    return;
  }
  const started = startedAt;
  const tmp = mkdtempSync(join(tmpdir(), 'usercare-bench-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));

  const distCopy = join(tmp, 'dist');
  if (needsDist) snapshotDist(distCopy);

  let browser: BrowserResults | undefined;
  if (CONFIG.runs > 0) browser = await runBrowserPart(tmp, distCopy, started);

  const load = {
    dir: tmp,
    connections: CONFIG.connections,
    warmupMs: CONFIG.warmupMs,
    durationMs: CONFIG.durationMs,
    maxRequests: CONFIG.maxRequests,
    log: quietLog,
    progress,
    onCleanup: (step: () => Promise<void> | void) => void cleanups.push(step),
  };
  let api: ApiResults | undefined;
  if (CONFIG.submit) {
    progress('c. submit endpoint');
    api = await runApiBench(load);
  }

  let lists: ComplaintsApiResults | undefined;
  if (CONFIG.lists) {
    progress('d. complaint list endpoints');
    lists = await runComplaintsApiBench({
      ...load,
      complaints: CONFIG.listComplaints,
      userComplaints: CONFIG.listUserComplaints,
    });
  }

  let paint: TrackerPaintResults | undefined;
  if (CONFIG.paintRuns > 0) {
    progress('e. tracker: first list paint from the cache, offline');
    paint = await runTrackerPaintBench({
      ...load,
      distDir: distCopy,
      complaints: CONFIG.paintComplaints,
      runs: CONFIG.paintRuns,
      cpuRates: CONFIG.cpuRates,
      deadline: Date.now() + CONFIG.paintBudgetMs,
    });
  }

  let consent: ConsentResults | undefined;
  if (CONFIG.consentRuns > 0) {
    progress('f. consent banner: usercare beside vanilla-cookieconsent');
    consent = await runConsentBench({
      ...load,
      distDir: distCopy,
      runs: CONFIG.consentRuns,
      returningRuns: Math.min(CONFIG.consentReturningRuns, CONFIG.consentRuns),
      cpuRates: CONFIG.cpuRates,
      deadline: Date.now() + CONFIG.consentBudgetMs,
    });
  }

  let points: PointsApiResults | undefined;
  if (CONFIG.points) {
    progress('g. points: the summary beside the history, 10,000 entries');
    points = await runPointsApiBench({ ...load, entries: CONFIG.pointsEntries });
  }

  let queue: StaffQueueResults | undefined;
  if (CONFIG.queue) {
    progress(`h. staff queue, ${CONFIG.queueComplaints.toLocaleString('en-US')} submissions, SQLite and PostgreSQL`);
    queue = await runStaffQueueBench({
      ...load,
      complaints: CONFIG.queueComplaints,
      runs: CONFIG.queueRuns,
      postgresAdminUrl: CONFIG.postgresAdminUrl,
    });
  }

  let queuePaint: QueuePaintResults | undefined;
  if (CONFIG.queuePaintRuns > 0) {
    progress('i. staff queue: first page painted beside its floor, and 10,000 rows scrolled');
    queuePaint = await runQueuePaintBench({
      ...load,
      distDir: distCopy,
      complaints: CONFIG.queuePaintComplaints,
      runs: CONFIG.queuePaintRuns,
      cpuRates: CONFIG.cpuRates,
      deadline: Date.now() + CONFIG.queuePaintBudgetMs,
    });
  }

  let search: StaffSearchResults | undefined;
  if (CONFIG.searchRuns > 0) {
    progress(`j. staff search, ${CONFIG.searchComplaints.toLocaleString('en-US')} submissions, SQLite and PostgreSQL`);
    search = await runStaffSearchBench({
      ...load,
      complaints: CONFIG.searchComplaints,
      runs: CONFIG.searchRuns,
      postgresAdminUrl: CONFIG.postgresAdminUrl,
    });
  }

  let liveChanges: LiveChangesResults | undefined;
  if (CONFIG.liveChanges > 0) {
    progress('k. live changes between two staff consoles, SQLite and PostgreSQL, with wakes and polling only');
    liveChanges = await runLiveChangesBench({
      ...load,
      distDir: distCopy,
      changes: CONFIG.liveChanges,
      postgresAdminUrl: CONFIG.postgresAdminUrl,
    });
  }

  const report = render(
    { browser, api, lists, paint, consent, points, queue, queuePaint, search, liveChanges },
    Date.now() - started,
  );
  console.log(report.text);
  mkdirSync(join(root, '.tmp'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(report.json, null, 2)}\n`);
  console.log(`\nwrote ${relative(root, resultsFile)}`);
}

/** a and b: the page server (the demo's, serving the bench pages and the dist copy) and chromium. */
async function runBrowserPart(tmp: string, distCopy: string, started: number): Promise<BrowserResults> {
  const pagesDir = join(tmp, 'pages');
  mkdirSync(pagesDir);
  progress('a/b. browser: starting the server and chromium');
  const pageServer = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(tmp, 'page-data'),
    staticRoots: { pages: pagesDir, dist: distCopy },
    log: quietLog,
    demo: demoPlugin,
  });
  let pageServerOpen = true;
  const closePageServer = async () => {
    if (!pageServerOpen) return;
    pageServerOpen = false;
    await pageServer.close();
  };
  cleanups.push(closePageServer);
  // The demo wrote its registry, whose demo site allows this server's own origin.
  if (!pageServer.registry.getSite('demo')) throw new Error('the demo did not write its registry with the demo site');
  writePages(pagesDir, { endpoint: pageServer.url, site: 'demo' });

  const browser = await runBrowserBench({
    baseUrl: pageServer.url,
    runs: CONFIG.runs,
    typingRuns: Math.min(CONFIG.typingRuns, CONFIG.runs),
    cpuRates: CONFIG.cpuRates,
    savedText: en['draft.saved'],
    typeText: TYPED,
    deadline: started + CONFIG.browserBudgetMs,
    progress,
    onCleanup: (step) => cleanups.push(step),
  });
  await closePageServer();
  return browser;
}

/** What ran; a section skipped by its knob is absent. */
interface Sections {
  browser: BrowserResults | undefined;
  api: ApiResults | undefined;
  lists: ComplaintsApiResults | undefined;
  paint: TrackerPaintResults | undefined;
  consent: ConsentResults | undefined;
  points: PointsApiResults | undefined;
  queue: StaffQueueResults | undefined;
  queuePaint: QueuePaintResults | undefined;
  search: StaffSearchResults | undefined;
  liveChanges: LiveChangesResults | undefined;
}

function render(sections: Sections, elapsedMs: number): { text: string; json: unknown } {
  const { browser, api, lists, paint, consent, points, queue, queuePaint, search, liveChanges } = sections;
  const lines: string[] = [];
  lines.push(
    `usercare bench — ${cpus().length} cores, Node ${process.version}${browser ? `, ${browser.chromium}` : ''}; ${fixed(elapsedMs / 1000, 0)} s`,
    'Same machine, same run: read the ratios to the baseline, not the absolute figures.',
  );
  const browserReport = browser && renderBrowser(browser);
  if (browserReport) lines.push(browserReport.text);

  if (api) {
    lines.push(
      '',
      `c. POST /v1/feedback: ${api.connections} keep-alive connections from a child process, ${api.durationMs / 1000} s after ${api.warmupMs / 1000} s warm-up, fresh Idempotency-Key each`,
    );
    lines.push(loadComparison(['usercare (Hono, SQLite)', api.usercare], ['bare node:http + JSON.parse', api.bare]));
  }

  if (lists) lines.push('', renderComplaintsApi(lists));
  const paintReport = paint && renderTrackerPaint(paint);
  if (paintReport) lines.push('', paintReport.text);
  const consentReport = consent && renderConsentBench(consent);
  if (consentReport) lines.push('', consentReport.text);
  if (points) lines.push('', renderPointsApi(points));
  if (queue) lines.push('', renderStaffQueue(queue));
  const queuePaintReport = queuePaint && renderQueuePaint(queuePaint);
  if (queuePaintReport) lines.push('', queuePaintReport.text);
  if (search) lines.push('', renderStaffSearch(search));
  const liveReport = liveChanges && renderLiveChanges(liveChanges);
  if (liveReport) lines.push('', liveReport.text);

  if (browser?.pageErrors.length) {
    lines.push('', `page errors / console errors (${browser.pageErrors.length}):`);
    for (const e of [...new Set(browser.pageErrors)].slice(0, 20)) lines.push(`  ${e}`);
  }

  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    // not a git checkout: the figures still stand
  }
  const json = {
    date: new Date().toISOString(),
    commit,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, chromium: browser?.chromium },
    config: CONFIG,
    elapsedMs,
    ...(browser && browserReport
      ? {
          truncated: browser.truncated,
          timeToInteractiveMs: browserReport.json.tti,
          typing: browserReport.json.typing,
          pageErrors: browser.pageErrors,
        }
      : {}),
    ...(api ? { submitEndpoint: api } : {}),
    ...(lists ? { complaintLists: lists } : {}),
    ...(paintReport ? { trackerFirstListPaint: paintReport.json } : {}),
    ...(consentReport ? { consentBanner: consentReport.json } : {}),
    ...(points ? { points } : {}),
    ...(queue ? { staffQueue: queue } : {}),
    ...(queuePaintReport ? { staffQueuePaint: queuePaintReport.json } : {}),
    ...(search ? { staffSearch: search } : {}),
    ...(liveReport ? { liveChanges: liveReport.json } : {}),
  };
  return { text: lines.join('\n'), json };
}

/** Sections a and b. */
function renderBrowser(browser: BrowserResults): {
  text: string;
  json: { tti: Record<string, unknown>; typing: Record<string, unknown> };
} {
  const cell = (cpuRate: number, page: Cell['page']) =>
    browser.cells.find((c) => c.cpuRate === cpuRate && c.page === page);
  const lines: string[] = [];
  if (browser.truncated) lines.push('NOTE: the time budget cut the browser runs short; see the run counts.');

  lines.push(
    '',
    'a. time to interactive form, ms (fetch start of the first script in <head> → message textarea and enabled submit button in the DOM; fresh context per run)',
  );
  const ttiRows: string[][] = [];
  const ttiJson: Record<string, unknown> = {};
  for (const cpuRate of CONFIG.cpuRates) {
    const u = cell(cpuRate, 'usercare');
    const b = cell(cpuRate, 'baseline');
    for (const c of [u, b]) {
      if (!c) continue;
      const s = summarize(c.load.map((x) => x.ttiMs));
      const longTasks = c.load.reduce((n, x) => n + x.longTasks, 0);
      const longest = Math.max(0, ...c.load.map((x) => x.longestTaskMs));
      ttiRows.push([
        `${cpuRate}×`,
        c.page,
        String(s.n),
        fixed(s.median),
        fixed(s.p90),
        `${longTasks}${longTasks ? ` (longest ${fixed(longest, 0)} ms)` : ''}`,
      ]);
      ttiJson[`cpu${cpuRate}x.${c.page}`] = { ...s, longTasks, longestTaskMs: longest, samples: c.load };
    }
    if (u && b) {
      const r = ratio(median(u.load.map((x) => x.ttiMs)), median(b.load.map((x) => x.ttiMs)));
      ttiRows.push([
        `${cpuRate}×`,
        'usercare/baseline',
        '',
        r,
        ratio(summarize(u.load.map((x) => x.ttiMs)).p90, summarize(b.load.map((x) => x.ttiMs)).p90),
        '',
      ]);
    }
  }
  lines.push(
    table(['cpu', 'page', 'runs', 'median', 'p90', 'long tasks while loading (all runs)'], ttiRows, ['left', 'left']),
  );

  lines.push(
    '',
    `b. typing ${CONFIG.typedChars} characters (puppeteer keyboard, delay 0) until usercare shows "${en['draft.saved']}" for the final text; medians of the runs`,
  );
  const typingRows: string[][] = [];
  const typingJson: Record<string, unknown> = {};
  for (const cpuRate of CONFIG.cpuRates) {
    const u = cell(cpuRate, 'usercare');
    const b = cell(cpuRate, 'baseline');
    for (const c of [u, b]) {
      if (!c) continue;
      const t = c.typing;
      const longTasks = t.reduce((n, x) => n + x.longTasks, 0);
      typingRows.push([
        `${cpuRate}×`,
        c.page,
        String(t.length),
        fixed(median(t.map((x) => x.scriptMs))),
        fixed(median(t.map((x) => x.taskMs))),
        `${longTasks}${longTasks ? ` (longest ${fixed(Math.max(...t.map((x) => x.longestTaskMs)), 0)} ms)` : ''}`,
        fixed(median(t.map((x) => x.wallMs)), 0),
      ]);
      typingJson[`cpu${cpuRate}x.${c.page}`] = {
        runs: t.length,
        scriptMs: summarize(t.map((x) => x.scriptMs)),
        taskMs: summarize(t.map((x) => x.taskMs)),
        longTasks,
        samples: t,
      };
    }
    if (u && b && u.typing.length && b.typing.length) {
      typingRows.push([
        `${cpuRate}×`,
        'usercare/baseline',
        '',
        ratio(median(u.typing.map((x) => x.scriptMs)), median(b.typing.map((x) => x.scriptMs))),
        ratio(median(u.typing.map((x) => x.taskMs)), median(b.typing.map((x) => x.taskMs))),
        '',
        ratio(median(u.typing.map((x) => x.wallMs)), median(b.typing.map((x) => x.wallMs))),
      ]);
    }
  }
  lines.push(
    table(['cpu', 'page', 'runs', 'script ms', 'task ms', 'long tasks > 50 ms (all runs)', 'wall ms'], typingRows, [
      'left',
      'left',
    ]),
    '  script/task ms: CDP Performance.getMetrics ScriptDuration/TaskDuration deltas on the page, first keystroke to draft saved;',
    "  wall ms includes usercare's 400 ms save debounce after the last keystroke (idle, not CPU).",
  );

  return { text: lines.join('\n'), json: { tti: ttiJson, typing: typingJson } };
}

try {
  await main();
} catch (error) {
  // After Ctrl-C the runs fail as the browser goes away; that is not news.
  if (!interrupted) console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
