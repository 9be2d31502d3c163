/**
 * Locale matching and message filling: what every element needs of i18n,
 * kept apart from the catalogs so the consent banner can use it without the
 * form's runtime.
 */
import type { Locale } from '../contract/common';

/** Maps any BCP 47 tag to a supported locale: zh, zh-Hans, zh-CN, zh-SG → zh-CN; the rest → en. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-cn') || lower.startsWith('zh-hans') || lower.startsWith('zh-sg'))
    return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The element's lang, then <html lang>, then the config's locale, then the
 * browser's languages: the nearest statement of the page's language wins, so
 * a page in two languages gets each element in its own.
 */
export function resolveLocale(element: Element | null, configLocale?: Locale): Locale {
  const own = element?.closest('[lang]')?.getAttribute('lang');
  const fromElement = own && element?.closest('[lang]') !== document.documentElement ? matchLocale(own) : undefined;
  return (
    fromElement ??
    matchLocale(document.documentElement.lang) ??
    configLocale ??
    navigator.languages.map(matchLocale).find(Boolean) ??
    'en'
  );
}

export type Params = Record<string, string | number>;

/** `{name}` placeholders filled from params; unknown ones are left as written. */
export const fillMessage = (template: string, params?: Params) =>
  params
    ? template.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all))
    : template;
