/**
 * The studio's edits of a site's deadline policies (`settings.sla.policies`,
 * src/sla/schema.ts's SlaPolicies), as plain functions like those of
 * studio-document.ts: each returns a new document. A draft may hold a policy
 * that does not check (two for the same kind and category, one that sets no
 * deadline): it is kept as it is and the server says what is wrong, at its
 * index.
 */
import type { LocalizedText } from '../../src/contract/common';
import {
  DEADLINE_NAMES,
  DEADLINE_UNITS,
  DEFAULT_TIME_ZONE,
  type DeadlineName,
  type DeadlineRule,
  type DeadlineUnit,
} from './settings-defaults';
import { formsOf, settingsOf, withSetting, type StudioDocument } from './studio-document';

/** A policy as the document holds it: any object, since a draft need not check yet. */
export type Policy = Record<string, unknown>;

/** A deadline's rule in a policy: absent (inherited from a less specific policy, or the guideline), none, or a length. */
export type RuleChoice = { mode: 'inherit' } | { mode: 'none' } | { mode: DeadlineUnit; amount: number };
export type RuleMode = RuleChoice['mode'];
export const RULE_MODES: readonly RuleMode[] = ['inherit', 'none', ...DEADLINE_UNITS];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const slaOf = (doc: StudioDocument): Record<string, unknown> => {
  const sla = settingsOf(doc).sla;
  return isObject(sla) ? sla : {};
};

/** The site's policies, in the document's order (the order the server's problems count in). */
export function policiesOf(doc: StudioDocument): Policy[] {
  const policies = slaOf(doc).policies;
  return Array.isArray(policies) ? policies.map((p) => (isObject(p) ? p : {})) : [];
}

/** The policies set; none left removes the list (and `sla` with it when it held nothing else). */
export function withPolicies(doc: StudioDocument, policies: readonly Policy[]): StudioDocument {
  const sla: Record<string, unknown> = { ...slaOf(doc) };
  if (policies.length) sla.policies = [...policies];
  else delete sla.policies;
  return withSetting(doc, 'sla', Object.keys(sla).length ? sla : undefined);
}

export const addPolicy = (doc: StudioDocument, policy: Policy) => withPolicies(doc, [...policiesOf(doc), policy]);

export const replacePolicy = (doc: StudioDocument, index: number, policy: Policy) =>
  withPolicies(
    doc,
    policiesOf(doc).map((p, i) => (i === index ? policy : p)),
  );

export const removePolicy = (doc: StudioDocument, index: number) =>
  withPolicies(
    doc,
    policiesOf(doc).filter((_, i) => i !== index),
  );

/** What a policy says of one deadline. A rule the schema would refuse reads as its first unit, or inherited. */
export function ruleChoice(value: unknown): RuleChoice {
  if (value === null) return { mode: 'none' };
  if (!isObject(value)) return { mode: 'inherit' };
  const unit = DEADLINE_UNITS.find((u) => u in value);
  return unit ? { mode: unit, amount: Number(value[unit]) } : { mode: 'inherit' };
}

/** A rule as the document holds it: undefined (absent), null (none) or `{ unit: amount }`. */
export function ruleValue(choice: RuleChoice): DeadlineRule | null | undefined {
  if (choice.mode === 'inherit') return undefined;
  if (choice.mode === 'none') return null;
  return { [choice.mode]: choice.amount };
}

/** A policy from what the editor holds: an empty kind or category applies to every one. */
export function policyFrom(kind: string, category: string, rules: Readonly<Record<DeadlineName, RuleChoice>>): Policy {
  const policy: Policy = {};
  if (kind) policy.kind = kind;
  if (category) policy.category = category;
  for (const name of DEADLINE_NAMES) {
    const value = ruleValue(rules[name]);
    if (value !== undefined) policy[name] = value;
  }
  return policy;
}

/** A category of the site's forms: retired only when every form that has it retired it. */
export interface SiteCategory {
  id: string;
  label: LocalizedText;
  retired: boolean;
}

/** Every category of the site's forms as its pages see them (the defaults under the document), each once. */
export function categoriesOf(doc: StudioDocument): SiteCategory[] {
  const found = new Map<string, SiteCategory>();
  for (const form of Object.values(formsOf(doc))) {
    for (const category of form.categories) {
      const seen = found.get(category.id);
      const retired = category.retired === true;
      if (!seen) found.set(category.id, { id: category.id, label: category.label, retired });
      else if (!retired) seen.retired = false;
    }
  }
  return [...found.values()];
}

/** The zone a site's deadlines count in: the SLA's own, then the site's, then the default. */
export function deadlineTimeZone(doc: StudioDocument): string {
  const own = slaOf(doc).timezone;
  const site = settingsOf(doc).timezone;
  return typeof own === 'string' && own ? own : typeof site === 'string' && site ? site : DEFAULT_TIME_ZONE;
}
