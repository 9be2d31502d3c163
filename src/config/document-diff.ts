/**
 * What changes between two documents, as an admin reads it: each value
 * added, removed or changed, at its dotted path (`publicConfig.forms.
 * default.fields.2.label.en`, indexes of arrays as numbers), with the value
 * before and after. microdiff does the comparing; this names the changes.
 * The server's diff route and the studio's conflict view both use it.
 * A list that grows in its middle shows as each later index changed and
 * one added at the end: that is what a field order change means to a form.
 */
import diff from 'microdiff';
import type { ConfigChange } from '../contract/staff-config';

type Container = Record<string, unknown> | unknown[];

/** A side that is not an object or list (a draft is always an object; this is for one that somehow is not) compares as empty. */
const asContainer = (value: unknown): Container =>
  value !== null && typeof value === 'object' ? (value as Container) : {};

export function diffDocuments(before: unknown, after: unknown): ConfigChange[] {
  // Documents are parsed JSON: no cycles to look out for.
  return diff(asContainer(before), asContainer(after), { cyclesFix: false }).map((d) => {
    const path = d.path.join('.');
    switch (d.type) {
      case 'CREATE':
        return { path, change: 'added', after: d.value as unknown };
      case 'REMOVE':
        return { path, change: 'removed', before: d.oldValue as unknown };
      case 'CHANGE':
        return { path, change: 'changed', before: d.oldValue as unknown, after: d.value as unknown };
    }
  });
}
