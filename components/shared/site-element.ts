import { ContextConsumer } from '@lit/context';
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { currentOwner } from '../../src/client/asker';
import type { Backend } from '../../src/client/backend';
import type { Runtime, RuntimeState } from '../../src/client/site-runtime';
import { runtimeContext } from '../../src/client/runtime-context';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { configErrorView } from './config-error';
import { Sessions } from './sessions';
import { UcAuthRequiredEvent } from './events';
import { applyTheme } from './theme';
import { UcElement } from './uc-element';

/** What one start of a site element opened, undone when the next starts or the element leaves. */
export class SiteSession {
  constructor(
    readonly runtime: Runtime,
    private readonly sessions: Sessions,
    private readonly ticket: number,
  ) {}

  /** False once a newer session began or the element left: a start still awaiting stops there. */
  get current(): boolean {
    return this.sessions.current(this.ticket);
  }

  /** What this session must undo when it ends (nothing, if it has ended already: undone at once). */
  add(...cleanups: Array<() => void>): void {
    if (this.current) this.sessions.add(...cleanups);
    else for (const cleanup of cleanups) cleanup();
  }

  /** Messages from this page's other elements and from other tabs (drafts, deliveries). */
  onTabMessage(listener: (message: TabMessage) => void): void {
    this.add(this.runtime.channel.subscribe(listener));
  }

  /** identify() or forget() changed who is signed in. */
  onIdentityChange(listener: () => void): void {
    this.add(this.runtime.identity.onChange(listener));
  }
}

/**
 * The one way an element joins its site's runtime. It finds the runtime
 * through @lit/context (from the page's loader or the nearest
 * <uc-provider>; a controller rather than @consume, which does not fit
 * `accessor` fields under legacy decorators), puts the site's theme on the
 * element, loads the element's catalog and the shared translator in the
 * locale the page asks for, and starts one session per runtime: a new config
 * (`usercare.configure()`) ends the last session before the next begins. A
 * bad config renders the problems in place, in the page's language; the host
 * page goes on around it.
 *
 * A subclass supplies its catalog (`loadMessages`), the sentence above the
 * problems (`configErrorText`), what a session starts (`begin`) and what it
 * shows once ready (`renderReady`).
 */
export abstract class SiteElement<T> extends UcElement<T> {
  @state() protected accessor runtimeState: RuntimeState = { status: 'loading' };
  /** The site's formatting and common messages; undefined until loaded. */
  @state() protected accessor i18n: Translator | undefined;

  /** one session at a time: a restart first undoes what the last one opened */
  protected readonly sessions = new Sessions();

  protected readonly runtimeConsumer = new ContextConsumer(this, {
    context: runtimeContext,
    subscribe: true,
    callback: (value) => (this.runtimeState = value),
  });

  protected get runtime(): Runtime | undefined {
    return this.runtimeState.status === 'ready' ? this.runtimeState.runtime : undefined;
  }

  private apiMemo: { backend: Backend; api: unknown } | undefined;

  /** The API `make` finds on the runtime's backend (or undefined), made once per backend. */
  protected backendApi<A>(make: (backend: Backend) => A | undefined): A | undefined {
    const backend = this.runtime?.backend;
    if (!backend) return undefined;
    if (this.apiMemo?.backend !== backend) this.apiMemo = { backend, api: make(backend) };
    return this.apiMemo.api as A | undefined;
  }

  /**
   * Starts the element's work on a ready runtime. `catalogs` settles once
   * `t` and `i18n` are set (a session that needs them awaits it; data it
   * can read meanwhile, it reads alongside). What it opens goes to `session`.
   */
  protected abstract begin(session: SiteSession, catalogs: Promise<void>): void | Promise<void>;

  /**
   * The sentence above a bad config's problems, in the element's words; with
   * `refusedOrigin`, the one saying the server does not allow this page's origin.
   */
  protected abstract configErrorText(refusedOrigin?: string): string | undefined;

  /** What the element shows once its runtime is ready and its messages are loaded. */
  protected abstract renderReady(t: T, i18n: Translator): unknown;

  private readonly connectedListeners: Array<() => void> = [];

  /**
   * Listens on a page-wide target (window, document) until the element is
   * disconnected. Call it from connectedCallback, after super.
   */
  protected listenWhileConnected(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.connectedListeners.push(() => target.removeEventListener(type, listener));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sessions.end();
    for (const remove of this.connectedListeners.splice(0)) remove();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move in the DOM: start again. (The first connection starts in the first update.)
    if (this.hasUpdated && this.runtime) this.restart();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!changed.has('runtimeState')) return;
    const runtime = this.runtime;
    if (runtime) {
      applyTheme(this, runtime.config.theme);
      this.restart();
      return;
    }
    const ticket = this.sessions.begin();
    // A bad config is explained in the page's language (there is no config to take the locale or messages from).
    if (this.runtimeState.status === 'error')
      void this.loadMessages(this.localeFor()).then((t) => {
        if (this.sessions.current(ticket)) this.t = t;
      });
  }

  /** Ends the current session and begins the next on the same runtime (a new config, another user, another form). */
  protected restart(): void {
    const runtime = this.runtime;
    const ticket = this.sessions.begin();
    if (!runtime || !this.isConnected) return;
    const session = new SiteSession(runtime, this.sessions, ticket);
    const locale = this.localeFor(runtime.config.locale);
    const catalogs = Promise.all([
      this.loadMessages(locale, runtime.config.messages?.[locale] ?? {}),
      runtime.translator(locale),
    ]).then(([t, i18n]) => {
      if (!session.current) return;
      this.t = t;
      this.i18n = i18n;
    });
    void this.begin(session, catalogs);
  }

  /**
   * The sign-in was refused: the host should sign the user in again. Not
   * when it answered an identity the host has replaced since (`owner`, read
   * with the request's credentials): that would ask the user who just
   * signed in to sign in again.
   */
  protected authRequired(reason: string, owner?: string): void {
    const runtime = this.runtime;
    if (owner !== undefined && (!runtime || owner !== currentOwner(runtime.identity))) return;
    this.dispatchEvent(new UcAuthRequiredEvent({ reason }));
  }

  override render(): unknown {
    if (this.runtimeState.status === 'error')
      return configErrorView(
        this.configErrorText(this.runtimeState.problems.find((p) => p.refusedOrigin)?.refusedOrigin),
        this.runtimeState.problems,
      );
    const { t, i18n } = this;
    if (!this.runtime || t === undefined || !i18n) return this.renderBusy();
    return this.renderReady(t, i18n);
  }

  protected renderBusy(): TemplateResult {
    return html`<div part="base" aria-busy="true"></div>`;
  }
}
