/**
 * The studio's edits of a form's fields and kinds (components/uc-studio/field-edits.ts):
 * what each leaves in the form is what the schema takes, nothing empty is
 * kept where nothing is meant, and a published field's type moves only to
 * one whose answers are kept alike.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIELD_TYPES, FormConfig, type FieldConfig } from '../../src/config/schema';
import { DEFAULT_FORM } from '../../src/config/defaults';
import {
  addOption,
  moveOption,
  removeOption,
  typesFor,
  withHelp,
  withKinds,
  withLabel,
  withOptionLabel,
  withPersonal,
  withRequired,
  withType,
} from '../../components/uc-studio/field-edits';

const field = (form: FormConfig, name: string): FieldConfig => form.fields.find((f) => f.name === name)!;
const topic = (form: FormConfig = DEFAULT_FORM): FormConfig => ({
  ...form,
  fields: [
    ...form.fields,
    { name: 'topic', type: 'select', label: { en: 'Topic' }, options: [{ value: 'a', label: { en: 'A' } }] },
  ],
});

test('a published field changes type only within its alike group; a draft-only one to any type', () => {
  const published = (type: FieldConfig['type']): FieldConfig => ({ name: 'x', type, label: 'X' });
  assert.deepEqual(typesFor(published('text')), ['text', 'textarea']);
  assert.deepEqual(typesFor(published('textarea')), ['text', 'textarea']);
  assert.deepEqual(typesFor(published('radio')), ['select', 'radio']);
  for (const fixed of ['email', 'tel', 'checkbox', 'rating', 'date', 'file'] as const)
    assert.deepEqual(typesFor(published(fixed)), [fixed]);
  assert.deepEqual(typesFor(undefined), FIELD_TYPES);
});

test('a type that takes no options drops them; one that may keeps them', () => {
  const form = topic();
  assert.deepEqual(field(withType(form, 'topic', 'radio'), 'topic').options, field(form, 'topic').options);
  assert.deepEqual(field(withType(form, 'topic', 'checkbox'), 'topic').options, field(form, 'topic').options);
  assert.equal('options' in field(withType(form, 'topic', 'text'), 'topic'), false);
});

test('options are added, moved within bounds, relabelled, and the last removed leaves no empty list', () => {
  let form = addOption(addOption(topic(), 'topic', { value: 'b', label: { en: 'B' } }), 'topic', {
    value: 'c',
    label: { 'zh-CN': '丙' },
  });
  form = moveOption(form, 'topic', 2, -1);
  assert.deepEqual(
    field(form, 'topic').options!.map((o) => o.value),
    ['a', 'c', 'b'],
  );
  assert.equal(moveOption(form, 'topic', 0, -1), form, 'the first stays first');
  form = withOptionLabel(form, 'topic', 'c', { 'zh-CN': '丙', en: 'C' });
  assert.deepEqual(field(form, 'topic').options![1]!.label, { 'zh-CN': '丙', en: 'C' });
  assert.equal(FormConfig.safeParse(form).success, true);
  for (const value of ['a', 'b', 'c']) form = removeOption(form, 'topic', value);
  assert.equal('options' in field(form, 'topic'), false);
  const refused = FormConfig.safeParse(form);
  assert.equal(refused.success, false, 'a select with no options is the schema’s to refuse, by its path');
});

test('help and personal data go when emptied; required false is no key; a label is replaced whole', () => {
  let form = withHelp(DEFAULT_FORM, 'subject', { en: 'What it is about' });
  assert.deepEqual(field(form, 'subject').help, { en: 'What it is about' });
  form = withHelp(form, 'subject', {});
  assert.equal('help' in field(form, 'subject'), false);
  form = withRequired(withRequired(form, 'subject', true), 'subject', false);
  assert.equal('required' in field(form, 'subject'), false);
  form = withLabel(form, 'subject', { 'zh-CN': '主题', en: 'Topic' });
  assert.deepEqual(field(form, 'subject').label, { 'zh-CN': '主题', en: 'Topic' });

  form = withPersonal(form, 'subject', { en: 'To answer you' }, undefined);
  assert.deepEqual(field(form, 'subject').personal, { purpose: { en: 'To answer you' } });
  form = withPersonal(form, 'subject', {}, 'name');
  assert.deepEqual(field(form, 'subject').personal, { purpose: {}, prefill: 'name' }, 'kept while prefilled');
  form = withPersonal(form, 'subject', {}, undefined);
  assert.equal('personal' in field(form, 'subject'), false);
  assert.equal(FormConfig.safeParse(form).success, true);
});

test('kinds keep the usual order whatever order they were ticked in', () => {
  assert.deepEqual(withKinds(DEFAULT_FORM, ['question', 'complaint']).kinds, ['complaint', 'question']);
});
