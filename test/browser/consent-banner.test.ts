/**
 * The consent banner on a real page: the loader's stub inserts it when a
 * decision is needed, it reads the test site's consent config from the real
 * server, each decision is applied at once, survives a reload, and its proof
 * arrives on the server exactly once.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearFaults, consentRecords, consentText, setFaults } from './support/harness';
import { freshDevice } from './support/host-page';

/**
 * A promise rejected outside a test is logged by the runner as it is, and
 * the runner cannot send a DOM element its reason holds: a DataCloneError
 * then keeps this file from ever reporting that it finished, and the run
 * waits out its whole timeout. Such a rejection is logged here as text
 * instead (a capturing listener runs before the runner's at the window).
 */
window.addEventListener(
  'unhandledrejection',
  (event) => {
    event.stopImmediatePropagation();
    event.preventDefault();
    const reason: unknown = event.reason;
    const text =
      reason instanceof Error
        ? `${reason.name}: ${reason.message}`
        : reason instanceof Element
          ? `<${reason.localName}> ${reason.textContent?.trim().slice(0, 80) ?? ''}`
          : String(reason);
    console.error(`A promise was rejected outside a test: ${text}`);
  },
  { capture: true },
);

interface ConsentWindow extends Window {
  __ran?: string[];
  dataLayer?: IArguments[];
}

/** A host page with consent management, in an iframe (two iframes are two tabs). */
class ConsentPage {
  private constructor(readonly iframe: HTMLIFrameElement) {}

  static async open(params: Record<string, string> = {}): Promise<ConsentPage> {
    const iframe = document.createElement('iframe');
    iframe.style.width = '900px';
    iframe.style.height = '700px';
    document.body.append(iframe);
    const page = new ConsentPage(iframe);
    await page.load(params);
    return page;
  }

  async load(params: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams({ gated: 'analytics-inline,marketing-inline', ...params });
    await new Promise<void>((resolve) => {
      this.iframe.addEventListener('load', () => resolve(), { once: true });
      this.iframe.src = `/__consent.html?${query}`;
    });
  }

  reload(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.iframe.addEventListener('load', () => resolve(), { once: true });
      this.window.location.reload();
    });
  }

  get window(): ConsentWindow {
    return this.iframe.contentWindow as ConsentWindow;
  }

  get banner(): (HTMLElement & { shadowRoot: ShadowRoot }) | null {
    return this.iframe.contentDocument!.querySelector<HTMLElement & { shadowRoot: ShadowRoot }>('uc-consent-banner');
  }

  /** The first layer, once shown. */
  async firstLayer(): Promise<HTMLElement> {
    return until(
      () => this.banner?.shadowRoot?.querySelector<HTMLElement>('[part~="banner"]') ?? undefined,
      'the banner',
    );
  }

  async button(name: RegExp, within?: Element): Promise<HTMLButtonElement> {
    return until(() => {
      const root = within ?? this.banner?.shadowRoot;
      return [...(root?.querySelectorAll('button') ?? [])].find((b) => name.test(b.textContent ?? ''));
    }, `a button ${name}`);
  }

  dialog(): HTMLDialogElement | null {
    return this.banner?.shadowRoot?.querySelector('dialog') ?? null;
  }

  close(): void {
    this.iframe.remove();
  }
}

async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The proof of decisions made since `since` (earlier tests' proofs may still arrive meanwhile). */
async function proofsSince(since: number) {
  return (await consentRecords()).filter((r) => Date.parse(r.clientDecidedAt) >= since);
}

/** The proof of a decision made after `since` is on the server and no longer waits on the device. */
async function proofDelivered(page: ConsentPage, since: number): Promise<void> {
  await until(async () => (await proofsSince(since)).length > 0, 'the proof on the server', 20_000);
  await until(() => !page.window.localStorage.getItem('usercare:consent-proof:test'), 'the proof marker cleared');
}

/** Each test is a new device: its own site storage is cleared. */
function clearDevice(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('usercare:')) localStorage.removeItem(key);
}

describe('consent banner', () => {
  let pages: ConsentPage[] = [];
  const open = async (params: Record<string, string> = {}) => {
    const page = await ConsentPage.open(params);
    pages.push(page);
    return page;
  };

  // A new device: a proof an earlier test left in the outbox would otherwise be sent by this test's page.
  beforeEach(freshDevice);
  afterEach(async () => {
    for (const page of pages) page.close();
    pages = [];
    clearDevice();
    await clearFaults();
  });

  it('on a page whose origin the site does not allow: no banner, and one console message naming the origin to allow', async () => {
    const page = await open({ site: 'locked', fixtures: 'count-console' });
    const errors = () =>
      (page.window as unknown as { __consoleErrors: string[] }).__consoleErrors.filter((m) => m.startsWith('usercare'));
    await until(() => errors().length > 0, 'the console message');
    const origin = page.window.location.origin;
    expect(errors()).to.have.length(1);
    expect(errors()[0]).to.contain(`does not allow this page's origin ${origin} for site "locked"`);
    expect(page.banner?.shadowRoot?.querySelector('button') ?? null, 'no choices offered').to.equal(null);
  });

  it('first visit: appears with focus in it, three equal choices, and nothing optional runs until a choice', async () => {
    const page = await open();
    const layer = await page.firstLayer();
    await until(() => page.banner!.shadowRoot.activeElement === layer, 'focus in the banner');
    const buttons = [
      await page.button(/^Accept all$/),
      await page.button(/^Reject all$/),
      await page.button(/^Customise$/),
    ];
    const boxes = buttons.map((b) => b.getBoundingClientRect());
    const styles = buttons.map((b) => getComputedStyle(b));
    for (const [i, box] of boxes.entries()) {
      expect(Math.round(box.height), `height of ${buttons[i]!.textContent}`).to.equal(Math.round(boxes[0]!.height));
      expect(Math.round(box.width), `width of ${buttons[i]!.textContent}`).to.equal(Math.round(boxes[0]!.width));
      expect(styles[i]!.backgroundColor).to.equal(styles[0]!.backgroundColor);
      expect(styles[i]!.color).to.equal(styles[0]!.color);
      expect(styles[i]!.fontWeight).to.equal(styles[0]!.fontWeight);
    }
    expect(page.window.__ran ?? []).to.deep.equal([]);
  });

  it('does not take focus from a field the user is already typing in when it appears', async () => {
    await setFaults([{ method: 'GET', path: '/v1/sites/test/consent', action: 'delay', ms: 800, times: 1 }]);
    const page = await open();
    const doc = page.iframe.contentDocument!;
    const field = doc.createElement('input');
    field.setAttribute('aria-label', 'search');
    doc.body.prepend(field);
    field.focus();
    await page.firstLayer();
    await pause(100);
    expect(doc.activeElement === field, 'the field keeps focus').to.equal(true);
    expect(page.banner!.shadowRoot.activeElement === null, 'nothing in the banner took it').to.equal(true);
  });

  it('accept all runs the gated scripts once, updates Consent Mode, and the choice holds after a reload', async () => {
    const page = await open();
    const before = Date.now();
    (await page.button(/^Accept all$/)).click();
    await until(() => page.window.__ran?.includes('marketing-inline'), 'the marketing script');
    expect(page.window.__ran).to.have.members(['analytics-inline', 'marketing-inline']);
    const updates = (page.window.dataLayer ?? []).filter((entry) => entry[0] === 'consent' && entry[1] === 'update');
    expect(updates.at(-1)?.[2]).to.include({ analytics_storage: 'granted', ad_storage: 'granted' });
    await until(() => !page.banner?.shadowRoot?.querySelector('[part~="banner"]'), 'the banner to go');
    // Once its proof has arrived (until then the next page would load the banner's chunk to send it):
    await proofDelivered(page, before);

    await page.reload();
    await until(() => page.window.__ran?.length === 2, 'both scripts after the reload');
    await pause(300);
    // Plain values only in assertions: a failing chai assertion on a DOM element stalls the test runner.
    expect(page.banner === null, 'no banner on a returning visit').to.equal(true);
    const loaded = (page.window.performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
      (e) => e.name,
    );
    expect(
      loaded.some((name) => name.includes('uc-consent-banner')),
      'the banner chunk is not loaded',
    ).to.equal(false);
  });

  it('reject all survives a reload: nothing optional runs, no banner', async () => {
    const page = await open();
    const before = Date.now();
    (await page.button(/^Reject all$/)).click();
    await until(() => page.window.usercare?.consent?.get().categories.analytics === false, 'the refusal in force');
    await proofDelivered(page, before);
    await page.reload();
    await pause(500);
    expect(page.banner === null, 'no banner').to.equal(true);
    expect(page.window.__ran ?? []).to.deep.equal([]);
  });

  it('customise opens a modal dialog that holds focus; Escape goes back to the banner and focus returns', async () => {
    const page = await open();
    const customise = await page.button(/^Customise$/);
    customise.focus();
    customise.click();
    const dialog = await until(() => (page.dialog()?.open ? page.dialog() : undefined), 'the dialog');
    await until(() => dialog.querySelector('input[type="checkbox"]'), 'the switches');
    // No optional purpose is switched on by default.
    const switches = [...dialog.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:not([disabled])')];
    expect(switches.length).to.be.greaterThan(2);
    expect(switches.filter((s) => s.checked)).to.have.length(0);
    page.iframe.focus();
    for (let i = 0; i < 30; i++) {
      await sendKeys({ press: 'Tab' });
      const active = page.banner!.shadowRoot.activeElement;
      expect(active && dialog.contains(active), `focus left the dialog after ${i + 1} Tab presses`).to.equal(true);
    }
    await sendKeys({ press: 'Escape' });
    await until(() => !page.dialog()?.open, 'the dialog to close');
    await page.firstLayer();
    await until(() => page.banner!.shadowRoot.activeElement === customise, 'focus back on Customise');
  });

  it('keyboard only: Tab to "Reject all" and press Enter', async () => {
    const page = await open();
    await page.firstLayer();
    page.iframe.focus();
    const reject = await page.button(/^Reject all$/);
    for (let i = 0; i < 10 && page.banner!.shadowRoot.activeElement !== reject; i++) await sendKeys({ press: 'Tab' });
    expect(page.banner!.shadowRoot.activeElement === reject, 'focus on "Reject all"').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await until(() => page.window.usercare?.consent?.get().categories.marketing === false, 'the refusal');
  });

  it('a saved custom choice grants only what was switched on, and usercare.consent.open() reopens it later', async () => {
    const page = await open();
    (await page.button(/^Customise$/)).click();
    const dialog = await until(() => (page.dialog()?.open ? page.dialog() : undefined), 'the dialog');
    const analytics = await until(
      () => dialog.querySelector<HTMLInputElement>('#uc-categories-analytics'),
      'the analytics switch',
    );
    analytics.click();
    (await page.button(/^Save my choices$/, dialog)).click();
    await until(() => page.window.__ran?.includes('analytics-inline'), 'the analytics script');
    expect(page.window.__ran).to.not.include('marketing-inline');

    await page.reload();
    await until(() => page.window.__ran?.includes('analytics-inline'), 'analytics after the reload');
    page.window.usercare!.consent!.open();
    const reopened = await until(() => (page.dialog()?.open ? page.dialog() : undefined), 'the dialog, reopened');
    const again = await until(
      () => reopened.querySelector<HTMLInputElement>('#uc-categories-analytics'),
      'the analytics switch',
    );
    expect(again.checked, 'the dialog shows the choice in force').to.equal(true);
    again.click();
    (await page.button(/^Save my choices$/, reopened)).click();
    await until(() => page.window.usercare?.consent?.get().categories.analytics === false, 'the withdrawal in force');
  });

  it('the proof arrives once, with the exact text shown and the server time, even when the first send fails', async () => {
    await setFaults([{ method: 'POST', path: '/v1/consents', action: 'status', status: 503, times: 1 }]);
    const page = await open();
    const layer = await page.firstLayer();
    const shown = layer.innerText.trim();
    const before = Date.now();
    (await page.button(/^Reject all$/)).click();
    (await page.button(/^Reject all$/).catch(() => undefined))?.click(); // a second click finds no banner
    await until(async () => (await proofsSince(before)).length > 0, 'the proof on the server', 20_000);
    await pause(1500); // a duplicate would have arrived by now
    const records = await proofsSince(before);
    expect(records).to.have.length(1);
    const [record] = records;
    expect(record!.method).to.equal('reject_all');
    expect(record!.categories.analytics).to.deep.equal({ granted: false, version: '1' });
    expect(Date.parse(record!.receivedAt)).to.be.at.least(before - 2000);
    expect(await consentText(record!.textSha256)).to.equal(shown);
  });

  it('a proof the server never got is sent on the next visit, once, without showing the banner', async () => {
    await setFaults([{ method: 'POST', path: '/v1/consents', action: 'drop', times: 10_000 }]);
    const before = Date.now();
    const first = await open();
    (await first.button(/^Accept all$/)).click();
    await until(() => first.window.localStorage.getItem('usercare:consent-proof:test'), 'the proof waiting');
    await pause(300);
    first.close();
    pages = pages.filter((p) => p !== first);
    expect(await proofsSince(before)).to.have.length(0);

    await clearFaults();
    const next = await open();
    await until(async () => (await proofsSince(before)).length > 0, 'the proof on the server', 20_000);
    await until(() => !next.window.localStorage.getItem('usercare:consent-proof:test'), 'the marker cleared');
    await pause(1000);
    expect(await proofsSince(before)).to.have.length(1);
    expect(!next.banner?.shadowRoot?.querySelector('[part~="banner"]'), 'nothing is asked').to.equal(true);
    expect(next.window.__ran).to.have.members(['analytics-inline', 'marketing-inline']);
  });

  it('a new version of one purpose asks about that purpose alone; the other choices stay in force meanwhile', async () => {
    const page = await open();
    (await page.button(/^Accept all$/)).click();
    await until(() => page.window.__ran?.length === 2, 'both scripts');
    // The device's decision was made under an older analytics version: rewrite it as such.
    const key = 'usercare:consent:test';
    const stored = JSON.parse(page.window.localStorage.getItem(key)!) as { d: string };
    const decision = JSON.parse(stored.d) as { categories: Record<string, { granted: boolean; version: string }> };
    decision.categories.analytics!.version = '0';
    const { encodeDecision } = await import('../../src/consent/decision');
    page.window.localStorage.setItem(key, encodeDecision(decision as never));
    await page.reload();
    const layer = await page.firstLayer();
    expect(layer.textContent).to.match(/has changed: Analytics/);
    await until(() => page.window.__ran?.includes('marketing-inline'), 'marketing, still in force');
    expect(page.window.__ran).to.not.include('analytics-inline');
  });

  it('appears without moving the page (no layout shift)', async () => {
    const page = await open({ after: 'layout-shifts' });
    await page.firstLayer();
    await pause(300);
    const shifts = (page.window as unknown as { __shifts: number[] }).__shifts;
    expect(shifts.reduce((a, b) => a + b, 0)).to.equal(0);
  });
});
