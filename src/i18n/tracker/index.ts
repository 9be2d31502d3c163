/** The tracker's catalogs, one chunk per locale, loaded only by <uc-complaint-tracker>. */
import { elementMessages } from '../index';
import type { TrackerMessageKey } from './en';

export type { TrackerMessageKey };

export const trackerMessages = elementMessages<TrackerMessageKey>({
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
});
