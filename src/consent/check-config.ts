/**
 * Checks a consent config the backend sent against the contract, without zod.
 *
 * Why not `ConsentConfig.safeParse`: zod/mini and the contract chunk cost the
 * banner ~10 KB gzip, a third of its first-visit budget (32 KB), on the one
 * element every page may show. This check accepts exactly the documents the
 * schema in src/contract/consent.ts accepts; test/node/consent-check.test.ts
 * holds the two to each other on every fixture it has, valid and broken.
 */
import type { ConsentConfig } from '../contract/consent';

type Json = Record<string, unknown>;

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const VERSION = /^[A-Za-z0-9._-]{1,40}$/;
const COOKIE = /^[!#$%&'+.0-9A-Z^_`a-z|~-]{1,200}\*?$/;
const URL_OR_PATH = /^(https?:\/\/|\/(?!\/))[^\s]*$/;
const LOCALES = ['zh-CN', 'en'];
const KINDS = ['sensitive', 'third_party', 'cross_border'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const matches = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
const int = (v: unknown, min: number, max: number) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Only these keys, the required ones present, each passing its check. */
function shape(
  v: unknown,
  required: Record<string, (x: unknown) => boolean>,
  optional: Record<string, (x: unknown) => boolean> = {},
): boolean {
  if (!isObject(v)) return false;
  for (const key of Object.keys(v)) if (!(key in required) && !(key in optional)) return false;
  for (const [key, ok] of Object.entries(required)) if (!ok(v[key])) return false;
  for (const [key, ok] of Object.entries(optional)) if (v[key] !== undefined && !ok(v[key])) return false;
  return true;
}

const list =
  (ok: (x: unknown) => boolean, min = 0) =>
  (v: unknown) =>
    Array.isArray(v) && v.length >= min && v.every(ok);
const text = (v: unknown) =>
  (typeof v === 'string' && v.length > 0) ||
  (isObject(v) && Object.entries(v).every(([k, s]) => LOCALES.includes(k) && typeof s === 'string' && s.length > 0));
const slug = (v: unknown) => matches(v, SLUG);
const version = (v: unknown) => matches(v, VERSION);
const cookies = list((c) => matches(c, COOKIE));

const service = (v: unknown) => shape(v, { id: slug, name: text, purpose: text }, { provider: text, cookies });
const category = (v: unknown) =>
  shape(v, { id: slug, label: text, description: text, version }, { services: list(service), cookies });
const separate = (v: unknown) =>
  shape(v, { id: slug, kind: (k) => KINDS.includes(k as string), recipient: text, purpose: text, version });
/** Per locale, message key → text (an override may be any text, even empty, as the form's are). */
const messages = (v: unknown) =>
  isObject(v) &&
  Object.entries(v).every(
    ([locale, m]) => LOCALES.includes(locale) && isObject(m) && Object.values(m).every((s) => typeof s === 'string'),
  );
const document_ = (v: unknown) => shape(v, { id: slug, title: text, url: (u) => matches(u, URL_OR_PATH), version });

export function checkConsentConfig(value: unknown): ConsentConfig | undefined {
  const ok = shape(
    value,
    {
      site: slug,
      revision: (r) => matches(r, /^[0-9a-f]{16}$/),
      categories: list(category, 1),
      separate: list(separate),
      documents: list(document_),
      expiryDays: (d) => int(d, 1, 395),
    },
    { guardianAge: (a) => int(a, 1, 18), messages },
  );
  return ok ? (value as ConsentConfig) : undefined;
}
