/**
 * The studio's edits of a site's document (src/server/sites/document.ts), as
 * plain functions: each returns a new document and never changes the one it
 * was given, so the element can keep the one before, compare, and store a
 * copy on the device as it goes.
 *
 * A form is edited as the page sees it: the built-in defaults with the
 * site's public config over them (forms are replaced whole per id,
 * src/config/merge.ts), so the first edit of a form the site never changed
 * copies the default form into the draft and changes the copy.
 */
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import { mergeConfig } from '../../src/config/merge';
import type { CategoryConfig, FieldConfig, FormConfig } from '../../src/config/schema';

/** A document as the studio holds it: any JSON object, since a draft need not check yet. */
export type StudioDocument = Record<string, unknown>;

/** The user's windows in a complaint (settings.complaints), in calendar days. */
export const COMPLAINT_WINDOWS = ['disputeWindowDays', 'autoResolveDays', 'autoCloseDays'] as const;
export type ComplaintWindow = (typeof COMPLAINT_WINDOWS)[number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const publicConfigOf = (doc: StudioDocument): Record<string, unknown> =>
  isObject(doc.publicConfig) ? doc.publicConfig : {};

export const settingsOf = (doc: StudioDocument): Record<string, unknown> =>
  isObject(doc.settings) ? doc.settings : {};

export const originsOf = (doc: StudioDocument): string[] =>
  Array.isArray(doc.allowedOrigins) ? doc.allowedOrigins.filter((o): o is string => typeof o === 'string') : [];

/** Every form as a page of the site sees it: the defaults with the document's public config over them. */
export function formsOf(doc: StudioDocument): Record<string, FormConfig> {
  const forms = mergeConfig(DEFAULT_CONFIG, publicConfigOf(doc)).forms;
  return isObject(forms) ? (forms as Record<string, FormConfig>) : {};
}

export function withOrigins(doc: StudioDocument, origins: readonly string[]): StudioDocument {
  return { ...doc, allowedOrigins: [...origins] };
}

/** A setting set, or removed when `value` is undefined (the server's default applies then). */
export function withSetting(doc: StudioDocument, key: string, value: unknown): StudioDocument {
  const settings = { ...settingsOf(doc) };
  if (value === undefined) delete settings[key];
  else settings[key] = value;
  return { ...doc, settings };
}

export function withComplaintWindow(doc: StudioDocument, key: ComplaintWindow, days: number | undefined) {
  const current = settingsOf(doc).complaints;
  const complaints: Record<string, unknown> = { ...(isObject(current) ? current : {}) };
  if (days === undefined) delete complaints[key];
  else complaints[key] = days;
  return withSetting(doc, 'complaints', Object.keys(complaints).length ? complaints : undefined);
}

export function withForm(doc: StudioDocument, id: string, form: FormConfig): StudioDocument {
  const publicConfig = publicConfigOf(doc);
  const forms = isObject(publicConfig.forms) ? publicConfig.forms : {};
  return { ...doc, publicConfig: { ...publicConfig, forms: { ...forms, [id]: form } } };
}

export const addField = (form: FormConfig, field: FieldConfig): FormConfig => ({
  ...form,
  fields: [...form.fields, field],
});

/** Moves field `index` one place up (-1) or down (+1); at an end it stays. */
export function moveField(form: FormConfig, index: number, by: -1 | 1): FormConfig {
  const to = index + by;
  if (to < 0 || to >= form.fields.length) return form;
  const fields = [...form.fields];
  [fields[index], fields[to]] = [fields[to]!, fields[index]!];
  return { ...form, fields };
}

export const retireField = (form: FormConfig, name: string, retired = true): FormConfig => ({
  ...form,
  fields: form.fields.map((f) => (f.name === name ? withRetired(f, retired) : f)),
});

/** Only a field the published version does not have: one published is retired, never removed. */
export const deleteField = (form: FormConfig, name: string): FormConfig => ({
  ...form,
  fields: form.fields.filter((f) => f.name !== name),
});

export const addCategory = (form: FormConfig, category: CategoryConfig): FormConfig => ({
  ...form,
  categories: [...form.categories, category],
});

export const retireCategory = (form: FormConfig, id: string, retired = true): FormConfig => ({
  ...form,
  categories: form.categories.map((c) => (c.id === id ? withRetired(c, retired) : c)),
});

export const deleteCategory = (form: FormConfig, id: string): FormConfig => ({
  ...form,
  categories: form.categories.filter((c) => c.id !== id),
});

function withRetired<T extends { retired?: boolean }>(item: T, retired: boolean): T {
  const { retired: _, ...rest } = item;
  return (retired ? { ...rest, retired: true } : rest) as T;
}

/** The field names and category ids of a form that a published document has (each may only be retired). */
export function publishedIds(published: StudioDocument | undefined, formId: string) {
  const form = published ? formsOf(published)[formId] : undefined;
  return {
    fields: new Set(form?.fields.map((f) => f.name) ?? []),
    categories: new Set(form?.categories.map((c) => c.id) ?? []),
  };
}
