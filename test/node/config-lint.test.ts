/**
 * Lint before publish (src/server/sites/lint.ts): each rule fires on the
 * document that breaks it, at the path an admin edits, and stays quiet on
 * the same document fixed. Pure: a fixed clock and code counts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lintDocument, type LintProblem, type LintRule } from '../../src/server/sites/lint';
import { contrastRatio, parseColor, PALETTES, TEXT_PAIRS } from '../../src/server/sites/lint-contrast';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are edited loosely; lint reads them
type Doc = any;

/** A Wednesday in 2025, a year the official calendar covers; 2026 is covered too. */
const NOW = new Date('2025-06-11T02:00:00Z');

/** A document nothing is said of: every rule satisfied. */
function clean(): Doc {
  return {
    allowedOrigins: ['https://shop.example.com'],
    publicConfig: {
      forms: {
        default: {
          kinds: ['complaint'],
          categories: [{ id: 'orders', label: { 'zh-CN': '订单', en: 'Orders' } }],
          fields: [
            { name: 'message', type: 'textarea', label: { 'zh-CN': '内容', en: 'Message' } },
            {
              name: 'contact',
              type: 'email',
              label: 'Email',
              personal: { purpose: { 'zh-CN': '用于答复', en: 'To reply' } },
            },
          ],
        },
      },
      messages: { en: { 'form.submit': 'Send' }, 'zh-CN': { 'form.submit': '提交' } },
      theme: { colorScheme: 'light', tokens: { '--uc-color-accent': '#2d5a27' } },
    },
    settings: {
      timezone: 'Asia/Shanghai',
      sla: { policies: [{ kind: 'complaint', category: 'orders', firstReply: { workingDays: 2 } }] },
      points: { catalogue: [{ id: 'coupon', name: 'Coupon', points: 100, source: 'pool' }] },
    },
    consent: {
      categories: [
        {
          id: 'analytics',
          label: { 'zh-CN': '统计', en: 'Analytics' },
          description: 'Counts visits',
          version: '1',
          services: [{ id: 'tongji', name: 'Tongji', purpose: 'Visits', cookies: ['Hm_lvt_*'] }],
        },
      ],
    },
  };
}

const lint = (doc: Doc, now = NOW, codesLeft: Record<string, number> = { coupon: 5 }) =>
  lintDocument('shop', doc, now, { codesLeft });
const rules = (problems: LintProblem[], rule: LintRule) => problems.filter((p) => p.rule === rule);

test('a document that breaks no rule has neither errors nor warnings', () => {
  assert.deepEqual(lint(clean()), { errors: [], warnings: [] });
});

test('a field asking for an e-mail, a phone or a name without a purpose is an error at its path', () => {
  const doc = clean();
  const fields = doc.publicConfig.forms.default.fields;
  delete fields[1].personal;
  fields.push({ name: 'phone', type: 'text', label: 'Phone' });
  fields.push({ name: 'mobile', type: 'tel', label: 'Mobile' });
  fields.push({ name: 'name', type: 'text', label: 'Name', retired: true });
  const errors = rules(lint(doc).errors, 'personal-data');
  assert.deepEqual(
    errors.map((e) => e.path),
    [
      'publicConfig.forms.default.fields.1',
      'publicConfig.forms.default.fields.2',
      'publicConfig.forms.default.fields.3',
    ],
    'email type, the name phone and tel type; a retired field asks nothing',
  );
  assert.match(errors[0]!.message, /"contact".*personal.*purpose/);
});

test('a category no deadline policy names is a warning; a policy for every category quiets it', () => {
  const doc = clean();
  doc.settings.sla.policies = [{ kind: 'complaint', firstReply: { workingDays: 2 }, category: 'other' }];
  const [warning] = rules(lint(doc).warnings, 'deadline-policy');
  assert.equal(warning?.path, 'publicConfig.forms.default.categories.0');
  assert.match(warning!.message, /"orders"/);
  doc.settings.sla.policies.push({ firstReply: { workingDays: 1 } });
  assert.deepEqual(rules(lint(doc).warnings, 'deadline-policy'), []);
});

test('no working time in the next 7 days is an error; one working day among holidays is enough', () => {
  const doc = clean();
  // 2025-06-11 (Wed) to 2025-06-18 (Wed): every weekday a holiday of the site's.
  const holidays = ['2025-06-11', '2025-06-12', '2025-06-13', '2025-06-16', '2025-06-17', '2025-06-18'];
  doc.settings.sla.calendar = { years: { 2025: { holidays } } };
  doc.settings.sla.businessHours = [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ];
  const [error] = rules(lint(doc).errors, 'working-days');
  assert.equal(error?.path, 'settings.sla');
  assert.match(error!.message, /\(Asia\/Shanghai, 09:00–12:00, 13:30–18:00\)/, 'names every period of the day');
  doc.settings.sla.calendar.years['2025'].holidays = holidays.slice(0, -1);
  assert.deepEqual(rules(lint(doc).errors, 'working-days'), [], 'the 18th is worked');
});

test('next year with no calendar is a warning naming when it starts to matter; the site adding it quiets it', () => {
  const doc = clean();
  const later = new Date('2026-11-02T02:00:00Z'); // 2027 is not in the official calendar (chinese-days 1.5.7)
  const [warning] = rules(lint(doc, later).warnings, 'calendar-year');
  assert.equal(warning?.path, 'settings.sla.calendar.years');
  // 2026-12-31 is a Thursday: 3 working days (9–18 in Shanghai) back from 2027-01-01 00:00 is 2026-12-29 09:00 +08:00.
  assert.match(warning!.message, /^2027 .*2026-12-29T01:00:00\.000Z/);
  doc.settings.sla.calendar = { years: { 2027: { holidays: ['2027-01-01'] } } };
  assert.deepEqual(rules(lint(doc, later).warnings, 'calendar-year'), []);
});

test('a consent category with services but no cookies is a warning; cookies on the category quiet it', () => {
  const doc = clean();
  delete doc.consent.categories[0].services[0].cookies;
  const [warning] = rules(lint(doc).warnings, 'consent-cookies');
  assert.equal(warning?.path, 'consent.categories.0');
  doc.consent.categories[0].cookies = ['_ga'];
  assert.deepEqual(rules(lint(doc).warnings, 'consent-cookies'), []);
});

test('a code pool with no code left is a warning; a webhook reward needs no pool', () => {
  const doc = clean();
  const [warning] = rules(lint(doc, NOW, {}).warnings, 'code-pool');
  assert.equal(warning?.path, 'settings.points.catalogue.0');
  assert.match(warning!.message, /"coupon".*site=shop/);
  doc.settings.points.catalogue[0].source = 'webhook';
  assert.deepEqual(rules(lint(doc, NOW, {}).warnings, 'code-pool'), []);
});

test('text in one language only and a message overridden in one locale are warnings at their paths', () => {
  const doc = clean();
  doc.publicConfig.forms.default.categories[0].label = { 'zh-CN': '订单' };
  doc.publicConfig.forms.default.fields[1].personal.purpose = { en: 'To reply' };
  doc.consent.categories[0].label = { en: 'Analytics' };
  delete doc.publicConfig.messages.en;
  const paths = rules(lint(doc).warnings, 'translation').map((w) => w.path);
  assert.deepEqual(paths.sort(), [
    'consent.categories.0.label',
    'publicConfig.forms.default.categories.0.label',
    'publicConfig.forms.default.fields.1.personal.purpose',
    'publicConfig.messages.zh-CN.form.submit',
  ]);
});

test('a theme token under 4.5:1 against what it is painted with is an error naming the token', () => {
  const doc = clean();
  doc.publicConfig.theme.tokens['--uc-color-accent'] = '#7fb3ff'; // white button text on light blue
  const errors = rules(lint(doc).errors, 'contrast');
  assert.deepEqual(
    errors.map((e) => e.path),
    ['publicConfig.theme.tokens.--uc-color-accent', 'publicConfig.theme.tokens.--uc-color-accent'],
  );
  assert.match(errors[0]!.message, /--uc-color-accent #7fb3ff on --uc-color-bg #ffffff .* 2\.14:1/, 'links');
  assert.match(errors[1]!.message, /--uc-color-on-accent #ffffff on --uc-color-accent #7fb3ff/, 'button text');
  // Under `auto` a token must read in the dark palette too: dark green text on the dark background does not.
  const auto = clean();
  auto.publicConfig.theme = { colorScheme: 'auto', tokens: { '--uc-color-text': '#1a4d1a' } };
  assert.match(rules(lint(auto).errors, 'contrast')[0]!.message, /dark scheme/);
  auto.publicConfig.theme.colorScheme = 'light';
  assert.deepEqual(rules(lint(auto).errors, 'contrast'), []);
  auto.publicConfig.theme.tokens['--uc-color-text'] = 'var(--brand)';
  assert.deepEqual(rules(lint(auto).errors, 'contrast'), [], 'a colour only the page knows is not judged');
});

test("the palettes lint assumes are the components' own, and every pair of them reads at 4.5:1", () => {
  const styles = readFileSync(new URL('../../components/shared/base.styles.ts', import.meta.url), 'utf8');
  for (const palette of Object.values(PALETTES))
    for (const [token, value] of Object.entries(palette))
      assert.ok(styles.includes(`${token}: ${value};`), `${token}: ${value} is in base.styles.ts`);
  for (const [scheme, palette] of Object.entries(PALETTES))
    for (const [fg, bg] of TEXT_PAIRS)
      assert.ok(
        contrastRatio(parseColor(palette[fg]!)!, parseColor(palette[bg]!)!) >= 4.5,
        `${scheme}: ${fg} on ${bg}`,
      );
});

test('a document that does not have its shape is left to checkDocument', () => {
  assert.deepEqual(lint({ allowedOrigins: 'nope' }), { errors: [], warnings: [] });
});
