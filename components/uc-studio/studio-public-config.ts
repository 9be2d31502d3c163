/**
 * The studio's edits of the public config's texts and look and of the
 * webhook's address, as plain functions like those of studio-document.ts:
 * each returns a new document, and a value emptied is removed (the default
 * applies again) rather than kept as an empty override.
 */
import type { Locale } from '../../src/contract/common';
import { publicConfigOf, settingsOf, withSetting, type StudioDocument } from './studio-document';

export type ColorScheme = 'auto' | 'light' | 'dark';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const strings = (v: unknown): Record<string, string> =>
  isObject(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

function withPublic(doc: StudioDocument, key: string, value: unknown): StudioDocument {
  const publicConfig = { ...publicConfigOf(doc) };
  if (value === undefined) delete publicConfig[key];
  else publicConfig[key] = value;
  return { ...doc, publicConfig };
}

/** The site's message overrides of one locale, by message key. */
export function overridesOf(doc: StudioDocument, locale: Locale): Record<string, string> {
  const messages = publicConfigOf(doc).messages;
  return strings(isObject(messages) ? messages[locale] : undefined);
}

/** An override set, or removed when `text` is empty. */
export function withOverride(doc: StudioDocument, locale: Locale, key: string, text: string): StudioDocument {
  const current = publicConfigOf(doc).messages;
  const messages: Record<string, unknown> = { ...(isObject(current) ? current : {}) };
  const mine = { ...overridesOf(doc, locale) };
  if (text) mine[key] = text;
  else delete mine[key];
  if (Object.keys(mine).length) messages[locale] = mine;
  else delete messages[locale];
  return withPublic(doc, 'messages', Object.keys(messages).length ? messages : undefined);
}

/** Keys overridden in one locale and not the other: the visitor in the other language sees the default. */
export function missingTranslations(doc: StudioDocument): Array<{ key: string; has: Locale; lacks: Locale }> {
  const en = overridesOf(doc, 'en');
  const zh = overridesOf(doc, 'zh-CN');
  return [
    ...Object.keys(zh)
      .filter((k) => !(k in en))
      .map((key) => ({ key, has: 'zh-CN' as const, lacks: 'en' as const })),
    ...Object.keys(en)
      .filter((k) => !(k in zh))
      .map((key) => ({ key, has: 'en' as const, lacks: 'zh-CN' as const })),
  ].sort((a, b) => a.key.localeCompare(b.key));
}

function themeOf(doc: StudioDocument): Record<string, unknown> {
  const theme = publicConfigOf(doc).theme;
  return isObject(theme) ? theme : {};
}

function withTheme(doc: StudioDocument, key: string, value: unknown): StudioDocument {
  const theme = { ...themeOf(doc) };
  if (value === undefined) delete theme[key];
  else theme[key] = value;
  return withPublic(doc, 'theme', Object.keys(theme).length ? theme : undefined);
}

export const themeTokensOf = (doc: StudioDocument): Record<string, string> => strings(themeOf(doc).tokens);

export function colorSchemeOf(doc: StudioDocument): ColorScheme {
  const scheme = themeOf(doc).colorScheme;
  return scheme === 'light' || scheme === 'dark' ? scheme : 'auto';
}

/** `auto` is the default (the page's preference), so it is stored as no value at all. */
export const withColorScheme = (doc: StudioDocument, scheme: ColorScheme): StudioDocument =>
  withTheme(doc, 'colorScheme', scheme === 'auto' ? undefined : scheme);

export function withThemeToken(doc: StudioDocument, token: string, value: string): StudioDocument {
  const tokens = { ...themeTokensOf(doc) };
  if (value) tokens[token] = value;
  else delete tokens[token];
  return withTheme(doc, 'tokens', Object.keys(tokens).length ? tokens : undefined);
}

export function webhookUrlOf(doc: StudioDocument): string {
  const webhook = settingsOf(doc).webhook;
  return isObject(webhook) && typeof webhook.url === 'string' ? webhook.url : '';
}

/** No URL: no webhook at all (the document keeps only where to post, never the secret). */
export const withWebhookUrl = (doc: StudioDocument, url: string): StudioDocument =>
  withSetting(doc, 'webhook', url ? { url } : undefined);
