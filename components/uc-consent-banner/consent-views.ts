/**
 * What the consent banner shows: the first layer (three equal choices), the
 * age question, the policy documents, and the preferences dialog with each
 * category, its services and the separate consents. The element passes its
 * machine's context and its handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConsentCategory, SeparateConsentItem } from '../../src/contract/consent';
import type { Locale, LocalizedText } from '../../src/contract/common';
import type { Params } from '../../src/i18n/locale';
import type { ConsentMessageKey } from '../../src/i18n/consent/index';
import { ageAllows, gpcBlocks, type ConsentContext, type ConsentEvent } from '../../machines/consent.machine';

export type T = (key: ConsentMessageKey, params?: Params) => string;

/** Owner-written text in the page's language, else English, else Chinese. */
function text({ locale }: ConsentScreen, value: LocalizedText | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value[locale] ?? value.en ?? value['zh-CN'] ?? '');
}
type Purpose = 'categories' | 'services' | 'separate';

export interface ConsentScreen {
  locale: Locale;
  site: string;
  machine(event: ConsentEvent): void;
  /** keeps Tab inside the open dialog */
  holdFocus(event: KeyboardEvent): void;
}

export function renderBanner(screen: ConsentScreen, c: ConsentContext, t: T): TemplateResult {
  const config = c.config!;
  const partial = c.ask.length > 0 && !c.ask.includes('*') && c.previous !== undefined;
  const asked = partial
    ? c.ask.map((key) => {
        const [kind, id] = key.split(':') as [string, string];
        const item =
          kind === 'category'
            ? config.categories.find((x) => x.id === id)?.label
            : config.separate.find((x) => x.id === id)?.purpose;
        return text(screen, item);
      })
    : [];
  return html`<section part="banner base" role="region" aria-labelledby="uc-consent-title" tabindex="-1">
    <h2 id="uc-consent-title">${t('title')}</h2>
    <p>${partial ? t('update', { purposes: asked.join(screen.locale === 'zh-CN' ? '、' : ', ') }) : t('intro')}</p>
    ${c.gpc ? html`<p class="note">${t('gpc')}</p>` : nothing} ${renderAge(screen, c, t)} ${renderDocuments(screen, c, t)}
    <div class="actions">
      <button part="button" ?disabled=${!ageAllows(c)} @click=${() => screen.machine({ type: 'accept_all' })}>${t('acceptAll')}</button>
      <button part="button" @click=${() => screen.machine({ type: 'reject_all' })}>${t('rejectAll')}</button>
      <button part="button" @click=${() => screen.machine({ type: 'customise' })}>${t('customise')}</button>
    </div>
  </section>`;
}

function renderAge(screen: ConsentScreen, c: ConsentContext, t: T) {
  const age = c.config!.guardianAge;
  if (!age) return nothing;
  const under = c.attestation?.underAge;
  const name = `uc-age-${screen.site}`;
  return html`<fieldset class="age">
    <legend>${t('age')}</legend>
    <label><input type="radio" name=${name} .checked=${under === false} @change=${() => screen.machine({ type: 'age', underAge: false })} />${t('adult', { age })}</label>
    <label><input type="radio" name=${name} .checked=${under === true} @change=${() => screen.machine({ type: 'age', underAge: true })} />${t('minor', { age })}</label>
    ${
      under
        ? html`<p class="note">${t('guardianNeeded', { age })}</p>
          <label
            ><input type="checkbox" .checked=${c.attestation?.guardian ?? false} @change=${(e: Event) => screen.machine({ type: 'guardian', confirmed: (e.target as HTMLInputElement).checked })} />${t(
              'guardian',
            )}</label
          >`
        : nothing
    }
  </fieldset>`;
}

function renderDocuments(screen: ConsentScreen, c: ConsentContext, t: T) {
  const documents = c.config!.documents;
  if (!documents.length) return nothing;
  return html`<p class="documents">
    ${t('documents')}:
    ${documents.map((d) => html`<a href=${d.url} target="_blank" rel="noopener">${text(screen, d.title)}</a> <span class="version">(${t('version', { version: d.version })})</span> `)}
  </p>`;
}

function toggle(
  screen: ConsentScreen,
  purpose: Purpose,
  id: string,
  label: string,
  description: TemplateResult | string,
  c: ConsentContext,
) {
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
      @change=${(e: Event) => screen.machine({ type: 'toggle', purpose, id, on: (e.target as HTMLInputElement).checked })}
    />
    <label for=${inputId}>${label}</label>
    <div class="description" id=${`${inputId}-d`}>${description}</div>
  </div>`;
}

function renderCategory(screen: ConsentScreen, category: ConsentCategory, c: ConsentContext, t: T) {
  const services = category.services ?? [];
  return html`<li>
    ${toggle(screen, 'categories', category.id, text(screen, category.label), text(screen, category.description), c)}
    ${
      services.length
        ? html`<details>
          <summary>${t('services')}</summary>
          <ul>
            ${services.map((s) =>
              toggle(
                screen,
                'services',
                `${category.id}/${s.id}`,
                text(screen, s.name),
                html`${text(screen, s.purpose)}${s.provider ? html` ${t('provider', { provider: text(screen, s.provider) })}` : nothing}`,
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

function renderSeparate(screen: ConsentScreen, item: SeparateConsentItem, c: ConsentContext, t: T) {
  return html`<li>${toggle(screen, 'separate', item.id, t(item.kind, { recipient: text(screen, item.recipient) }), t('purpose', { purpose: text(screen, item.purpose) }), c)}</li>`;
}

export function renderDialog(screen: ConsentScreen, c: ConsentContext, t: T, open: boolean): TemplateResult {
  const config = c.config!;
  return html`<dialog
    part="dialog base"
    aria-labelledby="uc-consent-prefs"
    @cancel=${(e: Event) => {
      e.preventDefault();
      screen.machine({ type: 'close' });
    }}
    @keydown=${screen.holdFocus}
  >
    ${
      open
        ? html`<div class="head">
            <h2 id="uc-consent-prefs">${t('preferences')}</h2>
            <button class="close" aria-label=${t('close')} @click=${() => screen.machine({ type: 'close' })}>×</button>
          </div>
          ${c.gpc ? html`<p class="note">${t('gpc')}</p>` : nothing} ${renderAge(screen, c, t)}
          <ul class="purposes">
            <li>
              <div class="toggle">
                <input type="checkbox" role="switch" id="uc-necessary" checked disabled aria-describedby="uc-necessary-d" />
                <label for="uc-necessary">${t('necessary')} <span class="version">(${t('alwaysOn')})</span></label>
                <div class="description" id="uc-necessary-d">${t('necessaryPurpose')}</div>
              </div>
            </li>
            ${config.categories.map((category) => renderCategory(screen, category, c, t))}
          </ul>
          ${
            config.separate.length
              ? html`<h3>${t('separate')}</h3>
                <p>${t('separateIntro')}</p>
                <ul class="purposes">
                  ${config.separate.map((item) => renderSeparate(screen, item, c, t))}
                </ul>`
              : nothing
          }
          ${renderDocuments(screen, c, t)}
          <div class="actions">
            <button part="button" @click=${() => screen.machine({ type: 'save' })}>${t('save')}</button>
            <button part="button" ?disabled=${!ageAllows(c)} @click=${() => screen.machine({ type: 'accept_all' })}>${t('acceptAll')}</button>
            <button part="button" @click=${() => screen.machine({ type: 'reject_all' })}>${t('rejectAll')}</button>
          </div>`
        : nothing
    }
  </dialog>`;
}
