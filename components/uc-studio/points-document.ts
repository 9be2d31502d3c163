/**
 * The studio's edits of a site's points rules (`settings.points`, checked by
 * src/contract/points-settings.ts), as plain functions over the document
 * like studio-document.ts's: each returns a new document.
 *
 * A rule the site does not set is the default (POINTS_DEFAULTS); setting
 * it back to empty removes it, so the default applies again. Levels and
 * compensation tiers are lists replaced whole: the first edit of either
 * copies the defaults into the draft and changes the copy, as a form is.
 * Values are written as typed, even when they do not check: the draft keeps
 * work in progress and the server names each problem by its path.
 */
import type { LocalizedText } from '../../src/contract/common';
import type { Trigger } from '../../src/contract/points';
import { POINTS_DEFAULTS, type TierSetting } from '../../src/contract/points-settings';
import { settingsOf, withSetting, type StudioDocument } from './studio-document';

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Loose[] => (Array.isArray(v) ? v.map((x) => (isObject(x) ? x : {})) : []);

/** The single numbers of the rules, each with its default. */
export const POINTS_NUMBERS = ['pendingHours', 'expiryMonths', 'penaltyPoints'] as const;
export type PointsNumber = (typeof POINTS_NUMBERS)[number];

export const pointsOf = (doc: StudioDocument): Loose => {
  const points = settingsOf(doc).points;
  return isObject(points) ? points : {};
};

/** `doc` with its points rules changed by `change`; rules left empty are removed, so every default applies. */
export function withPoints(doc: StudioDocument, change: (points: Loose) => Loose): StudioDocument {
  const next = change({ ...pointsOf(doc) });
  for (const [key, value] of Object.entries(next)) if (value === undefined) delete next[key];
  return withSetting(doc, 'points', Object.keys(next).length ? next : undefined);
}

/** The site's own value, or undefined when the default applies. */
export const numberOf = (doc: StudioDocument, key: PointsNumber): unknown => pointsOf(doc)[key];

export const withNumber = (doc: StudioDocument, key: PointsNumber, value: number | undefined) =>
  withPoints(doc, (p) => ({ ...p, [key]: value }));

/** A number input's value: empty is undefined (the default), anything else as typed, for the server to judge. */
export function typedNumber(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

// ---- earning -----------------------------------------------------------------

/** How a trigger earns: by the default rule, by the site's own, or not at all (`null` in the document). */
export type EarnChoice = 'default' | 'own' | 'off';

export function earnOf(doc: StudioDocument, trigger: Trigger): { choice: EarnChoice; rule: Loose } {
  const earn = pointsOf(doc).earn;
  const own = isObject(earn) ? earn[trigger] : undefined;
  if (own === null) return { choice: 'off', rule: {} };
  if (isObject(own)) return { choice: 'own', rule: own };
  return { choice: 'default', rule: {} };
}

/** `rule` undefined: the default again; null: the trigger earns nothing. */
export function withEarn(doc: StudioDocument, trigger: Trigger, rule: Loose | null | undefined): StudioDocument {
  return withPoints(doc, (p) => {
    const earn: Loose = { ...(isObject(p.earn) ? p.earn : {}) };
    if (rule === undefined) delete earn[trigger];
    else earn[trigger] = rule;
    return { ...p, earn: Object.keys(earn).length ? earn : undefined };
  });
}

/** A rule of the site's own for `trigger`, starting from the default's points and cap. */
export function ownRuleFrom(trigger: Trigger): Loose {
  const rule = POINTS_DEFAULTS.earn[trigger];
  return { points: rule.points, ...(rule.dailyCap === null ? {} : { dailyCap: rule.dailyCap }) };
}

/** One part of a trigger's own rule changed; undefined removes it (no cap, or points still to be written). */
export function withEarnPart(doc: StudioDocument, trigger: Trigger, part: 'points' | 'dailyCap', value?: number) {
  const { rule } = earnOf(doc, trigger);
  const next: Loose = { ...rule, [part]: value };
  if (value === undefined) delete next[part];
  return withEarn(doc, trigger, next);
}

// ---- levels and tiers: lists copied from the defaults on their first edit ---------

export function levelsOf(doc: StudioDocument): { own: boolean; levels: Loose[] } {
  const levels = pointsOf(doc).levels;
  return Array.isArray(levels)
    ? { own: true, levels: listOf(levels) }
    : { own: false, levels: POINTS_DEFAULTS.levels.map((l) => ({ ...l })) };
}

/** undefined: the defaults again. */
export const withLevels = (doc: StudioDocument, levels: readonly Loose[] | undefined) =>
  withPoints(doc, (p) => ({ ...p, levels: levels ? [...levels] : undefined }));

export function tiersOf(doc: StudioDocument): { own: boolean; tiers: Loose[] } {
  const compensation = pointsOf(doc).compensation;
  if (isObject(compensation) && Array.isArray(compensation.tiers))
    return { own: true, tiers: listOf(compensation.tiers) };
  const tiers = POINTS_DEFAULTS.tiers.map((t): TierSetting => ({
    ...(t.upToMinutes === null ? {} : { upToMinutes: t.upToMinutes }),
    ...(t.points ? { points: t.points } : {}),
    ...(t.reward === null ? {} : { reward: t.reward }),
  }));
  return { own: false, tiers };
}

export const withTiers = (doc: StudioDocument, tiers: readonly Loose[] | undefined) =>
  withPoints(doc, (p) => ({ ...p, compensation: tiers ? { tiers: [...tiers] } : undefined }));

/** Item `index` of a list with `key` set, or removed when `value` is undefined. */
export function withPart<T extends Loose>(list: readonly T[], index: number, key: string, value: unknown): T[] {
  return list.map((item, i) => {
    if (i !== index) return item;
    const next: Loose = { ...item, [key]: value };
    if (value === undefined) delete next[key];
    return next as T;
  });
}

/** Moves item `index` one place up (-1) or down (+1); at an end it stays. */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  const out = [...list];
  if (to < 0 || to >= list.length) return out;
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

export const without = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

// ---- the catalogue --------------------------------------------------------------

export const catalogueOf = (doc: StudioDocument): Loose[] => listOf(pointsOf(doc).catalogue);

/** An empty catalogue is no catalogue: nothing to redeem (the default). */
export const withCatalogue = (doc: StudioDocument, rewards: readonly Loose[]) =>
  withPoints(doc, (p) => ({ ...p, catalogue: rewards.length ? [...rewards] : undefined }));

/** The reward ids a published document has, retired or not: each may only be retired, never deleted. */
export function publishedRewards(published: StudioDocument | undefined): Set<string> {
  return new Set(
    (published ? catalogueOf(published) : []).map((r) => r.id).filter((id): id is string => typeof id === 'string'),
  );
}

/** The reward ids a published document has retired. */
export function retiredRewards(published: StudioDocument | undefined): Set<string> {
  return new Set(
    (published ? catalogueOf(published) : [])
      .filter((r) => r.retired === true)
      .map((r) => r.id)
      .filter((id): id is string => typeof id === 'string'),
  );
}

/** The catalogue with the reward at `index` retired, or offered again (no `retired` key, as one never retired). */
export function withRetired(list: readonly Loose[], index: number, retired: boolean): Loose[] {
  return list.map((reward, i) => {
    if (i !== index) return reward;
    const { retired: _, ...rest } = reward;
    return retired ? { ...rest, retired: true } : rest;
  });
}

/** The pool rewards of the draft's catalogue, by id, retired ones included: each has a pool to show. */
export const poolRewardsOf = (doc: StudioDocument): Loose[] =>
  catalogueOf(doc).filter((r) => r.source === 'pool' && typeof r.id === 'string');

/** The pool rewards the draft offers: what a compensation tier may name. */
export const offeredPoolRewardsOf = (doc: StudioDocument): Loose[] => poolRewardsOf(doc).filter((r) => !r.retired);

// ---- text in two languages ----------------------------------------------------------

/** A site's text as its two inputs show it: a plain string is every locale's. */
export function localized(text: unknown): { 'zh-CN': string; en: string } {
  if (typeof text === 'string') return { 'zh-CN': text, en: text };
  const t = isObject(text) ? text : {};
  return {
    'zh-CN': typeof t['zh-CN'] === 'string' ? t['zh-CN'] : '',
    en: typeof t.en === 'string' ? t.en : '',
  };
}

/** One locale's text changed; a text with neither is undefined. */
export function withLocale(text: unknown, locale: 'zh-CN' | 'en', value: string): LocalizedText | undefined {
  const next = { ...localized(text), [locale]: value.trim() };
  const out: Partial<Record<'zh-CN' | 'en', string>> = {};
  if (next['zh-CN']) out['zh-CN'] = next['zh-CN'];
  if (next.en) out.en = next.en;
  return Object.keys(out).length ? out : undefined;
}

/** The text a list shows for a name: the locale's, else the other's, else the id. */
export function shownText(text: unknown, locale: string, fallback = ''): string {
  const t = localized(text);
  return (locale === 'zh-CN' ? t['zh-CN'] || t.en : t.en || t['zh-CN']) || fallback;
}
