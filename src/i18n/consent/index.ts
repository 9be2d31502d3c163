/** The consent banner's catalogs, one chunk per locale, loaded only when the banner is shown. */
import type { Locale } from '../../contract/common';
import { fillMessage, type Params } from '../locale';
import type { ConsentCatalog, ConsentMessageKey } from './en';

export type { ConsentMessageKey };

const loaders: Record<Locale, () => Promise<{ default: ConsentCatalog }>> = {
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
};

/** The banner's messages in `locale`; the site's overrides (served with its consent config) win, as for every element. */
export async function consentMessages(
  locale: Locale,
  overrides: Record<string, string> = {},
): Promise<(key: ConsentMessageKey, params?: Params) => string> {
  const catalog = (await loaders[locale]()).default;
  return (key, params) => fillMessage(overrides[key] ?? catalog[key] ?? key, params);
}
