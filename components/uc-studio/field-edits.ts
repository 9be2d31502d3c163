/**
 * The studio's edits of one form's fields and kinds, as plain functions like
 * those of studio-document.ts: each returns a new form and never changes the
 * one it was given. A text emptied in both languages is removed, so the
 * document never holds an empty text where none is meant.
 */
import type { Kind, LocalizedText } from '../../src/contract/common';
import { KINDS, type FieldConfig, type FieldType, type FormConfig } from '../../src/config/schema';

type FieldOption = NonNullable<FieldConfig['options']>[number];
export type PrefillSource = NonNullable<NonNullable<FieldConfig['personal']>['prefill']>;

/** A text from its two languages, each left out when empty (`{}` when both are). */
export const textOf = (zh: string, en: string): LocalizedText => ({
  ...(zh ? { 'zh-CN': zh } : {}),
  ...(en ? { en } : {}),
});

export const hasText = (text: LocalizedText | undefined): boolean =>
  text !== undefined && (typeof text === 'string' ? text !== '' : Object.values(text).some(Boolean));

/** One language of a text, as its input shows it: a plain string is every language's. */
export const textIn = (text: LocalizedText | undefined, locale: 'zh-CN' | 'en'): string =>
  text === undefined ? '' : typeof text === 'string' ? text : (text[locale] ?? '');

/** Types whose answers need options to choose from. */
export const OPTION_TYPES: readonly FieldType[] = ['select', 'radio'];
/** Types that may have options: a checkbox with options is a group of checkboxes. */
export const OPTIONAL_OPTION_TYPES: readonly FieldType[] = [...OPTION_TYPES, 'checkbox'];

/** The types a field may take (src/config/field-types.ts: the server refuses the same). */
export { typesFor } from '../../src/config/field-types';

function changeField(form: FormConfig, name: string, change: (field: FieldConfig) => FieldConfig): FormConfig {
  return { ...form, fields: form.fields.map((f) => (f.name === name ? change(f) : f)) };
}

/** A key set, or removed when `value` is undefined. */
function withKey<K extends keyof FieldConfig>(field: FieldConfig, key: K, value: FieldConfig[K] | undefined) {
  const { [key]: _, ...rest } = field;
  return (value === undefined ? rest : { ...rest, [key]: value }) as FieldConfig;
}

export const withLabel = (form: FormConfig, name: string, label: LocalizedText): FormConfig =>
  changeField(form, name, (f) => ({ ...f, label }));

/** Help removed when empty in both languages. */
export const withHelp = (form: FormConfig, name: string, help: LocalizedText): FormConfig =>
  changeField(form, name, (f) => withKey(f, 'help', hasText(help) ? help : undefined));

/** `required: false` is no key at all: the default. */
export const withRequired = (form: FormConfig, name: string, required: boolean): FormConfig =>
  changeField(form, name, (f) => withKey(f, 'required', required || undefined));

/** A new type; options go with a type that takes none (a text field has nothing to choose from). */
export const withType = (form: FormConfig, name: string, type: FieldType): FormConfig =>
  changeField(form, name, (f) => {
    const typed = { ...f, type };
    return OPTIONAL_OPTION_TYPES.includes(type) ? typed : withKey(typed, 'options', undefined);
  });

/**
 * The personal block: why it is asked and what fills it. Kept while either is
 * given, removed when neither is. A purpose emptied with a prefill kept is
 * kept empty, and said (lint refuses it for an e-mail, a phone or a name).
 */
export const withPersonal = (
  form: FormConfig,
  name: string,
  purpose: LocalizedText,
  prefill: PrefillSource | undefined,
): FormConfig =>
  changeField(form, name, (f) =>
    withKey(f, 'personal', hasText(purpose) || prefill ? { purpose, ...(prefill ? { prefill } : {}) } : undefined),
  );

const optionsOf = (form: FormConfig, name: string): FieldOption[] =>
  form.fields.find((f) => f.name === name)?.options ?? [];

/** The options as given; none at all is no `options` key (the schema takes no empty list). */
const withOptions = (form: FormConfig, name: string, options: FieldOption[]): FormConfig =>
  changeField(form, name, (f) => withKey(f, 'options', options.length ? options : undefined));

export const addOption = (form: FormConfig, name: string, option: FieldOption): FormConfig =>
  withOptions(form, name, [...optionsOf(form, name), option]);

export const removeOption = (form: FormConfig, name: string, value: string): FormConfig =>
  withOptions(
    form,
    name,
    optionsOf(form, name).filter((o) => o.value !== value),
  );

/** Moves option `index` one place up (-1) or down (+1); at an end it stays. */
export function moveOption(form: FormConfig, name: string, index: number, by: -1 | 1): FormConfig {
  const options = [...optionsOf(form, name)];
  const to = index + by;
  if (to < 0 || to >= options.length) return form;
  [options[index], options[to]] = [options[to]!, options[index]!];
  return withOptions(form, name, options);
}

export const withOptionLabel = (form: FormConfig, name: string, value: string, label: LocalizedText): FormConfig =>
  withOptions(
    form,
    name,
    optionsOf(form, name).map((o) => (o.value === value ? { ...o, label } : o)),
  );

/** The kinds a form takes, in the usual order whatever order they were ticked in. */
export const withKinds = (form: FormConfig, kinds: readonly Kind[]): FormConfig => ({
  ...form,
  kinds: KINDS.filter((k) => kinds.includes(k)),
});
