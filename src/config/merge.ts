import type { SiteConfigPatch } from './schema';

/**
 * Merges config sources, later wins, so what is closer to the page overrides
 * the site's settings: defaults < the server's public config < inline JSON <
 * loader data-* < configure().
 * Forms are replaced whole per form id, so an owner's form never inherits
 * stray fields from the default one; messages and theme tokens merge per key.
 */
export function mergeConfig(...sources: ReadonlyArray<Record<string, unknown> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      if (key === 'forms' || key === 'theme') {
        out[key] = mergeObjects(out[key], value, key === 'theme' ? ['tokens'] : []);
      } else if (key === 'messages') {
        out[key] = mergeObjects(out[key], value, Object.keys(isObject(value) ? value : {}));
      } else {
        out[key] = value;
      }
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Shallow merge, plus one more level for the keys named in `deep`. A non-object `next` replaces (and then fails validation). */
function mergeObjects(prev: unknown, next: unknown, deep: string[]): unknown {
  if (!isObject(next)) return next;
  const base: Record<string, unknown> = isObject(prev) ? { ...prev } : {};
  for (const [k, v] of Object.entries(next)) {
    base[k] = deep.includes(k) && isObject(v) && isObject(base[k]) ? { ...(base[k] as object), ...v } : v;
  }
  return base;
}

export type { SiteConfigPatch };
