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

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-consent-banner': UcStudioConsentBanner;
  }
}
