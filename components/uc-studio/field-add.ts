/**
 * A form's "new field" form: name, type, label and help in both languages,
 * required, and the first option of a field that chooses (a select or a
 * radio group needs one; a checkbox with options is a group). Checked first
 * by the same schema the server and the form use, each problem said beside
 * it; the field's editor then does the rest (more options, the purpose).
 */
import { html, type TemplateResult } from 'lit';
import { FIELD_TYPES, FieldConfig, type FormConfig } from '../../src/config/schema';
import { addField } from './studio-document';
import { hasText, OPTION_TYPES, OPTIONAL_OPTION_TYPES, textOf } from './field-edits';
import { issuesOf, refusal, type FormsView } from './forms-view';
import { formValue } from './studio-view';

export function fieldAdd(
  view: FormsView,
  formId: string,
  form: FormConfig,
  change: (next: (current: FormConfig) => FormConfig) => void,
): TemplateResult {
  const { st } = view;
  const key = `${formId}/field`;
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const el = event.target as HTMLFormElement;
    const v = (name: string) => formValue(el, name);
    const help = textOf(v('helpZh'), v('helpEn'));
    const option = { value: v('optionValue'), label: textOf(v('optionZh'), v('optionEn')) };
    const hasOption = option.value !== '' || hasText(option.label);
    const type = v('type');
    const field = {
      name: v('name'),
      type,
      label: textOf(v('labelZh'), v('labelEn')),
      ...(hasText(help) ? { help } : {}),
      ...(v('required') === 'true' ? { required: true } : {}),
      ...(hasOption ? { options: [option] } : {}),
    };
    const parsed = FieldConfig.safeParse(field);
    const why = !hasText(field.label)
      ? `label: ${st('field.labelEn')}`
      : form.fields.some((f) => f.name === field.name)
        ? `name: ${st('item.taken')}`
        : OPTION_TYPES.includes(type as never) && !hasOption
          ? st('option.firstNeeded', { type })
          : hasOption && !OPTIONAL_OPTION_TYPES.includes(type as never)
            ? st('option.notForType', { type })
            : hasOption && !hasText(option.label)
              ? st('option.labelNeeded', { value: option.value })
              : parsed.success
                ? undefined
                : issuesOf(parsed);
    view.refuse(key, why && st('item.notAdded', { problems: why }));
    if (why || !parsed.success) return;
    change((f) => addField(f, parsed.data));
    el.reset();
  };
  return html`<form class="add" @submit=${add} aria-labelledby="new-field-${formId} form-${formId}">
    <p class="legend" id="new-field-${formId}">${st('field.new')}</p>
    <label>${st('field.name')} <input name="name" required autocomplete="off" spellcheck="false" /></label>
    <label
      >${st('field.type')}
      <select name="type">
        ${FIELD_TYPES.map((type) => html`<option value=${type}>${type}</option>`)}
      </select></label
    >
    <label>${st('field.labelZh')} <input name="labelZh" autocomplete="off" /></label>
    <label>${st('field.labelEn')} <input name="labelEn" autocomplete="off" /></label>
    <label>${st('field.helpZh')} <input name="helpZh" autocomplete="off" /></label>
    <label>${st('field.helpEn')} <input name="helpEn" autocomplete="off" /></label>
    <label class="check"><input type="checkbox" name="required" /> ${st('field.required')}</label>
    <fieldset class="first-option">
      <legend>${st('option.first', { types: [...OPTION_TYPES, 'checkbox'].join(', ') })}</legend>
      <label>${st('option.value')} <input name="optionValue" autocomplete="off" spellcheck="false" /></label>
      <label>${st('option.labelZh')} <input name="optionZh" autocomplete="off" /></label>
      <label>${st('option.labelEn')} <input name="optionEn" autocomplete="off" /></label>
    </fieldset>
    <button type="submit">${st('field.add')}</button>
    ${refusal(view, key)}
  </form>`;
}
