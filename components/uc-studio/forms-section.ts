/**
 * The studio's Forms section: each form's kinds, its fields (added, edited
 * in field-editor.ts, moved, retired, and deleted only while the published
 * version does not have them) and its categories, the site's service scope
 * (added, retired). What is added is checked first by the same schemas the
 * server and the form use (src/config/schema.ts); the server's problems and
 * lint's warnings are said beside what they concern.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Kind, LocalizedText } from '../../src/contract/common';
import { CategoryConfig, KINDS, type FieldConfig, type FormConfig } from '../../src/config/schema';
import { withKinds } from './field-edits';
import { fieldAdd } from './field-add';
import { fieldEditor } from './field-editor';
import { isItemProblem, issuesOf, itemProblems, refusal, warningList, type FormsView } from './forms-view';
import {
  addCategory,
  deleteCategory,
  deleteField,
  formsOf,
  moveField,
  publishedIds,
  retireCategory,
  retireField,
  withForm,
} from './studio-document';
import { focusAfterUpdate } from './studio-focus';
import { formValue, problemList, problemsAt } from './studio-view';

export type { FormsView };

const textOf = (zh: string, en: string): LocalizedText => ({ ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) });
const shown = (label: LocalizedText) => (typeof label === 'string' ? label : (label.en ?? label['zh-CN'] ?? ''));

export function formsSection(view: FormsView): TemplateResult {
  const forms = formsOf(view.doc);
  return html`<section aria-labelledby="forms-title">
    <h2 id="forms-title">${view.st('forms.title')}</h2>
    ${Object.entries(forms).map(([id, form]) => formEditor(view, id, form))}
  </section>`;
}

function formEditor(view: FormsView, id: string, form: FormConfig): TemplateResult {
  const { st, edit, problems, warnings } = view;
  const ids = publishedIds(view.published, id);
  const publishedForm = view.published ? formsOf(view.published)[id] : undefined;
  const path = `publicConfig.forms.${id}`;
  /** A change of this form as the document now holds it. */
  const change = (next: (current: FormConfig) => FormConfig) =>
    edit((doc) => withForm(doc, id, next(formsOf(doc)[id] ?? form)));
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
  const categoryRefusal = view.refusals[`${id}/category`];
  const formProblems = problemsAt(problems, path).filter(
    (p) => !isItemProblem(p) && !p.path.startsWith(`${path}.kinds`),
  );
  return html`<section class="form" aria-labelledby="form-${id}">
    <h3 id="form-${id}">${st('forms.form', { id })}</h3>
    ${problemList(`form-${id}-problems`, formProblems)}
    ${kindsEditor(view, id, form, change)}
    <fieldset>
      <legend>${st('forms.fields')}</legend>
      <ol class="items">
        ${repeat(
          form.fields,
          (field) => field.name,
          (field, i) =>
            fieldRow(view, id, form, field, i, {
              published: publishedForm?.fields.find((f) => f.name === field.name),
              deletable: !ids.fields.has(field.name),
              change,
            }),
        )}
      </ol>
      ${fieldAdd(view, id, form, change)}
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
                ids.categories.has(category.id)
                  ? nothing
                  : html`<button
                    type="button"
                    @click=${(e: Event) => {
                      change((f) => deleteCategory(f, category.id));
                      focusAfterUpdate(e.currentTarget as Element, `#new-category-${id}-id`);
                    }}
                  >
                    ${st('category.delete', { id: category.id })}
                  </button>`
              }
            </span>
            ${problemList(`form-${id}-category-${i}-problems`, itemProblems(problems, path, 'categories', i))}
            ${warningList(view, `form-${id}-category-${i}-warnings`, itemProblems(warnings, path, 'categories', i))}
          </li>`,
        )}
      </ul>
      <form class="add" @submit=${addCat} aria-labelledby="new-category-${id} form-${id}">
        <p class="legend" id="new-category-${id}">${st('category.new')}</p>
        <label
          >${st('category.id')}
          <input id="new-category-${id}-id" name="id" required autocomplete="off" spellcheck="false"
        /></label>
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

interface RowOptions {
  published: FieldConfig | undefined;
  deletable: boolean;
  change(next: (current: FormConfig) => FormConfig): void;
}

function fieldRow(
  view: FormsView,
  id: string,
  form: FormConfig,
  field: FieldConfig,
  i: number,
  { published, deletable, change }: RowOptions,
): TemplateResult {
  const { st, problems, warnings } = view;
  const path = `publicConfig.forms.${id}`;
  const row = `[data-field="${field.name}"]`;
  const move = (event: Event, by: -1 | 1) => {
    change((f) => moveField(f, i, by));
    // The focus follows the field it moved, onto the same button unless the field reached that end.
    const same = by < 0 ? 'up' : 'down';
    focusAfterUpdate(
      event.currentTarget as Element,
      `${row} button[data-act="${same}"]:not(:disabled)`,
      `${row} button[data-act="${same === 'up' ? 'down' : 'up'}"]`,
    );
  };
  const next = form.fields[i + 1] ?? form.fields[i - 1];
  return html`<li class=${field.retired ? 'retired' : ''} data-field=${field.name}>
    <span class="what"
      ><code>${field.name}</code> · ${field.type} · ${shown(field.label)}${
        field.required ? html` · ${st('forms.required')}` : nothing
      }${field.personal ? html` · ${st('forms.personal')}` : nothing}${
        field.retired ? html` · <em>${st('forms.retired')}</em>` : nothing
      }</span
    >
    <span class="actions">
      <button type="button" data-act="up" ?disabled=${i === 0} @click=${(e: Event) => move(e, -1)}>
        ${st('field.up', { name: field.name })}
      </button>
      <button
        type="button"
        data-act="down"
        ?disabled=${i === form.fields.length - 1}
        @click=${(e: Event) => move(e, 1)}
      >
        ${st('field.down', { name: field.name })}
      </button>
      <button type="button" @click=${() => change((f) => retireField(f, field.name, !field.retired))}>
        ${st(field.retired ? 'field.restore' : 'field.retire', { name: field.name })}
      </button>
      ${
        deletable
          ? html`<button
            type="button"
            @click=${(e: Event) => {
              change((f) => deleteField(f, field.name));
              focusAfterUpdate(
                e.currentTarget as Element,
                next ? `[data-field="${next.name}"] summary` : `form[aria-labelledby^="new-field-${id}"] input`,
              );
            }}
          >
            ${st('field.delete', { name: field.name })}
          </button>`
          : nothing
      }
    </span>
    ${problemList(`form-${id}-field-${i}-problems`, itemProblems(problems, path, 'fields', i))}
    ${warningList(view, `form-${id}-field-${i}-warnings`, itemProblems(warnings, path, 'fields', i))}
    ${fieldEditor(view, { formId: id, field, published, change })}
  </li>`;
}

/** The kinds of feedback a form takes: at least one, so the last is never unticked. */
function kindsEditor(
  view: FormsView,
  id: string,
  form: FormConfig,
  change: (next: (current: FormConfig) => FormConfig) => void,
): TemplateResult {
  const { st } = view;
  const key = `${id}/kinds`;
  const toggle = (kind: Kind) => (event: Event) => {
    const on = (event.target as HTMLInputElement).checked;
    const last = !on && form.kinds.length === 1 && form.kinds[0] === kind;
    view.refuse(key, last ? st('kinds.oneAtLeast') : undefined);
    // Refused, the box is ticked again as the document has it (live), with the reason beside.
    if (last) return;
    change((f) => {
      const kinds = on ? [...f.kinds, kind] : f.kinds.filter((k) => k !== kind);
      return kinds.length ? withKinds(f, kinds) : f;
    });
  };
  return html`<fieldset aria-describedby="kinds-${id}-help">
    <legend>${st('kinds.title')}</legend>
    <p class="help" id="kinds-${id}-help">${st('kinds.help')}</p>
    ${KINDS.map(
      (kind) => html`<label class="check"
        ><input
          type="checkbox"
          name="kind-${kind}"
          .checked=${live(form.kinds.includes(kind))}
          @change=${toggle(kind)}
        />
        ${view.i18n.t(`kind.${kind}`)}</label
      >`,
    )}
    ${refusal(view, key)} ${problemList(`form-${id}-kinds-problems`, problemsAt(view.problems, `publicConfig.forms.${id}.kinds`))}
  </fieldset>`;
}
