/**
 * The studio's Forms section: each form's fields (add, move, retire, and
 * delete only what the published version does not have) and categories
 * (add, retire). What is added is checked first by the same schemas the
 * server and the form use (src/config/schema.ts), each problem said beside
 * the form that added it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizedText } from '../../src/contract/common';
import { CategoryConfig, FieldConfig, type FormConfig } from '../../src/config/schema';
import { describeIssue, formatPath } from '../../src/config/validate';
import {
  addCategory,
  addField,
  deleteCategory,
  deleteField,
  formsOf,
  moveField,
  publishedIds,
  retireCategory,
  retireField,
  withForm,
} from './studio-document';
import { formValue, problemList, problemsAt, type StudioView } from './studio-view';

/** Types a field can be added as here; select and radio need options, which a later editor adds. */
const ADDABLE_TYPES = ['text', 'textarea', 'email', 'tel', 'checkbox', 'rating', 'date', 'file'] as const;

export interface FormsView extends StudioView {
  /** why the last add in a form was refused, by `<form id>/field` or `<form id>/category` */
  refusals: Readonly<Record<string, string>>;
  refuse(key: string, why: string | undefined): void;
}

const textOf = (zh: string, en: string): LocalizedText => ({ ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) });
const shown = (label: LocalizedText) => (typeof label === 'string' ? label : (label.en ?? label['zh-CN'] ?? ''));

function issuesOf(result: { success: boolean; error?: { issues: ReadonlyArray<unknown> } }): string {
  return (result.error?.issues ?? [])
    .map((issue) => {
      const i = issue as { path: PropertyKey[]; message: string; code: string };
      return `${formatPath(i.path)}: ${describeIssue(i)}`;
    })
    .join('; ');
}

export function formsSection(view: FormsView): TemplateResult {
  const forms = formsOf(view.doc);
  return html`<section aria-labelledby="forms-title">
    <h2 id="forms-title">${view.st('forms.title')}</h2>
    ${Object.entries(forms).map(([id, form]) => formEditor(view, id, form))}
  </section>`;
}

function formEditor(view: FormsView, id: string, form: FormConfig): TemplateResult {
  const { st, edit, problems } = view;
  const live = publishedIds(view.published, id);
  const path = `publicConfig.forms.${id}`;
  /** A change of this form as the document now holds it. */
  const change = (next: (current: FormConfig) => FormConfig) =>
    edit((doc) => withForm(doc, id, next(formsOf(doc)[id] ?? form)));
  const addOne = (event: SubmitEvent) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const v = (name: string) => formValue(el, name);
    const help = textOf(v('helpZh'), v('helpEn'));
    const field = {
      name: v('name'),
      type: v('type'),
      label: textOf(v('labelZh'), v('labelEn')),
      ...(Object.keys(help).length ? { help } : {}),
      ...(v('required') === 'true' ? { required: true } : {}),
    };
    const parsed = FieldConfig.safeParse(field);
    const why = !Object.keys(field.label).length
      ? `label: ${st('field.labelEn')}`
      : form.fields.some((f) => f.name === field.name)
        ? `name: ${st('item.taken')}`
        : parsed.success
          ? undefined
          : issuesOf(parsed);
    view.refuse(`${id}/field`, why);
    if (why || !parsed.success) return;
    change((f) => addField(f, parsed.data));
    el.reset();
  };
  const addCat = (event: SubmitEvent) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const category = { id: formValue(el, 'id'), label: textOf(formValue(el, 'labelZh'), formValue(el, 'labelEn')) };
    const parsed = CategoryConfig.safeParse(category);
    const why = !Object.keys(category.label).length
      ? `label: ${st('category.labelEn')}`
      : form.categories.some((c) => c.id === category.id)
        ? `id: ${st('item.taken')}`
        : parsed.success
          ? undefined
          : issuesOf(parsed);
    view.refuse(`${id}/category`, why);
    if (why || !parsed.success) return;
    change((f) => addCategory(f, parsed.data));
    el.reset();
  };
  const fieldRefusal = view.refusals[`${id}/field`];
  const categoryRefusal = view.refusals[`${id}/category`];
  return html`<section class="form" aria-labelledby="form-${id}">
    <h3 id="form-${id}">${st('forms.form', { id })}</h3>
    ${problemList(
      `form-${id}-problems`,
      problemsAt(problems, path).filter((p) => !/\.(fields|categories)\[/.test(p.path)),
    )}
    <fieldset>
      <legend>${st('forms.fields')}</legend>
      <ol class="items">
        ${form.fields.map((field, i) => {
          const here = problemsAt(problems, `${path}.fields[${i}]`);
          return html`<li class=${field.retired ? 'retired' : ''} data-field=${field.name}>
            <span class="what"
              ><code>${field.name}</code> · ${field.type} · ${shown(field.label)}${
                field.required ? html` · ${st('forms.required')}` : nothing
              }${field.retired ? html` · <em>${st('forms.retired')}</em>` : nothing}</span
            >
            <span class="actions">
              <button type="button" ?disabled=${i === 0} @click=${() => change((f) => moveField(f, i, -1))}>
                ${st('field.up', { name: field.name })}
              </button>
              <button
                type="button"
                ?disabled=${i === form.fields.length - 1}
                @click=${() => change((f) => moveField(f, i, 1))}
              >
                ${st('field.down', { name: field.name })}
              </button>
              <button type="button" @click=${() => change((f) => retireField(f, field.name, !field.retired))}>
                ${st(field.retired ? 'field.restore' : 'field.retire', { name: field.name })}
              </button>
              ${
                live.fields.has(field.name)
                  ? nothing
                  : html`<button type="button" @click=${() => change((f) => deleteField(f, field.name))}>
                    ${st('field.delete', { name: field.name })}
                  </button>`
              }
            </span>
            ${problemList(`form-${id}-field-${i}-problems`, here)}
          </li>`;
        })}
      </ol>
      <form class="add" @submit=${addOne} aria-labelledby="new-field-${id} form-${id}">
        <p class="legend" id="new-field-${id}">${st('field.new')}</p>
        <label>${st('field.name')} <input name="name" required autocomplete="off" spellcheck="false" /></label>
        <label
          >${st('field.type')}
          <select name="type">
            ${ADDABLE_TYPES.map((type) => html`<option value=${type}>${type}</option>`)}
          </select></label
        >
        <label>${st('field.labelZh')} <input name="labelZh" autocomplete="off" /></label>
        <label>${st('field.labelEn')} <input name="labelEn" autocomplete="off" /></label>
        <label>${st('field.helpZh')} <input name="helpZh" autocomplete="off" /></label>
        <label>${st('field.helpEn')} <input name="helpEn" autocomplete="off" /></label>
        <label class="check"><input type="checkbox" name="required" /> ${st('field.required')}</label>
        <button type="submit">${st('field.add')}</button>
        ${fieldRefusal ? html`<p class="refusal" role="alert">${st('item.notAdded', { problems: fieldRefusal })}</p>` : nothing}
      </form>
    </fieldset>
    <fieldset>
      <legend>${st('forms.categories')}</legend>
      <ul class="items">
        ${form.categories.map(
          (category, i) => html`<li class=${category.retired ? 'retired' : ''} data-category=${category.id}>
            <span class="what"
              ><code>${category.id}</code> · ${shown(category.label)}${
                category.retired ? html` · <em>${st('forms.retired')}</em>` : nothing
              }</span
            >
            <span class="actions">
              <button type="button" @click=${() => change((f) => retireCategory(f, category.id, !category.retired))}>
                ${st(category.retired ? 'category.restore' : 'category.retire', { id: category.id })}
              </button>
              ${
                live.categories.has(category.id)
                  ? nothing
                  : html`<button type="button" @click=${() => change((f) => deleteCategory(f, category.id))}>
                    ${st('category.delete', { id: category.id })}
                  </button>`
              }
            </span>
            ${problemList(`form-${id}-category-${i}-problems`, problemsAt(problems, `${path}.categories[${i}]`))}
          </li>`,
        )}
      </ul>
      <form class="add" @submit=${addCat} aria-labelledby="new-category-${id} form-${id}">
        <p class="legend" id="new-category-${id}">${st('category.new')}</p>
        <label>${st('category.id')} <input name="id" required autocomplete="off" spellcheck="false" /></label>
        <label>${st('category.labelZh')} <input name="labelZh" autocomplete="off" /></label>
        <label>${st('category.labelEn')} <input name="labelEn" autocomplete="off" /></label>
        <button type="submit">${st('category.add')}</button>
        ${
          categoryRefusal
            ? html`<p class="refusal" role="alert">${st('item.notAdded', { problems: categoryRefusal })}</p>`
            : nothing
        }
      </form>
    </fieldset>
  </section>`;
}
