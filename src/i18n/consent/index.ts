/** The consent banner's catalogs, one chunk per locale, loaded only when the banner is shown. */
import type { Locale } from '../../contract/common';
import { fillMessage, type Params } from '../locale';
import type { ConsentCatalog, ConsentMessageKey } from './en';

export type { ConsentMessageKey };

const loaders: Record<Locale, () => Promise<{ default: ConsentCatalog }>> = {
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
};

export async function consentMessages(locale: Locale): Promise<(key: ConsentMessageKey, params?: Params) => string> {
  const catalog = (await loaders[locale]()).default;
  return (key, params) => fillMessage(catalog[key] ?? key, params);
}
