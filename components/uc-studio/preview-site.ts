/**
 * What the studio's previews of the points widget and the tracker share: a
 * site of their own, provided to the real element inside, made anew for
 * each draft on the preview's backend and run on a preview runtime
 * (preview-runtime.ts), so the element reads what a page loaded now would
 * and reaches no server.
 */
import { ContextProvider } from '@lit/context';
import { LitElement, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Backend } from '../../src/client/backend';
import { runtimeContext } from '../../src/client/runtime-context';
import { loadRuntimeState, type Runtime, type RuntimeState } from '../../src/client/site-runtime';
import type { Locale } from '../../src/contract/common';
import { previewRuntime } from './preview-runtime';

export abstract class PreviewSite extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  @property() accessor site = 'site';
  @property() accessor locale: Locale = 'zh-CN';
  /** The draft's public config (texts, look, forms), without `site` and `endpoint`. */
  @property({ attribute: false }) accessor config: Record<string, unknown> = {};
  /** What a write in the preview is told, in the studio's language (the admin reads it). */
  @property() accessor refusal = '';

  /** Names the preview in the one console message a bad config gets. */
  protected abstract readonly where: string;
  /** The preview's own properties that also make it anew. */
  protected readonly drafted: readonly string[] = [];

  /** The backend for the draft as it is now; undefined keeps the last one shown. */
  protected abstract backend(): Backend | undefined;

  private readonly provider = new ContextProvider(this, {
    context: runtimeContext,
    initialValue: { status: 'loading' } satisfies RuntimeState,
  });
  private runtime: Runtime | undefined;
  private generation = 0;
  /** What the shown runtime was made from, as text. */
  private madeFrom = '';

  /**
   * A new runtime only for a draft that says something else: the studio
   * hands the same draft over again as new objects on many a render (a
   * save, a check), and a new runtime starts the element over, dropping
   * what the admin opened or typed in it.
   */
  protected override willUpdate(changed: PropertyValues): void {
    if (!['site', 'locale', 'config', 'refusal', ...this.drafted].some((key) => changed.has(key))) return;
    const drafted = this.drafted.map((key) => (this as unknown as Record<string, unknown>)[key]);
    const madeFrom = JSON.stringify([this.site, this.locale, this.config, this.refusal, drafted]);
    if (madeFrom === this.madeFrom) return;
    this.madeFrom = madeFrom;
    void this.resolve();
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

  private async resolve(): Promise<void> {
    const mine = ++this.generation;
    const backend = this.backend();
    if (!backend) return;
    const state = await loadRuntimeState(
      { inline: [], attributes: { site: this.site }, configured: [{ ...this.config, locale: this.locale }] },
      this.where,
      backend,
    );
    // A later draft may have been made first: only the latest is shown.
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
}
