/**
 * The points widget as the studio's preview shows it: the real
 * `<uc-points-widget>`, told what the draft's points rules would show a
 * signed-in user who has no points yet. Its site runtime is the preview's
 * own: the backend answers from the draft (studio-points-backend.ts), the
 * sample user is signed in on an identity of its own (this page's stays as
 * it is), the device's copy is neither read nor kept, and a redemption is
 * refused before it is queued, so nothing is sent or stored.
 */
import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { BackendError } from '../../src/client/errors';
import { Identity } from '../../src/client/identity';
import { runtimeContext } from '../../src/client/runtime-context';
import { loadRuntimeState, type Runtime, type RuntimeState } from '../../src/client/site-runtime';
import type { Locale } from '../../src/contract/common';
import type { ResilientStore } from '../../src/storage/resilient-store';
import { previewPointsSummary } from './points-preview-summary';
import { StudioPointsBackend } from './studio-points-backend';
import '../uc-points-widget/uc-points-widget';

/** The sample user the preview signs in: a token only read for its `sub`, never sent. */
const SAMPLE_TOKEN = `${btoa('{"alg":"none"}')}.${btoa('{"sub":"studio-preview"}')}.`;

/**
 * @summary The points widget with the draft's rules, for a user with no points.
 */
@customElement('uc-studio-points-preview')
export class UcStudioPointsPreview extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  @property() accessor site = 'site';
  @property() accessor locale: Locale = 'zh-CN';
  /** The draft's public config (texts, look), without `site` and `endpoint`. */
  @property({ attribute: false }) accessor config: Record<string, unknown> = {};
  /** The draft's `settings.points` (undefined: the defaults). */
  @property({ attribute: false }) accessor points: unknown;
  /** What a redemption in the preview is told, in the studio's language (the admin reads it). */
  @property() accessor refusal = '';

  private readonly provider = new ContextProvider(this, {
    context: runtimeContext,
    initialValue: { status: 'loading' } satisfies RuntimeState,
  });
  private runtime: Runtime | undefined;
  private generation = 0;

  protected override willUpdate(changed: PropertyValues): void {
    if (['site', 'locale', 'config', 'points', 'refusal'].some((key) => changed.has(key))) void this.resolve();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.runtime) void this.resolve();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.runtime?.dispose();
    this.runtime = undefined;
  }

  /** A new runtime for every draft: the widget reads its account anew, as a page loaded now would. */
  private async resolve(): Promise<void> {
    const mine = ++this.generation;
    const summary = previewPointsSummary(this.points, new Date());
    // The studio shows the draft's problems instead (uc-studio-preview.ts): the last good rules stay.
    if (summary === 'invalid') return;
    const backend = new StudioPointsBackend(this.site, summary, this.refusal);
    const state = await loadRuntimeState(
      { inline: [], attributes: { site: this.site }, configured: [{ ...this.config, locale: this.locale }] },
      "the studio's points preview",
      backend,
    );
    if (mine !== this.generation) {
      if (state.status === 'ready') state.runtime.dispose();
      return;
    }
    this.runtime?.dispose();
    this.runtime = state.status === 'ready' ? state.runtime : undefined;
    this.provider.setValue(
      state.status === 'ready' ? { status: 'ready', runtime: previewRuntime(state.runtime, this.refusal) } : state,
    );
  }

  override render() {
    // Its own lang: the widget looks for the nearest one, and the preview's host's is across a shadow root.
    return html`<uc-points-widget lang=${this.locale}></uc-points-widget>`;
  }
}

/** The runtime with the sample user signed in, no device copy, and a redemption refused before the outbox keeps it. */
function previewRuntime(runtime: Runtime, refusal: string): Runtime {
  const identity = new Identity(runtime.store);
  identity.identify({ token: SAMPLE_TOKEN });
  const store = Object.assign(Object.create(runtime.store) as ResilientStore, {
    getCache: () => Promise.resolve(undefined),
    putCache: () => Promise.resolve(),
  });
  return {
    ...runtime,
    identity,
    store,
    outbox: () => Promise.reject(new BackendError('forbidden', refusal, 403)),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-points-preview': UcStudioPointsPreview;
  }
}
