/**
 * Personal data held to need: staff see a submission's personal fields (the
 * form's fields with `personal` set, src/config/schema.ts) masked in every
 * staff answer, enough to tell two people apart and to recognise a contact a
 * user reads out, and see them in clear only by revealing them with a reason
 * (POST …/reveal, audited). The user's own answers are never masked.
 *
 * - a phone number keeps its first 3 and last 4 digits: 138****0042 (a
 *   leading +86 / 0086 is the country, not the number);
 * - an e-mail address keeps the first character and the domain:
 *   d***@example.com;
 * - anything else keeps its first character: 张***.
 *
 * The stars never say how much is hidden. An empty value stays empty.
 */
import type { FormConfig } from '../../config/schema';
import { DEFAULT_FORM } from '../../config/defaults';
import type { FieldValue } from '../../contract/common';
import { INTAKE_CONTACT_FIELD } from '../complaints/intake';

const STARS = '***';
const EMAIL = /^([^@\s]+)@([^@\s]+)$/;
/** Digits with the separators people write them with, and an optional leading +. */
const PHONE = /^\+?[\d\s\-().]+$/;
/** A phone keeps 3 + 4 digits, so it needs more than that for anything to be hidden. */
const PHONE_MIN_DIGITS = 8;

type Kind = 'email' | 'phone' | 'text';

/** The first character as a person reads it (a code point, so an emoji or a rare 汉字 is not cut in half). */
const firstOf = (value: string): string => Array.from(value)[0] ?? '';

export function maskText(value: string): string {
  const trimmed = value.trim();
  return trimmed === '' ? '' : `${firstOf(trimmed)}${STARS}`;
}

/** d***@example.com; a value that is not an address is masked as text. */
export function maskEmail(value: string): string {
  const match = EMAIL.exec(value.trim());
  if (!match) return maskText(value);
  return `${firstOf(match[1]!)}${STARS}@${match[2]}`;
}

/** 138****0042; a value that is not a number, or too short to keep 3 + 4 digits of, is masked as text. */
export function maskPhone(value: string): string {
  const trimmed = value.trim();
  if (!PHONE.test(trimmed)) return maskText(value);
  let digits = trimmed.replace(/\D/g, '');
  // China's country code, written +86 or 0086: the number is what follows.
  if (/^(\+|00)\s*86/.test(trimmed)) digits = digits.replace(/^(00)?86/, '');
  if (digits.length < PHONE_MIN_DIGITS) return maskText(value);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

function kindOf(field: { type: string; personal?: { prefill?: string } | undefined } | undefined, value: string): Kind {
  if (field?.type === 'email' || field?.personal?.prefill === 'email') return 'email';
  if (field?.type === 'tel' || field?.personal?.prefill === 'phone') return 'phone';
  const trimmed = value.trim();
  if (EMAIL.test(trimmed)) return 'email';
  if (PHONE.test(trimmed) && trimmed.replace(/\D/g, '').length >= PHONE_MIN_DIGITS) return 'phone';
  return 'text';
}

/** One value masked by what its field holds (or, for a field of unknown type, what the value looks like). */
export function maskValue(
  value: string,
  field?: { type: string; personal?: { prefill?: string } | undefined },
): string {
  const kind = kindOf(field, value);
  return kind === 'email' ? maskEmail(value) : kind === 'phone' ? maskPhone(value) : maskText(value);
}

/**
 * The personal fields of the form a submission was made on, and the
 * contact staff took down for a form with no field for it
 * (INTAKE_CONTACT_FIELD, complaints/intake.ts). A form the site no longer
 * has: the built-in form's personal fields (name, e-mail) and, by what they
 * look like, any value that is an e-mail address or a phone number, so a
 * form taken out of the config never unmasks its data.
 */
function personalOf(
  form: FormConfig | undefined,
  fields: Record<string, FieldValue>,
): Map<string, FormConfig['fields'][number] | undefined> {
  const personal = new Map<string, FormConfig['fields'][number] | undefined>();
  if (form) {
    for (const field of form.fields) if (field.personal) personal.set(field.name, field);
    if (!form.fields.some((f) => f.name === INTAKE_CONTACT_FIELD)) personal.set(INTAKE_CONTACT_FIELD, undefined);
    return personal;
  }
  for (const field of DEFAULT_FORM.fields) if (field.personal) personal.set(field.name, field);
  for (const [name, value] of Object.entries(fields))
    if (typeof value === 'string' && !personal.has(name) && kindOf(undefined, value) !== 'text')
      personal.set(name, undefined);
  return personal;
}

const isEmpty = (value: FieldValue) => value === '' || (Array.isArray(value) && value.every((v) => v === ''));

/**
 * A submission's fields as staff see them: each personal field masked, and
 * the names of those that were (present and not empty), in the form's order.
 */
export function maskFields(
  form: FormConfig | undefined,
  fields: Record<string, FieldValue>,
): { fields: Record<string, FieldValue>; masked: string[] } {
  const out: Record<string, FieldValue> = { ...fields };
  const masked: string[] = [];
  for (const [name, field] of personalOf(form, fields)) {
    if (!(name in fields)) continue;
    const value = fields[name]!;
    out[name] = Array.isArray(value) ? value.map((v) => maskValue(v, field)) : maskValue(String(value), field);
    if (!isEmpty(value)) masked.push(name);
  }
  return { fields: out, masked };
}

/** The personal fields in clear, as text (a list joined by ", "): what a reveal answers. */
export function personalFields(
  form: FormConfig | undefined,
  fields: Record<string, FieldValue>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of personalOf(form, fields).keys()) {
    if (!(name in fields)) continue;
    const value = fields[name]!;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** How long the queue's excerpt of a submission's text is, in characters (code points). */
export const EXCERPT_LENGTH = 140;

/**
 * The first words of what the user wrote, for a row of the queue: the
 * form's `message` field, or else its first text area, or else its first
 * text field, never one marked personal (nor, for a form the site has
 * removed, one that looks like a contact). Runs of white space are one
 * space (a row is one line); longer than EXCERPT_LENGTH, it is cut and ends
 * with "…".
 */
export function excerptOf(form: FormConfig | undefined, fields: Record<string, FieldValue>): string {
  const personal = personalOf(form, fields);
  const candidates = form
    ? [
        ...form.fields.filter((f) => f.name === 'message'),
        ...form.fields.filter((f) => f.type === 'textarea'),
        ...form.fields.filter((f) => f.type === 'text'),
      ].map((f) => f.name)
    : ['message', ...Object.keys(fields)];
  for (const name of candidates) {
    if (personal.has(name)) continue;
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const text = value.trim().replace(/\s+/g, ' ');
    const chars = Array.from(text);
    return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : text;
  }
  return '';
}

/**
 * The texts a submission is found by in staff search (src/server/search/):
 * what excerptOf would pick from, every one of them, the message first,
 * never a personal field (nor, for a form the site has removed, a value
 * that looks like a contact).
 */
export function searchableTextsOf(
  form: FormConfig | undefined,
  fields: Record<string, FieldValue>,
): Array<{ field: string; text: string }> {
  const personal = personalOf(form, fields);
  const names = form
    ? [
        ...form.fields.filter((f) => f.name === 'message'),
        ...form.fields.filter((f) => f.type === 'textarea' && f.name !== 'message'),
        ...form.fields.filter((f) => f.type === 'text' && f.name !== 'message'),
      ].map((f) => f.name)
    : ['message', ...Object.keys(fields).filter((name) => name !== 'message')];
  const out: Array<{ field: string; text: string }> = [];
  for (const name of names) {
    if (personal.has(name)) continue;
    const value = fields[name];
    if (typeof value === 'string' && value.trim() !== '') out.push({ field: name, text: value });
  }
  return out;
}

/**
 * The e-mail addresses and phone numbers among a submission's personal
 * fields, as staff search looks them up: an address in lower case, a
 * number as its digits (China's +86 / 0086 left out). See contactKey.
 */
export function contactKeysOf(form: FormConfig | undefined, fields: Record<string, FieldValue>): string[] {
  const keys = new Set<string>();
  for (const [name, field] of personalOf(form, fields)) {
    const value = fields[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [String(value)]) {
      const kind = kindOf(field, v);
      if (kind === 'text') continue;
      const key = contactKey(v, kind);
      if (key) keys.add(key);
    }
  }
  return [...keys];
}

/**
 * A contact as search compares it, or undefined when it is none: an e-mail
 * address trimmed and in lower case; a phone number's digits (at least
 * PHONE_MIN_DIGITS), China's country code left out. `kind` absent: by what
 * the value looks like.
 */
export function contactKey(value: string, kind?: 'email' | 'phone'): string | undefined {
  const trimmed = value.trim();
  const as = kind ?? (EMAIL.test(trimmed) ? 'email' : PHONE.test(trimmed) ? 'phone' : undefined);
  if (as === 'email') return EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
  if (as !== 'phone' || !PHONE.test(trimmed)) return undefined;
  let digits = trimmed.replace(/\D/g, '');
  if (/^(\+|00)\s*86/.test(trimmed)) digits = digits.replace(/^(00)?86/, '');
  return digits.length >= PHONE_MIN_DIGITS ? `tel:${digits}` : undefined;
}

/** The first e-mail address or phone number among a submission's personal fields, masked; null when it gives none. */
export function maskedContactOf(form: FormConfig | undefined, fields: Record<string, FieldValue>): string | null {
  for (const [name, field] of personalOf(form, fields)) {
    const value = fields[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [String(value)])
      if (v.trim() !== '' && kindOf(field, v) !== 'text') return maskValue(v, field);
  }
  return null;
}
