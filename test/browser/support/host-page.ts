/**
 * A host page in an iframe: a plain HTML page with the built script tag, as a
 * site owner would write it. Reloading the iframe is a real page reload; two
 * iframes are two tabs of the same origin (same IndexedDB, BroadcastChannel, locks).
 */
import { deleteDB } from 'idb';
import { clearFaults, harness, resetRequestCounts, setFaults } from './harness';

export interface HostOptions {
  lang?: 'en' | 'zh-CN';
  /** inline JSON config (data-usercare-config) */
  config?: unknown;
  site?: string;
  endpoint?: string;
  form?: string;
  /** a page with the script tag but no usercare element (yet) */
  noElement?: boolean;
  /** which element the page has (default the form) */
  element?: 'uc-feedback-form' | 'uc-complaint-tracker' | 'uc-points-widget';
  /** the points widget's `mode` */
  mode?: 'compact';
  /** the tracker's `complaint-id` */
  complaint?: string;
  /** host-page conditions from test/browser/fixtures/, set up before the loader runs */
  fixtures?: Array<
    'block-indexeddb' | 'quota-exceeded' | 'count-console' | 'count-warn' | 'insecure-context' | 'watch-fetch'
  >;
  /** a strict Content-Security-Policy; its violations collect in the page's `__violations` */
  csp?: boolean;
  /** the script tag points at the usercare server's /dist (another origin than the page), not the page's own */
  loaderFromServer?: boolean;
}

export class HostPage {
  readonly iframe: HTMLIFrameElement;
  private constructor(
    iframe: HTMLIFrameElement,
    private readonly options: HostOptions,
  ) {
    this.iframe = iframe;
  }

  static async open(options: HostOptions = {}): Promise<HostPage> {
    const iframe = document.createElement('iframe');
    iframe.style.width = '800px';
    iframe.style.height = '900px';
    document.body.append(iframe);
    const page = new HostPage(iframe, options);
    await page.load();
    return page;
  }

  private async url(): Promise<string> {
    const params = new URLSearchParams({
      lang: this.options.lang ?? 'en',
      endpoint: this.options.endpoint ?? (await harness()).api,
    });
    if (this.options.config !== undefined) params.set('config', JSON.stringify(this.options.config));
    if (this.options.site) params.set('site', this.options.site);
    if (this.options.form) params.set('form', this.options.form);
    if (this.options.noElement) params.set('noelement', '1');
    if (this.options.element) params.set('element', this.options.element);
    if (this.options.complaint) params.set('complaint', this.options.complaint);
    if (this.options.mode) params.set('mode', this.options.mode);
    if (this.options.fixtures) params.set('fixtures', this.options.fixtures.join(','));
    if (this.options.csp) params.set('csp', '1');
    if (this.options.loaderFromServer) params.set('loader', 'server');
    return `/__host.html?${params}`;
  }

  private async load(): Promise<void> {
    const url = await this.url();
    await new Promise<void>((resolve) => {
      this.iframe.addEventListener('load', () => resolve(), { once: true });
      this.iframe.src = url;
    });
  }

  get window(): Window & typeof globalThis {
    return this.iframe.contentWindow as Window & typeof globalThis;
  }

  get element(): HTMLElement & { shadowRoot: ShadowRoot } {
    const el = this.iframe.contentDocument?.querySelector(this.tag);
    if (!el?.shadowRoot) throw new Error(`no ${this.tag} yet`);
    return el as HTMLElement & { shadowRoot: ShadowRoot };
  }

  private get tag(): string {
    return this.options.element ?? 'uc-feedback-form';
  }

  get root(): ShadowRoot {
    return this.element.shadowRoot;
  }

  /**
   * The host tells usercare who the user is (no options: they signed out), and the form is shown
   * again: another person gets their own form, restored from storage, before the test goes on.
   */
  async identify(options?: {
    token?: string;
    profile?: { name?: string; email?: string; phone?: string };
  }): Promise<void> {
    const form = this.element as HTMLElement & { updateComplete: Promise<boolean> };
    if (options) this.window.usercare!.identify(options);
    else this.window.usercare!.forget();
    await form.updateComplete;
    await this.ready();
  }

  /** Waits until the form (or whatever `ready` checks) has rendered. */
  async ready(
    check: (root: ShadowRoot) => boolean = (r) =>
      !!r.querySelector('form, [part~="receipt"], [part~="queue"], [role="alert"]'),
  ): Promise<void> {
    await until(() => {
      const el = this.iframe.contentDocument?.querySelector(this.tag);
      return !!el?.shadowRoot && check(el.shadowRoot);
    }, 'the form to render').catch((error: Error) => {
      const root = this.iframe.contentDocument?.querySelector(this.tag)?.shadowRoot;
      throw new Error(
        `${error.message}; the element shows: ${root ? JSON.stringify(root.textContent?.replace(/\s+/g, ' ')) : 'no shadow root'}`,
      );
    });
  }

  /** Resolves with the next event of this type from the element. */
  nextEvent(type: string): Promise<Event> {
    return new Promise((resolve) => this.element.addEventListener(type, resolve, { once: true }));
  }

  text(): string {
    return this.root.textContent?.replace(/\s+/g, ' ') ?? '';
  }

  control<T extends HTMLElement = HTMLInputElement>(selector: string): T {
    const el = this.root.querySelector<T>(selector);
    if (!el) throw new Error(`no ${selector} in the form`);
    return el;
  }

  /** Sets a value the way an input event from typing would. */
  type(name: string, value: string): void {
    const el = this.control<HTMLInputElement | HTMLTextAreaElement>(`#f-${name}`);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  choose(selector: string, value: string): void {
    const el = this.control<HTMLSelectElement>(selector);
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  /** Puts files on a file input, as choosing them in the picker does. */
  attach(name: string, files: File[]): void {
    const input = this.control<HTMLInputElement>(`#f-${name}`);
    const transfer = new DataTransfer();
    for (const f of files) transfer.items.add(f);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  }

  /** Fills the default form's required parts with a message containing `marker`. */
  fillValid(marker: string): void {
    this.choose('#f-category', this.control<HTMLSelectElement>('#f-category').options[1]!.value);
    this.type('message', `Message ${marker}: the checkout page shows an error`);
  }

  submit(): void {
    this.control<HTMLButtonElement>('[part~="submit"]').click();
  }

  async waitForText(text: string | RegExp, timeout = 20_000): Promise<void> {
    await until(
      () => {
        try {
          const t = this.text();
          return typeof text === 'string' ? t.includes(text) : text.test(t);
        } catch {
          return false;
        }
      },
      `text ${String(text)}`,
      timeout,
    );
  }

  /**
   * The network goes away: every request to the server fails at the socket
   * (the proxy drops it), and the browser says it is offline. Chromium's own
   * offline mode would also cut the test runner's connection to this page.
   */
  async goOffline(): Promise<void> {
    await setFaults([{ action: 'drop' }]);
    Object.defineProperty(this.window.navigator, 'onLine', { configurable: true, get: () => false });
    this.window.dispatchEvent(new Event('offline'));
  }

  async goOnline(): Promise<void> {
    await clearFaults();
    delete (this.window.navigator as { onLine?: boolean }).onLine;
    this.window.dispatchEvent(new Event('online'));
  }

  async reload(): Promise<void> {
    await this.load();
  }

  close(): void {
    this.iframe.remove();
  }
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A new device: no usercare database, no local storage. */
export async function freshDevice(): Promise<void> {
  await deleteDB('usercare', { blocked: () => console.warn('usercare database deletion blocked by an open page') });
  localStorage.clear();
}

/**
 * The usual frame of an end-to-end suite: each test starts on a new device
 * with no faults, and the host pages it opened are closed after it.
 * Call inside `describe`; use the returned `open` to get a rendered page.
 */
export function hostPages(): { open(options?: HostOptions): Promise<HostPage>; track(page: HostPage): HostPage } {
  let pages: HostPage[] = [];
  beforeEach(async () => {
    await freshDevice();
    await clearFaults();
    await resetRequestCounts();
  });
  afterEach(async () => {
    for (const page of pages) page.close();
    pages = [];
    await clearFaults();
  });
  return {
    async open(options) {
      const page = await HostPage.open(options);
      pages.push(page);
      await page.ready();
      return page;
    },
    track(page) {
      pages.push(page);
      return page;
    },
  };
}
