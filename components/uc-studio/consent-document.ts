/**
 * The studio's edits of a site's consent settings (the document's `consent`,
 * ConsentSettings in src/contract/consent.ts), as plain functions like those
 * of studio-document.ts: each returns a new document and never changes the
 * one it was given. A draft need not check, so what is read is read loosely
 * (a list that is not one reads as empty) and the server says what is wrong.
 *
 * Nothing here retires: the consent settings have no retired state, and the
 * server lets a category, a service, a separate consent or a document go.
 * What was decided about it stays in the proof records.
 */
import type { Locale } from '../../src/contract/common';
import type { ConsentSettings } from '../../src/contract/consent';
import type { StudioDocument } from './studio-document';

export type Json = Record<string, unknown>;
/** The lists of the consent settings whose entries have an id and a version. */
export type ConsentList = 'categories' | 'separate' | 'documents';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Where a site that asked for no consent starts: the two purposes most sites need consent for, in both
 * languages, each at version 1, and the expiry written out so the admin sees it.
 */
export const DEFAULT_CONSENT: ConsentSettings = {
  categories: [
    {
      id: 'analytics',
      label: { 'zh-CN': '统计分析', en: 'Analytics' },
      description: {
        'zh-CN': '统计访问量和使用方式，用于改进网站。',
        en: 'Counts visits and how the site is used, to improve it.',
      },
      version: '1',
    },
    {
      id: 'marketing',
      label: { 'zh-CN': '营销推广', en: 'Marketing' },
      description: {
        'zh-CN': '衡量广告效果，并展示更相关的广告。',
        en: 'Measures advertising and shows more relevant ads.',
      },
      version: '1',
    },
  ],
  expiryDays: 365,
};

export const consentOf = (doc: StudioDocument): Json | undefined => (isObject(doc.consent) ? doc.consent : undefined);

/** The consent settings replaced (undefined: the site asks for no consent). */
export function withConsent(doc: StudioDocument, consent: Json | undefined): StudioDocument {
  const { consent: _, ...rest } = doc;
  return consent === undefined ? rest : { ...rest, consent };
}

/** A top-level setting (`expiryDays`, `guardianAge`) set, or removed when undefined. */
export function withConsentValue(doc: StudioDocument, key: string, value: unknown): StudioDocument {
  const consent = { ...consentOf(doc) };
  if (value === undefined) delete consent[key];
  else consent[key] = value;
  return withConsent(doc, consent);
}

const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

export const itemsOf = (doc: StudioDocument, list: ConsentList): Json[] => objects(consentOf(doc)?.[list]);

export const servicesOf = (category: Json): Json[] => objects(category.services);

export const cookiesOf = (item: Json): string[] =>
  Array.isArray(item.cookies) ? item.cookies.filter((c): c is string => typeof c === 'string') : [];

function withItems(doc: StudioDocument, list: ConsentList, items: Json[]): StudioDocument {
  // The optional lists go when emptied; `categories` must have one, and the server says so.
  return withConsentValue(doc, list, items.length || list === 'categories' ? items : undefined);
}

export const addItem = (doc: StudioDocument, list: ConsentList, item: Json): StudioDocument =>
  withItems(doc, list, [...itemsOf(doc, list), item]);

export const removeItem = (doc: StudioDocument, list: ConsentList, index: number): StudioDocument =>
  withItems(
    doc,
    list,
    itemsOf(doc, list).filter((_, i) => i !== index),
  );

export const changeItem = (
  doc: StudioDocument,
  list: ConsentList,
  index: number,
  change: (item: Json) => Json,
): StudioDocument =>
  withItems(
    doc,
    list,
    itemsOf(doc, list).map((item, i) => (i === index ? change(item) : item)),
  );

/** An optional list of an item set, or removed when empty (`services`, `cookies`). */
function withList(item: Json, key: string, list: unknown[]): Json {
  const { [key]: _, ...rest } = item;
  return list.length ? { ...rest, [key]: list } : rest;
}

export const addService = (category: Json, service: Json): Json =>
  withList(category, 'services', [...servicesOf(category), service]);

export const removeService = (category: Json, index: number): Json =>
  withList(
    category,
    'services',
    servicesOf(category).filter((_, i) => i !== index),
  );

export const changeService = (category: Json, index: number, change: (service: Json) => Json): Json =>
  withList(
    category,
    'services',
    servicesOf(category).map((s, i) => (i === index ? change(s) : s)),
  );

export const addCookie = (item: Json, cookie: string): Json =>
  cookiesOf(item).includes(cookie) ? item : withList(item, 'cookies', [...cookiesOf(item), cookie]);

export const removeCookie = (item: Json, cookie: string): Json =>
  withList(
    item,
    'cookies',
    cookiesOf(item).filter((c) => c !== cookie),
  );

/** An optional value of an item (`provider`) set, or removed when undefined. */
export function withValue(item: Json, key: string, value: unknown): Json {
  const { [key]: _, ...rest } = item;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** Owner-written text (one string for every locale, or one per locale) as its two inputs show it. */
export function textParts(value: unknown): Record<Locale, string> {
  if (typeof value === 'string') return { 'zh-CN': value, en: value };
  const parts = isObject(value) ? value : {};
  const of = (locale: Locale) => (typeof parts[locale] === 'string' ? (parts[locale] as string) : '');
  return { 'zh-CN': of('zh-CN'), en: of('en') };
}

/** Text with one locale's part changed (trimmed; emptied: that locale has none), written per locale. */
export function withText(value: unknown, locale: Locale, text: string): Json {
  const parts = { ...textParts(value), [locale]: text.trim() };
  return Object.fromEntries(Object.entries(parts).filter(([, t]) => t !== ''));
}

/** Text from an add form's two inputs; undefined when both are empty. */
export function textOf(zh: string, en: string): Json | undefined {
  const text = withText({}, 'zh-CN', zh);
  const both = withText(text, 'en', en);
  return Object.keys(both).length ? both : undefined;
}

/**
 * The next version a person would likely write: the last number in it raised ("v3" → "v4", "3.1" → "3.2",
 * "2026-11" → "2026-12"), or ".1" added when it has none. They may type any other.
 */
export function nextVersion(version: string): string {
  const match = /^(.*?)(\d+)(\D*)$/.exec(version);
  if (!match) return `${version || '1'}.1`;
  const [, head, digits, tail] = match;
  const next = String(Number(digits) + 1).padStart(digits!.length, '0');
  return `${head}${next}${tail}`;
}

/** The version of each purpose and document a document holds, by `category:<id>`, `separate:<id>`, `document:<id>`. */
export function versionsOf(doc: StudioDocument | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!doc) return out;
  const kinds = { categories: 'category', separate: 'separate', documents: 'document' } as const;
  for (const [list, kind] of Object.entries(kinds) as Array<[ConsentList, string]>)
    for (const item of itemsOf(doc, list))
      if (typeof item.id === 'string' && typeof item.version === 'string') out.set(`${kind}:${item.id}`, item.version);
  return out;
}
