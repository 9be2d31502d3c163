import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { ConsentConfig, ConsentRecord } from '../../src/contract/consent';
import { checkConsentConfig } from '../../src/consent/check-config';
import { consentConfigUrl } from '../../src/consent/config-url';
import type { Locale } from '../../src/contract/common';
import { configKey, decisionKey, decodeDecision, encodeDecision, proofKey } from '../../src/consent/decision';
import { consentMessages } from '../../src/i18n/consent/index';
import { randomId } from '../../src/client/ids';
import { consentMachine, type ConsentContext, type LoadResult } from '../../machines/consent.machine';
import { ActorController } from '../shared/actor-controller';
import { UcElement } from '../shared/uc-element';
import { renderBanner, renderDialog, type ConsentScreen, type T } from './consent-views';
import { consentBannerStyles } from './uc-consent-banner.styles';

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The consent banner: a first layer with three equal choices (accept all,
 * reject all, customise) and a preferences dialog (native <dialog>) with the
 * categories, their services, PIPL separate-consent items, the policy
 * documents and, where the site asks, the age question.
 *
 * The loader's stub inserts it when a decision is needed and loads this
 * chunk; it reads the site's consent config from the backend (checked
 * against the contract), hands each decision to the stub (`usercare.consent
 * .commit`: stored, applied to the page) and queues its proof through the
 * outbox. Fixed to the bottom of the viewport: it never moves the page.
 *
 * @tag uc-consent-banner
 * @csspart banner - the first layer
 * @csspart dialog - the preferences dialog
 * @csspart button - each choice button (all three look the same)
 */
@customElement('uc-consent-banner')
export class UcConsentBanner extends UcElement<T> {
  static override styles = consentBannerStyles;

  /** The site id; defaults to the loader tag's data-site. */
  @property({ reflect: true }) site = '';
  /** The backend's base URL; defaults to the loader tag's data-endpoint. */
  @property() endpoint = '';
  /**
   * Opens the preferences dialog. The loader's stub sets it for
   * `usercare.consent.open()`; the element clears it once acted on.
   */
  @property({ type: Boolean }) preferences = false;
  /** A consent config given directly (Storybook, tests): no request is made. */
  @property({ attribute: false }) config: ConsentConfig | undefined;

  @state() private locale: Locale = 'en';
  private readonly machine = new ActorController<typeof consentMachine>(this);
  private returnFocusTo: Element | null = null;

  protected loadMessages(locale: Locale, overrides?: Record<string, string>): Promise<T> {
    return consentMessages(locale, overrides);
  }

  /** The config, once its site's overrides of the banner's messages are in the messages shown (and in the proof's text). */
  private async withTexts(config: ConsentConfig): Promise<ConsentConfig> {
    const overrides = config.messages?.[this.locale];
    if (overrides) this.t = await this.loadMessages(this.locale, overrides);
    return config;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const dataset = window.usercare?.dataset ?? {};
    this.site ||= dataset.site ?? '';
    this.endpoint ||= dataset.endpoint ? new URL(dataset.endpoint, location.href).href.replace(/\/+$/, '') : '';
    this.locale = this.localeFor();
    // `??=`: the site's overrides may have come with the config first, and they win.
    void this.loadMessages(this.locale).then((m) => (this.t ??= m));
    this.start();
    if (this.endpoint && !this.config && readStorage(proofKey(this.site)))
      void import('../../src/client/consent-proof')
        .then(({ resumeProof }) => resumeProof(this.endpoint, proofKey(this.site)))
        .catch((error: unknown) => console.error('usercare: could not resume sending the proof of consent', error));
  }

  private start(): void {
    const preferences = this.preferences;
    this.preferences = false;
    this.removeAttribute('preferences');
    const actor = createActor(
      consentMachine.provide({
        actors: { load: fromPromise<LoadResult, { site: string }>(() => this.load()) },
        actions: { commit: ({ context }) => this.commit(context) },
      }),
      {
        input: {
          site: this.site,
          gpc: (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
          preferences,
          now: Date.now,
          newId: () => randomId().replace(/-/g, ''),
        },
      },
    );
    this.machine.start(actor);
  }

  /** The config (checked against the contract; cached for the stub), and the decision stored on this device. */
  private async load(): Promise<LoadResult> {
    const previous = decodeDecision(readStorage(decisionKey(this.site)), this.site);
    if (this.config) return { config: await this.withTexts(this.config), previous };
    try {
      // The stub asked for it while this chunk loaded; a retry asks again.
      const consent = window.usercare?.consent;
      const started = consent?.request;
      if (consent) consent.request = undefined;
      // A 403 is the server refusing this page's origin (origin_not_allowed): say which origin to allow.
      const answered = (status: unknown) =>
        Promise.reject(
          typeof status === 'number'
            ? new Error(
                status === 403
                  ? `the server does not allow this page's origin ${location.origin} for site "${this.site}": add it to the site's allowedOrigins`
                  : `the consent config answered ${status}`,
              )
            : status,
        );
      const config = checkConsentConfig(
        await (started?.catch(answered) ??
          fetch(consentConfigUrl(this.endpoint, this.site), { credentials: 'omit' }).then((r) =>
            r.ok ? r.json() : answered(r.status),
          )),
      );
      if (!config) throw new Error(`the consent config from ${this.endpoint} breaks the contract`);
      try {
        localStorage.setItem(configKey(this.site), JSON.stringify(config));
      } catch {
        // storage blocked: the stub asks again next visit, which is what it must do
      }
      return { config: await this.withTexts(config), previous };
    } catch (error) {
      // Offline: the config this device checked last time still says what to show.
      const cached = readStorage(configKey(this.site));
      const config = cached ? checkConsentConfig(JSON.parse(cached)) : undefined;
      if (config) return { config: await this.withTexts(config), previous };
      console.error('usercare: could not load the consent config', error);
      throw error;
    }
  }

  /** Stores and applies the decision (through the stub when present), then queues its proof. */
  protected commit(context: ConsentContext): void {
    const { decision, method } = context.decided!;
    const text = this.shownText();
    const consent = window.usercare?.consent;
    if (consent) consent.commit(decision, context.config);
    else {
      try {
        localStorage.setItem(decisionKey(decision.site), encodeDecision(decision));
      } catch {
        // storage blocked: this page keeps the decision in memory only
      }
    }
    const record: ConsentRecord = {
      id: decision.id,
      site: decision.site,
      revision: decision.revision,
      locale: this.locale,
      text,
      gpc: decision.gpc,
      method,
      categories: decision.categories,
      services: decision.services,
      separate: decision.separate,
      ...(decision.attestation ? { attestation: decision.attestation } : {}),
      clientDecidedAt: new Date(decision.at).toISOString(),
    };
    this.dispatchEvent(
      new CustomEvent('uc-consent-decided', { detail: { decision, record }, bubbles: true, composed: true }),
    );
    if (this.endpoint && !this.config)
      void import('../../src/client/consent-proof')
        .then(({ queueProof }) => queueProof(this.endpoint, record, proofKey(record.site)))
        .catch((error: unknown) => console.error('usercare: could not queue the proof of consent', error));
  }

  /** The exact text the user had in front of them when deciding: the first layer, or the dialog. */
  private shownText(): string {
    const dialog = this.renderRoot.querySelector('dialog');
    const shown = dialog?.open ? dialog : this.renderRoot.querySelector('[part~="banner"]');
    return (shown as HTMLElement | null)?.innerText.trim() || '(no text)';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preferences') && this.preferences) {
      this.preferences = false;
      this.removeAttribute('preferences');
      this.machine.send(this.machine.snapshot?.matches('unavailable') ? { type: 'retry' } : { type: 'open' });
    }
  }

  protected override updated(): void {
    const snapshot = this.machine.snapshot;
    const dialog = this.renderRoot.querySelector('dialog');
    const inDialog = snapshot?.matches('preferences') ?? false;
    if (dialog && inDialog && !dialog.open) {
      this.returnFocusTo ??= document.activeElement;
      dialog.showModal();
    } else if (dialog?.open && !inDialog) dialog.close();
    const banner = this.renderRoot.querySelector<HTMLElement>('[part~="banner"]');
    if (banner && !banner.dataset.focused) {
      // Focus moves into the banner when it appears (keyboard and screen-reader users meet it first),
      // unless the user is already at work elsewhere on the page: taking focus from a field they are
      // typing in would send their next keystrokes into the banner.
      banner.dataset.focused = '1';
      const active = document.activeElement;
      if (!active || active === document.body || active === document.documentElement || active === this) {
        this.returnFocusTo ??= active;
        banner.focus();
      }
    }
    if (snapshot?.matches('hidden') && this.returnFocusTo) {
      const back = this.returnFocusTo as HTMLElement;
      this.returnFocusTo = null;
      if (back.isConnected && back !== document.body) back.focus();
    }
  }

  /**
   * Tab from the dialog's last control goes to its first, and Shift+Tab back:
   * a modal dialog alone lets focus leave for the browser's UI or, in a
   * frame, for the parent page.
   */
  private holdFocus = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const controls = [...dialog.querySelectorAll<HTMLElement>('button, input, a[href], summary')].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0,
    );
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    const [first, last] = [controls[0], controls.at(-1)];
    const next = event.shiftKey ? (active === first ? last : undefined) : active === last ? first : undefined;
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  private screen(): ConsentScreen {
    return {
      locale: this.locale,
      site: this.site,
      machine: (event) => this.machine.send(event),
      holdFocus: this.holdFocus,
    };
  }

  override render() {
    const snapshot = this.machine.snapshot;
    const t = this.t;
    if (!snapshot || !t) return nothing;
    const c = snapshot.context;
    if (snapshot.matches('unavailable'))
      return html`<section part="banner base notice" role="region" aria-label=${t('region')} tabindex="-1">
        <p>${t('unavailable')}</p>
        <div class="actions"><button part="button" @click=${() => this.machine.send({ type: 'retry' })}>${t('retry')}</button></div>
      </section>`;
    if (!c.config || snapshot.matches('loading')) return nothing;
    // The first layer stays under the dialog until a decision is made, so closing the dialog returns focus to "Customise".
    const undecided = snapshot.matches('banner') || (snapshot.matches('preferences') && c.ask.length > 0);
    const screen = this.screen();
    return html`${undecided ? renderBanner(screen, c, t) : nothing}${renderDialog(screen, c, t, snapshot.matches('preferences'))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-consent-banner': UcConsentBanner;
  }
}
