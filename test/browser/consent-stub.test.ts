/**
 * The consent stub in the built loader (src/consent/stub.ts), on host pages
 * served by web-test-runner.config.js (`/__consent.html`): gated scripts and
 * frames, Google Consent Mode, cookies, `usercare.consent`, other tabs, a
 * strict CSP, `<uc-consent-settings>`, and when the banner's UI is loaded.
 */
import { expect } from '@open-wc/testing';
import { freshDevice, until } from './support/host-page';
import { harness } from './support/harness';
import type { ConsentApi, ConsentState } from '../../src/consent/api';
import {
  configKey,
  decisionKey,
  encodeDecision,
  type CachedConsentConfig,
  type StoredDecision,
} from '../../src/consent/decision';

type Gated =
  | 'analytics-inline'
  | 'analytics-src'
  | 'analytics-module'
  | 'analytics-uc-src'
  | 'analytics-dcl'
  | 'analytics-no-nonce'
  | 'stats-inline'
  | 'marketing-inline'
  | 'marketing-src'
  | 'necessary-inline'
  | 'unknown-inline'
  | 'analytics-img'
  | 'marketing-iframe'
  | 'settings'
  | 'settings-label'
  | 'banner'
  | 'page-order';

interface PageOptions {
  gated?: Gated[];
  /** the loader's tag has data-consent (default true) */
  consent?: boolean;
  /** fixtures run before the loader */
  fixtures?: Array<'gpc' | 'block-storage' | 'count-warn' | 'page-errors'>;
  /** page scripts after the loader */
  after?: Array<'page-gtag'>;
  /** localStorage written before the loader runs (fixture seed-consent) */
  seed?: Record<string, string>;
  /** `none`: the loader's tag has no data-endpoint */
  endpoint?: string;
  csp?: boolean;
  lang?: 'en' | 'zh-CN';
  /** the page arrives in two parts, the first ending inside this gated script's text (web-test-runner.config.js) */
  split?: Gated;
}

type PageWindow = Window &
  typeof globalThis & {
    usercare?: { consent?: ConsentApi };
    dataLayer?: unknown[];
    __ran?: string[];
    __warnings?: string[];
    __violations?: string[];
    __before?: string[];
    __errors?: string[];
  };

const opened: HTMLIFrameElement[] = [];

async function openPage(
  options: PageOptions = {},
): Promise<{ frame: HTMLIFrameElement; win: PageWindow; doc: Document }> {
  const params = new URLSearchParams({ gated: (options.gated ?? []).join(','), lang: options.lang ?? 'en' });
  const fixtures = [...(options.seed ? ['seed-consent'] : []), ...(options.fixtures ?? [])];
  if (fixtures.length) params.set('fixtures', fixtures.join(','));
  if (options.seed) params.set('seed', JSON.stringify(options.seed));
  if (options.after) params.set('after', options.after.join(','));
  if (options.consent === false) params.set('consent', '0');
  if (options.endpoint) params.set('endpoint', options.endpoint);
  if (options.csp) params.set('csp', '1');
  if (options.split) params.set('split', options.split);
  const frame = document.createElement('iframe');
  frame.style.width = '600px';
  frame.style.height = '400px';
  document.body.append(frame);
  opened.push(frame);
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = `/__consent.html?${params}`;
  });
  return { frame, win: frame.contentWindow as PageWindow, doc: frame.contentDocument! };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ran = (win: PageWindow) => [...(win.__ran ?? [])].sort();
const resources = (win: PageWindow) =>
  win.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
const consentOf = (win: PageWindow) => {
  const consent = win.usercare?.consent;
  if (!consent) throw new Error('no usercare.consent on the page');
  return consent;
};
/** dataLayer's `consent` commands, as [command, signals] */
const consentCommands = (win: PageWindow) =>
  (win.dataLayer ?? [])
    .map((entry) => Array.from(entry as ArrayLike<unknown>))
    .filter((args) => args[0] === 'consent')
    .map((args) => [args[1], args[2]] as [string, Record<string, unknown>]);

/** What the harness server has for site `test` (its real revision), or a local copy while it has none. */
let serverConfig: CachedConsentConfig | undefined;
async function siteConfig(): Promise<CachedConsentConfig> {
  if (serverConfig) return serverConfig;
  const { api } = await harness();
  const response = await fetch(`${api}/v1/sites/test/consent`, { credentials: 'omit' });
  if (response.ok) return (serverConfig = (await response.json()) as CachedConsentConfig);
  const text = (en: string) => ({ en, 'zh-CN': en });
  return {
    site: 'test',
    revision: '0123456789abcdef',
    expiryDays: 180,
    categories: [
      {
        id: 'analytics',
        label: text('Analytics'),
        description: text('Counts page visits'),
        version: '1',
        services: [
          { id: 'stats', name: text('Test stats'), purpose: text('Visit counts'), cookies: ['uc_test_stats'] },
        ],
      },
      {
        id: 'marketing',
        label: text('Marketing'),
        description: text('Measures ads'),
        version: '1',
        cookies: ['uc_test_ads'],
      },
      { id: 'functional', label: text('Functional'), description: text('Remembers your preferences'), version: '1' },
    ],
    separate: [
      {
        id: 'share-logistics',
        kind: 'third_party',
        recipient: text('Test Logistics Ltd.'),
        purpose: text('Delivers your order'),
        version: '1',
      },
    ],
  };
}

const DAY = 86_400_000;
function decisionOf(
  config: CachedConsentConfig,
  granted: Record<string, boolean>,
  patch: Partial<StoredDecision> = {},
): StoredDecision {
  const at = Date.now() - 1000;
  const version = (id: string) => config.categories.find((c) => c.id === id)?.version ?? '1';
  return {
    v: 1,
    id: `decision-${Math.random().toString(36).slice(2, 12)}-0000`,
    site: 'test',
    revision: config.revision,
    at,
    expires: at + 180 * DAY,
    gpc: false,
    categories: Object.fromEntries(
      config.categories.map((c) => [c.id, { granted: granted[c.id] ?? false, version: version(c.id) }]),
    ),
    services: {},
    separate: Object.fromEntries(
      config.separate.map((s) => [s.id, { granted: granted[`separate:${s.id}`] ?? false, version: s.version }]),
    ),
    ...patch,
  };
}

/** localStorage as a returning visitor's device has it. */
async function returning(
  granted: Record<string, boolean>,
  patch: Partial<StoredDecision> = {},
  config?: CachedConsentConfig,
) {
  const cfg = config ?? (await siteConfig());
  return {
    [configKey('test')]: JSON.stringify(cfg),
    [decisionKey('test')]: encodeDecision(decisionOf(cfg, granted, patch)),
  };
}

const ALL_GATED: Gated[] = [
  'analytics-inline',
  'analytics-src',
  'analytics-module',
  'stats-inline',
  'marketing-inline',
  'marketing-src',
  'necessary-inline',
  'analytics-img',
  'marketing-iframe',
];

function clearTestCookies(): void {
  for (const name of ['uc_test_ads', 'uc_test_stats', 'uc_test_keep', 'uc_test_ads_extra'])
    document.cookie = `${name}=;max-age=0;path=/`;
}

describe('the consent stub', () => {
  beforeEach(async () => {
    await freshDevice();
    clearTestCookies();
  });
  afterEach(() => {
    for (const frame of opened.splice(0)) frame.remove();
    clearTestCookies();
  });

  it('without data-consent does nothing: no usercare.consent, no Consent Mode, gated elements stay blocked', async () => {
    const { win, doc } = await openPage({
      consent: false,
      gated: ALL_GATED,
      seed: await returning({ analytics: true, marketing: true }),
    });
    await pause(300);
    expect(win.usercare?.consent).to.equal(undefined);
    expect(win.dataLayer).to.equal(undefined);
    expect(ran(win)).to.deep.equal([]);
    expect(doc.querySelector('img')!.hasAttribute('src')).to.equal(false);
    expect(win.customElements.get('uc-consent-settings')).to.equal(undefined);
  });

  it('with no decision runs nothing gated but necessary and loads no gated frame or image', async () => {
    const { win, doc } = await openPage({
      gated: ALL_GATED,
      seed: { [configKey('test')]: JSON.stringify(await siteConfig()) },
    });
    await pause(500);
    expect(ran(win)).to.deep.equal(['necessary-inline']);
    expect(doc.querySelector('iframe')!.hasAttribute('src')).to.equal(false);
    expect(doc.querySelector('img')!.hasAttribute('src')).to.equal(false);
    expect(resources(win).filter((p) => p.includes('gated-'))).to.deep.equal([]);
    const state = consentOf(win).get();
    expect(state.decided).to.equal(false);
    expect(state.ask).to.deep.equal([
      'category:analytics',
      'category:marketing',
      'category:functional',
      'separate:share-logistics',
    ]);
    expect(consentOf(win).has('analytics')).to.equal(false);
    expect(consentOf(win).has('necessary')).to.equal(true);
  });

  it('with no config known activates nothing, not even necessary ones, and asks everything', async () => {
    const { win } = await openPage({ gated: ['necessary-inline', 'analytics-inline'] });
    await pause(300);
    expect(ran(win)).to.deep.equal([]);
    expect(consentOf(win).get().ask).to.deep.equal(['*']);
  });

  it('a stored decision activates allowed scripts exactly once (inline, src, module, service) and keeps refused ones blocked', async () => {
    const granted = { analytics: true, marketing: false, functional: true };
    const { win, doc } = await openPage({ gated: ALL_GATED, seed: await returning(granted) });
    await until(() => ran(win).length >= 5, 'the allowed gated scripts to run');
    // More mutations (the observer runs again) and the same decision committed again: nothing runs twice.
    doc.body.append(doc.createElement('div'));
    consentOf(win).commit(decisionOf(await siteConfig(), granted));
    await pause(300);
    expect(ran(win)).to.deep.equal([
      'analytics-inline',
      'analytics-module',
      'analytics-src',
      'necessary-inline',
      'stats-inline',
    ]);
    expect(doc.querySelector('img')!.getAttribute('src')).to.equal('/test/browser/fixtures/gated-pixel.svg');
    await until(() => resources(win).includes('/test/browser/fixtures/gated-pixel.svg'), 'the gated image to load');
    expect(doc.querySelector('iframe')!.hasAttribute('src')).to.equal(false);
    expect(resources(win)).not.to.include('/test/browser/fixtures/gated-frame.html');
    // The activated script is a real script: attributes kept (data-name), type and data-uc-* gone.
    const src = doc.querySelector<HTMLScriptElement>('script[data-name="analytics-src"]')!;
    expect(src.type).to.equal('');
    expect(src.hasAttribute('data-uc-category')).to.equal(false);
    expect(doc.querySelectorAll('script[type="text/plain"][data-uc-category="marketing"]').length).to.equal(2);
    const consent = consentOf(win);
    expect(consent.get().decided).to.equal(true);
    expect(consent.has('analytics')).to.equal(true);
    expect(consent.has('analytics/stats')).to.equal(true);
    expect(consent.has('marketing')).to.equal(false);
    expect(consent.has('separate:share-logistics')).to.equal(false);
    expect(consent.has('toString')).to.equal(false);
    const ready = await consent.ready;
    expect(ready.decided).to.equal(true);
    expect(ready.id).to.match(/^decision-/);
  });

  it('an allowed inline script runs in document order, before the page’s scripts after it', async () => {
    const { win } = await openPage({
      gated: ['analytics-inline', 'stats-inline', 'page-order'],
      seed: await returning({ analytics: true }),
    });
    expect(win.__before).to.deep.equal(['analytics-inline', 'stats-inline']);
  });

  it('a service refused within an allowed category stays blocked', async () => {
    const { win } = await openPage({
      gated: ['analytics-inline', 'stats-inline'],
      seed: await returning({ analytics: true }, { services: { 'analytics/stats': false } }),
    });
    await until(() => ran(win).length >= 1, 'the analytics script');
    await pause(200);
    expect(ran(win)).to.deep.equal(['analytics-inline']);
    expect(consentOf(win).has('analytics/stats')).to.equal(false);
  });

  it('a tampered decision counts as none', async () => {
    const seed = await returning({ analytics: false, marketing: false });
    const stored = JSON.parse(seed[decisionKey('test')]!) as { d: string; s: string };
    stored.d = stored.d.replace('"analytics":{"granted":false', '"analytics":{"granted":true');
    seed[decisionKey('test')] = JSON.stringify(stored);
    const { win } = await openPage({ gated: ['analytics-inline'], seed });
    await pause(300);
    expect(ran(win)).to.deep.equal([]);
    expect(consentOf(win).get().decided).to.equal(false);
    expect(consentOf(win).get().id).to.equal(undefined);
  });

  it('sets the Consent Mode default first, before any gtag call of the page, then the update from the decision', async () => {
    const { win } = await openPage({
      seed: await returning({ analytics: true, marketing: false }),
      after: ['page-gtag'],
    });
    const layer = win.dataLayer!;
    // gtag.js reads Arguments objects, not arrays
    expect(layer.every((entry) => Object.prototype.toString.call(entry) === '[object Arguments]')).to.equal(true);
    const commands = layer.map((entry) => Array.from(entry as ArrayLike<unknown>));
    expect(commands[0]).to.deep.equal([
      'consent',
      'default',
      {
        analytics_storage: 'denied',
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        wait_for_update: 500,
      },
    ]);
    expect(commands[1]).to.deep.equal([
      'consent',
      'update',
      { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    ]);
    expect(commands.slice(2).map((c) => c[0])).to.deep.equal(['js', 'config']);
  });

  it('with no decision sets the default only', async () => {
    const { win } = await openPage({ after: ['page-gtag'] });
    expect(consentCommands(win).map((c) => c[0])).to.deep.equal(['default']);
  });

  it('Global Privacy Control keeps marketing and third-party sharing off even when stored as granted', async () => {
    const { win } = await openPage({
      gated: ['analytics-inline', 'marketing-inline'],
      fixtures: ['gpc'],
      seed: await returning({ analytics: true, marketing: true, 'separate:share-logistics': true }),
    });
    await until(() => ran(win).length >= 1, 'the analytics script');
    await pause(200);
    expect(ran(win)).to.deep.equal(['analytics-inline']);
    const consent = consentOf(win);
    expect(consent.get().gpc).to.equal(true);
    expect(consent.has('marketing')).to.equal(false);
    expect(consent.has('separate:share-logistics')).to.equal(false);
    expect(consentCommands(win)[1]).to.deep.equal([
      'update',
      { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    ]);
  });

  it('a purpose with a new version is asked again alone; the others stay in force', async () => {
    const config = structuredClone(await siteConfig());
    const seed = await returning({ analytics: true, marketing: true }, {}, config);
    // the owner bumped marketing's version after the user decided
    config.categories.find((c) => c.id === 'marketing')!.version = '2';
    seed[configKey('test')] = JSON.stringify(config);
    const { win } = await openPage({ gated: ['analytics-inline', 'marketing-inline'], seed, endpoint: 'none' });
    await until(() => ran(win).length >= 1, 'the analytics script');
    await pause(200);
    expect(ran(win)).to.deep.equal(['analytics-inline']);
    const state = consentOf(win).get();
    expect(state.ask).to.deep.equal(['category:marketing']);
    expect(state.decided).to.equal(false);
    expect(state.categories).to.include({ analytics: true, marketing: false });
    await until(() => resources(win).includes('/dist/uc-consent-banner.js'), 'the banner to load');
  });

  it('an expired decision asks about everything and allows nothing', async () => {
    const { win } = await openPage({
      gated: ['analytics-inline'],
      seed: await returning(
        { analytics: true, marketing: true },
        { at: Date.now() - 200 * DAY, expires: Date.now() - 20 * DAY },
      ),
    });
    await pause(300);
    expect(ran(win)).to.deep.equal([]);
    const state = consentOf(win).get();
    expect(state.ask).to.deep.equal([
      'category:analytics',
      'category:marketing',
      'category:functional',
      'separate:share-logistics',
    ]);
    expect(state.id).to.equal(undefined);
    expect(
      consentCommands(win).map((c) => c[0]),
      'no update: nothing is in force',
    ).to.deep.equal(['default']);
  });

  it('with storage blocked asks, activates nothing, and a commit holds in memory for the page', async () => {
    const config = await siteConfig();
    const { win } = await openPage({ gated: ['analytics-inline'], fixtures: ['block-storage'] });
    await pause(300);
    expect(ran(win)).to.deep.equal([]);
    const consent = consentOf(win);
    expect(consent.get().ask).to.deep.equal(['*']);
    await until(() => !!win.document.querySelector('uc-consent-banner'), 'the banner element');
    consent.commit(decisionOf(config, { analytics: true }), config);
    await until(() => ran(win).length === 1, 'the analytics script after the commit');
    expect(consent.get().decided).to.equal(true);
    expect(localStorage.getItem(decisionKey('test'))).to.equal(null);
  });

  it('activates gated elements added later', async () => {
    const { win, doc } = await openPage({ seed: await returning({ analytics: true, marketing: true }) });
    const box = doc.createElement('div');
    const script = doc.createElement('script');
    // The host's own script adds them, with the page's nonce, as a host on a nonce CSP must.
    script.nonce = 'uc-test-nonce-3f9a';
    script.type = 'text/plain';
    script.dataset.ucCategory = 'analytics';
    script.text = "(window.__ran ||= []).push('later-inline')";
    const frame = doc.createElement('iframe');
    frame.dataset.ucCategory = 'marketing';
    frame.dataset.ucSrc = '/test/browser/fixtures/gated-frame.html';
    box.append(script, frame);
    doc.body.append(box);
    const alone = doc.createElement('script');
    alone.nonce = 'uc-test-nonce-3f9a';
    alone.type = 'text/plain';
    alone.dataset.ucCategory = 'marketing';
    alone.text = "(window.__ran ||= []).push('later-alone')";
    doc.head.append(alone);
    await until(() => ran(win).length === 2, 'the later scripts to run');
    expect(ran(win)).to.deep.equal(['later-alone', 'later-inline']);
    expect(frame.getAttribute('src')).to.equal('/test/browser/fixtures/gated-frame.html');
  });

  it('clears the declared cookies of refused categories and services, on load and on a change', async () => {
    for (const name of ['uc_test_ads', 'uc_test_stats', 'uc_test_keep', 'uc_test_ads_extra'])
      document.cookie = `${name}=1;path=/`;
    const config = structuredClone(await siteConfig());
    config.categories.find((c) => c.id === 'marketing')!.cookies = ['uc_test_ads*'];
    const { win } = await openPage({
      seed: await returning({ analytics: true, marketing: false }, {}, config),
      endpoint: 'none',
    });
    const cookies = () => win.document.cookie.split('; ').sort();
    expect(cookies()).to.deep.equal(['uc_test_keep=1', 'uc_test_stats=1']);
    consentOf(win).commit(decisionOf(config, { analytics: false }));
    expect(cookies()).to.deep.equal(['uc_test_keep=1']);
  });

  it('warns once about a gated element of an unknown category and keeps it blocked', async () => {
    const { win, doc } = await openPage({
      gated: ['unknown-inline'],
      fixtures: ['count-warn'],
      seed: await returning({ analytics: true }),
    });
    doc.body.append(doc.createElement('p'));
    consentOf(win).commit(decisionOf(await siteConfig(), { analytics: true, marketing: true }));
    await pause(300);
    expect(ran(win)).to.deep.equal([]);
    const warnings = win.__warnings!.filter((w) => w.startsWith('usercare'));
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.include('social').and.to.include("push('unknown-inline')");
  });

  it('commit() from the page activates, tells listeners and the window, stores the decision and resolves ready', async () => {
    const config = await siteConfig();
    const { win } = await openPage({
      gated: ['analytics-inline', 'marketing-inline'],
      seed: { [configKey('test')]: JSON.stringify(config) },
    });
    const consent = consentOf(win);
    let resolved: ConsentState | undefined;
    void consent.ready.then((s) => (resolved = s));
    const heard: ConsentState[] = [];
    const stop = consent.onChange((s) => heard.push(s));
    const events: ConsentState[] = [];
    win.addEventListener('uc-consent-change', (e) => events.push((e as CustomEvent<ConsentState>).detail));
    await pause(100);
    expect(resolved).to.equal(undefined);
    consent.commit(decisionOf(config, { analytics: true, marketing: false }));
    await until(() => ran(win).length === 1 && !!resolved && heard.length === 1, 'the commit to apply');
    expect(ran(win)).to.deep.equal(['analytics-inline']);
    expect(events.length).to.equal(1);
    expect(events[0]!.categories).to.include({ analytics: true, marketing: false });
    expect(resolved!.decided).to.equal(true);
    expect(consentCommands(win).at(-1)).to.deep.equal([
      'update',
      { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    ]);
    expect(localStorage.getItem(decisionKey('test'))).to.be.a('string');
    stop();
    consent.commit(decisionOf(config, { analytics: true, marketing: true }));
    await until(() => ran(win).length === 2, 'the marketing script');
    await pause(50);
    expect(heard.length, 'no call after unsubscribing').to.equal(1);
    expect(events.length).to.equal(2);
  });

  it('applies a decision made in another tab', async () => {
    const config = await siteConfig();
    const seed = { [configKey('test')]: JSON.stringify(config) };
    const one = await openPage({ gated: ['analytics-inline', 'marketing-inline'], seed });
    const two = await openPage({ gated: ['analytics-inline', 'marketing-inline'], seed });
    const heard: ConsentState[] = [];
    consentOf(two.win).onChange((s) => heard.push(s));
    consentOf(one.win).commit(decisionOf(config, { analytics: true }));
    await until(() => ran(two.win).length === 1 && heard.length === 1, 'the other tab to apply it');
    expect(ran(two.win)).to.deep.equal(['analytics-inline']);
    expect(consentOf(two.win).has('analytics')).to.equal(true);
    // …and one written straight into storage (as a tab of another page would)
    localStorage.setItem(decisionKey('test'), encodeDecision(decisionOf(config, { analytics: true, marketing: true })));
    await until(() => ran(one.win).length === 2 && ran(two.win).length === 2, 'both tabs to apply it');
    expect(consentCommands(two.win).at(-1)![1]).to.include({ ad_storage: 'granted' });
  });

  it('runs a gated inline script whole, and in document order, when the page arrives in parts that split its text', async () => {
    const { win } = await openPage({
      split: 'analytics-inline',
      gated: ['analytics-inline', 'stats-inline', 'page-order'],
      fixtures: ['page-errors'],
      seed: await returning({ analytics: true }),
    });
    expect(win.__before, 'what had run when the page script after them ran').to.deep.equal([
      'analytics-inline',
      'stats-inline',
    ]);
    expect(win.__errors ?? [], 'no script ran half its text').to.deep.equal([]);
  });

  it('runs a gated script that ends the page, and arrives in parts, before DOMContentLoaded, which it can still wait for', async () => {
    const { win } = await openPage({
      split: 'analytics-dcl',
      gated: ['analytics-dcl'],
      seed: await returning({ analytics: true }),
    });
    await until(() => ran(win).length === 2, 'the script and its DOMContentLoaded listener');
    expect(ran(win)).to.deep.equal(['analytics-dcl', 'dcl-heard']);
  });

  it('runs a gated script whose source is in data-uc-src, once', async () => {
    const { win } = await openPage({
      csp: true,
      gated: ['analytics-uc-src', 'analytics-inline'],
      seed: await returning({ analytics: true }),
    });
    await until(() => ran(win).length === 2, 'both scripts');
    await pause(300);
    expect(ran(win)).to.deep.equal(['analytics-inline', 'analytics-uc-src']);
    expect(win.__violations).to.deep.equal([]);
  });

  it('gives activated scripts the page’s nonce under a strict CSP, without a single violation', async () => {
    const { win, doc } = await openPage({
      csp: true,
      gated: ['analytics-inline', 'analytics-module', 'analytics-src', 'analytics-img', 'settings'],
      seed: await returning({ analytics: true }),
    });
    await until(() => ran(win).length === 3, 'the gated scripts to run');
    const script = [...doc.scripts].find((s) => s.text.includes('analytics-inline'))!;
    expect(script.nonce).to.equal('uc-test-nonce-3f9a');
    // the revision check and the image
    await until(() => resources(win).some((p) => p.endsWith('/v1/sites/test/consent')), 'the revision check');
    await pause(200);
    expect(win.__violations).to.deep.equal([]);
  });

  it('runs no gated script that lacks the page’s nonce (injected markup cannot borrow the stub’s), and says so once', async () => {
    const { win } = await openPage({
      csp: true,
      gated: ['analytics-inline', 'analytics-no-nonce'],
      fixtures: ['count-warn'],
      seed: await returning({ analytics: true }),
    });
    await until(() => ran(win).length === 1, 'the script with the nonce');
    await pause(300);
    expect(ran(win)).to.deep.equal(['analytics-inline']);
    expect(win.__warnings?.filter((w) => w.includes('nonce'))).to.have.length(1);
    expect(win.__violations).to.deep.equal([]);
  });

  it('<uc-consent-settings> is a button, labelled in the page’s language, that opens the preferences', async () => {
    const { win, doc } = await openPage({
      gated: ['settings', 'settings-label'],
      seed: await returning({ analytics: true }),
      endpoint: 'none',
      lang: 'zh-CN',
    });
    const [plain, labelled] = [...doc.querySelectorAll('uc-consent-settings')];
    const button = plain!.shadowRoot!.querySelector('button')!;
    expect(button.type).to.equal('button');
    expect(button.querySelector('slot')!.assignedNodes().length).to.equal(0);
    expect(button.querySelector('slot')!.textContent).to.equal('隐私设置');
    expect(labelled!.shadowRoot!.querySelector('slot')!.assignedNodes()[0]!.textContent).to.equal('Cookies');
    await pause(200);
    expect(doc.querySelector('uc-consent-banner')).to.equal(null);
    expect(resources(win)).not.to.include('/dist/uc-consent-banner.js');
    button.click();
    const banner = doc.querySelector('uc-consent-banner')!;
    expect(banner.hasAttribute('preferences')).to.equal(true);
    expect(banner.parentElement === doc.body, 'in the body').to.equal(true);
    await until(() => resources(win).includes('/dist/uc-consent-banner.js'), 'the banner’s UI to load');
  });

  it('with no decision puts a <uc-consent-banner> in the body and loads its UI', async () => {
    const { win, doc } = await openPage({ seed: { [configKey('test')]: JSON.stringify(await siteConfig()) } });
    const banners = doc.querySelectorAll('uc-consent-banner');
    expect(banners.length).to.equal(1);
    expect(banners[0]!.parentElement === doc.body, 'in the body').to.equal(true);
    expect(banners[0]!.hasAttribute('preferences')).to.equal(false);
    await until(() => resources(win).includes('/dist/uc-consent-banner.js'), 'the banner’s UI to load');
  });

  it('uses the page’s own <uc-consent-banner> when it has one', async () => {
    const { win, doc } = await openPage({ gated: ['banner'] });
    await until(() => resources(win).includes('/dist/uc-consent-banner.js'), 'the banner’s UI to load');
    expect(doc.querySelectorAll('uc-consent-banner').length).to.equal(1);
    expect(doc.querySelector('uc-consent-banner')!.parentElement!.localName).to.equal('main');
  });

  it('a returning visitor loads nothing but the loader; a new revision on the server loads the banner', async () => {
    const same = await openPage({
      gated: ['analytics-inline', 'settings'],
      seed: await returning({ analytics: true }),
    });
    await until(() => resources(same.win).some((p) => p.endsWith('/v1/sites/test/consent')), 'the revision check');
    await pause(300);
    expect(resources(same.win).filter((p) => p.startsWith('/dist/'))).to.deep.equal(['/dist/usercare.js']);
    expect(same.doc.querySelector('uc-consent-banner')).to.equal(null);

    const config = structuredClone(await siteConfig());
    config.revision = 'ffffffffffffffff';
    const changed = await openPage({
      gated: ['analytics-inline'],
      seed: await returning({ analytics: true }, {}, config),
    });
    await until(() => resources(changed.win).includes('/dist/uc-consent-banner.js'), 'the banner to load');
    expect(ran(changed.win), 'the decision stays in force meanwhile').to.deep.equal(['analytics-inline']);
  });
});
