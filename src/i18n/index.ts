/**
 * Messages and formatting. A locale's catalog is a chunk of its own, loaded
 * only when that locale is used.
 */
import type { Locale, LocalizedText } from '../contract/common';
import type { Catalog, MessageKey } from './en';

export type { Catalog, MessageKey, Locale };
export { fillMessage, matchLocale, resolveLocale, type Params } from './locale';
import { fillMessage, type Params } from './locale';

const loaders: Record<Locale, () => Promise<{ default: Catalog }>> = {
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
};

/**
 * The translate function of an element with a catalog of its own (the
 * tracker's, the points widget's), from one import per locale; site
 * overrides (config `messages`) win, as for every element.
 */
export function elementMessages<K extends string>(
  byLocale: Record<Locale, () => Promise<{ default: Record<K, string> }>>,
) {
  return async (
    locale: Locale,
    overrides: Record<string, string> = {},
  ): Promise<(key: K, params?: Params) => string> => {
    const catalog = (await byLocale[locale]()).default;
    return (key, params) => fillMessage(overrides[key] ?? catalog[key] ?? key, params);
  };
}

const cache = new Map<Locale, Promise<Catalog>>();

export function loadCatalog(locale: Locale): Promise<Catalog> {
  let pending = cache.get(locale);
  if (!pending) {
    pending = loaders[locale]().then((m) => m.default);
    cache.set(locale, pending);
  }
  return pending;
}

/** The translate function elements call. Site overrides win over the catalog. */
export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: Params): string;
  /** Picks the right language of owner-written text (labels, purposes). */
  text(value: LocalizedText | undefined): string;
  dateTime(iso: string): string;
  /** a calendar date, `YYYY-MM-DD`, as the day it names (no time zone moves it) */
  date(isoDate: string): string;
  /** a whole number with the locale's digit grouping */
  number(n: number): string;
  bytes(n: number): string;
}

export function createTranslator(locale: Locale, catalog: Catalog, overrides: Record<string, string> = {}): Translator {
  const fill = fillMessage;
  // Made on first use: the first Intl.DateTimeFormat of a page loads ICU data (~80 ms on a 4× slower
  // CPU, measured with npm run bench), and only a receipt needs it.
  let dateFormat: Intl.DateTimeFormat | undefined;
  let dayFormat: Intl.DateTimeFormat | undefined;
  let numberFormat: Intl.NumberFormat | undefined;
  return {
    locale,
    t: (key, params) => fill(overrides[key] ?? catalog[key] ?? key, params),
    text: (value) => {
      if (value === undefined) return '';
      if (typeof value === 'string') return value;
      return value[locale] ?? value.en ?? value['zh-CN'] ?? '';
    },
    dateTime: (iso) =>
      (dateFormat ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(
        new Date(iso),
      ),
    date: (isoDate) =>
      (dayFormat ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })).format(
        new Date(`${isoDate}T00:00:00Z`),
      ),
    number: (n) => (numberFormat ??= new Intl.NumberFormat(locale)).format(n),
    bytes: (n) =>
      n >= 1024 * 1024
        ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB`
        : n >= 1024
          ? `${Math.round(n / 1024)} KB`
          : `${n} B`,
  };
}
