/** The points widget's catalogs, one chunk per locale, loaded only by <uc-points-widget>. */
import { elementMessages } from '../index';
import type { PointsMessageKey } from './en';

export type { PointsMessageKey };

export const pointsMessages = elementMessages<PointsMessageKey>({
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
});
