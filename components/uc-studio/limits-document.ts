/**
 * The studio's edits of the settings the Access and limits section holds
 * (`settings.rateLimits`, `settings.hostTokens` without the secret,
 * `settings.staff`), as plain functions returning a new document. A value
 * removed lets the server's default apply; a group left empty is removed.
 */
import { settingsOf, withSetting, type StudioDocument } from './studio-document';

export const LIMIT_GROUPS = ['rateLimits', 'hostTokens', 'staff'] as const;
export type LimitGroup = (typeof LIMIT_GROUPS)[number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A group of settings as the document has it (empty when it has none). */
export function settingsGroup(doc: StudioDocument, group: LimitGroup): Record<string, unknown> {
  const value = settingsOf(doc)[group];
  return isObject(value) ? value : {};
}

/** One setting of a group set, or removed when `value` is undefined. */
export function withGroupSetting(doc: StudioDocument, group: LimitGroup, key: string, value: unknown): StudioDocument {
  const next = { ...settingsGroup(doc, group) };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return withSetting(doc, group, Object.keys(next).length ? next : undefined);
}
