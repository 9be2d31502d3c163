/**
 * A word of the server's vocabulary (a status, a deadline's name) in the
 * page's language, or as the server wrote it when this build has no words
 * for it: a page pinned to an older build meets words a newer server added
 * (src/contract/common.ts `answerWord`), and shows them rather than a key.
 */
import type { Params } from '../../src/i18n/index';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';

type T = (key: TrackerMessageKey, params?: Params) => string;

export function vocabularyWord(t: T, list: 'status' | 'deadline', value: string): string {
  const key = `${list}.${value}` as TrackerMessageKey;
  const text = t(key);
  // the catalogs answer a key they do not have with the key itself
  return text === key ? value : text;
}
