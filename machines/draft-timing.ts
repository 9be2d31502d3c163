/**
 * How long typing must pause before a draft is saved: short enough that a
 * reload loses little, long enough that a fast typist does not write to
 * IndexedDB on every key. The feedback form and every reply box share it.
 */
export const DRAFT_SAVE_DELAY_MS = 400;
