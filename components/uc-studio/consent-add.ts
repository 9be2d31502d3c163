/**
 * The Consent section's forms that add: a category, a service to a
 * category, a separate consent, a policy document. What is added is checked
 * first by the same schemas the server checks the document with
 * (src/contract/consent.ts), and an id must not be taken in its list; a
 * refusal is said beside the form, and nothing is added.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { LOCALES } from '../../src/contract/common';
import {
  ConsentCategory,
  ConsentService,
  PolicyDocument,
  SEPARATE_KINDS,
  SeparateConsentItem,
} from '../../src/contract/consent';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import { addItem, addService, changeItem, servicesOf, textOf, type ConsentList, type Json } from './consent-document';
import { issuesOf, type ConsentContext } from './consent-context';
import { formValue } from './studio-view';

type Schema = {
  safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: ReadonlyArray<unknown> } };
};

/**
 * Reads an add form, checks what it makes, and adds it (`add`) unless it is refused: by the schema, or because
 * `taken` already has its id. The refusal, or none, is kept under `key`.
 */
function adder(
  ctx: ConsentContext,
  key: string,
  schema: Schema,
  make: (v: (name: string) => string) => Json,
  taken: () => readonly Json[],
  add: (item: Json) => void,
) {
  return (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const item = make((name) => formValue(form, name));
    const parsed = schema.safeParse(item);
    const why = taken().some((t) => t.id === item.id)
      ? `id: ${ctx.st('consent.idTaken')}`
      : parsed.success
        ? undefined
        : issuesOf(parsed);
    ctx.refuse(key, why);
    if (why || !parsed.success) return;
    add(parsed.data as Json);
    form.reset();
  };
}

const texts = (v: (name: string) => string, name: string) => textOf(v(`${name}Zh`), v(`${name}En`));

/** The two inputs of a text in an add form, named `<name>Zh` and `<name>En`. */
function textInputs(ctx: ConsentContext, base: string, name: string, what: StudioMessageKey): TemplateResult {
  return html`${LOCALES.map((locale) => {
    const suffix = locale === 'en' ? 'En' : 'Zh';
    return html`<label
      >${ctx.st('consent.inLanguage', { what: ctx.st(what), language: ctx.st(`consent.lang.${locale}`) })}
      <input id="${base}-${name}-${locale}" name="${name}${suffix}" lang=${locale} autocomplete="off"
    /></label>`;
  })}`;
}

const idInput = (ctx: ConsentContext, base: string) =>
  html`<label
    >${ctx.st('consent.id')} <input id="${base}-id" name="id" required autocomplete="off" spellcheck="false"
  /></label>`;

const versionInput = (ctx: ConsentContext, base: string) =>
  html`<label
    >${ctx.st('consent.version')}
    <input id="${base}-version" name="version" value="1" required autocomplete="off" spellcheck="false"
  /></label>`;

function refusalOf(ctx: ConsentContext, key: string): TemplateResult | typeof nothing {
  const refusal = ctx.refusals[key];
  return refusal
    ? html`<p class="refusal" role="alert">${ctx.st('item.notAdded', { problems: refusal })}</p>`
    : nothing;
}

const toList = (ctx: ConsentContext, list: ConsentList) => (item: Json) => ctx.edit((d) => addItem(d, list, item));

export function addCategoryForm(ctx: ConsentContext, categories: () => readonly Json[]): TemplateResult {
  const base = 'consent-new-category';
  const submit = adder(
    ctx,
    base,
    ConsentCategory,
    (v) => ({
      id: v('id'),
      label: texts(v, 'label'),
      description: texts(v, 'description'),
      version: v('version'),
    }),
    categories,
    toList(ctx, 'categories'),
  );
  return html`<form class="add" @submit=${submit} aria-labelledby="${base}-legend">
    <p class="legend" id="${base}-legend">${ctx.st('consent.categoryNew')}</p>
    ${idInput(ctx, base)} ${textInputs(ctx, base, 'label', 'consent.label')}
    ${textInputs(ctx, base, 'description', 'consent.description')} ${versionInput(ctx, base)}
    <button type="submit">${ctx.st('consent.categoryAdd')}</button>
    ${refusalOf(ctx, base)}
  </form>`;
}

export function addServiceForm(ctx: ConsentContext, i: number, category: Json): TemplateResult {
  const base = `consent-c${i}-new-service`;
  const submit = adder(
    ctx,
    base,
    ConsentService,
    (v) => {
      const provider = texts(v, 'provider');
      const cookies = v('cookies')
        .split(/[\s,]+/)
        .filter(Boolean);
      return {
        id: v('id'),
        name: texts(v, 'name'),
        purpose: texts(v, 'purpose'),
        ...(provider ? { provider } : {}),
        ...(cookies.length ? { cookies } : {}),
      };
    },
    () => servicesOf(category),
    (service) => ctx.edit((d) => changeItem(d, 'categories', i, (c) => addService(c, service))),
  );
  // Folded: a site has a few services per category, and an open form for each would bury them.
  return html`<details ?open=${!!ctx.refusals[base]}>
    <summary>${ctx.st('consent.serviceNewIn', { id: String(category.id ?? '') })}</summary>
    <form class="add" @submit=${submit} aria-labelledby="${base}-legend consent-c${i}-title">
    <p class="legend" id="${base}-legend">${ctx.st('consent.serviceNew')}</p>
    ${idInput(ctx, base)} ${textInputs(ctx, base, 'name', 'consent.serviceName')}
    ${textInputs(ctx, base, 'purpose', 'consent.purpose')} ${textInputs(ctx, base, 'provider', 'consent.provider')}
    <label
      >${ctx.st('consent.serviceCookies')}
      <input id="${base}-cookies" name="cookies" autocomplete="off" spellcheck="false"
    /></label>
    <button type="submit">${ctx.st('consent.serviceAdd')}</button>
    ${refusalOf(ctx, base)}
  </form>
  </details>`;
}

export function addSeparateForm(ctx: ConsentContext, items: () => readonly Json[]): TemplateResult {
  const base = 'consent-new-separate';
  const submit = adder(
    ctx,
    base,
    SeparateConsentItem,
    (v) => ({
      id: v('id'),
      kind: v('kind'),
      recipient: texts(v, 'recipient'),
      purpose: texts(v, 'purpose'),
      version: v('version'),
    }),
    items,
    toList(ctx, 'separate'),
  );
  return html`<form class="add" @submit=${submit} aria-labelledby="${base}-legend">
    <p class="legend" id="${base}-legend">${ctx.st('consent.separateNew')}</p>
    ${idInput(ctx, base)}
    <label
      >${ctx.st('consent.kind')}
      <select id="${base}-kind" name="kind">
        ${SEPARATE_KINDS.map((kind) => html`<option value=${kind}>${ctx.st(`consent.kind.${kind}`)}</option>`)}
      </select></label
    >
    ${textInputs(ctx, base, 'recipient', 'consent.recipient')} ${textInputs(ctx, base, 'purpose', 'consent.purpose')}
    ${versionInput(ctx, base)}
    <button type="submit">${ctx.st('consent.separateAdd')}</button>
    ${refusalOf(ctx, base)}
  </form>`;
}

export function addDocumentForm(ctx: ConsentContext, documents: () => readonly Json[]): TemplateResult {
  const base = 'consent-new-document';
  const submit = adder(
    ctx,
    base,
    PolicyDocument,
    (v) => ({ id: v('id'), title: texts(v, 'title'), url: v('url'), version: v('version') }),
    documents,
    toList(ctx, 'documents'),
  );
  return html`<form class="add" @submit=${submit} aria-labelledby="${base}-legend">
    <p class="legend" id="${base}-legend">${ctx.st('consent.documentNew')}</p>
    ${idInput(ctx, base)} ${textInputs(ctx, base, 'title', 'consent.documentTitle')}
    <label
      >${ctx.st('consent.url')}
      <input
        id="${base}-url"
        name="url"
        required
        autocomplete="off"
        spellcheck="false"
        aria-describedby="consent-url-help"
    /></label>
    ${versionInput(ctx, base)}
    <button type="submit">${ctx.st('consent.documentAdd')}</button>
    ${refusalOf(ctx, base)}
  </form>`;
}
