/** The staff console's catalogs, one chunk per locale, loaded only by operator elements. */
import { elementMessages } from '../index';
import type { StaffMessageKey } from './en';

export type { StaffMessageKey };

export const staffMessages = elementMessages<StaffMessageKey>({
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
});
