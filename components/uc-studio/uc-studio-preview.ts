import { LitElement, css, html, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Locale } from '../../src/contract/common';
import type { StudioT } from './studio-view';
import '../uc-provider/uc-provider';
import '../uc-feedback-form/uc-feedback-form';

const WIDTHS = { narrow: 375, wide: 1280 } as const;

/**
 * The studio's live preview: the real `<uc-feedback-form>` with the draft's
 * public config over the defaults, inside a `<uc-provider>` with no
 * endpoint, so it runs on LocalBackend (this browser's own database):
 * what is sent from it never reaches the server. The language and the width
 * (a phone's 375 px, a desktop's 1280 px) are chosen here; a change of
 * language makes the form anew, as a page in that language would load it.
 *
 * @summary The form as the draft makes it.
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
  `;

  /** The draft's public config (a SiteConfigPatch without `site` and `endpoint`). */
  @property({ attribute: false }) accessor config: Record<string, unknown> = {};
  /** The form ids the draft has. */
  @property({ attribute: false }) accessor forms: string[] = ['default'];
  @property({ attribute: false }) accessor st: StudioT | undefined;
  /** The site whose draft it is: the preview's own LocalBackend database is named after it. */
  @property() accessor site = 'site';
  @property() accessor locale: Locale = 'zh-CN';

  @state() private accessor width: keyof typeof WIDTHS = 'wide';
  @state() private accessor form = 'default';

  override render(): TemplateResult {
    const st = this.st;
    if (!st) return html``;
    // Never an endpoint: whatever the draft says, the preview sends nothing to a server.
    const { endpoint: _endpoint, site: _site, ...config } = this.config;
    const form = this.forms.includes(this.form) ? this.form : (this.forms[0] ?? 'default');
    const radio = <T extends string>(name: string, value: T, current: T, label: string, set: (v: T) => void) =>
      html`<label
        ><input type="radio" name=${name} .checked=${value === current} @change=${() => set(value)} /> ${label}</label
      >`;
    return html`<p class="help">${st('preview.help')}</p>
      <div class="controls">
        ${
          this.forms.length > 1
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
      <div class="frame">
        <div class="stage" lang=${this.locale} style="width: ${WIDTHS[this.width]}px" data-width=${this.width}>
          ${keyed(
            `${this.locale} ${form}`,
            html`<uc-provider site="${this.site}-preview" .config=${{ ...config, locale: this.locale }}>
              <uc-feedback-form form=${form}></uc-feedback-form>
            </uc-provider>`,
          )}
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-preview': UcStudioPreview;
  }
}
