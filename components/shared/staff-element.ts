import { ContextConsumer } from '@lit/context';
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Locale } from '../../src/contract/common';
import type { StaffMe, StaffPermission } from '../../src/contract/staff';
import { staffContext, type StaffState } from '../../src/client/staff/staff-context';
import { staffDraftKey } from '../../src/client/staff/staff-drafts';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import { staffMessages, type StaffMessageKey } from '../../src/i18n/staff/index';
import type { Params } from '../../src/i18n/locale';
import { configErrorView } from './config-error';
import { UcAuthRequiredEvent } from './events';
import { Sessions } from './sessions';
import { UcElement } from './uc-element';

export type StaffT = (key: StaffMessageKey, params?: Params) => string;

/**
 * The one way an operator element joins the page's staff runtime (the
 * back-office loader's; src/client/staff/staff-runtime.ts): it finds it
 * through @lit/context, loads the staff catalog and the translator in the
 * page's locale, renders again when who is signed in changes, and runs one
 * session per signed-in principal (another person signing in on the device
 * starts over: nothing of the one before stays on screen). What the server
 * lets the principal do (`can`) decides what is offered.
 */
export abstract class StaffElement extends UcElement<StaffT> {
  @state() protected accessor staffState: StaffState = { status: 'loading' };
  @state() protected accessor i18n: Translator | undefined;
  /** who is signed in, as the server says; undefined while nobody is */
  @state() protected accessor me: StaffMe | undefined;
  @state() protected accessor expired = false;
  /** why the last token the host passed was refused */
  @state() protected accessor refusal: { code: string; message: string } | undefined;

  protected readonly sessions = new Sessions();
  private unsubscribe: (() => void) | undefined;

  protected readonly staffConsumer = new ContextConsumer(this, {
    context: staffContext,
    subscribe: true,
    callback: (value) => (this.staffState = value),
  });

  protected get staff(): StaffRuntime | undefined {
    return this.staffState.status === 'ready' ? this.staffState.runtime : undefined;
  }

  /**
   * May the signed-in principal do this? The server checks it again on every request. An expired
   * sign-in still may: what is sent meanwhile waits in the outbox for the same person to sign in again.
   */
  protected can(permission: StaffPermission): boolean {
    return this.me?.permissions.includes(permission) ?? false;
  }

  /**
   * Where a box's drafts go: the staff database, under the signed-in principal
   * (`<principal>/<kind>-<id>`: c a reply, n a note, d a decision's text, r a
   * ruling, o a third party's decision), so another person never sees them.
   */
  protected draftTarget(kind: string) {
    const staff = this.staff;
    const principal = this.me?.principal;
    return staff && principal
      ? {
          store: staff.store,
          site: staff.site,
          tab: staff.tab,
          keyFor: (id: string) => staffDraftKey(principal, `${kind}-${id}`),
        }
      : undefined;
  }

  protected loadMessages(locale: Locale): Promise<StaffT> {
    return staffMessages(locale);
  }

  /** Starts the element's work for the principal signed in now; what it opens goes to `sessions`. */
  protected abstract begin(staff: StaffRuntime, me: StaffMe, ticket: number): void | Promise<void>;

  protected abstract renderReady(t: StaffT, i18n: Translator, staff: StaffRuntime, me: StaffMe): unknown;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.sessions.end();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('staffState')) this.follow();
  }

  /** Follows the runtime's identity: a session per principal, kept through an expiry (nothing typed is lost). */
  private follow(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const staff = this.staff;
    const locale = this.localeFor();
    void this.loadMessages(locale).then((t) => (this.t = t));
    if (!staff) {
      this.sessions.end();
      return;
    }
    void staff.translator(locale).then((i18n) => (this.i18n = i18n));
    let principal: string | undefined;
    const changed = () => {
      const { me, expired, refusal } = staff.identity;
      // Said once to the host, by the outermost operator element (the console, or a part used alone).
      if (expired && !this.expired && !this.insideOperatorElement())
        this.dispatchEvent(new UcAuthRequiredEvent({ reason: 'the staff sign-in expired' }));
      this.me = me;
      this.expired = expired;
      this.refusal = refusal;
      if (me?.principal === principal) return;
      principal = me?.principal;
      const ticket = this.sessions.begin();
      if (me) void this.begin(staff, me, ticket);
    };
    this.unsubscribe = staff.identity.onChange(changed);
    changed();
  }

  override render(): unknown {
    const { t, i18n } = this;
    if (this.staffState.status === 'error')
      return configErrorView(t?.('console.configError'), this.staffState.problems);
    const staff = this.staff;
    if (!staff || !t || !i18n) return this.renderBusy();
    const me = this.me;
    if (!me) {
      const refusal = this.refusal;
      return html`<div part="base"><p part="notice" role="status">
        ${refusal ? t('console.refused', { message: refusal.message }) : t('console.signedOut')}
      </p></div>`;
    }
    return this.renderReady(t, i18n, staff, me);
  }

  /** Whether another operator element holds this one (the queue inside the console). */
  private insideOperatorElement(): boolean {
    for (let node: Node | null = this.getRootNode(); node instanceof ShadowRoot; node = node.host.getRootNode())
      if (node.host instanceof StaffElement) return true;
    return false;
  }

  protected renderBusy(): TemplateResult {
    return html`<div part="base" aria-busy="true"></div>`;
  }
}
