/**
 * The editor of one field, opened from its row: its label and help in both
 * languages, whether it is required, its type where it may change (a
 * published field only to a type whose answers are kept alike, said beside
 * the choice: field-edits.ts `typesFor`), its options (select, radio, a
 * group of checkboxes: added, relabelled, ordered, removed) and its personal
 * block (the purpose the user is shown, in both languages, and which
 * identity value fills it). Each value is taken on `change`, as the Site
 * section takes its own.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Locale, LocalizedText } from '../../src/contract/common';
import {
  FieldOption,
  PREFILL_SOURCES,
  type FieldConfig,
  type FieldType,
  type FormConfig,
} from '../../src/config/schema';
import {
  addOption,
  hasText,
  moveOption,
  OPTION_TYPES,
  OPTIONAL_OPTION_TYPES,
  removeOption,
  textIn,
  textOf,
  typesFor,
  withHelp,
  withLabel,
  withOptionLabel,
  withPersonal,
  withRequired,
  withType,
  type PrefillSource,
} from './field-edits';
import { issuesOf, refusal, type FormsView } from './forms-view';
import { focusAfterUpdate } from './studio-focus';
import { formValue } from './studio-view';

export interface FieldContext {
  formId: string;
  field: FieldConfig;
  /** the field as the published version has it; undefined while only the draft has it */
  published: FieldConfig | undefined;
  /** changes this field's form as the document holds it when called */
  change(next: (form: FormConfig) => FormConfig): void;
}

const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
/** `text` with one language's part replaced. */
const textWith = (text: LocalizedText | undefined, locale: Locale, value: string): LocalizedText =>
  locale === 'en' ? textOf(textIn(text, 'zh-CN'), value) : textOf(value, textIn(text, 'en'));
const valueOf = (event: Event) => (event.target as HTMLInputElement).value.trim();

export function fieldEditor(view: FormsView, ctx: FieldContext): TemplateResult {
  const { st } = view;
  const { formId, field } = ctx;
  const name = field.name;
  const id = `field-${formId}-${name}`;
  const inLocale = (locale: Locale) => st(locale === 'en' ? 'field.inEn' : 'field.inZh');

  const setLabel = (locale: Locale) => (event: Event) => {
    const label = textWith(field.label, locale, valueOf(event));
    const empty = !hasText(label);
    view.refuse(`${formId}/${name}/label`, empty ? st('field.labelNeeded') : undefined);
    if (!empty) ctx.change((form) => withLabel(form, name, label));
  };
  const setHelp = (locale: Locale) => (event: Event) =>
    ctx.change((form) =>
      withHelp(form, name, textWith(form.fields.find((f) => f.name === name)?.help, locale, valueOf(event))),
    );
  const setPersonal = (purpose: (p: LocalizedText | undefined) => LocalizedText, prefill?: PrefillSource | '') =>
    ctx.change((form) => {
      const now = form.fields.find((f) => f.name === name)?.personal;
      const source = prefill === undefined ? now?.prefill : prefill || undefined;
      return withPersonal(form, name, purpose(now?.purpose), source);
    });

  const types = typesFor(ctx.published);
  const text = (what: 'label' | 'help' | 'purpose', locale: Locale) => {
    const value = what === 'label' ? field.label : what === 'help' ? field.help : field.personal?.purpose;
    const onChange =
      what === 'label'
        ? setLabel(locale)
        : what === 'help'
          ? setHelp(locale)
          : (event: Event) => setPersonal((p) => textWith(p, locale, valueOf(event)));
    return html`<p class="row">
      <label for="${id}-${what}-${locale}">${st(`field.${what}`)} ${inLocale(locale)}</label>
      <input
        id="${id}-${what}-${locale}"
        type="text"
        autocomplete="off"
        .value=${live(textIn(value, locale))}
        @change=${onChange}
      />
    </p>`;
  };

  return html`<details class="editor" data-editor=${name}>
    <summary>${st('field.edit', { name })}</summary>
    <div class="fields">
      ${LOCALES.map((l) => text('label', l))} ${refusal(view, `${formId}/${name}/label`)}
      ${LOCALES.map((l) => text('help', l))}
      <p class="row">
        <label class="check"
          ><input
            type="checkbox"
            .checked=${live(field.required === true)}
            @change=${(e: Event) =>
              ctx.change((form) => withRequired(form, name, (e.target as HTMLInputElement).checked))}
          />
          ${st('field.required')}</label
        >
      </p>
      ${typeChoice(view, ctx, id, types)}
      ${OPTIONAL_OPTION_TYPES.includes(field.type) ? optionsEditor(view, ctx, id) : nothing}
      <fieldset aria-describedby="${id}-personal-help">
        <legend>${st('personal.title')}</legend>
        <p class="help" id="${id}-personal-help">${st('personal.help')}</p>
        ${LOCALES.map((l) => text('purpose', l))}
        <p class="row">
          <label for="${id}-prefill">${st('personal.prefill')}</label>
          <select
            id="${id}-prefill"
            @change=${(e: Event) =>
              setPersonal((p) => p ?? {}, (e.target as HTMLSelectElement).value as PrefillSource | '')}
          >
            <option value="" ?selected=${!field.personal?.prefill}>${st('personal.prefillNone')}</option>
            ${PREFILL_SOURCES.map(
              (source) =>
                html`<option value=${source} ?selected=${field.personal?.prefill === source}>
                  ${st(`personal.prefill.${source}`)}
                </option>`,
            )}
          </select>
        </p>
        ${
          field.personal && !hasText(field.personal.purpose)
            ? html`<p class="refusal">${st('personal.noPurpose')}</p>`
            : nothing
        }
      </fieldset>
    </div>
  </details>`;
}

/** The type, as a choice where it may change, and why it may not where it may not. */
function typeChoice(view: FormsView, ctx: FieldContext, id: string, types: readonly FieldType[]) {
  const { st } = view;
  const { field, published } = ctx;
  const others = types.filter((t) => t !== published?.type);
  const why = !published
    ? nothing
    : html`<span class="help" id="${id}-type-help"
        >${
          others.length
            ? st('field.typeAlike', { type: published.type, others: others.join(', ') })
            : st('field.typeFixed', { type: published.type })
        }</span
      >`;
  if (types.length < 2) return html`<p class="row">${st('field.type')}: <code>${field.type}</code> ${why}</p>`;
  return html`<p class="row">
    <label for="${id}-type">${st('field.type')}</label>
    <select
      id="${id}-type"
      aria-describedby=${published ? `${id}-type-help` : nothing}
      @change=${(e: Event) =>
        ctx.change((form) => withType(form, field.name, (e.target as HTMLSelectElement).value as FieldType))}
    >
      ${types.map((type) => html`<option value=${type} ?selected=${type === field.type}>${type}</option>`)}
    </select>
    ${why}
  </p>`;
}

/** The options of a select, a radio group or a group of checkboxes: each relabelled, moved, removed; a new one added. */
function optionsEditor(view: FormsView, ctx: FieldContext, id: string): TemplateResult {
  const { st } = view;
  const { formId, field } = ctx;
  const name = field.name;
  const options = field.options ?? [];
  const refusalKey = `${formId}/${name}/option`;
  const move = (event: Event, index: number, by: -1 | 1) => {
    ctx.change((form) => moveOption(form, name, index, by));
    const to = index + by;
    focusAfterUpdate(
      event.currentTarget as Element,
      `#${id}-o${to}-${by < 0 ? 'up' : 'down'}:not(:disabled)`,
      `#${id}-o${to}-up:not(:disabled)`,
      `#${id}-o${to}-down`,
    );
  };
  const remove = (event: Event, index: number, value: string) => {
    ctx.change((form) => removeOption(form, name, value));
    focusAfterUpdate(
      event.currentTarget as Element,
      `#${id}-o${index}-remove`,
      `#${id}-o${index - 1}-remove`,
      `#${id}-option-value`,
    );
  };
  const setLabel = (value: string, locale: Locale, label: LocalizedText | undefined) => (event: Event) => {
    const next = textWith(label, locale, valueOf(event));
    const empty = !hasText(next);
    view.refuse(refusalKey, empty ? st('option.labelNeeded', { value }) : undefined);
    if (!empty) ctx.change((form) => withOptionLabel(form, name, value, next));
  };
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const option = { value: formValue(el, 'value'), label: textOf(formValue(el, 'labelZh'), formValue(el, 'labelEn')) };
    const parsed = FieldOption.safeParse(option);
    const why = !option.value
      ? st('option.valueNeeded')
      : options.some((o) => o.value === option.value)
        ? `${option.value}: ${st('item.taken')}`
        : !hasText(option.label)
          ? st('option.labelNeeded', { value: option.value })
          : parsed.success
            ? undefined
            : issuesOf(parsed);
    view.refuse(refusalKey, why && st('item.notAdded', { problems: why }));
    if (why || !parsed.success) return;
    ctx.change((form) => addOption(form, name, parsed.data));
    el.reset();
  };
  return html`<fieldset class="options">
    <legend>${st('option.title')}</legend>
    ${
      options.length
        ? html`<ol class="items">
            ${options.map(
              (o, i) => html`<li data-option=${o.value}>
                <code>${o.value}</code>
                ${LOCALES.map(
                  (
                    l,
                  ) => html`<label for="${id}-o${i}-${l}">${st('option.label', { value: o.value })} ${st(l === 'en' ? 'field.inEn' : 'field.inZh')}</label>
                    <input
                      id="${id}-o${i}-${l}"
                      type="text"
                      autocomplete="off"
                      .value=${live(textIn(o.label, l))}
                      @change=${setLabel(o.value, l, o.label)}
                    />`,
                )}
                <span class="actions">
                  <button type="button" id="${id}-o${i}-up" ?disabled=${i === 0} @click=${(e: Event) => move(e, i, -1)}>
                    ${st('option.up', { value: o.value })}
                  </button>
                  <button
                    type="button"
                    id="${id}-o${i}-down"
                    ?disabled=${i === options.length - 1}
                    @click=${(e: Event) => move(e, i, 1)}
                  >
                    ${st('option.down', { value: o.value })}
                  </button>
                  <button type="button" id="${id}-o${i}-remove" @click=${(e: Event) => remove(e, i, o.value)}>
                    ${st('option.remove', { value: o.value })}
                  </button>
                </span>
              </li>`,
            )}
          </ol>`
        : html`<p>${st(OPTION_TYPES.includes(field.type) ? 'option.noneYet' : 'option.single')}</p>`
    }
    <form class="add" @submit=${add} aria-labelledby="${id}-option-new">
      <p class="legend" id="${id}-option-new">${st('option.new', { name })}</p>
      <label
        >${st('option.value')}
        <input id="${id}-option-value" name="value" autocomplete="off" spellcheck="false" /></label>
      <label>${st('option.labelZh')} <input name="labelZh" autocomplete="off" /></label>
      <label>${st('option.labelEn')} <input name="labelEn" autocomplete="off" /></label>
      <button type="submit">${st('option.add')}</button>
      ${refusal(view, refusalKey)}
    </form>
  </fieldset>`;
}
