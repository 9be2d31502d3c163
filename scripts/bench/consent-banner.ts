/**
 * Section f of `npm run bench`: usercare's consent banner beside
 * vanilla-cookieconsent (the devDependency, pinned; its dist files served
 * from here), each on an equivalent host page served from 127.0.0.1, in
 * headless Chromium through puppeteer-core, measured in the same run.
 *
 * The two pages are the same page: the same text, the same strict CSP in a
 * <meta> (`script-src 'self' 'nonce-…'`, `style-src 'self'`: no inline
 * script or style without the nonce), the same gated scripts (an external
 * analytics one under the service "site-stats", an inline marketing one with
 * the page's nonce), English. usercare's page has the loader tag with
 * `data-consent`, and the site's consent config comes from the real server
 * (a registry written for this run: the demo shop's categories and
 * services and policy documents; without its age question and PIPL separate
 * consents, which cookieconsent has no equivalent of). cookieconsent's page
 * links its CSS and UMD script and runs it from a small init file with the
 * same categories, services, texts and links, `hideFromBots: false`
 * (headless Chromium would count as a bot and get no banner), a bottom bar
 * with equal-weight buttons. One server serves the pages, dist/ and the
 * consent endpoint.
 *
 * A third page, the floor, is usercare's page with the real loader and stub
 * but, in place of the banner, scripts/bench/consent-floor-banner.ts: the
 * same first layer in Lit and XState and nothing else (built here into one
 * file). It shows what the stack the elements are written in costs before
 * any of usercare's own banner code runs; it takes no returning visit.
 *
 * Each run is a fresh incognito context (a first visit: empty cache, no
 * decision), the two pages alternating, the first run of each on each CPU
 * setting a warm-up that is dropped; CPU as is and 4× throttled
 * (Emulation.setCPUThrottlingRate). Measured per run, from navigation start:
 *
 * a. banner visible: the first animation frame in which the accept button has
 *    a non-zero box and it and every ancestor (across shadow roots) are
 *    displayed, visible and at computed opacity 1 (a requestAnimationFrame
 *    poll in the page; performance.now());
 * b. main-thread script time until then: CDP Performance.getMetrics
 *    ScriptDuration, read when the page reports the banner visible (an
 *    exposed function; the few ms of the round trip count for both pages
 *    alike), minus its value before navigation; long tasks until then;
 * c. bytes: the library files the page fetched until the banner was visible
 *    (usercare: dist/; cookieconsent: its dist files), each gzipped at level 9
 *    as a server would send it (the server here sends them uncompressed, with
 *    no cache headers), and the consent config's bytes apart; then, in the
 *    first runs, a returning visit: "accept all" through the banner, the same
 *    page again in the same context, and the library files it loads (gzip),
 *    with what this server actually sent beside them;
 * d. CLS: the sum of layout-shift entries (without recent input) until the
 *    banner is visible and 500 ms after (its entrance animation included);
 * e. CSP violations (securitypolicyviolation events, listened for before any
 *    script of the page) over the first visit, and over the returning visit,
 *    where the decision activates the gated scripts (which must both run).
 *
 * Medians and ratios usercare/cookieconsent; no timed assertions.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { buildOneFile } from './page-kit';
import type { ConsentSettings } from '../../src/contract/consent';
import { DEMO_CONSENT } from '../../src/server/demo/consent';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer } from '../../src/server/server';
import type { ApiBenchOptions } from './api';
import { launchChromium } from './chromium-launch';
import { DistGraph } from './dist-graph';
import { fixed, int, table } from './format';
import { median, ratio, summarize } from './stats';
import { withTimeout } from './with-timeout';

export const CONSENT_PAGES = {
  usercare: '/consent-usercare.html',
  floor: '/consent-floor.html',
  cookieconsent: '/consent-cookieconsent.html',
} as const;
export type ConsentPage = keyof typeof CONSENT_PAGES;
const KINDS: ConsentPage[] = ['usercare', 'floor', 'cookieconsent'];
/** The pages set beside cookieconsent in the ratio rows. */
const COMPARED = ['usercare', 'floor'] as const;

const SITE = 'bench-consent';
/** A fixed nonce in a generated bench page (a real site makes one per response). */
const NONCE = 'bench-consent-nonce-5d1e';
/** How long after the banner is visible layout shifts are still counted (cookieconsent's entrance animation is ~0.5 s at 1×). */
const SETTLE_MS = 500;
/** Where cookieconsent's files are served on the bench's page server. */
const CC_DIR = '/vendor/cookieconsent';
/** Where the floor's files are served: the real loader, the floor banner in place of the real one, its shared chunks emptied. */
const FLOOR_DIR = '/floor';

export interface ConsentBenchOptions extends Pick<ApiBenchOptions, 'dir' | 'log' | 'progress' | 'onCleanup'> {
  /** the built browser files to serve at /dist */
  distDir: string;
  /** measured runs per page per CPU setting (a warm-up run comes on top) */
  runs: number;
  /** how many of those runs also take the returning visit */
  returningRuns: number;
  cpuRates: readonly number[];
  /** Date.now() after which no new run starts */
  deadline: number;
}

export interface FileLoad {
  /** the URL's path */
  path: string;
  /** gzip -9 of the file on disk, as a server would send it */
  gzip: number;
  /** encoded bytes that came over the wire (headers included), 0 from the cache */
  wire: number;
  fromCache: boolean;
  /** HTTP status (304: revalidated) */
  status: number;
}

export interface ReturningSample {
  library: FileLoad[];
  /** any other request of the page, besides the page itself (its config check, gated scripts) */
  other: FileLoad[];
  /** the banner stayed away */
  bannerShown: boolean;
  /** the gated scripts that ran (both must) */
  ran: string[];
  csp: string[];
}

export interface ConsentSample {
  visibleMs: number;
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  longestTaskMs: number;
  cls: number;
  csp: string[];
  /** library files fetched until the banner was visible */
  library: FileLoad[];
  /** the consent config's answer (usercare: GET …/consent; cookieconsent: its init file), bytes as sent */
  configBytes: number;
  returning?: ReturningSample;
}

export interface ConsentCell {
  cpuRate: number;
  page: ConsentPage;
  samples: ConsentSample[];
}

export interface ConsentResults {
  chromium: string;
  cookieconsentVersion: string;
  cells: ConsentCell[];
  pageErrors: string[];
  truncated: boolean;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The demo shop's consent settings, as equivalent as cookieconsent can be: no age question, no PIPL separate consents. */
function benchConsent(): ConsentSettings {
  const { guardianAge: _age, separate: _separate, ...rest } = DEMO_CONSENT;
  return rest;
}

function writeRegistry(dataDir: string): void {
  const registry: RegistryFile = {
    $comment: 'written by scripts/bench/consent-banner.ts for one bench run',
    serverSecret: randomBytes(32).toString('base64url'),
    sites: [
      {
        id: SITE,
        allowedOrigins: ['http://127.0.0.1:*'],
        hostTokenSecret: randomBytes(32).toString('base64url'),
        staffTokens: [],
        publicConfig: {},
        // The schema's ceiling: each run's "accept all" sends a proof from a new device.
        settings: {
          rateLimits: {
            anonymousPerMinute: 1_000_000,
            addressPerMinute: 1_000_000,
            sitePerMinute: 1_000_000,
            userPerMinute: 1_000_000,
          },
          timezone: 'Asia/Shanghai',
        },
        consent: benchConsent(),
      },
    ],
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'sites.json'), JSON.stringify(registry, null, 2), { mode: 0o600 });
}

const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; style-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'`;

/** The host page both libraries sit on; `head` is the library's part, `gated` its way of marking the two gated scripts. */
function hostPage(head: string, gated: { analytics: string; marketing: string }): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${CSP}" />
    ${head}
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>usercare bench: consent banner</title>
  </head>
  <body>
    <header><h1>Qinghe Living</h1><nav><a href="#">Home</a> <a href="#">My complaints</a></nav></header>
    <main>
      <h2>Today's picks</h2>
      <ul>
        <li>Organic millet 2.5 kg, ¥59.00</li>
        <li>Hand-woven bamboo basket, ¥128.00</li>
        <li>Yunnan ancient-tree black tea 100 g, ¥88.00</li>
      </ul>
      <p>A problem with an order, delivery or return? Tell us; we answer within 3 working days. Your draft is saved on this device as you type.</p>
      <p>Delivery is free for orders of ¥99 or more. Goods may be returned within 7 days of delivery.</p>
      <script type="text/plain" ${gated.analytics} src="/consent-gated.js" nonce="${NONCE}"></script>
      <script type="text/plain" ${gated.marketing} nonce="${NONCE}">(window.__ran = window.__ran || []).push('marketing'); document.cookie = 'uc_demo_ads=1; path=/';</script>
    </main>
    <footer>Qinghe Living · <a href="/privacy.html">Privacy policy</a></footer>
  </body>
</html>
`;
}

const GATED_JS = `(window.__ran = window.__ran || []).push('analytics');
document.cookie = 'uc_demo_stats=1; path=/';
`;

/** cookieconsent's init: the bench site's categories, services, texts and links (English), as its docs configure it. */
function cookieconsentInit(consent: ConsentSettings): string {
  const en = (text: unknown) => (typeof text === 'string' ? text : (text as { en: string }).en);
  const categories: Record<string, unknown> = { necessary: { enabled: true, readOnly: true } };
  for (const category of consent.categories) {
    const cookies = [...(category.cookies ?? []), ...(category.services ?? []).flatMap((s) => s.cookies ?? [])];
    categories[category.id] = {
      ...(cookies.length
        ? { autoClear: { cookies: cookies.map((c) => ({ name: c.endsWith('*') ? `^${c.slice(0, -1)}` : c })) } }
        : {}),
      ...(category.services?.length
        ? { services: Object.fromEntries(category.services.map((s) => [s.id, { label: en(s.name) }])) }
        : {}),
    };
  }
  const links = (consent.documents ?? []).map((d) => `<a href="${escapeAttr(d.url)}">${en(d.title)}</a>`).join(' · ');
  const config = {
    hideFromBots: false,
    guiOptions: {
      consentModal: { layout: 'bar', position: 'bottom', equalWeightButtons: true },
      preferencesModal: { layout: 'box', equalWeightButtons: true },
    },
    categories,
    language: {
      default: 'en',
      translations: {
        en: {
          consentModal: {
            title: 'We respect your privacy',
            description:
              'We use cookies and similar technologies for the purposes below. Strictly necessary ones keep the site working; the others need your consent, which you can withdraw at any time in Privacy settings.',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            showPreferencesBtn: 'Customise',
            footer: links,
          },
          preferencesModal: {
            title: 'Privacy settings',
            acceptAllBtn: 'Accept all',
            acceptNecessaryBtn: 'Reject all',
            savePreferencesBtn: 'Save my choices',
            closeIconLabel: 'Close',
            sections: [
              {
                title: 'Strictly necessary',
                description:
                  "Keeps the site working: drafts you are writing, messages waiting to be sent, and this device's anonymous id.",
                linkedCategory: 'necessary',
              },
              ...consent.categories.map((c) => ({
                title: en(c.label),
                description: en(c.description),
                linkedCategory: c.id,
              })),
            ],
          },
        },
      },
    },
  };
  // Names with `^` are patterns (RegExp) for cookieconsent, like usercare's trailing `*`.
  return `CookieConsent.run(${JSON.stringify(config, null, 2).replace(
    /"name": "\^([^"]+)"/g,
    (_, prefix: string) => `"name": /^${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/`,
  )});\n`;
}

/** The banner's chunk as the loader names it, and the floor's source. */
const BANNER_FILE = 'uc-consent-banner.js';
const FLOOR_ENTRY = fileURLToPath(new URL('./consent-floor-banner.ts', import.meta.url));

/**
 * The floor's files: the real loader; the floor banner built into one file
 * (lit, xstate and the banner's styles bundled, minified like dist/) under
 * the real banner's name; and, since the loader fetches and evaluates the
 * banner's shared chunks before it, those chunks as empty modules.
 */
async function writeFloor(dir: string, distDir: string): Promise<void> {
  const floor = join(dir, FLOOR_DIR.slice(1));
  mkdirSync(join(floor, 'chunks'), { recursive: true });
  copyFileSync(join(distDir, 'usercare.js'), join(floor, 'usercare.js'));
  for (const chunk of new DistGraph(distDir).staticClosure(BANNER_FILE))
    if (chunk !== BANNER_FILE) writeFileSync(join(floor, chunk), 'export {};\n');
  writeFileSync(join(floor, BANNER_FILE), await buildOneFile(FLOOR_ENTRY, BANNER_FILE));
}

function writePages(dir: string, consent: ConsentSettings): string {
  const require = createRequire(import.meta.url);
  const umd = require.resolve('vanilla-cookieconsent');
  const ccDist = dirname(umd);
  const version = (JSON.parse(readFileSync(join(ccDist, '..', 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(join(dir, CC_DIR), { recursive: true });
  copyFileSync(umd, join(dir, CC_DIR, 'cookieconsent.umd.js'));
  copyFileSync(join(ccDist, 'cookieconsent.css'), join(dir, CC_DIR, 'cookieconsent.css'));
  writeFileSync(join(dir, 'consent-gated.js'), GATED_JS);
  writeFileSync(
    join(dir, CONSENT_PAGES.usercare.slice(1)),
    hostPage(
      `<script src="/dist/usercare.js" data-site="${SITE}" data-endpoint="/" data-consent nonce="${NONCE}"></script>`,
      {
        analytics: 'data-uc-category="analytics" data-uc-service="site-stats"',
        marketing: 'data-uc-category="marketing"',
      },
    ),
  );
  writeFileSync(
    join(dir, CONSENT_PAGES.floor.slice(1)),
    hostPage(
      `<script src="${FLOOR_DIR}/usercare.js" data-site="${SITE}" data-endpoint="/" data-consent nonce="${NONCE}"></script>`,
      {
        analytics: 'data-uc-category="analytics" data-uc-service="site-stats"',
        marketing: 'data-uc-category="marketing"',
      },
    ),
  );
  writeFileSync(
    join(dir, CONSENT_PAGES.cookieconsent.slice(1)),
    hostPage(
      `<link rel="stylesheet" href="${CC_DIR}/cookieconsent.css" />
    <script src="${CC_DIR}/cookieconsent.umd.js" nonce="${NONCE}" defer></script>
    <script src="/consent-cookieconsent.js" nonce="${NONCE}" defer></script>`,
      { analytics: 'data-category="analytics" data-service="site-stats"', marketing: 'data-category="marketing"' },
    ),
  );
  writeFileSync(join(dir, 'consent-cookieconsent.js'), cookieconsentInit(consent));
  return version;
}

/**
 * Installed before any script of the page (a string: tsx's transform may add
 * helpers to a function's text that the page lacks). `window.__consent.visible`
 * resolves with performance.now() of the first frame in which the accept
 * button is fully shown; `window.__consentVisible` (exposed by the bench) is
 * called then.
 */
function probeScript(kind: ConsentPage): string {
  return `(() => {
  const KIND = ${JSON.stringify(kind)};
  const bench = { csp: [], shifts: [], longTasks: [] };
  window.__consent = bench;
  document.addEventListener('securitypolicyviolation', (e) => {
    bench.csp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + (e.sourceFile ? ' (' + e.sourceFile.replace(location.origin, '') + ':' + e.lineNumber + ')' : ''));
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) bench.shifts.push({ at: e.startTime, value: e.value });
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const accept = KIND !== 'cookieconsent'
    ? () => document.querySelector('uc-consent-banner')?.shadowRoot?.querySelector('[part~="banner"] .actions button')
    : () => document.querySelector('#cc-main .cm button[data-role="all"]');
  bench.accept = accept;
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return false;
    for (let n = el; n; n = n.parentElement || (n.getRootNode() instanceof ShadowRoot ? n.getRootNode().host : null)) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility !== 'visible' || style.opacity !== '1') return false;
    }
    return true;
  };
  let resolve;
  bench.visible = new Promise((r) => (resolve = r));
  const frame = () => {
    const el = accept();
    if (el && shown(el)) {
      const at = performance.now();
      bench.visibleAt = at;
      resolve(at);
      if (window.__consentVisible) window.__consentVisible(at);
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
}

interface ConsentWindow {
  __ran?: string[];
  __consent: {
    visible: Promise<number>;
    csp: string[];
    shifts: Array<{ at: number; value: number }>;
    longTasks: Array<{ start: number; duration: number }>;
    accept(): HTMLElement | null | undefined;
  };
}

async function metrics(cdp: CDPSession): Promise<{ script: number; task: number }> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => list.find((m) => m.name === name)?.value ?? Number.NaN;
  return { script: get('ScriptDuration') * 1000, task: get('TaskDuration') * 1000 };
}

/** Every response of the page (but the page itself) with its size on the wire, by URL path, in order. */
function networkLog(cdp: CDPSession): {
  loads: Array<{ path: string; wire: number; fromCache: boolean; status: number }>;
  stop(): void;
} {
  const requests = new Map<string, { url: string; fromCache: boolean; status: number }>();
  const loads: Array<{ path: string; wire: number; fromCache: boolean; status: number }> = [];
  const onResponse = (e: {
    requestId: string;
    response: { url: string; status: number; fromDiskCache?: boolean; fromMemoryCache?: boolean };
  }) => {
    requests.set(e.requestId, {
      url: e.response.url,
      status: e.response.status,
      fromCache: !!(e.response.fromDiskCache || e.response.fromMemoryCache),
    });
  };
  const onCached = (e: { requestId: string }) => {
    const r = requests.get(e.requestId);
    if (r) r.fromCache = true;
  };
  const onFinished = (e: { requestId: string; encodedDataLength: number }) => {
    const r = requests.get(e.requestId);
    if (!r || !r.url.startsWith('http')) return;
    loads.push({
      path: new URL(r.url).pathname,
      wire: r.fromCache ? 0 : e.encodedDataLength,
      fromCache: r.fromCache,
      status: r.status,
    });
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.requestServedFromCache', onCached);
  cdp.on('Network.loadingFinished', onFinished);
  return {
    loads,
    stop() {
      cdp.off('Network.responseReceived', onResponse);
      cdp.off('Network.requestServedFromCache', onCached);
      cdp.off('Network.loadingFinished', onFinished);
    },
  };
}

export async function runConsentBench(options: ConsentBenchOptions): Promise<ConsentResults> {
  const dataDir = join(options.dir, 'consent-data');
  const pagesDir = join(options.dir, 'consent-pages');
  mkdirSync(pagesDir, { recursive: true });
  writeRegistry(dataDir);
  const consent = benchConsent();
  const cookieconsentVersion = writePages(pagesDir, consent);
  await writeFloor(pagesDir, options.distDir);
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticRoots: { pages: pagesDir, dist: options.distDir },
    log: options.log,
    sweepIntervalMs: 0,
  });
  let closed: Promise<void> | undefined;
  const closeServer = () => (closed ??= server.close());
  options.onCleanup(closeServer);
  if (!server.registry.getSite(SITE)?.consent)
    throw new Error(`the server did not load the ${SITE} site with its consent settings`);

  /** gzip -9 of a library file the page fetched, from disk; undefined for anything else. */
  const gzipCache = new Map<string, number>();
  const libraryGzip = (kind: ConsentPage, path: string): number | undefined => {
    const served = kind === 'usercare' ? '/dist/' : kind === 'floor' ? `${FLOOR_DIR}/` : `${CC_DIR}/`;
    const file = !path.startsWith(served)
      ? undefined
      : kind === 'usercare'
        ? join(options.distDir, path.slice(served.length))
        : join(pagesDir, path);
    if (!file) return undefined;
    let n = gzipCache.get(file);
    if (n === undefined) gzipCache.set(file, (n = gzipSync(readFileSync(file), { level: 9 }).length));
    return n;
  };
  const configPath = (kind: ConsentPage) =>
    kind === 'cookieconsent' ? '/consent-cookieconsent.js' : `/v1/sites/${SITE}/consent`;

  const { browser, close: closeBrowser } = await launchChromium('consent', options.onCleanup);
  try {
    const chromium = await browser.version();
    const cells: ConsentCell[] = [];
    const pageErrors: string[] = [];
    let truncated = false;
    for (const cpuRate of options.cpuRates) {
      const row = KINDS.map((page): ConsentCell => ({ cpuRate, page, samples: [] }));
      cells.push(...row);
      for (let run = 0; run <= options.runs; run++) {
        if (Date.now() > options.deadline) {
          truncated = true;
          break;
        }
        for (const cell of row) {
          // The floor banner has no decision to store: no returning visit.
          const returning = run >= 1 && run <= options.returningRuns && cell.page !== 'floor';
          const sample = await oneRun(browser, server.url, cell.page, cpuRate, returning, {
            libraryGzip,
            configPath,
            pageErrors,
          });
          if (run > 0) cell.samples.push(sample);
        }
        if (run === options.runs || (run > 0 && run % 5 === 0))
          options.progress(`  cpu ${cpuRate}×: ${run}/${options.runs} runs`);
      }
    }
    return { chromium, cookieconsentVersion, cells, pageErrors, truncated };
  } finally {
    await closeBrowser();
    await closeServer();
  }
}

interface RunHelpers {
  libraryGzip(kind: ConsentPage, path: string): number | undefined;
  configPath(kind: ConsentPage): string;
  pageErrors: string[];
}

async function oneRun(
  browser: Browser,
  baseUrl: string,
  kind: ConsentPage,
  cpuRate: number,
  returning: boolean,
  helpers: RunHelpers,
): Promise<ConsentSample> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const label = `${kind} (cpu ${cpuRate}×)`;
    page.on('pageerror', (error) =>
      helpers.pageErrors.push(`${label}: page error: ${error instanceof Error ? error.message : String(error)}`),
    );
    page.on('console', (message) => {
      if (message.type() === 'error') helpers.pageErrors.push(`${label}: console error: ${message.text()}`);
    });
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    if (cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    let atVisible: Promise<{ script: number; task: number }> | undefined;
    await page.exposeFunction('__consentVisible', () => {
      atVisible ??= metrics(cdp);
    });
    await page.evaluateOnNewDocument(probeScript(kind));
    const before = await metrics(cdp);
    const network = networkLog(cdp);
    await page.goto(`${baseUrl}${CONSENT_PAGES[kind]}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const visibleAt = await withTimeout(
      page.evaluate(() => (window as unknown as ConsentWindow).__consent.visible),
      30_000,
      `${label}: the banner visible`,
    );
    const loadsUntilVisible = network.loads.length;
    const at = await withTimeout(
      atVisible ?? Promise.reject(new Error('the page never reported the banner')),
      10_000,
      `${label}: metrics when visible`,
    );
    await new Promise((settle) => setTimeout(settle, SETTLE_MS * cpuRate));
    const seen = await page.evaluate(
      (until: number) => {
        const bench = (window as unknown as ConsentWindow).__consent;
        return {
          csp: [...bench.csp],
          shifts: bench.shifts.filter((s) => s.at <= until),
          longTasks: bench.longTasks.filter((t) => t.start < until - 0),
        };
      },
      visibleAt + SETTLE_MS * cpuRate,
    );
    network.stop();
    const firstLoads = network.loads.slice(0, loadsUntilVisible);
    const library = filesOf(kind, firstLoads, helpers).library;
    const config = network.loads.find((l) => l.path === helpers.configPath(kind));
    const longTasks = seen.longTasks.filter((t) => t.start < visibleAt);
    const sample: ConsentSample = {
      visibleMs: round(visibleAt),
      scriptMs: round(at.script - before.script),
      taskMs: round(at.task - before.task),
      longTasks: longTasks.length,
      longestTaskMs: round(Math.max(0, ...longTasks.map((t) => t.duration))),
      cls: Math.round(seen.shifts.reduce((sum, s) => sum + s.value, 0) * 10_000) / 10_000,
      csp: seen.csp,
      library,
      configBytes: config?.wire ?? Number.NaN,
    };
    if (!library.length)
      throw new Error(
        `${label}: no library file among the page's requests: ${firstLoads.map((l) => l.path).join(', ')}`,
      );
    if (returning) sample.returning = await returningVisit(page, cdp, baseUrl, kind, label, helpers);
    return sample;
  } finally {
    await withTimeout(context.close(), 10_000, 'closing a browser context').catch(() => {});
  }
}

function filesOf(
  kind: ConsentPage,
  loads: ReadonlyArray<{ path: string; wire: number; fromCache: boolean; status: number }>,
  helpers: RunHelpers,
): { library: FileLoad[]; other: FileLoad[] } {
  const library: FileLoad[] = [];
  const other: FileLoad[] = [];
  for (const load of loads) {
    if (load.path === CONSENT_PAGES[kind]) continue;
    const gzip = helpers.libraryGzip(kind, load.path);
    (gzip === undefined ? other : library).push({
      path: load.path,
      gzip: gzip ?? 0,
      wire: load.wire,
      fromCache: load.fromCache,
      status: load.status,
    });
  }
  return { library, other };
}

/** "Accept all" on the banner, then the same page again in the same context: what a returning visitor with a decision loads. */
async function returningVisit(
  page: Page,
  cdp: CDPSession,
  baseUrl: string,
  kind: ConsentPage,
  label: string,
  helpers: RunHelpers,
): Promise<ReturningSample> {
  await page.evaluate(() => {
    const button = (window as unknown as ConsentWindow).__consent.accept();
    if (!button) throw new Error('no accept button');
    button.click();
  });
  // The decision is stored (usercare: localStorage, and its proof sent; cookieconsent: its cookie) and the gated scripts ran.
  await withTimeout(
    page.waitForFunction(() => ((window as unknown as ConsentWindow).__ran ?? []).length === 2, {
      polling: 50,
      timeout: 15_000,
    }),
    20_000,
    `${label}: the gated scripts after "accept all"`,
  );
  if (kind === 'usercare') await page.waitForNetworkIdle({ idleTime: 300, timeout: 15_000 }).catch(() => {});
  const network = networkLog(cdp);
  await page.goto(`${baseUrl}${CONSENT_PAGES[kind]}`, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 }).catch(() => {});
  network.stop();
  const seen = await page.evaluate((k: string) => {
    const bench = (window as unknown as ConsentWindow).__consent;
    const bannerShown =
      k === 'usercare'
        ? !!document.querySelector('uc-consent-banner')?.shadowRoot?.querySelector('[part~="banner"], dialog[open]')
        : !!document.querySelector('#cc-main .cm') && document.documentElement.classList.contains('show--consent');
    return { csp: [...bench.csp], ran: [...((window as unknown as ConsentWindow).__ran ?? [])].sort(), bannerShown };
  }, kind);
  const { library, other } = filesOf(kind, network.loads, helpers);
  return { library, other, ...seen };
}

// ── the report ───────────────────────────────────────────────────────────────

const sumOf = (files: readonly FileLoad[], key: 'gzip' | 'wire') => files.reduce((n, f) => n + f[key], 0);

/** Section f of the report, and its JSON. */
export function renderConsentBench(r: ConsentResults): { text: string; json: Record<string, unknown> } {
  const lines = [
    `f. consent banner: usercare beside vanilla-cookieconsent ${r.cookieconsentVersion} (hideFromBots: false), the same host page with a strict CSP, a fresh incognito context per run (a first visit); ms from navigation start`,
  ];
  const cell = (cpuRate: number, page: ConsentPage) => r.cells.find((c) => c.cpuRate === cpuRate && c.page === page);
  const rows: string[][] = [];
  const json: Record<string, unknown> = {};
  for (const cpuRate of [...new Set(r.cells.map((c) => c.cpuRate))]) {
    for (const x of KINDS.map((k) => cell(cpuRate, k))) {
      if (!x) continue;
      const visible = summarize(x.samples.map((s) => s.visibleMs));
      const script = summarize(x.samples.map((s) => s.scriptMs));
      const cls = summarize(x.samples.map((s) => s.cls));
      const longTasks = x.samples.reduce((n, s) => n + s.longTasks, 0);
      const csp = x.samples.reduce((n, s) => n + s.csp.length, 0);
      rows.push([
        `${cpuRate}×`,
        x.page,
        String(visible.n),
        fixed(visible.median),
        fixed(visible.p90),
        fixed(script.median),
        fixed(median(x.samples.map((s) => s.taskMs))),
        `${longTasks}${longTasks ? ` (longest ${fixed(Math.max(...x.samples.map((s) => s.longestTaskMs)), 0)} ms)` : ''}`,
        `${fixed(cls.median, 4)} / ${fixed(cls.max, 4)}`,
        String(csp),
      ]);
      json[`cpu${cpuRate}x.${x.page}`] = {
        visibleMs: visible,
        scriptMs: script,
        cls,
        longTasks,
        cspViolations: csp,
        samples: x.samples,
      };
    }
    const c = cell(cpuRate, 'cookieconsent');
    for (const u of COMPARED.map((k) => cell(cpuRate, k))) {
      if (!u || !c || !u.samples.length || !c.samples.length) continue;
      const m = (x: ConsentCell, key: 'visibleMs' | 'scriptMs' | 'taskMs') => summarize(x.samples.map((s) => s[key]));
      rows.push([
        `${cpuRate}×`,
        `${u.page}/cookieconsent`,
        '',
        ratio(m(u, 'visibleMs').median, m(c, 'visibleMs').median),
        ratio(m(u, 'visibleMs').p90, m(c, 'visibleMs').p90),
        ratio(m(u, 'scriptMs').median, m(c, 'scriptMs').median),
        ratio(m(u, 'taskMs').median, m(c, 'taskMs').median),
        '',
        '',
        '',
      ]);
    }
  }
  lines.push(
    table(
      [
        'cpu',
        'page',
        'runs',
        'a. visible median',
        'p90',
        'b. script ms',
        'task ms',
        'long tasks until visible (all runs)',
        'd. CLS median / max',
        'e. CSP violations (all runs)',
      ],
      rows,
      ['left', 'left'],
    ),
    '  a. visible: the first frame in which the accept button has a box and it and its ancestors are displayed at opacity 1 (rAF poll).',
    '  b. CDP Performance.getMetrics ScriptDuration / TaskDuration from before navigation to when the page reported the banner visible.',
    '  floor: the real loader and stub with a Lit + XState banner that shows the same first layer and does nothing else (scripts/bench/consent-floor-banner.ts).',
    `  d. layout shifts until ${SETTLE_MS} ms (× the CPU factor) after the banner was visible.`,
  );

  // c. bytes: the same files every run (checked), so from the first measured run of each page at 1×.
  const byteRows: string[][] = [];
  const bytesJson: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const kind of KINDS) {
    const samples = r.cells.filter((c) => c.page === kind).flatMap((c) => c.samples);
    const first = samples[0];
    if (!first) continue;
    const sets = new Set(
      samples.map((s) =>
        s.library
          .map((f) => f.path)
          .sort()
          .join(' '),
      ),
    );
    if (sets.size > 1)
      notes.push(`  ${kind}: the library files differed between runs (${sets.size} sets); the first run's are shown`);
    const back = samples.find((s) => s.returning)?.returning;
    byteRows.push([
      kind,
      String(first.library.length),
      int(sumOf(first.library, 'gzip')),
      int(sumOf(first.library, 'wire')),
      int(first.configBytes),
      back ? String(back.library.length) : '–',
      back ? int(sumOf(back.library, 'gzip')) : '–',
    ]);
    bytesJson[kind] = {
      firstVisit: {
        files: first.library,
        gzip: sumOf(first.library, 'gzip'),
        wire: sumOf(first.library, 'wire'),
        configBytes: first.configBytes,
      },
      ...(back ? { returning: { files: back.library, other: back.other, gzip: sumOf(back.library, 'gzip') } } : {}),
    };
    notes.push(`  ${kind}, first visit: ${first.library.map((f) => `${f.path} ${int(f.gzip)}`).join(', ')}`);
    const how = (f: FileLoad) => (f.fromCache ? 'from the cache' : `${f.status}, ${int(f.wire)} B sent`);
    if (back)
      notes.push(
        `  ${kind}, returning: ${back.library.map((f) => `${f.path} ${int(f.gzip)} (${how(f)})`).join(', ') || 'no library file'}; other requests: ${back.other.map((f) => `${f.path} (${how(f)})`).join(', ') || 'none'}`,
      );
  }
  const bc = byteRows.find((row) => row[0] === 'cookieconsent');
  for (const kind of COMPARED) {
    const bu = byteRows.find((row) => row[0] === kind);
    if (!bu || !bc) continue;
    const n = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));
    byteRows.push([
      `${kind}/cookieconsent`,
      '',
      ratio(n(bu[2]), n(bc[2])),
      ratio(n(bu[3]), n(bc[3])),
      '',
      '',
      kind === 'floor' ? '' : ratio(n(bu[6]), n(bc[6])),
    ]);
  }
  lines.push(
    '',
    '   c. bytes: library files fetched until the banner was visible, and on a returning visit after "accept all" (the same context)',
    table(['page', 'files', 'gzip -9 B', 'sent B', 'config B', 'returning: files', 'gzip -9 B'], byteRows, ['left']),
    ...notes,
    '  gzip -9 B: each library file gzipped as a server would send it (what a visitor with a cold cache fetches). sent B: what this server sent on the first visit (uncompressed, headers included).',
    "  On the returning visit this server's files carry no cache headers, so what Chromium fetches again or takes from its cache varies: shown per file.",
    "  config B: usercare's GET /v1/sites/{site}/consent answer; cookieconsent's init script (its config and texts).",
  );

  // e. the returning visit: the gated scripts must run, under the CSP.
  const returning = KINDS.map((kind) => {
    const visits = r.cells
      .filter((c) => c.page === kind)
      .flatMap((c) => c.samples.flatMap((s) => (s.returning ? [s.returning] : [])));
    return { kind, visits };
  });
  for (const { kind, visits } of returning) {
    if (!visits.length) continue;
    const violations = visits.flatMap((v) => v.csp);
    const bannerAgain = visits.filter((v) => v.bannerShown).length;
    const ranBoth = visits.filter((v) => v.ran.join() === 'analytics,marketing').length;
    lines.push(
      `   e. ${kind}, returning visit (${visits.length}): gated scripts ran in ${ranBoth}/${visits.length}; banner shown again in ${bannerAgain}; CSP violations ${violations.length}${violations.length ? `: ${[...new Set(violations)].slice(0, 5).join('; ')}` : ''}`,
    );
  }
  const firstViolations = r.cells.flatMap((c) => c.samples.flatMap((s) => s.csp.map((v) => `${c.page}: ${v}`)));
  if (firstViolations.length)
    lines.push(`   e. first-visit CSP violations: ${[...new Set(firstViolations)].slice(0, 8).join('; ')}`);
  if (r.truncated) lines.push('  NOTE: the time budget cut the runs short; see the run counts.');
  if (r.pageErrors.length) {
    lines.push(`  page errors / console errors (${r.pageErrors.length}):`);
    for (const e of [...new Set(r.pageErrors)].slice(0, 20)) lines.push(`    ${e}`);
  }
  return {
    text: lines.join('\n'),
    json: {
      ...json,
      bytes: bytesJson,
      cookieconsentVersion: r.cookieconsentVersion,
      returning: returning.map(({ kind, visits }) => ({ kind, visits })),
      pageErrors: r.pageErrors,
      truncated: r.truncated,
    },
  };
}
