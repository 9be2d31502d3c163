/**
 * The studio's Snippet section: the exact lines a site pastes into its pages
 * (GET /v1/staff/config/snippet), pinned to the server's current build and
 * checked by the browser with integrity hashes, each block read-only with a
 * copy button, and what a page with a Content-Security-Policy needs.
 *
 * Mounted in uc-studio.ts's editor as `${snippetSection(st, this.staff)}`.
 * The tags are the server's (its build, its public address), fetched once
 * when the section first shows; they never depend on the draft.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ConfigSnippet, type SnippetTags } from '../../src/contract/staff-config-snippet';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import type { StudioT } from './studio-view';

/** The blocks in the order a site owner pastes them, with their headings. */
const BLOCKS: ReadonlyArray<[keyof SnippetTags, StudioMessageKey]> = [
  ['loader', 'snippet.loader'],
  ['feedbackForm', 'snippet.feedbackForm'],
  ['complaintTracker', 'snippet.complaintTracker'],
  ['pointsWidget', 'snippet.pointsWidget'],
  ['consentBanner', 'snippet.consentBanner'],
];

export function snippetSection(st: StudioT, staff: StaffRuntime | undefined): TemplateResult {
  return html`<uc-studio-snippet .st=${st} .staff=${staff}></uc-studio-snippet>`;
}

/**
 * Renders into the studio's own tree (no shadow root of its own), so the studio's styles for sections,
 * textareas and buttons apply as to its other sections.
 */
@customElement('uc-studio-snippet')
export class UcStudioSnippet extends LitElement {
  @property({ attribute: false }) st?: StudioT;
  @property({ attribute: false }) staff?: StaffRuntime;
  @state() private snippet: ConfigSnippet | { failed: string } | undefined;
  /** What the last copy said, by block. */
  @state() private copied: Partial<Record<keyof SnippetTags, 'done' | 'failed'>> = {};
  private asked = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(): void {
    if (this.asked || !this.staff) return;
    this.asked = true;
    void this.load(this.staff);
  }

  private async load(staff: StaffRuntime): Promise<void> {
    const token = staff.identity.currentToken();
    try {
      this.snippet = await staff.api.rest.request(
        'GET',
        `/v1/staff/config/snippet?${new URLSearchParams({ site: staff.site })}`,
        ConfigSnippet,
        undefined,
        token ? { token } : {},
      );
    } catch (error) {
      this.snippet = { failed: (error as Error).message };
    }
  }

  /** The clipboard when the browser allows it (a secure page, a permission); otherwise the text selected, to copy by hand. */
  private async copy(block: keyof SnippetTags, text: string, event: Event): Promise<void> {
    const area = (event.target as HTMLElement).closest('div')?.querySelector('textarea');
    let outcome: 'done' | 'failed';
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      outcome = 'done';
    } catch {
      area?.focus();
      area?.select();
      outcome = 'failed';
    }
    this.copied = { ...this.copied, [block]: outcome };
  }

  protected override render(): TemplateResult {
    const st = this.st;
    if (!st) return html``;
    const snippet = this.snippet;
    return html`<section aria-labelledby="snippet-title">
      <h2 id="snippet-title">${st('snippet.title')}</h2>
      ${
        !snippet
          ? html`<p role="status" aria-busy="true">${st('snippet.loading')}</p>`
          : 'failed' in snippet
            ? html`<p role="alert">${st('snippet.failed', { message: snippet.failed })}</p>`
            : this.renderTags(st, snippet)
      }
    </section>`;
  }

  private renderTags(st: StudioT, snippet: ConfigSnippet): TemplateResult {
    return html`<p class="help">${st('snippet.help', { buildId: snippet.buildId })}</p>
      ${BLOCKS.map(([block, heading]) => {
        const text = snippet.tags[block].join('\n');
        const outcome = this.copied[block];
        return html`<div class="snippet-block">
          <label for="snippet-${block}">${st(heading)}</label>
          <textarea
            id="snippet-${block}"
            readonly
            spellcheck="false"
            rows=${Math.min(6, snippet.tags[block].length + 1)}
            .value=${text}
          ></textarea>
          <button type="button" @click=${(e: Event) => void this.copy(block, text, e)}>
            ${st('snippet.copy', { what: st(heading) })}
          </button>
          <span role="status"
            >${outcome ? st(outcome === 'done' ? 'snippet.copied' : 'snippet.copyFailed') : nothing}</span
          >
        </div>`;
      })}
      <p class="help">
        ${st('snippet.csp', { endpoint: new URL(snippet.base).origin, hash: snippet.importMapHash })}
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-snippet': UcStudioSnippet;
  }
}
