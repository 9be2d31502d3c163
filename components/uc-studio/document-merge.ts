/**
 * "Keep mine" after a conflict: a three-way merge of two drafts that both
 * started from the same one (`base`), so that neither admin's edits are
 * lost, whatever part of the site they concern.
 *
 * - A value only one side changed takes that side's value.
 * - Where both changed the same value, mine wins: that is the choice the
 *   person made by pressing "keep mine".
 * - Objects merge key by key.
 * - Lists both changed merge item by item, an item known by its identity
 *   (`identityOf`): items in my order with their changes merged, items
 *   they added put after mine, and items they removed dropped if I left
 *   them as they were.
 *
 * A form the site never changed is not in the document (the page sees the
 * built-in default, src/config/merge.ts), and the first edit of it copies
 * the default in. So both sides' copies are merged against that default,
 * not against nothing, and a change one side made to a default field is not
 * taken for a field of its own.
 */
import { formsOf, publicConfigOf, type StudioDocument } from './studio-document';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON text with keys in order, so two values compare equal whatever order their keys were written in. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: Json, b: Json) => canonical(a) === canonical(b);

/**
 * What an item of a list is known by across edits: a field's name, the id
 * of a category, reward, service or document, the kind and category a
 * deadline policy is for, or else the whole item (an origin, a date).
 */
function identityOf(item: Json): string {
  if (isObject(item)) {
    if (typeof item.name === 'string') return `name:${item.name}`;
    if (typeof item.id === 'string') return `id:${item.id}`;
    if ('kind' in item || 'category' in item)
      return `policy:${String(item.kind ?? '*')}/${String(item.category ?? '*')}`;
  }
  return canonical(item);
}

export function mergeValues(base: Json, mine: Json, theirs: Json): Json {
  if (same(mine, base)) return theirs;
  if (same(theirs, base) || same(mine, theirs)) return mine;
  if (isObject(mine) && isObject(theirs)) {
    const before = isObject(base) ? base : {};
    const out: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const value = mergeValues(before[key], mine[key], theirs[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (Array.isArray(mine) && Array.isArray(theirs)) return mergeLists(Array.isArray(base) ? base : [], mine, theirs);
  return mine;
}

function mergeLists(base: Json[], mine: Json[], theirs: Json[]): Json[] {
  const before = new Map(base.map((item) => [identityOf(item), item]));
  const theirsById = new Map(theirs.map((item) => [identityOf(item), item]));
  const mineIds = new Set(mine.map(identityOf));
  const out: Json[] = [];
  for (const item of mine) {
    const id = identityOf(item);
    const was = before.get(id);
    const their = theirsById.get(id);
    if (was !== undefined && their === undefined) {
      // They removed it: gone, unless I changed it (then my change is kept).
      if (!same(item, was)) out.push(item);
    } else out.push(was !== undefined && their !== undefined ? mergeValues(was, item, their) : item);
  }
  for (const item of theirs) {
    const id = identityOf(item);
    if (!before.has(id) && !mineIds.has(id)) out.push(item);
  }
  return out;
}

const ownFormsOf = (doc: StudioDocument): Record<string, Json> => {
  const forms = publicConfigOf(doc).forms;
  return isObject(forms) ? forms : {};
};

/** The document with each form in `ids` it does not have itself put in as its page sees it (the default). */
function withFormsSeen(doc: StudioDocument, ids: ReadonlySet<string>): StudioDocument {
  const forms = { ...ownFormsOf(doc) };
  const seen = formsOf(doc);
  for (const id of ids) if (!(id in forms) && seen[id]) forms[id] = seen[id];
  return { ...doc, publicConfig: { ...publicConfigOf(doc), forms } };
}

/** The merged document: mine over theirs, both against the draft they started from. */
export function mineOverTheirs(mine: StudioDocument, theirs: StudioDocument, base: StudioDocument): StudioDocument {
  const ids = new Set([...Object.keys(ownFormsOf(mine)), ...Object.keys(ownFormsOf(theirs))]);
  const merged = ids.size
    ? mergeValues(withFormsSeen(base, ids), withFormsSeen(mine, ids), withFormsSeen(theirs, ids))
    : mergeValues(base, mine, theirs);
  return isObject(merged) ? merged : mine;
}
