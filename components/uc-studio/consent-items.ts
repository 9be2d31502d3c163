/**
 * The Consent section's editors of what is there: each category with its
 * cookies and services (each with its own cookies), each separate consent,
 * each policy document. A change goes into the document at once (on
 * `change`, as the other sections take values) and the server checks it:
 * its problems are listed in the item they concern. The forms that add
 * are in consent-add.ts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { LOCALES, type Locale } from '../../src/contract/common';
import { CookiePattern, SEPARATE_KINDS } from '../../src/contract/consent';
import type { ConfigProblem } from '../../src/contract/staff-config';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import {
  addCookie,
  changeItem,
  changeService,
  cookiesOf,
  nextVersion,
  removeCookie,
  removeItem,
  removeService,
  servicesOf,
  textParts,
  withText,
  withValue,
  type ConsentList,
  type Json,
} from './consent-document';
import type { StudioDocument } from './studio-document';
import { problemList, problemsAt } from './studio-view';
import { issuesOf, type ConsentContext } from './consent-context';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The problems at `path` and under it, but not those under the nested lists named (shown beside their own items). */
function problemsHere(ctx: ConsentContext, path: string, nested: string[] = []): ConfigProblem[] {
  return problemsAt(ctx.problems, path).filter((p) => !nested.some((n) => p.path.startsWith(`${path}.${n}[`)));
}

const describedBy = (id: string, problems: readonly ConfigProblem[], help = '') =>
  [help, problems.length ? id : ''].filter(Boolean).join(' ') || nothing;

/** Two inputs for owner-written text, one per language. */
function textFields(
  ctx: ConsentContext,
  base: string,
  what: StudioMessageKey,
  value: unknown,
  set: (locale: Locale, text: string) => void,
  problemsId: string,
  problems: readonly ConfigProblem[],
): TemplateResult {
  const parts = textParts(value);
  return html`${LOCALES.map(
    (locale) => html`<p class="row">
      <label for="${base}-${locale}"
        >${ctx.st('consent.inLanguage', { what: ctx.st(what), language: ctx.st(`consent.lang.${locale}`) })}</label
      >
      <input
        id="${base}-${locale}"
        type="text"
        lang=${locale}
        autocomplete="off"
        aria-describedby=${describedBy(problemsId, problems)}
        .value=${parts[locale]}
        @change=${(e: Event) => set(locale, (e.target as HTMLInputElement).value)}
      />
    </p>`,
  )}`;
}

/** A version, with a button that raises it, and what raising it means. */
function versionField(
  ctx: ConsentContext,
  base: string,
  kind: 'category' | 'separate' | 'document',
  item: Json,
  set: (version: string) => void,
): TemplateResult {
  const version = str(item.version);
  const id = str(item.id);
  return html`<p class="row">
      <label for="${base}-version">${ctx.st('consent.version')}</label>
      <input
        id="${base}-version"
        type="text"
        autocomplete="off"
        spellcheck="false"
        aria-describedby="consent-version-help"
        .value=${version}
        @change=${(e: Event) => set((e.target as HTMLInputElement).value.trim())}
      />
      <button type="button" @click=${() => set(nextVersion(version))}>${ctx.st('consent.raise', { id })}</button>
    </p>
    ${ctx.reask(kind, id, version)}`;
}

/** The cookies the stub clears when the purpose is refused: listed, removed, added (checked first). */
function cookiesField(ctx: ConsentContext, base: string, item: Json, set: (change: (item: Json) => Json) => void) {
  const key = `${base}/cookie`;
  const refusal = ctx.refusals[key];
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const cookie = (form.elements.namedItem('cookie') as HTMLInputElement).value.trim();
    const parsed = CookiePattern.safeParse(cookie);
    ctx.refuse(key, parsed.success ? undefined : issuesOf(parsed));
    if (!parsed.success) return;
    set((i) => addCookie(i, parsed.data));
    form.reset();
  };
  const cookies = cookiesOf(item);
  return html`<fieldset class="cookies">
    <legend>${ctx.st('consent.cookies')}</legend>
    ${
      cookies.length
        ? html`<ul class="items">
          ${cookies.map(
            (cookie) =>
              html`<li data-cookie=${cookie}>
                <code>${cookie}</code>
                <button type="button" @click=${() => set((i) => removeCookie(i, cookie))}>
                  ${ctx.st('consent.cookieRemove', { cookie })}
                </button>
              </li>`,
          )}
        </ul>`
        : html`<p class="help">${ctx.st('consent.noCookies')}</p>`
    }
    <form class="row" @submit=${add}>
      <label for="${base}-cookie">${ctx.st('consent.cookieNew')}</label>
      <input id="${base}-cookie" name="cookie" type="text" autocomplete="off" spellcheck="false" />
      <button type="submit">${ctx.st('consent.cookieAdd')}</button>
      ${refusal ? html`<p class="refusal" role="alert">${ctx.st('item.notAdded', { problems: refusal })}</p>` : nothing}
    </form>
  </fieldset>`;
}

/** Changes item `index` of `list` as the document holds it when the change is made. */
const changer =
  (ctx: ConsentContext, list: ConsentList, index: number) =>
  (change: (item: Json) => Json): void =>
    ctx.edit((doc: StudioDocument) => changeItem(doc, list, index, change));

export function categoryItem(ctx: ConsentContext, category: Json, i: number, addService: TemplateResult) {
  const { st } = ctx;
  const base = `consent-c${i}`;
  const path = `consent.categories[${i}]`;
  const here = problemsHere(ctx, path, ['services']);
  const set = changer(ctx, 'categories', i);
  const id = str(category.id);
  return html`<li data-consent-category=${id}>
    <h4 id="${base}-title">${st('consent.category', { id })}</h4>
    ${problemList(`${base}-problems`, here)}
    ${textFields(ctx, `${base}-label`, 'consent.label', category.label, (l, t) => set((c) => ({ ...c, label: withText(c.label, l, t) })), `${base}-problems`, here)}
    ${textFields(ctx, `${base}-description`, 'consent.description', category.description, (l, t) => set((c) => ({ ...c, description: withText(c.description, l, t) })), `${base}-problems`, here)}
    ${versionField(ctx, base, 'category', category, (v) => set((c) => ({ ...c, version: v })))}
    ${cookiesField(ctx, base, category, set)}
    <fieldset>
      <legend>${st('consent.services')}</legend>
      <ul class="items">
        ${servicesOf(category).map((service, j) => serviceItem(ctx, i, service, j))}
      </ul>
      ${addService}
    </fieldset>
    <p class="row">
      <button type="button" @click=${() => ctx.edit((d) => removeItem(d, 'categories', i))}>
        ${st('consent.remove', { id })}
      </button>
    </p>
  </li>`;
}

function serviceItem(ctx: ConsentContext, i: number, service: Json, j: number): TemplateResult {
  const { st } = ctx;
  const base = `consent-c${i}-s${j}`;
  const here = problemsHere(ctx, `consent.categories[${i}].services[${j}]`);
  const set = (change: (s: Json) => Json) =>
    ctx.edit((d) => changeItem(d, 'categories', i, (c) => changeService(c, j, change)));
  const id = str(service.id);
  const text = (key: 'name' | 'purpose' | 'provider') => (locale: Locale, t: string) =>
    set((s) => {
      const next = withText(s[key], locale, t);
      // The provider is optional: emptied, it goes.
      return key === 'provider' && !Object.keys(next).length ? withValue(s, key, undefined) : { ...s, [key]: next };
    });
  return html`<li data-consent-service=${id}>
    <h5 id="${base}-title">${st('consent.service', { id })}</h5>
    ${problemList(`${base}-problems`, here)}
    ${textFields(ctx, `${base}-name`, 'consent.serviceName', service.name, text('name'), `${base}-problems`, here)}
    ${textFields(ctx, `${base}-purpose`, 'consent.purpose', service.purpose, text('purpose'), `${base}-problems`, here)}
    ${textFields(ctx, `${base}-provider`, 'consent.provider', service.provider, text('provider'), `${base}-problems`, here)}
    ${cookiesField(ctx, base, service, set)}
    <p class="row">
      <button type="button" @click=${() => ctx.edit((d) => changeItem(d, 'categories', i, (c) => removeService(c, j)))}>
        ${st('consent.serviceRemove', { id })}
      </button>
    </p>
  </li>`;
}

export function separateItem(ctx: ConsentContext, item: Json, i: number): TemplateResult {
  const { st } = ctx;
  const base = `consent-p${i}`;
  const here = problemsHere(ctx, `consent.separate[${i}]`);
  const set = changer(ctx, 'separate', i);
  const id = str(item.id);
  return html`<li data-consent-separate=${id}>
    <h4 id="${base}-title">${st('consent.separateItem', { id })}</h4>
    ${problemList(`${base}-problems`, here)}
    <p class="row">
      <label for="${base}-kind">${st('consent.kind')}</label>
      <select
        id="${base}-kind"
        .value=${str(item.kind)}
        @change=${(e: Event) => set((s) => ({ ...s, kind: (e.target as HTMLSelectElement).value }))}
      >
        ${SEPARATE_KINDS.map((kind) => html`<option value=${kind} ?selected=${item.kind === kind}>${st(`consent.kind.${kind}`)}</option>`)}
      </select>
    </p>
    ${textFields(ctx, `${base}-recipient`, 'consent.recipient', item.recipient, (l, t) => set((s) => ({ ...s, recipient: withText(s.recipient, l, t) })), `${base}-problems`, here)}
    ${textFields(ctx, `${base}-purpose`, 'consent.purpose', item.purpose, (l, t) => set((s) => ({ ...s, purpose: withText(s.purpose, l, t) })), `${base}-problems`, here)}
    ${versionField(ctx, base, 'separate', item, (v) => set((s) => ({ ...s, version: v })))}
    <p class="row">
      <button type="button" @click=${() => ctx.edit((d) => removeItem(d, 'separate', i))}>
        ${st('consent.remove', { id })}
      </button>
    </p>
  </li>`;
}

export function documentItem(ctx: ConsentContext, item: Json, i: number): TemplateResult {
  const { st } = ctx;
  const base = `consent-d${i}`;
  const here = problemsHere(ctx, `consent.documents[${i}]`);
  const set = changer(ctx, 'documents', i);
  const id = str(item.id);
  return html`<li data-consent-document=${id}>
    <h4 id="${base}-title">${st('consent.document', { id })}</h4>
    ${problemList(`${base}-problems`, here)}
    ${textFields(ctx, `${base}-title-text`, 'consent.documentTitle', item.title, (l, t) => set((d) => ({ ...d, title: withText(d.title, l, t) })), `${base}-problems`, here)}
    <p class="row">
      <label for="${base}-url">${st('consent.url')}</label>
      <input
        id="${base}-url"
        type="text"
        autocomplete="off"
        spellcheck="false"
        aria-describedby=${describedBy(`${base}-problems`, here, 'consent-url-help')}
        .value=${str(item.url)}
        @change=${(e: Event) => set((d) => ({ ...d, url: (e.target as HTMLInputElement).value.trim() }))}
      />
    </p>
    ${versionField(ctx, base, 'document', item, (v) => set((d) => ({ ...d, version: v })))}
    <p class="row">
      <button type="button" @click=${() => ctx.edit((d) => removeItem(d, 'documents', i))}>
        ${st('consent.remove', { id })}
      </button>
    </p>
  </li>`;
}
