/**
 * One native control per field type, each with its label, hint, purpose and
 * error tied to it (aria-describedby, aria-invalid), so screen readers read
 * what a sighted user sees.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldValue } from '../../src/contract/common';
import type { FieldConfig } from '../../src/config/schema';
import { DEFAULT_RATING, fileLimits } from '../../src/config/validate-values';
import type { Translator } from '../../src/i18n/index';
import type { DraftFile } from '../../src/storage/records';
import { shownName } from './shown-name';

export interface FieldHandlers {
  change(name: string, value: FieldValue): void;
  addFiles(name: string, files: File[]): void;
  removeFile(id: string): void;
}

export interface FieldView {
  field: FieldConfig;
  value: FieldValue | undefined;
  files: DraftFile[];
  error: string | undefined;
  i18n: Translator;
  on: FieldHandlers;
}

const id = (name: string) => `f-${name}`;

function describedBy(view: FieldView): string {
  const { field } = view;
  return [
    field.help ? `${id(field.name)}-hint` : '',
    field.personal ? `${id(field.name)}-purpose` : '',
    field.type === 'file' ? `${id(field.name)}-limits` : '',
    view.error ? `${id(field.name)}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function labelText(view: FieldView): TemplateResult {
  const { field, i18n } = view;
  return html`${i18n.text(field.label)}${
    field.required
      ? html` <span class="required" aria-hidden="true">*</span><span class="visually-hidden">(${i18n.t('form.required')})</span>`
      : nothing
  }`;
}

function extras(view: FieldView): TemplateResult {
  const { field, i18n } = view;
  return html`${field.help ? html`<p class="hint" id="${id(field.name)}-hint">${i18n.text(field.help)}</p>` : nothing}
  ${
    field.personal
      ? html`<p part="purpose" id="${id(field.name)}-purpose">${i18n.t('form.purpose', { purpose: i18n.text(field.personal.purpose) })}</p>`
      : nothing
  }
  ${view.error ? html`<p part="field-error" id="${id(field.name)}-error">${view.error}</p>` : nothing}`;
}

const str = (v: FieldValue | undefined) => (typeof v === 'string' ? v : '');

function textLike(view: FieldView): TemplateResult {
  const { field, on } = view;
  const common = {
    name: field.name,
    describedby: describedBy(view),
  };
  const onInput = (e: Event) => on.change(field.name, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
  const autocomplete = field.personal?.prefill === 'phone' ? 'tel' : (field.personal?.prefill ?? 'off');
  const control =
    field.type === 'textarea'
      ? html`<textarea id=${id(field.name)} name=${common.name} .value=${live(str(view.value))} ?required=${field.required}
          maxlength=${field.maxLength ?? nothing} aria-describedby=${common.describedby || nothing} aria-invalid=${view.error ? 'true' : 'false'}
          @input=${onInput}></textarea>`
      : html`<input id=${id(field.name)} name=${common.name} type=${field.type === 'text' ? 'text' : field.type} .value=${live(str(view.value))}
          ?required=${field.required} maxlength=${field.maxLength ?? nothing} autocomplete=${autocomplete}
          aria-describedby=${common.describedby || nothing} aria-invalid=${view.error ? 'true' : 'false'} @input=${onInput} />`;
  return html`<div part="field"><label for=${id(field.name)}>${labelText(view)}</label>${control}${extras(view)}</div>`;
}

function select(view: FieldView): TemplateResult {
  const { field, i18n, on } = view;
  return html`<div part="field">
    <label for=${id(field.name)}>${labelText(view)}</label>
    <select id=${id(field.name)} name=${field.name} ?required=${field.required} aria-describedby=${describedBy(view) || nothing}
      aria-invalid=${view.error ? 'true' : 'false'} @change=${(e: Event) => on.change(field.name, (e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!view.value}>${i18n.t('form.choose')}</option>
      ${(field.options ?? []).map((o) => html`<option value=${o.value} ?selected=${view.value === o.value}>${i18n.text(o.label)}</option>`)}
    </select>${extras(view)}
  </div>`;
}

function choiceGroup(
  view: FieldView,
  options: Array<{ value: string; label: string }>,
  multiple: boolean,
): TemplateResult {
  const { field, on } = view;
  const selected = Array.isArray(view.value)
    ? view.value
    : typeof view.value === 'string'
      ? [view.value]
      : typeof view.value === 'number'
        ? [String(view.value)]
        : [];
  const onChange = (e: Event) => {
    const input = e.target as HTMLInputElement;
    if (!multiple) on.change(field.name, field.type === 'rating' ? Number(input.value) : input.value);
    else on.change(field.name, input.checked ? [...selected, input.value] : selected.filter((v) => v !== input.value));
  };
  return html`<fieldset part="field" aria-describedby=${describedBy(view) || nothing} aria-invalid=${view.error ? 'true' : 'false'}>
    <legend>${labelText(view)}</legend>
    <div class="choices">
      ${options.map(
        (o, i) => html`<label><input type=${multiple ? 'checkbox' : 'radio'} name=${field.name} value=${o.value}
          id=${i === 0 ? id(field.name) : nothing} .checked=${live(selected.includes(o.value))} @change=${onChange} />${o.label}</label>`,
      )}
    </div>
    ${extras(view)}
  </fieldset>`;
}

function checkbox(view: FieldView): TemplateResult {
  const { field, on } = view;
  return html`<div part="field">
    <label><input id=${id(field.name)} type="checkbox" name=${field.name} .checked=${live(view.value === true)}
      aria-describedby=${describedBy(view) || nothing} aria-invalid=${view.error ? 'true' : 'false'}
      @change=${(e: Event) => on.change(field.name, (e.target as HTMLInputElement).checked)} />${labelText(view)}</label>
    ${extras(view)}
  </div>`;
}

function files(view: FieldView): TemplateResult {
  const { field, i18n, on } = view;
  const limits = fileLimits(field);
  const types = limits.accept.map((t) => t.split('/')[1]?.toUpperCase()).join(', ');
  return html`<div part="field">
    <label for=${id(field.name)}>${labelText(view)}</label>
    <input id=${id(field.name)} type="file" name=${field.name} multiple accept=${limits.accept.join(',')}
      aria-describedby=${describedBy(view) || nothing} aria-invalid=${view.error ? 'true' : 'false'}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        on.addFiles(field.name, [...(input.files ?? [])]);
        input.value = '';
      }} />
    <p class="hint" id="${id(field.name)}-limits">${i18n.t('form.attachHint', { count: limits.maxFiles, size: i18n.bytes(limits.maxBytes), types })}</p>
    ${
      view.files.length
        ? html`<ul class="files" part="files">
          ${view.files.map(
            (f) => html`<li><bdi>${shownName(f.name)}</bdi> (${i18n.bytes(f.size)})
              <button type="button" @click=${() => on.removeFile(f.id)}>${i18n.t('form.removeFile', { name: shownName(f.name) })}</button></li>`,
          )}
        </ul>`
        : nothing
    }
    ${extras(view)}
  </div>`;
}

export function renderField(view: FieldView): TemplateResult {
  const { field, i18n } = view;
  switch (field.type) {
    case 'select':
      return select(view);
    case 'radio':
      return choiceGroup(
        view,
        (field.options ?? []).map((o) => ({ value: o.value, label: i18n.text(o.label) })),
        false,
      );
    case 'checkbox':
      return field.options
        ? choiceGroup(
            view,
            field.options.map((o) => ({ value: o.value, label: i18n.text(o.label) })),
            true,
          )
        : checkbox(view);
    case 'rating': {
      const min = field.min ?? DEFAULT_RATING.min;
      const max = field.max ?? DEFAULT_RATING.max;
      const options = Array.from({ length: max - min + 1 }, (_, i) => ({
        value: String(min + i),
        label: i18n.t('form.rating', { value: min + i, max }),
      }));
      return choiceGroup(view, options, false);
    }
    case 'file':
      return files(view);
    case 'date':
    case 'text':
    case 'textarea':
    case 'email':
    case 'tel':
      return textLike(view);
  }
}
