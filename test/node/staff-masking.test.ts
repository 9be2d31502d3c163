/** Masking personal fields for staff (src/server/staff/masking.ts), on awkward values. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FormConfig } from '../../src/config/schema';
import {
  EXCERPT_LENGTH,
  excerptOf,
  maskEmail,
  maskFields,
  maskPhone,
  maskText,
  maskValue,
  personalFields,
} from '../../src/server/staff/masking';

describe('one value', () => {
  test('e-mail: the first character and the domain, however short', () => {
    assert.equal(maskEmail('demo@example.com'), 'd***@example.com');
    assert.equal(maskEmail('a@b.co'), 'a***@b.co');
    assert.equal(maskEmail('  Dan.Smith@Example.com '), 'D***@Example.com');
    assert.equal(maskEmail('张伟@例子.中国'), '张***@例子.中国');
    assert.equal(maskEmail('no-at-sign'), 'n***', 'not an address: masked as text');
    assert.equal(maskEmail('two@at@signs'), 't***');
    assert.equal(maskEmail(''), '');
  });

  test('phone: the first 3 and last 4 digits, without the +86 country code', () => {
    assert.equal(maskPhone('13800130042'), '138****0042');
    assert.equal(maskPhone('+86 138 0013 0042'), '138****0042');
    assert.equal(maskPhone('+86-138-0013-0042'), '138****0042');
    assert.equal(maskPhone('0086 13800130042'), '138****0042');
    assert.equal(maskPhone('+8613800130042'), '138****0042');
    assert.equal(maskPhone('(010) 6552-9988'), '010****9988');
    assert.equal(maskPhone('+1 415 555 0100'), '141****0100', 'another country keeps its own digits');
    assert.equal(maskPhone('12345'), '1***', 'too short to keep 3 + 4 digits: masked as text');
    assert.equal(maskPhone('call me'), 'c***');
    assert.equal(maskPhone(''), '');
  });

  test('anything else: the first character (a whole code point), then ***', () => {
    assert.equal(maskText('张三'), '张***');
    assert.equal(maskText('李'), '李***');
    assert.equal(maskText('Li Wei'), 'L***');
    assert.equal(maskText('😀 smile'), '😀***');
    assert.equal(maskText('𠀀𠀁'), '𠀀***', 'a character outside the BMP is not cut in half');
    assert.equal(maskText(''), '');
    assert.equal(maskText('   '), '');
  });

  test('by the field: its type or prefill decides, else what the value looks like', () => {
    assert.equal(maskValue('13800130042', { type: 'text', personal: { prefill: 'phone' } }), '138****0042');
    assert.equal(maskValue('+86 138 0013 0042', { type: 'tel' }), '138****0042');
    assert.equal(maskValue('d@example.com', { type: 'email' }), 'd***@example.com');
    assert.equal(maskValue('d@example.com', { type: 'text' }), 'd***@example.com');
    assert.equal(maskValue('138 0013 0042', { type: 'text' }), '138****0042');
    assert.equal(maskValue('2026', { type: 'text' }), '2***', 'a short number is no phone');
  });
});

const FORM: FormConfig = {
  kinds: ['complaint'],
  categories: [{ id: 'c', label: 'C' }],
  fields: [
    { name: 'message', type: 'textarea', label: 'M', required: true },
    { name: 'name', type: 'text', label: 'N', personal: { purpose: 'p', prefill: 'name' } },
    { name: 'email', type: 'email', label: 'E', personal: { purpose: 'p' } },
    { name: 'phone', type: 'tel', label: 'P', personal: { purpose: 'p' } },
    { name: 'ids', type: 'checkbox', label: 'I', options: [{ value: 'a', label: 'A' }], personal: { purpose: 'p' } },
    { name: 'age', type: 'rating', label: 'A', personal: { purpose: 'p' } },
  ],
} as FormConfig;

describe("a submission's fields", () => {
  test('the personal ones masked and named; the others untouched; an empty one masked to empty and not named', () => {
    const { fields, masked } = maskFields(FORM, {
      message: 'Call me on 13800130042',
      name: '张三',
      email: '',
      phone: '+86 138 0013 0042',
      ids: ['110101199003071234', ''],
      age: 42,
    });
    assert.deepEqual(fields, {
      message: 'Call me on 13800130042',
      name: '张***',
      email: '',
      phone: '138****0042',
      ids: ['110****1234', ''],
      age: '4***',
    });
    assert.deepEqual(masked, ['name', 'phone', 'ids', 'age']);
  });

  test('a reveal gives the personal fields present, in clear, as text', () => {
    assert.deepEqual(
      personalFields(FORM, { message: 'x', name: '张三', phone: '+86 138 0013 0042', ids: ['a', 'b'], age: 42 }),
      { name: '张三', phone: '+86 138 0013 0042', ids: 'a, b', age: '42' },
    );
  });

  test('a form the site no longer has: the built-in personal fields, and whatever looks like an address or a number', () => {
    const { fields, masked } = maskFields(undefined, {
      message: 'It broke',
      name: 'Wang',
      email: 'w@example.com',
      contact: '13800130042',
      order: 'A-17',
    });
    assert.deepEqual(fields, {
      message: 'It broke',
      name: 'W***',
      email: 'w***@example.com',
      contact: '138****0042',
      order: 'A-17',
    });
    assert.deepEqual(masked.sort(), ['contact', 'email', 'name']);
  });
});

describe("the queue's excerpt", () => {
  test('the message, one line, cut at 140 characters (code points) with …', () => {
    assert.equal(excerptOf(FORM, { message: '  Line one\n\n  line   two ', name: '张三' }), 'Line one line two');
    const long = `${'😀'.repeat(EXCERPT_LENGTH)}tail`;
    assert.equal(excerptOf(FORM, { message: long }), `${'😀'.repeat(EXCERPT_LENGTH)}…`);
    assert.equal(excerptOf(FORM, { message: '字'.repeat(EXCERPT_LENGTH) }), '字'.repeat(EXCERPT_LENGTH));
  });

  test('never a personal field: without a message, the first other text area or text field, else nothing', () => {
    const form = {
      ...FORM,
      fields: [
        { name: 'who', type: 'text', label: 'W', personal: { purpose: 'p' } },
        { name: 'summary', type: 'text', label: 'S' },
        { name: 'details', type: 'textarea', label: 'D' },
      ],
    } as FormConfig;
    assert.equal(excerptOf(form, { who: 'Wang Wei', summary: 'Short', details: 'Longer text' }), 'Longer text');
    assert.equal(excerptOf(form, { who: 'Wang Wei', summary: 'Short' }), 'Short');
    assert.equal(excerptOf(form, { who: 'Wang Wei' }), '');
    const personalMessage = {
      ...FORM,
      fields: [{ name: 'message', type: 'textarea', label: 'M', personal: { purpose: 'p' } }],
    } as FormConfig;
    assert.equal(excerptOf(personalMessage, { message: 'my address is …' }), '');
  });

  test('a form the site no longer has: its message unless it looks like a contact, never the built-in personal fields', () => {
    assert.equal(excerptOf(undefined, { name: 'Wang', message: 'It broke' }), 'It broke');
    assert.equal(excerptOf(undefined, { message: 'w@example.com', note: 'See order A-17' }), 'See order A-17');
    assert.equal(excerptOf(undefined, { name: 'Wang', email: 'w@example.com' }), '');
  });
});
