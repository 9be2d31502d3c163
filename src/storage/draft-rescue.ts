import { Draft } from './records';

/**
 * The last copy of a draft's text, written synchronously to localStorage when
 * the page is left while a save is still pending. IndexedDB is asynchronous:
 * on a first visit the database may still be being created when the page
 * goes, and the write is lost with the document. Files (Blobs) cannot be
 * written synchronously; they come from the last IndexedDB save.
 */
const rescueKey = (draftKey: string) => `usercare:rescue:${draftKey}`;

export function stashDraft(draft: Draft): void {
  try {
    localStorage.setItem(rescueKey(draft.key), JSON.stringify({ ...draft, files: [] }));
  } catch {
    // Storage blocked or full: the IndexedDB save is all there is.
  }
}

/** The rescued copy, checked like every record read back. It stays until `dropRescuedDraft`, once it is safe elsewhere. */
export function peekRescuedDraft(draftKey: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(rescueKey(draftKey));
    if (raw === null) return undefined;
    const parsed = Draft.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function dropRescuedDraft(draftKey: string): void {
  try {
    localStorage.removeItem(rescueKey(draftKey));
  } catch {
    // nothing to drop
  }
}
