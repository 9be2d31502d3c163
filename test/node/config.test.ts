/** The site config schema as an owner meets it: problems named by path, merge order, value checks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG, DEFAULT_FORM } from '../../src/config/defaults';
import { mergeConfig } from '../../src/config/merge';
import type { FormConfig } from '../../src/config/schema';
import { validateConfig } from '../../src/config/validate';
import { validateValues } from '../../src/config/validate-values';

describe('validateConfig', () => {
  test('a good config passes', () => {
    const result = validateConfig(mergeConfig(DEFAULT_CONFIG, { site: 'shop' }));
    assert.ok(result.ok);
  });

  test('reports each problem at the path an owner reads in their JSON', () => {
    const result = validateConfig({
      site: 'shop',
      forms: {
        default: {
          kinds: ['complaint'],
          categories: [{ id: 'a', label: 'A' }],
          fields: [
            { name: 'ok', type: 'text', label: 'OK' },
            { name: 'bad', type: 'video', label: 'Bad' },
            { name: 'pick', type: 'select', label: 'Pick' },
          ],
        },
      },
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p.message]));
    assert.ok(byPath.has('forms.default.fields[1].type'), [...byPath.keys()].join(', '));
    assert.match(byPath.get('forms.default.fields[1].type')!, /expected one of .*"text"/);
    assert.equal(byPath.get('forms.default.fields[2].options'), 'select and radio fields need options');
  });

  test('unknown keys and a missing site are named', () => {
    const result = validateConfig({ forms: {}, colour: 'red' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path);
    assert.ok(paths.includes('site'), paths.join(', '));
    assert.ok(
      result.problems.some((p) => /colour/.test(p.message)),
      JSON.stringify(result.problems),
    );
  });

  test('a misspelt key in a form or a field is named, not silently ignored (a field meant to be required stays optional otherwise)', () => {
    const form = {
      ...DEFAULT_FORM,
      titel: 'Feedback',
      fields: [{ name: 'message', type: 'textarea', label: 'Message', requird: true }],
    };
    const result = validateConfig(mergeConfig(DEFAULT_CONFIG, { site: 'shop', forms: { default: form } }));
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    assert.match(text, /forms\.default.*titel/);
    assert.match(text, /forms\.default\.fields\[0\].*requird/);
  });

  test("a rating scale must run upwards in whole steps, at most 11 of them; the form's own names are reserved", () => {
    const field = (extra: Record<string, unknown>) => ({ name: 'score', type: 'rating', label: 'Score', ...extra });
    const problemsOf = (fields: unknown[]) => {
      const result = validateConfig(
        mergeConfig(DEFAULT_CONFIG, { site: 'shop', forms: { default: { ...DEFAULT_FORM, fields } } }),
      );
      return result.ok ? [] : result.problems.map((p) => p.path);
    };
    assert.deepEqual(problemsOf([field({ min: 0, max: 10 })]), []);
    assert.deepEqual(problemsOf([field({})]), []);
    assert.deepEqual(problemsOf([field({ min: 5, max: 1 })]), ['forms.default.fields[0].max']);
    assert.deepEqual(problemsOf([field({ min: 1, max: 10_000_000 })]), ['forms.default.fields[0].max']);
    assert.deepEqual(problemsOf([field({ min: 0.5, max: 5 })]), ['forms.default.fields[0].min']);
    assert.deepEqual(problemsOf([{ name: 'category', type: 'text', label: 'Category' }]), [
      'forms.default.fields[0].name',
    ]);
    assert.deepEqual(
      problemsOf([{ name: 'kind', type: 'radio', label: 'Kind', options: [{ value: 'a', label: 'A' }] }]),
      ['forms.default.fields[0].name'],
    );
  });
});

describe('mergeConfig', () => {
  test('later sources win, key by key; forms are replaced whole; theme tokens merge', () => {
    const merged = mergeConfig(
      DEFAULT_CONFIG,
      { site: 'a', locale: 'zh-CN', theme: { tokens: { '--uc-accent': 'red', '--uc-radius': '4px' } } },
      {
        locale: 'en',
        theme: { tokens: { '--uc-accent': 'blue' } },
        forms: { default: { ...DEFAULT_FORM, kinds: ['praise'] } },
      },
      undefined,
      { site: 'b' },
    ) as {
      site: string;
      locale: string;
      theme: unknown;
      forms: Record<string, { kinds: string[]; fields: unknown[] }>;
    };
    assert.equal(merged.site, 'b');
    assert.equal(merged.locale, 'en');
    assert.deepEqual(merged.theme, { colorScheme: 'auto', tokens: { '--uc-accent': 'blue', '--uc-radius': '4px' } });
    assert.deepEqual(merged.forms['default']!.kinds, ['praise']);
    assert.equal(
      merged.forms['default']!.fields.length,
      DEFAULT_FORM.fields.length,
      'the replacing form brought its own fields',
    );
  });
});

describe('validateValues', () => {
  const form: FormConfig = {
    kinds: ['complaint'],
    categories: [{ id: 'orders', label: 'Orders' }],
    fields: [
      { name: 'message', type: 'textarea', label: 'Message', required: true, minLength: 5 },
      { name: 'email', type: 'email', label: 'Email' },
      { name: 'phone', type: 'tel', label: 'Phone' },
      { name: 'score', type: 'rating', label: 'Score' },
      { name: 'topic', type: 'select', label: 'Topic', options: [{ value: 'a', label: 'A' }] },
      { name: 'when', type: 'date', label: 'When' },
      { name: 'files', type: 'file', label: 'Files', accept: ['image/png'], maxFiles: 1, maxBytes: 100 },
    ],
  };
  const codes = (values: Parameters<typeof validateValues>[1]) =>
    validateValues(form, values)
      .map((e) => `${e.path}:${e.code}`)
      .sort();
  const base = { kind: 'complaint', category: 'orders', fields: { message: 'long enough' }, attachments: [] };

  test('good values give no errors', () => {
    assert.deepEqual(codes(base), []);
  });

  test('each kind of bad value has its code at its path', () => {
    assert.deepEqual(
      codes({
        kind: 'praise',
        category: 'nope',
        fields: { message: 'hi', email: 'x@', phone: 'call me', score: 9, topic: 'z', when: '2026-13-45', extra: 'x' },
        attachments: [
          { field: 'files', name: 'a.gif', type: 'image/gif', size: 10 },
          { field: 'files', name: 'b.png', type: 'image/png', size: 1000 },
          { field: 'nofield', name: 'c.png', type: 'image/png', size: 1 },
        ],
      }),
      [
        'attachments[2].field:unknown_field',
        'category:invalid_category',
        'fields.email:invalid_email',
        'fields.extra:unknown_field',
        'fields.files:file_too_large',
        'fields.files:file_type',
        'fields.files:too_many_files',
        'fields.message:too_short',
        'fields.phone:invalid_tel',
        'fields.score:out_of_range',
        'fields.topic:invalid_option',
        'fields.when:invalid_date',
        'kind:invalid_kind',
      ],
    );
  });

  test('a missing required field is "required"', () => {
    assert.deepEqual(codes({ ...base, fields: {} }), ['fields.message:required']);
  });
});
