/** The studio's catalogs, one chunk per locale, loaded only by <uc-studio>. */
import { elementMessages } from '../index';
import type { StudioMessageKey } from './en';

export type { StudioMessageKey };

export const studioMessages = elementMessages<StudioMessageKey>({
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
});
