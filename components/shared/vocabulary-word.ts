/**
 * A word of the server's vocabulary (a status, a channel, a deadline's
 * name) in the page's language, or as the server wrote it when this build
 * has no words for it: a page pinned to an older build meets words a newer
 * server added (src/contract/common.ts `answerWord`), and shows them rather
 * than a key. For every element's catalog: the tracker's and the console's.
 */
import type { Params } from '../../src/i18n/index';

export function vocabularyWord<K extends string>(
  t: (key: K, params?: Params) => string,
  list: 'status' | 'deadline' | 'channel' | 'kind',
  value: string,
): string {
  const key = `${list}.${value}` as K;
  const text = t(key);
  // the catalogs answer a key they do not have with the key itself
  return text === key ? value : text;
}
