import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Locale } from '../../src/contract/common';
import type { ConsentConfig } from '../../src/contract/consent';
import { previewConsentConfig } from './consent-preview-config';
import { previewPointsSummary } from './points-preview-summary';
import './studio-consent-banner';
import './studio-points-preview';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import type { StudioT } from './studio-view';
import '../uc-provider/uc-provider';
import '../uc-feedback-form/uc-feedback-form';

const WIDTHS = { narrow: 375, wide: 1280 } as const;
type Shown = 'form' | 'banner' | 'points' | 'tracker';
/** What each preview is, and the sample it shows (said in the studio's language, outside the stage that speaks the preview's). */
const HELP: Record<Shown, { help: StudioMessageKey; sample?: StudioMessageKey }> = {
  form: { help: 'preview.help' },
  banner: { help: 'preview.consent.help' },
  points: { help: 'preview.points.help', sample: 'preview.points.sample' },
  tracker: { help: 'preview.tracker.help', sample: 'preview.tracker.sample' },
};
type Method = 'accept_all' | 'reject_all' | 'custom';

/**
 * The studio's live preview: the real `<uc-feedback-form>` with the draft's
 * public config over the defaults, inside a `<uc-provider>` with no
 * endpoint, so it runs on LocalBackend (this browser's own database):
 * what is sent from it never reaches the server. The language and the width
 * (a phone's 375 px, a desktop's 1280 px) are chosen here; a change of
 * language makes the form anew, as a page in that language would load it.
 *
 * Or the consent banner: the real banner's code with the consent config the
 * draft's consent settings make (as the server would serve them, the
 * banner's texts from the draft's Texts), under a site id of its own, its
 * decision neither stored, applied to this page nor sent
 * (studio-consent-banner.ts). Its box is a containing block, so the banner,
 * fixed to the bottom of a page's viewport, sits at the bottom of the box.
 *
 * Or the points widget: the real widget, told what the draft's points rules
 * show a signed-in user with no points yet, on a runtime of its own that
 * reaches no server and refuses a redemption (studio-points-preview.ts).
 *
 * Or the complaint tracker, over sample complaints on a runtime of its own
 * that reaches no server and refuses every action (studio-tracker-preview.ts),
 * a chunk loaded when it is first shown.
 *
 * @summary The form, the consent banner, the points widget or the tracker as the draft makes them.
 */
@customElement('uc-studio-preview')
export class UcStudioPreview extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
    }
    fieldset {
      border: 1px solid #8a8f98;
      padding: 0.25rem 0.75rem;
    }
    .frame {
      overflow: auto;
      max-width: 100%;
      border: 1px dashed #8a8f98;
      margin-top: 0.5rem;
    }
    .stage {
      padding: 0.5rem;
      box-sizing: border-box;
    }
    .stage.banner {
      /* a containing block for the banner's position: fixed */
      transform: translateZ(0);
      min-height: 22rem;
    }
  `;

  /** The draft's public config (a SiteConfigPatch without `site` and `endpoint`). */
  @property({ attribute: false }) accessor config: Record<string, unknown> = {};
  /** The form ids the draft has. */
  @property({ attribute: false }) accessor forms: string[] = ['default'];
  @property({ attribute: false }) accessor st: StudioT | undefined;
  /** The site whose draft it is: the preview's own LocalBackend database is named after it. */
  @property() accessor site = 'site';
  @property() accessor locale: Locale = 'zh-CN';
  /** The draft's consent settings (undefined: the site asks for no consent). */
  @property({ attribute: false }) accessor consent: unknown;
  /** The draft's points rules (`settings.points`; undefined: the defaults). */
  @property({ attribute: false }) accessor points: unknown;

  @state() private accessor width: keyof typeof WIDTHS = 'wide';
  @state() private accessor form = 'default';
  @state() private accessor shown: Shown = 'form';
  @state() private accessor banner: ConsentConfig | 'none' | 'invalid' | undefined;
  /** How the banner shown last was answered; undefined while it asks. */
  @state() private accessor decided: Method | undefined;
  /** Counts the banners shown, so "show it again" makes a new one. */
  @state() private accessor round = 0;
  /** The tracker preview's chunk: loaded the first time it is shown; why it could not be, if it could not. */
  @state() private accessor tracker: 'loading' | 'loaded' | { failed: string } | undefined;
  private making = 0;
  /**
   * The draft's public config as the previews get it: never an endpoint
   * (whatever the draft says, a preview sends nothing to a server), nor the
   * site. A new object only when its content changes, as the form's config
   * beside it: the studio hands the same draft over again as new objects on
   * many a render, and a new config starts a preview over.
   */
  private shownConfig: Record<string, unknown> = {};
  private shownText = '{}';
  private formConfig: Record<string, unknown> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another language asks again, as a new visitor's first visit would.
    if (changed.has('locale')) this.decided = undefined;
    let fresh = !this.hasUpdated;
    if (changed.has('config')) {
      const { endpoint: _endpoint, site: _site, ...config } = this.config;
      const text = JSON.stringify(config);
      if (text !== this.shownText) [this.shownText, this.shownConfig, fresh] = [text, config, true];
    }
    if (fresh || changed.has('locale')) this.formConfig = { ...this.shownConfig, locale: this.locale };
    if (changed.has('consent') || changed.has('config') || changed.has('site')) {
      const making = ++this.making;
      void previewConsentConfig(`${this.site}-preview`, this.consent, this.config.messages).then((made) => {
        // A later draft may have been made first: only the latest is shown.
        if (making !== this.making) return;
        // A draft that changes what the banner shows asks again.
        const revision = (made: typeof this.banner) => (typeof made === 'object' ? made.revision : made);
        if (revision(made) !== revision(this.banner)) this.decided = undefined;
        this.banner = made;
      });
    }
  }

  private show(shown: Shown): void {
    this.shown = shown;
    // A chunk that could not be loaded (a deploy meanwhile, the network) is asked for again when chosen again.
    if (shown !== 'tracker' || this.tracker === 'loading' || this.tracker === 'loaded') return;
    this.tracker = 'loading';
    import('./studio-tracker-preview').then(
      () => (this.tracker = 'loaded'),
      (error: unknown) => (this.tracker = { failed: error instanceof Error ? error.message : String(error) }),
    );
  }

  override render(): TemplateResult {
    const st = this.st;
    if (!st) return html``;
    const config = this.shownConfig;
    const form = this.forms.includes(this.form) ? this.form : (this.forms[0] ?? 'default');
    const radio = <T extends string>(name: string, value: T, current: T, label: string, set: (v: T) => void) =>
      html`<label
        ><input type="radio" name=${name} .checked=${value === current} @change=${() => set(value)} /> ${label}</label
      >`;
    const banner = this.shown === 'banner';
    const { help, sample } = HELP[this.shown];
    return html`<p class="help">${st(help)} ${sample ? st(sample) : ''}</p>
      <div class="controls">
        <fieldset>
          <legend>${st('preview.element')}</legend>
          ${radio<Shown>('preview-element', 'form', this.shown, st('preview.element.form'), (v) => this.show(v))}
          ${radio<Shown>('preview-element', 'banner', this.shown, st('preview.element.banner'), (v) => this.show(v))}
          ${radio<Shown>('preview-element', 'points', this.shown, st('preview.element.points'), (v) => this.show(v))}
          ${radio<Shown>('preview-element', 'tracker', this.shown, st('preview.element.tracker'), (v) => this.show(v))}
        </fieldset>
        ${
          this.shown === 'form' && this.forms.length > 1
            ? html`<label
              >${st('preview.form')}
              <select @change=${(e: Event) => (this.form = (e.target as HTMLSelectElement).value)}>
                ${this.forms.map((id) => html`<option value=${id} ?selected=${id === form}>${id}</option>`)}
              </select></label
            >`
            : ''
        }
        <fieldset>
          <legend>${st('preview.language')}</legend>
          ${radio<Locale>('preview-locale', 'zh-CN', this.locale, '中文', (v) => (this.locale = v))}
          ${radio<Locale>('preview-locale', 'en', this.locale, 'English', (v) => (this.locale = v))}
        </fieldset>
        <fieldset>
          <legend>${st('preview.width')}</legend>
          ${radio('preview-width', 'narrow', this.width, st('preview.narrow'), (v) => (this.width = v))}
          ${radio('preview-width', 'wide', this.width, st('preview.wide'), (v) => (this.width = v))}
        </fieldset>
      </div>
      <!-- Focusable: the frame scrolls a stage wider than the studio's column, with or without a control in it. -->
      <div class="frame" tabindex="0" role="region" aria-label=${st('preview.title')}>
        <div
          class="stage ${banner ? 'banner' : ''}"
          lang=${this.locale}
          style="width: ${WIDTHS[this.width]}px"
          data-width=${this.width}
        >
          ${this.renderStage(st, config, form)}
        </div>
      </div>`;
  }

  private renderStage(st: StudioT, config: Record<string, unknown>, form: string): unknown {
    switch (this.shown) {
      case 'banner':
        return this.renderBanner(st);
      case 'points':
        return this.renderPoints(st, config);
      case 'tracker':
        return this.renderTracker(st, config);
      case 'form':
        return keyed(
          `${this.locale} ${form}`,
          html`<uc-provider site="${this.site}-preview" .config=${this.formConfig}>
            <uc-feedback-form form=${form}></uc-feedback-form>
          </uc-provider>`,
        );
    }
  }

  private renderPoints(st: StudioT, config: Record<string, unknown>): unknown {
    if (previewPointsSummary(this.points, new Date()) === 'invalid')
      return html`<p data-preview-points="invalid">${st('preview.points.invalid')}</p>`;
    // Made anew for another language, as a page in that language would load it.
    return keyed(
      this.locale,
      html`<uc-studio-points-preview
          site="${this.site}-preview"
          locale=${this.locale}
          lang=${this.locale}
          .config=${config}
          .points=${this.points}
          refusal=${st('preview.points.refused')}
        ></uc-studio-points-preview>`,
    );
  }

  private renderTracker(st: StudioT, config: Record<string, unknown>): unknown {
    const loading = this.tracker;
    if (typeof loading === 'object')
      return html`<p role="alert">${st('preview.tracker.failed', { message: loading.failed })}</p>`;
    if (loading !== 'loaded') return html`<p role="status">${st('preview.tracker.loading')}</p>`;
    // Made anew for another language, as a page in that language would load it.
    return keyed(
      this.locale,
      html`<uc-studio-tracker-preview
        site="${this.site}-preview"
        locale=${this.locale}
        lang=${this.locale}
        .config=${config}
        refusal=${st('preview.tracker.refused')}
      ></uc-studio-tracker-preview>`,
    );
  }

  private renderBanner(st: StudioT): unknown {
    const config = this.banner;
    if (config === 'none' || config === 'invalid')
      return html`<p data-preview-consent=${config}>${st(`preview.consent.${config}`)}</p>`;
    if (!config) return html``;
    if (this.decided)
      return html`<p role="status">${st(`preview.consent.decided.${this.decided}`)}</p>
        <button
          @click=${() => {
            this.decided = undefined;
            this.round++;
          }}
        >
          ${st('preview.consent.again')}
        </button>`;
    // Made anew for a new language, a new draft or a new round, as a page's first visit would show it.
    return keyed(
      `${this.locale} ${config.revision} ${this.round}`,
      html`<uc-studio-consent-banner
        site=${config.site}
        lang=${this.locale}
        .config=${config}
        @uc-preview-decided=${(e: CustomEvent<Method | 'withdraw'>) => (this.decided = e.detail === 'withdraw' ? 'custom' : e.detail)}
      ></uc-studio-consent-banner>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-preview': UcStudioPreview;
  }
}
