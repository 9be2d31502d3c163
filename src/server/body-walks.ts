/**
 * Walks of a parsed request body that readJson makes before any route sees
 * it. None of them recurses: a body is the sender's to shape, and a walk
 * that recursed once per level of nesting would overflow the stack (a 500)
 * on a body a few thousand arrays deep, before any check could refuse it.
 */

/**
 * How deeply arrays and objects may nest in a request body; the top-level
 * value counts as 1. The deepest body the contract describes is a handful of
 * levels; 64 leaves room for any future field without letting a body's shape
 * cost more than its size.
 */
export const MAX_BODY_DEPTH = 64;

/** True when arrays and objects nest more than `limit` levels deep; stops at the first level past it. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const children = childrenOf(top.value);
    if (!children) continue;
    if (top.depth > limit) return true;
    for (const child of children) stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}

/** The values an array or object holds, or undefined for anything else. */
function childrenOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (value !== null && typeof value === 'object') return Object.values(value);
  return undefined;
}

interface Visit {
  value: unknown;
  /** where `value` sits in its parent: the visit of the parent and the key or index */
  parent: Visit | undefined;
  key: PropertyKey | undefined;
  /** its key holds U+0000, which counts as found before its value is looked at */
  keyHasNul: boolean;
}

/**
 * The path of the first string (or object key) holding U+0000, in document
 * order, if any. Children are pushed last-first, so the stack pops them in
 * the order they appear.
 */
export function pathOfNul(value: unknown): PropertyKey[] | undefined {
  const stack: Visit[] = [{ value, parent: undefined, key: undefined, keyHasNul: false }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const current = visit.value;
    if (visit.keyHasNul || (typeof current === 'string' && current.includes('\u0000'))) return pathTo(visit);
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i] as unknown, parent: visit, key: i, keyHasNul: false });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push({ value: item, parent: visit, key, keyHasNul: key.includes('\u0000') });
      }
    }
  }
  return undefined;
}

function pathTo(visit: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) path.push(at.key!);
  return path.reverse();
}
