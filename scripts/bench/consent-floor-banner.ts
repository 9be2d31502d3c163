/**
 * The floor of section f: the least a consent banner written the way the
 * product's elements must be (Lit, driven by an XState machine) can cost.
 * Built by scripts/bench/consent-banner.ts into one file of its own and put
 * behind the real loader in place of the real banner.
 *
 * It shows the same first layer (title, text, three equal buttons in the
 * banner's own styles) at once: no config to wait for, no catalog, no
 * dialog, no age question, no proof. What the real banner costs above it is
 * usercare's code; what it costs above vanilla-cookieconsent is the stack's.
 */
import { html, LitElement } from 'lit';
import { createActor, createMachine } from 'xstate';
import { consentBannerStyles } from '../../components/uc-consent-banner/uc-consent-banner.styles';

const machine = createMachine({
  id: 'consent-floor',
  initial: 'banner',
  states: {
    banner: { on: { accept_all: 'hidden', reject_all: 'hidden', customise: 'preferences' } },
    preferences: { on: { close: 'banner' } },
    hidden: {},
  },
});

class ConsentFloorBanner extends LitElement {
  static override styles = consentBannerStyles;
  private readonly actor = createActor(machine);

  override connectedCallback(): void {
    super.connectedCallback();
    this.actor.subscribe(() => this.requestUpdate());
    this.actor.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.actor.stop();
  }

  override render() {
    if (!this.actor.getSnapshot().matches('banner')) return html``;
    const send = (type: 'accept_all' | 'reject_all' | 'customise') => () => this.actor.send({ type });
    return html`<section part="banner base" role="region" aria-labelledby="uc-consent-title" tabindex="-1">
      <h2 id="uc-consent-title">We respect your privacy</h2>
      <p>
        We use cookies and similar technologies for the purposes below. Strictly necessary ones keep the site working; the others need your consent, which
        you can withdraw at any time in Privacy settings.
      </p>
      <div class="actions">
        <button part="button" @click=${send('accept_all')}>Accept all</button>
        <button part="button" @click=${send('reject_all')}>Reject all</button>
        <button part="button" @click=${send('customise')}>Customise</button>
      </div>
    </section>`;
  }
}

customElements.define('uc-consent-banner', ConsentFloorBanner);
