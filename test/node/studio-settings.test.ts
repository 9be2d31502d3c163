/**
 * What the studio says of deadlines and limits against what the server
 * does: the defaults and bounds it restates (components/uc-studio/
 * settings-defaults.ts) equal the guideline's policy and the registry
 * schema's defaults, and each bound is where the schema draws it; a policy
 * the Deadlines editor writes is one the schema takes, and it reads back
 * as written; a time typed on the site's clock is the instant the server
 * counts from, across a summer-time change too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addPolicy,
  categoriesOf,
  deadlineTimeZone,
  policiesOf,
  policyFrom,
  removePolicy,
  replacePolicy,
  ruleChoice,
} from '../../components/uc-studio/deadlines-document';
import { settingsGroup, withGroupSetting } from '../../components/uc-studio/limits-document';
import {
  DEADLINE_NAMES,
  DEADLINE_UNITS,
  DEFAULT_REVEAL_ROLES,
  DEFAULT_TIME_ZONE,
  GUIDELINE_COMPLEX_SOLUTION,
  GUIDELINE_DEADLINES,
  HOST_TOKEN_LIFETIME,
  HOST_TOKEN_TEXT_MAX,
  RATE_LIMITS,
  STAFF_NUMBERS,
  UNIT_MAX,
  type NumberSetting,
} from '../../components/uc-studio/settings-defaults';
import { withForm } from '../../components/uc-studio/studio-document';
import { instantOnClock, wallClockText } from '../../components/uc-studio/zoned-time';
import { DEFAULT_FORM } from '../../src/config/defaults';
import { DEFAULT_SETTINGS, SiteSettings } from '../../src/server/registry-schema';
import { DEADLINE_NAMES as SLA_DEADLINE_NAMES, GUIDELINE_COMPLEX_SOLUTION as SLA_COMPLEX } from '../../src/sla/policy';
import { GUIDELINE_POLICY } from '../../src/sla/policy';
import { SlaClockRule, SlaPolicies, SlaPolicyEntry } from '../../src/sla/schema';
import { DEFAULT_TIME_ZONE as SLA_TIME_ZONE } from '../../src/sla/working-schedule';

/** Whether the server takes `value` for `settings.<group>.<key>`. */
const takes = (group: string, key: string, value: unknown) =>
  SiteSettings.safeParse({ [group]: { [key]: value } }).success;

function holdsBounds(group: string, setting: NumberSetting): void {
  assert.ok(takes(group, setting.key, setting.min), `${setting.key}: ${setting.min} is taken`);
  assert.ok(!takes(group, setting.key, setting.min - 1), `${setting.key}: below ${setting.min} is refused`);
  assert.ok(takes(group, setting.key, setting.max), `${setting.key}: ${setting.max} is taken`);
  assert.ok(!takes(group, setting.key, setting.max + 1), `${setting.key}: above ${setting.max} is refused`);
  assert.ok(takes(group, setting.key, setting.default), `${setting.key}: its default is taken`);
}

describe('the studio restates the server’s defaults and bounds', () => {
  it('the guideline’s deadlines, their names and units', () => {
    assert.deepEqual(GUIDELINE_DEADLINES, GUIDELINE_POLICY);
    assert.deepEqual(GUIDELINE_COMPLEX_SOLUTION, SLA_COMPLEX);
    assert.deepEqual([...DEADLINE_NAMES], [...SLA_DEADLINE_NAMES]);
    for (const unit of DEADLINE_UNITS) {
      assert.ok(SlaClockRule.safeParse({ [unit]: UNIT_MAX[unit] }).success, `${unit} up to ${UNIT_MAX[unit]}`);
      assert.ok(!SlaClockRule.safeParse({ [unit]: UNIT_MAX[unit] + 1 }).success, `${unit} not beyond`);
    }
    assert.ok(!SlaClockRule.safeParse({ workingWeeks: 1 }).success, 'no unit the studio does not offer');
    assert.equal(DEFAULT_TIME_ZONE, DEFAULT_SETTINGS.timezone);
    assert.equal(DEFAULT_TIME_ZONE, SLA_TIME_ZONE);
  });

  it('rate limits, host tokens and staff settings', () => {
    assert.deepEqual(
      Object.fromEntries(RATE_LIMITS.map((s) => [s.key, s.default])),
      DEFAULT_SETTINGS.rateLimits,
      'every rate limit, with its default',
    );
    for (const setting of RATE_LIMITS) holdsBounds('rateLimits', setting);
    assert.equal(HOST_TOKEN_LIFETIME.default, DEFAULT_SETTINGS.hostTokens.maxLifetimeSeconds);
    holdsBounds('hostTokens', HOST_TOKEN_LIFETIME);
    for (const key of ['audience', 'issuer']) {
      assert.ok(takes('hostTokens', key, 'a'.repeat(HOST_TOKEN_TEXT_MAX)), key);
      assert.ok(!takes('hostTokens', key, 'a'.repeat(HOST_TOKEN_TEXT_MAX + 1)), key);
    }
    const { revealRoles, ...numbers } = DEFAULT_SETTINGS.staff;
    assert.deepEqual(Object.fromEntries(STAFF_NUMBERS.map((s) => [s.key, s.default])), numbers);
    for (const setting of STAFF_NUMBERS) holdsBounds('staff', setting);
    assert.deepEqual([...DEFAULT_REVEAL_ROLES], [...revealRoles]);
  });
});

describe('the Deadlines editor writes what the server takes', () => {
  it('a policy from the editor checks, and reads back as written', () => {
    const policy = policyFrom('complaint', 'transactions', {
      acknowledgement: { mode: 'inherit' },
      firstReply: { mode: 'workingDays', amount: 1 },
      solution: { mode: 'none' },
    });
    assert.deepEqual(ruleChoice(policy.firstReply), { mode: 'workingDays', amount: 1 });
    assert.deepEqual(ruleChoice(policy.solution), { mode: 'none' });
    assert.deepEqual(ruleChoice(policy.acknowledgement), { mode: 'inherit' });
    assert.deepEqual(policy, {
      kind: 'complaint',
      category: 'transactions',
      firstReply: { workingDays: 1 },
      solution: null,
    });
    assert.ok(SlaPolicyEntry.safeParse(policy).success);
    assert.deepEqual(
      policyFrom('', '', {
        acknowledgement: { mode: 'elapsedSeconds', amount: 10 },
        firstReply: { mode: 'inherit' },
        solution: { mode: 'inherit' },
      }),
      {
        acknowledgement: { elapsedSeconds: 10 },
      },
    );
  });

  it('policies are added, replaced and removed; none left leaves no sla behind', () => {
    const doc = { allowedOrigins: [], settings: { timezone: 'Europe/Berlin' } };
    const one = { kind: 'complaint', firstReply: { workingDays: 2 } };
    const two = { category: 'transactions', solution: { elapsedHours: 24 } };
    let edited = addPolicy(addPolicy(doc, one), two);
    assert.deepEqual(policiesOf(edited), [one, two]);
    assert.ok(SlaPolicies.safeParse(policiesOf(edited)).success);
    assert.ok(SiteSettings.safeParse(edited.settings).success);
    edited = replacePolicy(edited, 0, { ...one, kind: 'question' });
    assert.equal(policiesOf(edited)[0]!.kind, 'question');
    edited = removePolicy(removePolicy(edited, 1), 0);
    assert.deepEqual(edited, doc, 'the document as it was');
    assert.deepEqual(policiesOf(doc), [], 'the document given is never changed');
    assert.equal(deadlineTimeZone(doc), 'Europe/Berlin');
    assert.equal(
      deadlineTimeZone({ settings: { timezone: 'Europe/Berlin', sla: { timezone: 'Asia/Tokyo' } } }),
      'Asia/Tokyo',
    );
    assert.equal(deadlineTimeZone({}), DEFAULT_TIME_ZONE);
  });

  it('the categories offered are the forms’ as pages see them, retired only where every form retired them', () => {
    const retired = { ...DEFAULT_FORM, categories: DEFAULT_FORM.categories.map((c) => ({ ...c, retired: true })) };
    const other = { ...DEFAULT_FORM, categories: [DEFAULT_FORM.categories[0]!] };
    const doc = withForm(withForm({}, 'default', retired), 'other', other);
    const offered = categoriesOf(doc).map((c) => [c.id, c.retired]);
    assert.deepEqual(offered, [
      ['publishing', false],
      ['interaction', true],
      ['transactions', true],
    ]);
  });

  it('limits: a value set, then removed, leaves no empty group', () => {
    const doc = { allowedOrigins: [] };
    const set = withGroupSetting(doc, 'staff', 'intakeMaxAgeDays', 30);
    assert.deepEqual(settingsGroup(set, 'staff'), { intakeMaxAgeDays: 30 });
    assert.ok(SiteSettings.safeParse(set.settings).success);
    assert.deepEqual(withGroupSetting(set, 'staff', 'intakeMaxAgeDays', undefined), {
      allowedOrigins: [],
      settings: {},
    });
  });
});

describe('a time on the site’s clock', () => {
  it('is the instant the server counts from, in Shanghai and across a summer-time change in Berlin', () => {
    assert.equal(
      new Date(instantOnClock('Asia/Shanghai', '2026-12-07T10:00')!).toISOString(),
      '2026-12-07T02:00:00.000Z',
    );
    assert.equal(wallClockText('Asia/Shanghai', Date.parse('2026-12-07T02:00:00Z')), '2026-12-07T10:00');
    // Summer time starts at 02:00 on 29 March 2026: 01:30 is still winter time, 03:30 summer time.
    assert.equal(
      new Date(instantOnClock('Europe/Berlin', '2026-03-29T01:30')!).toISOString(),
      '2026-03-29T00:30:00.000Z',
    );
    assert.equal(
      new Date(instantOnClock('Europe/Berlin', '2026-03-29T03:30')!).toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
    assert.equal(wallClockText('Europe/Berlin', Date.parse('2026-07-01T08:15:00Z')), '2026-07-01T10:15');
    assert.equal(instantOnClock('Asia/Shanghai', 'tomorrow'), undefined);
  });
});
