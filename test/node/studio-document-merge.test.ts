/**
 * "Keep mine" after two admins saved over each other
 * (components/uc-studio/document-merge.ts): whatever part of the site each
 * changed, both changes are in the merged draft; only a value both changed
 * takes mine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_FORM } from '../../src/config/defaults';
import { mineOverTheirs } from '../../components/uc-studio/document-merge';
import { formsOf } from '../../components/uc-studio/studio-document';

const base = () => ({
  allowedOrigins: ['https://shop.example', 'https://m.shop.example'],
  settings: {
    timezone: 'Asia/Shanghai',
    sla: { policies: [{ kind: 'complaint', category: 'refund', firstReply: { workingDays: 2 } }] },
    points: { penaltyPoints: 20, levels: [{ name: { en: 'Member' }, threshold: 0 }] },
  },
});

test('changes to different sections are both kept: my deadline policy and their points level', () => {
  const mine = base();
  mine.settings.sla.policies[0]!.firstReply = { workingDays: 1 };
  const theirs = base();
  theirs.settings.points.levels.push({ name: { en: 'Gold' }, threshold: 500 });
  const merged = mineOverTheirs(mine, theirs, base()) as ReturnType<typeof base>;
  assert.deepEqual(merged.settings.sla.policies, [
    { kind: 'complaint', category: 'refund', firstReply: { workingDays: 1 } },
  ]);
  assert.deepEqual(
    merged.settings.points.levels.map((l) => l.threshold),
    [0, 500],
  );
});

test('a value both changed takes mine; a value only they changed takes theirs', () => {
  const mine = base();
  mine.settings.points.penaltyPoints = 30;
  const theirs = base();
  theirs.settings.points.penaltyPoints = 50;
  theirs.settings.timezone = 'Europe/Berlin';
  const merged = mineOverTheirs(mine, theirs, base()) as ReturnType<typeof base>;
  assert.equal(merged.settings.points.penaltyPoints, 30);
  assert.equal(merged.settings.timezone, 'Europe/Berlin');
});

test('lists both changed merge by identity: their additions after mine, their removals kept unless I changed the item', () => {
  const mine = base();
  mine.allowedOrigins.push('https://app.shop.example');
  mine.settings.sla.policies.push({ kind: 'suggestion', category: 'refund', firstReply: { workingDays: 5 } });
  const theirs = base();
  theirs.allowedOrigins = ['https://shop.example', 'https://wx.shop.example'];
  theirs.settings.sla.policies = [
    { kind: 'complaint', category: 'refund', firstReply: { workingDays: 2 }, solution: { workingDays: 10 } } as never,
  ];
  const merged = mineOverTheirs(mine, theirs, base()) as ReturnType<typeof base>;
  // They removed m.shop (I left it alone): gone. Mine added app.shop, theirs wx.shop: both there.
  assert.deepEqual(merged.allowedOrigins, [
    'https://shop.example',
    'https://app.shop.example',
    'https://wx.shop.example',
  ]);
  // The same policy (complaint/refund) with their solution; my new policy kept.
  assert.deepEqual(merged.settings.sla.policies, [
    { kind: 'complaint', category: 'refund', firstReply: { workingDays: 2 }, solution: { workingDays: 10 } },
    { kind: 'suggestion', category: 'refund', firstReply: { workingDays: 5 } },
  ]);
});

test('an item they removed that I changed stays, with my change', () => {
  const mine = base();
  mine.settings.points.levels[0]!.threshold = 10;
  const theirs = base();
  theirs.settings.points.levels = [];
  const merged = mineOverTheirs(mine, theirs, base()) as ReturnType<typeof base>;
  assert.deepEqual(merged.settings.points.levels, [{ name: { en: 'Member' }, threshold: 10 }]);
});

test('a default form both copied and changed: their new field and my changed label both kept, against the default', () => {
  const withForm = (form: object) => ({ ...base(), publicConfig: { forms: { default: form } } });
  const mine = withForm({
    ...DEFAULT_FORM,
    fields: DEFAULT_FORM.fields.map((f, i) => (i === 0 ? { ...f, label: { en: 'Your subject' } } : f)),
  });
  const theirs = withForm({
    ...DEFAULT_FORM,
    fields: [...DEFAULT_FORM.fields, { name: 'order', type: 'text', label: { en: 'Order' } }],
  });
  const form = formsOf(mineOverTheirs(mine, theirs, base()))['default']!;
  assert.deepEqual(form.fields[0]!.label, { en: 'Your subject' });
  assert.deepEqual(
    form.fields.map((f) => f.name),
    [...DEFAULT_FORM.fields.map((f) => f.name), 'order'],
  );
});

test('a default form only they changed is theirs, though my document never held it', () => {
  const theirs = {
    ...base(),
    publicConfig: {
      forms: {
        default: { ...DEFAULT_FORM, categories: [...DEFAULT_FORM.categories, { id: 'x', label: { en: 'X' } }] },
      },
    },
  };
  const mine = base();
  mine.settings.timezone = 'Asia/Tokyo';
  const merged = mineOverTheirs(mine, theirs, base());
  assert.ok(formsOf(merged)['default']!.categories.some((c) => c.id === 'x'));
  assert.equal((merged as ReturnType<typeof base>).settings.timezone, 'Asia/Tokyo');
});
