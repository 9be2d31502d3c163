import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { StaffMe } from '../../src/contract/staff';
import {
  SEARCH_QUERY_MAX,
  type SearchMode,
  type SearchResult,
  type SearchSegment,
} from '../../src/contract/staff-search';
import { cannotReachServer } from '../../src/client/cached-load';
import { BackendError } from '../../src/client/errors';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { tokens } from '../shared/base.styles';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { routeOfItem } from './console-route';
import { searchStyles } from './uc-staff-search.styles';
import { vocabularyWord } from '../shared/vocabulary-word';

/**
 * A snippet as Lit text: the matched parts inside `<mark>`, every part a
 * text binding (the server sends segments as data, so nothing a user wrote
 * is ever parsed as markup).
 */
export const snippetView = (segments: readonly SearchSegment[]) =>
  segments.map((s) => (s.mark ? html`<mark>${s.text}</mark>` : s.text));

/**
 * Staff search results: the site's submissions found by a tracking number,
 * an e-mail address or phone number (exact; the server records each such
 * search in the audit log) or words of their text, Chinese included, best
 * first, each with its status, kind, when it came, its next deadline, its
 * contact masked and the words it matched marked, opening its complaint
 * (`#/complaints/<id>`) or feedback (`#/feedback/<id>`). More come by
 * cursor on request. The console's header holds the search box and routes
 * `#/search?q=…` here; alone, set `query`.
 *
 * @summary Staff search results, with what matched marked.
 *
 * @csspart base - The frame around everything.
 * @csspart results - The list of results.
 * @csspart result - One result.
 * @csspart snippet - A result's text around what matched, the matches in `<mark>`.
 * @csspart error - A problem with the search.
 */
@customElement('uc-staff-search')
export class UcStaffSearch extends StaffElement {
  static override styles = [tokens, staffTokens, searchStyles];

  /** What to search for: a tracking number, an e-mail address, a phone number, or words. */
  @property() accessor query = '';

  @state() private accessor items: SearchResult[] = [];
  @state() private accessor mode: SearchMode | undefined;
  @state() private accessor next: string | null = null;
  @state() private accessor loading = false;
  @state() private accessor error: Error | undefined;
  /** the running session's, for what the person asks for later (more, try again) */
  private ticket = -1;
  /** the search in flight, aborted when another starts */
  private inFlight: AbortController | undefined;

  protected begin(staff: StaffRuntime, _me: StaffMe, ticket: number): void {
    this.ticket = ticket;
    this.sessions.add(() => this.inFlight?.abort());
    void this.load(staff, ticket);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('query') && changed.get('query') !== undefined && this.staff && this.me)
      void this.load(this.staff, this.ticket);
  }

  /** The first page of `query` (`more`: the next one after what is shown). */
  private async load(staff: StaffRuntime, ticket: number, more = false): Promise<void> {
    this.inFlight?.abort();
    const q = this.query.trim();
    if (!more) {
      this.items = [];
      this.next = null;
      this.mode = undefined;
    }
    this.error = undefined;
    if (!q) {
      this.loading = false;
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    this.loading = true;
    try {
      const page = await staff.api.search(
        { q, ...(more && this.next ? { cursor: this.next } : {}) },
        controller.signal,
      );
      if (!this.sessions.current(ticket) || controller.signal.aborted) return;
      const before = more ? this.items.length : 0;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.mode = page.mode;
      this.next = page.nextCursor;
      // The button may go with the last page: focus moves to the first new result, where reading goes on.
      if (more && page.items.length)
        void this.updateComplete.then(() =>
          this.renderRoot.querySelector<HTMLElement>(`[part~='result']:nth-child(${before + 1}) a`)?.focus(),
        );
    } catch (error) {
      if (this.sessions.current(ticket) && !controller.signal.aborted)
        this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        this.loading = false;
      }
    }
  }

  /** What went wrong, in the staff member's words where the server named it. */
  private problem(t: StaffT, error: Error): string {
    if (cannotReachServer(error)) return t('queue.unreachable');
    const field = error instanceof BackendError ? error.fields?.find((f) => f.path === 'q') : undefined;
    if (field?.code === 'too_long') return t('search.tooLong', { max: SEARCH_QUERY_MAX });
    if (field?.code === 'no_words' || field?.code === 'required') return t('search.noWords');
    return t('search.failed', { message: error.message });
  }

  protected renderReady(t: StaffT, i18n: Translator, staff: StaffRuntime): TemplateResult {
    const q = this.query.trim();
    return html`<section part="base" aria-labelledby="search-title">
      <h2 id="search-title">${q ? t('search.titleFor', { query: q }) : t('search.title')}</h2>
      ${
        this.error
          ? html`<div part="error" role="alert">
            <p>${this.problem(t, this.error)}</p>
            <button type="button" @click=${() => void this.load(staff, this.ticket)}>${t('search.retry')}</button>
          </div>`
          : nothing
      }
      <p role="status">${this.renderStatus(t, q)}</p>
      ${this.items.length ? this.renderResults(t, i18n) : nothing}
      ${
        this.next
          ? html`<button type="button" class="more" ?disabled=${this.loading} @click=${() => void this.load(staff, this.ticket, true)}>
            ${t('search.more')}
          </button>`
          : nothing
      }
    </section>`;
  }

  private renderStatus(t: StaffT, q: string): string {
    if (!q) return t('search.prompt');
    if (this.loading && !this.items.length) return t('search.loading');
    if (this.error) return '';
    if (!this.items.length) return this.mode ? t('search.empty', { query: q }) : '';
    const count = t(this.next ? 'search.countMore' : 'search.count', { count: this.items.length });
    return this.mode ? `${count} · ${t(`search.by.${this.mode}` as StaffMessageKey)}` : count;
  }

  private renderResults(t: StaffT, i18n: Translator): TemplateResult {
    return html`<ol part="results" aria-label=${t('search.results')}>
      ${repeat(
        this.items,
        (item) => item.id,
        (item) => html`<li part="result">
          <p class="head">
            <a href=${routeOfItem(item)}>${item.trackingNumber}</a>
            <span class="kind">${vocabularyWord(t, 'kind', item.kind)}</span>
            <span class="status">${vocabularyWord(t, 'status', item.status)}</span>
          </p>
          ${item.snippet.length ? html`<p part="snippet" class="snippet">${snippetView(item.snippet)}</p>` : nothing}
          <p class="meta">
            <span>${t('search.received', { time: i18n.dateTime(item.receivedAt) })}</span>
            ${item.nextDue ? html`<span>${t('search.due', { time: i18n.dateTime(item.nextDue) })}</span>` : nothing}
            ${item.contact ? html`<span>${t('search.contact', { contact: item.contact })}</span>` : nothing}
          </p>
        </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-search': UcStaffSearch;
  }
}
