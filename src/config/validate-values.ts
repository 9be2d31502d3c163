/**
 * Checks what a user entered against the form's config. The browser runs it
 * before anything is queued; the server runs it again on every request, since
 * it never trusts the client.
 */
import type { FieldError } from '../contract/errors';
import type { FieldValue } from '../contract/common';
import { ATTACHMENT_TYPES, WIRE_LIMITS } from '../contract/limits';
import type { FieldConfig, FormConfig } from './schema';

export type FieldErrorCode =
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'invalid_email'
  | 'invalid_tel'
  | 'invalid_option'
  | 'out_of_range'
  | 'invalid_date'
  | 'invalid_type'
  | 'unknown_field'
  | 'too_many_files'
  | 'file_too_large'
  | 'file_type'
  | 'invalid_kind'
  | 'invalid_category';

/** What the checker needs of an attachment: works for a browser Blob and a decoded upload alike. */
export interface AttachmentMeta {
  field: string;
  name: string;
  type: string;
  size: number;
}

export interface ValuesToCheck {
  kind: string;
  category: string;
  fields: Record<string, FieldValue | undefined>;
  attachments: readonly AttachmentMeta[];
}

// Deliberately permissive: one @, no spaces, a dot in the domain. The mail server is the real check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Digits with optional +, spaces, dashes and brackets; 5–20 digits (mainland mobiles, landlines with area code, international).
const TEL = /^\+?[\d\s()-]{5,25}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DEFAULT_RATING = { min: 1, max: 5 } as const;

/** Whether a contact someone gave is an e-mail address or a phone number, by the same checks as the fields'; undefined: neither. */
export function contactKind(value: string): 'email' | 'phone' | undefined {
  const text = value.trim();
  if (EMAIL.test(text)) return 'email';
  if (TEL.test(text) && text.replace(/\D/g, '').length >= 5) return 'phone';
  return undefined;
}

function err(path: string, code: FieldErrorCode, message: string, params?: FieldError['params']): FieldError {
  return params ? { path, code, message, params } : { path, code, message };
}

function isEmpty(v: FieldValue | undefined): boolean {
  return v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

function checkField(field: FieldConfig, value: FieldValue | undefined, out: FieldError[]): void {
  const path = `fields.${field.name}`;
  if (isEmpty(value)) {
    if (field.required) out.push(err(path, 'required', `${field.name} is required`));
    return;
  }
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'tel': {
      if (typeof value !== 'string') return void out.push(err(path, 'invalid_type', `${field.name} must be text`));
      const length = [...value.trim()].length;
      const max = field.maxLength ?? WIRE_LIMITS.fieldChars;
      if (field.minLength !== undefined && length < field.minLength)
        return void out.push(
          err(path, 'too_short', `${field.name} needs at least ${field.minLength} characters`, {
            min: field.minLength,
          }),
        );
      if (length > max)
        return void out.push(err(path, 'too_long', `${field.name} allows at most ${max} characters`, { max }));
      if (field.type === 'email' && !EMAIL.test(value.trim()))
        out.push(err(path, 'invalid_email', `${field.name} is not an email address`));
      if (field.type === 'tel' && (!TEL.test(value.trim()) || value.replace(/\D/g, '').length < 5))
        out.push(err(path, 'invalid_tel', `${field.name} is not a phone number`));
      return;
    }
    case 'select':
    case 'radio': {
      const allowed = new Set((field.options ?? []).map((o) => o.value));
      if (typeof value !== 'string' || !allowed.has(value))
        out.push(err(path, 'invalid_option', `${field.name} must be one of the listed options`));
      return;
    }
    case 'checkbox': {
      if (!field.options) {
        if (typeof value !== 'boolean') out.push(err(path, 'invalid_type', `${field.name} must be true or false`));
        return;
      }
      const allowed = new Set(field.options.map((o) => o.value));
      if (!Array.isArray(value) || value.some((v) => !allowed.has(v)))
        out.push(err(path, 'invalid_option', `${field.name} must be chosen from the listed options`));
      return;
    }
    case 'rating': {
      const min = field.min ?? DEFAULT_RATING.min;
      const max = field.max ?? DEFAULT_RATING.max;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        out.push(err(path, 'out_of_range', `${field.name} must be a whole number from ${min} to ${max}`, { min, max }));
      return;
    }
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        out.push(err(path, 'invalid_date', `${field.name} must be a date (YYYY-MM-DD)`));
      return;
    }
    case 'file':
      // Files travel as attachments, never as field values.
      out.push(err(path, 'invalid_type', `${field.name} takes files as attachments`));
      return;
  }
}

/** Limits of one file field, with the wire ceilings as defaults. */
export function fileLimits(field: FieldConfig): { accept: readonly string[]; maxFiles: number; maxBytes: number } {
  return {
    accept: field.accept ?? ATTACHMENT_TYPES,
    maxFiles: field.maxFiles ?? WIRE_LIMITS.attachments,
    maxBytes: field.maxBytes ?? WIRE_LIMITS.attachmentBytes,
  };
}

/** Checks files about to be added to a file field; used when the user picks them, so a bad file is refused at once. */
export function checkFiles(field: FieldConfig, existing: number, files: readonly AttachmentMeta[]): FieldError[] {
  const out: FieldError[] = [];
  const limits = fileLimits(field);
  const path = `fields.${field.name}`;
  if (existing + files.length > limits.maxFiles)
    out.push(
      err(path, 'too_many_files', `${field.name} takes at most ${limits.maxFiles} files`, { max: limits.maxFiles }),
    );
  files.forEach((file) => {
    if (!limits.accept.includes(file.type))
      out.push(
        err(path, 'file_type', `${file.name}: only ${limits.accept.join(', ')} are accepted`, {
          name: file.name,
          types: limits.accept.map((t) => t.split('/')[1]).join(', '),
        }),
      );
    else if (file.size > limits.maxBytes)
      out.push(
        err(path, 'file_too_large', `${file.name} is larger than ${limits.maxBytes} bytes`, {
          name: file.name,
          size: limits.maxBytes,
        }),
      );
  });
  return out;
}

/**
 * Checks a new submission against `form`: pass `offeredForm(form)`
 * (./offered-form.ts), so that a retired category or a value for a retired
 * field is refused as one the form does not have, and a retired field is
 * not required. The callers filter, not this: the feedback form already
 * holds the offered form, and every page loads this module.
 */
export function validateValues(form: FormConfig, values: ValuesToCheck): FieldError[] {
  const out: FieldError[] = [];
  if (!form.kinds.includes(values.kind as never))
    out.push(err('kind', 'invalid_kind', 'this form does not take that kind'));
  if (!form.categories.some((c) => c.id === values.category))
    out.push(err('category', 'invalid_category', 'choose one of the listed categories'));
  const known = new Map(form.fields.map((f) => [f.name, f]));
  for (const name of Object.keys(values.fields)) {
    const field = known.get(name);
    if (!field || field.type === 'file')
      out.push(err(`fields.${name}`, 'unknown_field', `${name} is not a field this form takes`));
  }
  for (const field of form.fields) {
    if (field.type === 'file') {
      const files = values.attachments.filter((a) => a.field === field.name);
      if (field.required && files.length === 0)
        out.push(err(`fields.${field.name}`, 'required', `${field.name} is required`));
      out.push(...checkFiles(field, 0, files));
    } else {
      checkField(field, values.fields[field.name], out);
    }
  }
  values.attachments.forEach((a, i) => {
    const field = known.get(a.field);
    if (!field || field.type !== 'file')
      out.push(err(`attachments[${i}].field`, 'unknown_field', `${a.field} is not a file field`));
  });
  return out;
}
