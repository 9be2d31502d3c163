/** The tracker's catalogs, one chunk per locale, loaded only by <uc-complaint-tracker>. */
import type { Locale } from '../../contract/common';
import { fillMessage, type Params } from '../index';
import type { TrackerCatalog, TrackerMessageKey } from './en';

export type { TrackerMessageKey };

const loaders: Record<Locale, () => Promise<{ default: TrackerCatalog }>> = {
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
};

/** The tracker's translate function; site overrides (config `messages`) win, as for every element. */
export async function trackerMessages(locale: Locale, overrides: Record<string, string> = {}): Promise<(key: TrackerMessageKey, params?: Params) => string> {
  const catalog = (await loaders[locale]()).default;
  return (key, params) => fillMessage(overrides[key] ?? catalog[key] ?? key, params);
}
