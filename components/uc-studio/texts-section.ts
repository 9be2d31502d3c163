/**
 * The studio's Texts section: every message of the site's elements (the
 * form and the common texts, the complaint tracker, the points widget, the
 * consent banner), each overridable in zh-CN and en (publicConfig.messages;
 * an override wins over the catalog, src/i18n/index.ts; the banner's are
 * written `consent.<key>` and served with its consent config), found by
 * searching its key or either default text. The overrides made in one
 * locale and not the other are listed: a visitor in the other language sees
 * the default there.
 *
 * The catalogs are loaded only when the section is first drawn, as chunks
 * of their own, so the studio's page does not carry them.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Locale } from '../../src/contract/common';
import { CONSENT_MESSAGE_PREFIX } from '../../src/contract/consent';
import { missingTranslations, overridesOf, withOverride } from './studio-public-config';
import { problemList, problemsAt, type StudioView } from './studio-view';

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
/** How many messages are drawn at once: the search narrows the rest. */
const SHOWN = 40;

type Catalog = Record<string, string>;
const ELEMENTS = {
  common: { 'zh-CN': () => import('../../src/i18n/zh-CN'), en: () => import('../../src/i18n/en') },
  tracker: { 'zh-CN': () => import('../../src/i18n/tracker/zh-CN'), en: () => import('../../src/i18n/tracker/en') },
  points: { 'zh-CN': () => import('../../src/i18n/points/zh-CN'), en: () => import('../../src/i18n/points/en') },
  consent: { 'zh-CN': () => import('../../src/i18n/consent/zh-CN'), en: () => import('../../src/i18n/consent/en') },
} satisfies Record<string, Record<Locale, () => Promise<{ default: Catalog }>>>;
type ElementName = keyof typeof ELEMENTS;
/** How an element's keys are written in the site's messages, when its catalog's own keys have no prefix. */
const PREFIX: Partial<Record<ElementName, string>> = { consent: CONSENT_MESSAGE_PREFIX };

interface Message {
  key: string;
  element: ElementName;
  defaults: Record<Locale, string>;
}

async function loadMessages(): Promise<Message[]> {
  const out: Message[] = [];
  for (const [element, byLocale] of Object.entries(ELEMENTS) as Array<[ElementName, (typeof ELEMENTS)[ElementName]]>) {
    const [zh, en]: Catalog[] = (await Promise.all([byLocale['zh-CN'](), byLocale.en()])).map((m) => m.default);
    for (const key of Object.keys(en!))
      out.push({
        key: `${PREFIX[element] ?? ''}${key}`,
        element,
        defaults: { en: en![key] ?? '', 'zh-CN': zh![key] ?? '' },
      });
  }
  return out;
}

export function textsSection(view: StudioView): TemplateResult {
  return html`<section aria-labelledby="texts-title">
    <h2 id="texts-title">${view.st('texts.title')}</h2>
    <uc-studio-texts .view=${view}></uc-studio-texts>
  </section>`;
}

/** Drawn in the studio's own shadow root (no shadow of its own), so the studio's styles and ids apply. */
@customElement('uc-studio-texts')
export class UcStudioTexts extends LitElement {
  @property({ attribute: false }) accessor view: StudioView | undefined;
  @state() private accessor messages: Message[] | undefined;
  @state() private accessor query = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.messages) void loadMessages().then((m) => (this.messages = m));
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    const { st, doc, problems } = view;
    const missing = missingTranslations(doc);
    const overrides = { en: overridesOf(doc, 'en'), 'zh-CN': overridesOf(doc, 'zh-CN') };
    const q = this.query.trim().toLowerCase();
    const found = (this.messages ?? []).filter(
      (m) =>
        !q ||
        m.key.toLowerCase().includes(q) ||
        LOCALES.some((l) => m.defaults[l].toLowerCase().includes(q) || overrides[l][m.key]?.toLowerCase().includes(q)),
    );
    // Overridden messages first: they are what a person comes back to change.
    const ordered = [
      ...found.filter((m) => LOCALES.some((l) => m.key in overrides[l])),
      ...found.filter((m) => !LOCALES.some((l) => m.key in overrides[l])),
    ];
    return html`<p class="help" id="texts-help">${st('texts.help')}</p>
      <section class="missing" aria-labelledby="texts-missing-title">
        <h3 id="texts-missing-title">${st('texts.missing')}</h3>
        ${
          missing.length
            ? html`<ul>
              ${missing.map(
                (m) =>
                  html`<li data-missing=${m.key}>
                    ${st('texts.missingItem', { key: m.key, has: m.has, lacks: m.lacks })}
                  </li>`,
              )}
            </ul>`
            : html`<p>${st('texts.missingNone')}</p>`
        }
      </section>
      <p class="row">
        <label for="texts-search">${st('texts.search')}</label>
        <input
          id="texts-search"
          type="search"
          autocomplete="off"
          aria-describedby="texts-help"
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        />
      </p>
      ${problemList('texts-problems', problemsAt(problems, 'publicConfig.messages'))}
      ${
        this.messages
          ? html`<p role="status">${st('texts.found', { count: found.length, shown: Math.min(found.length, SHOWN) })}</p>
            <ul class="texts">
              ${ordered.slice(0, SHOWN).map((m) => this.renderMessage(view, m, overrides))}
            </ul>`
          : html`<p role="status" aria-busy="true">${st('texts.loading')}</p>`
      }`;
  }

  private renderMessage(view: StudioView, m: Message, overrides: Record<Locale, Record<string, string>>) {
    const { st, edit } = view;
    // A key may be in two catalogs (the tracker has its own `kind.report`): the id names the catalog too.
    const id = `text-${m.element}-${m.key.replace(/[^a-zA-Z0-9-]/g, '-')}`;
    return html`<li data-key=${m.key} data-element=${m.element}>
      <p><code id="${id}-key">${m.key}</code> <span class="help">${st(`texts.element.${m.element}`)}</span></p>
      ${LOCALES.map(
        (locale) => html`<p class="row">
          <label for="${id}-${locale}">${st('texts.override', { locale })}</label>
          <input
            id="${id}-${locale}"
            type="text"
            lang=${locale}
            autocomplete="off"
            placeholder=${m.defaults[locale]}
            aria-describedby="${id}-${locale}-default"
            .value=${overrides[locale][m.key] ?? ''}
            @change=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value;
              edit((d) => withOverride(d, locale, m.key, text.trim() ? text : ''));
            }}
          />
          <span class="help" id="${id}-${locale}-default" lang=${locale}
            >${st('texts.default', { text: m.defaults[locale] })}</span
          >
        </p>`,
      )}
      ${LOCALES.map((locale) =>
        problemList(`${id}-${locale}-problems`, problemsAt(view.problems, `publicConfig.messages.${locale}.${m.key}`)),
      )}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-texts': UcStudioTexts;
  }
}
