import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import type { Locale } from '../../src/contract/common';
import { resolveLocale } from '../../src/i18n/locale';
import { Sessions } from './sessions';

/**
 * What every usercare element has, runtime or not: its messages in the
 * locale the page asks for (the element's `lang`, then the page's, then the
 * config's, then the browser's), one session at a time (a restart first
 * undoes what the last one opened), and listeners on the page that live
 * exactly as long as the element is connected.
 *
 * `T` is the element's message function (its own catalog's `t`).
 */
export abstract class UcElement<T> extends LitElement {
  /** The element's messages; undefined until its catalog has loaded. */
  @state() protected accessor t: T | undefined;

  protected readonly sessions = new Sessions();
  private readonly connectedListeners: Array<() => void> = [];

  /** The element's catalog in `locale`, with the site's overrides of its messages. */
  protected abstract loadMessages(locale: Locale, overrides?: Record<string, string>): Promise<T>;

  protected localeFor(configLocale?: Locale): Locale {
    return resolveLocale(this, configLocale);
  }

  /**
   * Listens on a page-wide target (window, document) until the element is
   * disconnected. Call it from connectedCallback, after super.
   */
  protected listenWhileConnected(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.connectedListeners.push(() => target.removeEventListener(type, listener));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sessions.end();
    for (const remove of this.connectedListeners.splice(0)) remove();
  }
}
