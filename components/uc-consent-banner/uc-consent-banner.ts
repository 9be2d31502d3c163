import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { ConsentCategory, ConsentConfig, ConsentRecord, SeparateConsentItem } from '../../src/contract/consent';
import { checkConsentConfig } from '../../src/consent/check-config';
import { consentConfigUrl } from '../../src/consent/config-url';
import type { Locale, LocalizedText } from '../../src/contract/common';
import { configKey, decisionKey, decodeDecision, encodeDecision, proofKey } from '../../src/consent/decision';
import { consentMessages, type ConsentMessageKey } from '../../src/i18n/consent/index';
import type { Params } from '../../src/i18n/locale';
import { randomId } from '../../src/client/ids';
import {
  ageAllows,
  consentMachine,
  gpcBlocks,
  type ConsentContext,
  type LoadResult,
} from '../../machines/consent.machine';
import { ActorController } from '../shared/actor-controller';
import { UcElement } from '../shared/uc-element';
import { consentBannerStyles } from './uc-consent-banner.styles';

type Purpose = 'categories' | 'services' | 'separate';
type T = (key: ConsentMessageKey, params?: Params) => string;

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

  protected loadMessages(locale: Locale): Promise<T> {
    return consentMessages(locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const dataset = window.usercare?.dataset ?? {};
    this.site ||= dataset.site ?? '';
    this.endpoint ||= dataset.endpoint ? new URL(dataset.endpoint, location.href).href.replace(/\/+$/, '') : '';
    this.locale = this.localeFor();
    void this.loadMessages(this.locale).then((m) => (this.t = m));
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
    if (this.config) return { config: this.config, previous };
    try {
      // The stub asked for it while this chunk loaded; a retry asks again.
      const consent = window.usercare?.consent;
      const started = consent?.request;
      if (consent) consent.request = undefined;
      const answered = (status: unknown) =>
        Promise.reject(typeof status === 'number' ? new Error(`the consent config answered ${status}`) : status);
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
      return { config, previous };
    } catch (error) {
      // Offline: the config this device checked last time still says what to show.
      const cached = readStorage(configKey(this.site));
      const config = cached ? checkConsentConfig(JSON.parse(cached)) : undefined;
      if (config) return { config, previous };
      console.error('usercare: could not load the consent config', error);
      throw error;
    }
  }

  /** Stores and applies the decision (through the stub when present), then queues its proof. */
  private commit(context: ConsentContext): void {
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

  private text(value: LocalizedText | undefined): string {
    if (value === undefined) return '';
    return typeof value === 'string' ? value : (value[this.locale] ?? value.en ?? value['zh-CN'] ?? '');
  }

  private send(type: 'accept_all' | 'reject_all' | 'customise' | 'save' | 'close' | 'retry') {
    this.machine.send({ type });
  }

  override render() {
    const snapshot = this.machine.snapshot;
    const t = this.t;
    if (!snapshot || !t) return nothing;
    const c = snapshot.context;
    if (snapshot.matches('unavailable'))
      return html`<section part="banner base notice" role="region" aria-label=${t('region')} tabindex="-1">
        <p>${t('unavailable')}</p>
        <div class="actions"><button part="button" @click=${() => this.send('retry')}>${t('retry')}</button></div>
      </section>`;
    if (!c.config || snapshot.matches('loading')) return nothing;
    // The first layer stays under the dialog until a decision is made, so closing the dialog returns focus to "Customise".
    const undecided = snapshot.matches('banner') || (snapshot.matches('preferences') && c.ask.length > 0);
    return html`${undecided ? this.renderBanner(c, t) : nothing}${this.renderDialog(c, t, snapshot.matches('preferences'))}`;
  }

  private renderBanner(c: ConsentContext, t: T): TemplateResult {
    const config = c.config!;
    const partial = c.ask.length > 0 && !c.ask.includes('*') && c.previous !== undefined;
    const asked = partial
      ? c.ask.map((key) => {
          const [kind, id] = key.split(':') as [string, string];
          const item =
            kind === 'category'
              ? config.categories.find((x) => x.id === id)?.label
              : config.separate.find((x) => x.id === id)?.purpose;
          return this.text(item);
        })
      : [];
    return html`<section part="banner base" role="region" aria-labelledby="uc-consent-title" tabindex="-1">
      <h2 id="uc-consent-title">${t('title')}</h2>
      <p>${partial ? t('update', { purposes: asked.join(this.locale === 'zh-CN' ? '、' : ', ') }) : t('intro')}</p>
      ${c.gpc ? html`<p class="note">${t('gpc')}</p>` : nothing} ${this.renderAge(c, t)} ${this.renderDocuments(c, t)}
      <div class="actions">
        <button part="button" ?disabled=${!ageAllows(c)} @click=${() => this.send('accept_all')}>${t('acceptAll')}</button>
        <button part="button" @click=${() => this.send('reject_all')}>${t('rejectAll')}</button>
        <button part="button" @click=${() => this.send('customise')}>${t('customise')}</button>
      </div>
    </section>`;
  }

  private renderAge(c: ConsentContext, t: T) {
    const age = c.config!.guardianAge;
    if (!age) return nothing;
    const under = c.attestation?.underAge;
    const name = `uc-age-${this.site}`;
    return html`<fieldset class="age">
      <legend>${t('age')}</legend>
      <label><input type="radio" name=${name} .checked=${under === false} @change=${() => this.machine.send({ type: 'age', underAge: false })} />${t('adult', { age })}</label>
      <label><input type="radio" name=${name} .checked=${under === true} @change=${() => this.machine.send({ type: 'age', underAge: true })} />${t('minor', { age })}</label>
      ${
        under
          ? html`<p class="note">${t('guardianNeeded', { age })}</p>
            <label
              ><input type="checkbox" .checked=${c.attestation?.guardian ?? false} @change=${(e: Event) => this.machine.send({ type: 'guardian', confirmed: (e.target as HTMLInputElement).checked })} />${t(
                'guardian',
              )}</label
            >`
          : nothing
      }
    </fieldset>`;
  }

  private renderDocuments(c: ConsentContext, t: T) {
    const documents = c.config!.documents;
    if (!documents.length) return nothing;
    return html`<p class="documents">
      ${t('documents')}:
      ${documents.map((d) => html`<a href=${d.url} target="_blank" rel="noopener">${this.text(d.title)}</a> <span class="version">(${t('version', { version: d.version })})</span> `)}
    </p>`;
  }

  private toggle(purpose: Purpose, id: string, label: string, description: TemplateResult | string, c: ConsentContext) {
    const blocked = c.gpc && gpcBlocks(c.config!, purpose, id);
    const inputId = `uc-${purpose}-${id.replace('/', '-')}`;
    return html`<div class="toggle">
      <input
        type="checkbox"
        role="switch"
        id=${inputId}
        aria-describedby=${`${inputId}-d`}
        .checked=${!blocked && (c.choices[purpose][id] ?? false)}
        ?disabled=${blocked || !ageAllows(c)}
        @change=${(e: Event) => this.machine.send({ type: 'toggle', purpose, id, on: (e.target as HTMLInputElement).checked })}
      />
      <label for=${inputId}>${label}</label>
      <div class="description" id=${`${inputId}-d`}>${description}</div>
    </div>`;
  }

  private renderCategory(category: ConsentCategory, c: ConsentContext, t: T) {
    const services = category.services ?? [];
    return html`<li>
      ${this.toggle('categories', category.id, this.text(category.label), this.text(category.description), c)}
      ${
        services.length
          ? html`<details>
            <summary>${t('services')}</summary>
            <ul>
              ${services.map((s) =>
                this.toggle(
                  'services',
                  `${category.id}/${s.id}`,
                  this.text(s.name),
                  html`${this.text(s.purpose)}${s.provider ? html` ${t('provider', { provider: this.text(s.provider) })}` : nothing}`,
                  {
                    ...c,
                    choices: {
                      ...c.choices,
                      services: {
                        ...c.choices.services,
                        [`${category.id}/${s.id}`]:
                          (c.choices.categories[category.id] ?? false) &&
                          c.choices.services[`${category.id}/${s.id}`] !== false,
                      },
                    },
                  },
                ),
              )}
            </ul>
          </details>`
          : nothing
      }
    </li>`;
  }

  private renderSeparate(item: SeparateConsentItem, c: ConsentContext, t: T) {
    return html`<li>${this.toggle('separate', item.id, t(item.kind, { recipient: this.text(item.recipient) }), t('purpose', { purpose: this.text(item.purpose) }), c)}</li>`;
  }

  private renderDialog(c: ConsentContext, t: T, open: boolean): TemplateResult {
    const config = c.config!;
    return html`<dialog
      part="dialog base"
      aria-labelledby="uc-consent-prefs"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.send('close');
      }}
      @keydown=${this.holdFocus}
    >
      ${
        open
          ? html`<div class="head">
              <h2 id="uc-consent-prefs">${t('preferences')}</h2>
              <button class="close" aria-label=${t('close')} @click=${() => this.send('close')}>×</button>
            </div>
            ${c.gpc ? html`<p class="note">${t('gpc')}</p>` : nothing} ${this.renderAge(c, t)}
            <ul class="purposes">
              <li>
                <div class="toggle">
                  <input type="checkbox" role="switch" id="uc-necessary" checked disabled aria-describedby="uc-necessary-d" />
                  <label for="uc-necessary">${t('necessary')} <span class="version">(${t('alwaysOn')})</span></label>
                  <div class="description" id="uc-necessary-d">${t('necessaryPurpose')}</div>
                </div>
              </li>
              ${config.categories.map((category) => this.renderCategory(category, c, t))}
            </ul>
            ${
              config.separate.length
                ? html`<h3>${t('separate')}</h3>
                  <p>${t('separateIntro')}</p>
                  <ul class="purposes">
                    ${config.separate.map((item) => this.renderSeparate(item, c, t))}
                  </ul>`
                : nothing
            }
            ${this.renderDocuments(c, t)}
            <div class="actions">
              <button part="button" @click=${() => this.send('save')}>${t('save')}</button>
              <button part="button" ?disabled=${!ageAllows(c)} @click=${() => this.send('accept_all')}>${t('acceptAll')}</button>
              <button part="button" @click=${() => this.send('reject_all')}>${t('rejectAll')}</button>
            </div>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-consent-banner': UcConsentBanner;
  }
}
