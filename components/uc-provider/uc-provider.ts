import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { readInlineConfig } from '../../src/client/config-sources';
import type { Backend } from '../../src/client/backend';
import { loadRuntimeState, type Runtime, type RuntimeState } from '../../src/client/site-runtime';
import { runtimeContext } from '../../src/client/runtime-context';

/**
 * Gives the usercare elements inside it their own site: a second site on one
 * page, or one Storybook story. Without an `endpoint` the site runs on
 * LocalBackend (everything in IndexedDB).
 *
 * @summary A site runtime for the elements inside it.
 * @slot - The usercare elements (and anything else).
 */
@customElement('uc-provider')
export class UcProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The site id. */
  @property() accessor site: string | undefined;

  /** The backend's base URL. Absent: LocalBackend. */
  @property() accessor endpoint: string | undefined;

  /** A config patch, merged last (like `usercare.configure()`). */
  @property({ attribute: false }) accessor config: Record<string, unknown> | undefined;

  /** Any object that speaks the Backend interface, in place of the one the config implies (RestBackend or LocalBackend). */
  @property({ attribute: false }) accessor backend: Backend | undefined;

  private readonly provider = new ContextProvider(this, {
    context: runtimeContext,
    initialValue: { status: 'loading' } satisfies RuntimeState,
  });
  private runtime: Runtime | undefined;
  private generation = 0;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('site') || changed.has('endpoint') || changed.has('config') || changed.has('backend'))
      void this.resolve();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.runtime?.dispose();
    this.runtime = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.runtime) void this.resolve();
  }

  private async resolve(): Promise<void> {
    const mine = ++this.generation;
    const attributes: Record<string, unknown> = {};
    if (this.site) attributes.site = this.site;
    if (this.endpoint) attributes.endpoint = new URL(this.endpoint, location.href).href.replace(/\/+$/, '');
    const state = await loadRuntimeState(
      { inline: readInlineConfig(this), attributes, configured: this.config ? [this.config] : [] },
      '<uc-provider> config',
      this.backend,
    );
    if (mine !== this.generation) {
      if (state.status === 'ready') state.runtime.dispose();
      return;
    }
    this.runtime?.dispose();
    this.runtime = state.status === 'ready' ? state.runtime : undefined;
    this.provider.setValue(state);
  }

  override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-provider': UcProvider;
  }
}
