/**
 * The consent banner as the studio's preview shows it: the real
 * `<uc-consent-banner>`, given the consent config the draft makes, whose
 * decision goes nowhere. The banner hands a decision to the page's stub
 * (which stores it and applies it to the page: Consent Mode, gated
 * elements, refused cookies cleared) or stores it itself, and queues its
 * proof for the server; a decision made in a preview is the admin trying the
 * banner, so it is only told, to say what was chosen.
 */
import { customElement } from 'lit/decorators.js';
import { ConsentSettings, type ConsentConfig } from '../../src/contract/consent';
import { consentRevisionText, servedConsent, withRevision } from '../../src/contract/consent-served';
import { LOCALES, type Locale } from '../../src/contract/common';
import type { ConsentContext } from '../../machines/consent.machine';
import { UcConsentBanner } from '../uc-consent-banner/uc-consent-banner';

/**
 * @summary The banner of the studio's preview: it stores, applies and sends nothing.
 * @fires uc-preview-decided - a choice was made; `detail` is how (accept_all, reject_all, custom)
 */
@customElement('uc-studio-consent-banner')
export class UcStudioConsentBanner extends UcConsentBanner {
  protected override commit(context: ConsentContext): void {
    this.dispatchEvent(new CustomEvent('uc-preview-decided', { detail: context.decided!.method }));
  }
}

/**
 * The consent config the draft's settings make, as the server would serve it
 * for `site` (revision included), or 'none' when the draft asks for no consent
 * and 'invalid' when its settings break the contract (the draft's problems
 * say where).
 */
export async function previewConsentConfig(
  site: string,
  consent: unknown,
  messages: unknown,
): Promise<ConsentConfig | 'none' | 'invalid'> {
  if (consent === undefined) return 'none';
  const settings = ConsentSettings.safeParse(consent);
  if (!settings.success) return 'invalid';
  const served = servedConsent(site, settings.data, siteMessages(messages));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(consentRevisionText(served)));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return withRevision(served, hex.slice(0, 16));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The public config's `messages`, strings only, by locale. */
function siteMessages(messages: unknown): Partial<Record<Locale, Record<string, string>>> | undefined {
  if (!isObject(messages)) return undefined;
  const out: Partial<Record<Locale, Record<string, string>>> = {};
  for (const locale of LOCALES) {
    const mine = messages[locale];
    if (isObject(mine))
      out[locale] = Object.fromEntries(
        Object.entries(mine).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
  }
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-consent-banner': UcStudioConsentBanner;
  }
}
