import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import type { Locale } from '../../src/contract/common';
import { resolveLocale } from '../../src/i18n/locale';

/**
 * What every usercare element has, runtime or not: its messages in the
 * locale the page asks for (the element's `lang`, then the page's, then the
 * config's, then the browser's). SiteElement builds on it for the
 * elements that work on a site's runtime; the consent banner, which must
 * not load that runtime, uses it alone.
 *
 * `T` is the element's message function (its own catalog's `t`).
 */
export abstract class UcElement<T> extends LitElement {
  /** The element's messages; undefined until its catalog has loaded. */
  @state() protected accessor t: T | undefined;

  /** The element's catalog in `locale`, with the site's overrides of its messages. */
  protected abstract loadMessages(locale: Locale, overrides?: Record<string, string>): Promise<T>;

  protected localeFor(configLocale?: Locale): Locale {
    return resolveLocale(this, configLocale);
  }
}
