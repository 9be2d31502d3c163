/**
 * A back office in an iframe: a plain admin page with the back-office
 * loader's tag and <uc-staff-console>, as a site owner's back office would
 * write it. The console's parts sit in shadow roots inside shadow roots;
 * `text()` and `find()` look through all of them, as a person reads the page.
 */
import { deleteDB } from 'idb';
import { harness, staffToken } from './harness';
import { until } from './host-page';

export interface StaffPageOptions {
  lang?: 'en' | 'zh-CN';
  /** the console's route at load (`#/complaints/<id>`, `#/audit`) */
  route?: string;
  /** load axe-core into the page, for `axe()` */
  axe?: boolean;
  /**
   * Another machine: a credentialless iframe, whose storage, locks and tab channels Chromium keeps apart
   * from the test page's (one partition for all such frames of the page), while the test can still read it.
   */
  anotherDevice?: boolean;
  /** the page's operator element: the console (default) or the studio */
  element?: 'uc-staff-console' | 'uc-studio';
}

type Usercare = {
  identifyStaff(options: { token: string }): Promise<void> | void;
  signOutStaff(): Promise<void> | void;
};

export class StaffPage {
  private constructor(
    readonly iframe: HTMLIFrameElement,
    /** the operator element the page shows, whose text `text()` reads */
    readonly tag: 'uc-staff-console' | 'uc-studio' = 'uc-staff-console',
  ) {}

  static async open(options: StaffPageOptions = {}): Promise<StaffPage> {
    const iframe = document.createElement('iframe');
    iframe.style.width = '1280px';
    iframe.style.height = '720px';
    if (options.anotherDevice) (iframe as HTMLIFrameElement & { credentialless: boolean }).credentialless = true;
    document.body.append(iframe);
    const page = new StaffPage(iframe, options.element);
    const params = new URLSearchParams({ lang: options.lang ?? 'en', endpoint: (await harness()).api });
    if (options.route) params.set('route', options.route);
    if (options.axe) params.set('axe', '1');
    if (options.element) params.set('element', options.element);
    await new Promise<void>((resolve) => {
      iframe.addEventListener('load', () => resolve(), { once: true });
      iframe.src = `/__admin.html?${params}`;
    });
    return page;
  }

  get window(): Window & typeof globalThis & { usercare: Usercare } {
    return this.iframe.contentWindow as Window & typeof globalThis & { usercare: Usercare };
  }

  /** Signs a person in as the back office would: a staff token of the `test` site, handed to usercare. */
  async signIn(sub: string, name: string, roles: string[], expiresIn?: number): Promise<void> {
    const token = await staffToken(sub, name, roles, expiresIn);
    await this.window.usercare.identifyStaff({ token });
    await this.waitForText(`Signed in as ${name}`);
  }

  /** Every element in the page and in every shadow root under it. */
  private all(root: Document | ShadowRoot = this.iframe.contentDocument!): Element[] {
    const found: Element[] = [];
    for (const el of root.querySelectorAll('*')) {
      found.push(el);
      if (el.shadowRoot) found.push(...this.all(el.shadowRoot));
    }
    return found;
  }

  /** The first element matching `selector`, at any depth of shadow roots. */
  find<T extends Element = HTMLElement>(selector: string): T | undefined {
    return this.all().find((el) => el.matches(selector)) as T | undefined;
  }

  findAll<T extends Element = HTMLElement>(selector: string): T[] {
    return this.all().filter((el) => el.matches(selector)) as T[];
  }

  /** The button whose text contains `text`, at any depth. */
  button(text: string): HTMLButtonElement {
    const found = this.findAll<HTMLButtonElement>('button').find((b) => b.textContent?.includes(text));
    if (!found) throw new Error(`no "${text}" button; the console shows: ${this.text()}`);
    return found;
  }

  /**
   * Clicks the button whose text contains `text` once it is enabled (a box's button waits for its text to
   * render; `aria-disabled` counts: a button that keeps the focus while it may not act is disabled so).
   */
  async click(text: string): Promise<void> {
    await until(() => {
      try {
        const button = this.button(text);
        return !button.disabled && button.getAttribute('aria-disabled') !== 'true';
      } catch {
        return false;
      }
    }, `the "${text}" button to be enabled`).catch((error: Error) => {
      throw new Error(`${error.message}; the console shows: ${this.text()}`);
    });
    this.button(text).click();
  }

  /** What the console shows, through every shadow root. */
  text(): string {
    // nodeType rather than instanceof: the page's nodes are of the iframe's realm, not this one's.
    const read = (root: ShadowRoot | Element): string =>
      [...root.childNodes]
        .map((node) => {
          if (node.nodeType === Node.TEXT_NODE) return node.textContent;
          if (node.nodeType !== Node.ELEMENT_NODE) return '';
          const el = node as Element;
          return `${el.shadowRoot ? read(el.shadowRoot) : ''} ${read(el)}`;
        })
        .join(' ');
    const console = this.iframe.contentDocument?.querySelector(this.tag);
    return console?.shadowRoot ? read(console.shadowRoot).replace(/\s+/g, ' ') : '';
  }

  async waitForText(text: string | RegExp, timeout = 20_000): Promise<void> {
    await until(
      () => (typeof text === 'string' ? this.text().includes(text) : text.test(this.text())),
      `the console to show ${String(text)}`,
      timeout,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it shows: ${this.text()}`);
    });
  }

  /** Sets a field's value the way typing does. */
  type(selector: string, value: string): void {
    const el = this.find<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector);
    if (!el) throw new Error(`no ${selector}; the console shows: ${this.text()}`);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  /** axe on the console in the page's own realm (open the page with `axe: true`): each violation explained. */
  async axe(): Promise<string[]> {
    const axe = (
      this.window as unknown as {
        axe: {
          run(
            el: Element,
            o: object,
          ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const console = this.iframe.contentDocument!.querySelector(this.tag)!;
    // The page decides its landmarks, not an element inside it.
    const { violations } = await axe.run(console, { rules: { region: { enabled: false } } });
    return violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }

  async go(route: string): Promise<void> {
    this.window.location.hash = route;
  }

  async reload(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.iframe.addEventListener('load', () => resolve(), { once: true });
      this.window.location.reload();
    });
  }

  close(): void {
    this.iframe.remove();
  }
}

/** A new device for the staff side: no staff database. */
export async function freshStaffDevice(): Promise<void> {
  await deleteDB('usercare-staff', { blocked: () => console.warn('staff database deletion blocked by an open page') });
}
