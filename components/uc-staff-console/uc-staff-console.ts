import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { AlertNotice, type StaffMe } from '../../src/contract/staff';
import { startedUnheard, type LiveEvent } from '../../src/client/live-stream';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { tokens } from '../shared/base.styles';
import { staffTokens } from '../shared/staff.styles';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { consoleStyles } from './uc-staff-console.styles';
import { routeOf, routeOfSearch, type ConsoleRoute } from './console-route';
import { hashOfView, viewOfQuery } from './queue-view';
import type { QueueView } from '../../src/contract/staff-views';
import type { UcQueueViewEvent } from '../shared/events';
import './uc-staff-queue';
import './uc-staff-complaint';
import './uc-staff-audit';
import './uc-staff-canned';
import './uc-staff-feedback';
import './uc-staff-outages';
import './uc-staff-intake';
import './uc-staff-search';
import { concerns } from './uc-staff-alerts';
import type { UcStaffQueue } from './uc-staff-queue';

/** Keys that act while focus is in a field would eat what the person types. */
const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The staff console: every duty of the site's service staff in the host's
 * back office, composed of smaller elements (the queue, one complaint, the
 * triage of feedback, outages, logging a complaint received by phone, post
 * or in person, the deadline alerts) that also work alone. Routes live in
 * the address (`#/queue`, `#/complaints/<id>`, `#/feedback/<id>`, `#/audit`,
 * `#/canned`, `#/outages`, `#/intake`, `#/alerts`, `#/search?q=…`), so
 * colleagues can share a link; the queue's view (filters, order, columns) is
 * in its address too (`#/queue?status=…&sort=…&cols=…`), while `#/queue`
 * alone opens the person's default saved view. The header's search box
 * finds submissions by tracking number, contact or words
 * (`<uc-staff-search>` lists them). The header counts the open deadline alerts of the person signed in
 * (theirs and the unassigned) and says each new one as it comes over the
 * staff stream. The host's back office signs the staff member in with
 * `usercare.identifyStaff({ token })`; what the server lets them do decides
 * what is offered.
 *
 * Keys: j / k next and previous row, Enter opens, r reply, n note, a assign to
 * me, / search, f filter, Esc back, ? lists the keys.
 *
 * @summary The staff console: queue, complaint view, feedback triage, outages, audit log.
 *
 * @event uc-auth-required - The staff sign-in expired or was refused: sign the staff member in again.
 *
 * @csspart base - The frame around everything.
 * @csspart header - Who is signed in, and the sections.
 * @csspart nav - The sections.
 * @csspart search - The search box.
 * @csspart keys - The list of keys.
 * @csspart notice - Sign-in notices.
 * @csspart alerts - The open deadline alerts' count, in the sections.
 * @csspart announcement - The latest deadline alert, as it comes.
 */
@customElement('uc-staff-console')
export class UcStaffConsole extends StaffElement {
  static override styles = [tokens, staffTokens, consoleStyles];

  /** Where the back office has its page with `<uc-studio>`: the nav links there for a person who may configure the site. */
  @property({ attribute: 'studio-href' }) accessor studioHref: string | undefined;

  @state() private accessor route: ConsoleRoute = routeOf(location.hash);
  /** The queue's view from the address, read once per address (the queue keeps it in there as it changes). */
  private queueView: QueueView | undefined = this.viewOfRoute();
  /** Where "Queue" and Esc go back to: the queue as last shown, or `#/queue` (the person's default view). */
  @state() private accessor queueHash = this.route.name === 'queue' && this.route.view ? location.hash : '#/queue';
  @state() private accessor keysOpen = false;
  /** open deadline alerts of the person signed in; undefined until known */
  @state() private accessor openAlerts: number | undefined;
  /** the latest alert that concerns them, said as it comes */
  @state() private accessor announcement: AlertNotice | undefined;

  private readonly onHash = () => {
    this.route = routeOf(location.hash);
    this.queueView = this.viewOfRoute();
    if (this.route.name === 'queue' && this.route.view) this.queueHash = location.hash;
    // The view that had focus is gone: focus goes to the new one's heading, so keys and screen readers follow.
    void this.updateComplete.then(() => setTimeout(() => this.focusView(), 0));
  };

  private viewOfRoute(): QueueView | undefined {
    return this.route.name === 'queue' && this.route.view !== undefined ? viewOfQuery(this.route.view) : undefined;
  }

  /** The queue shows another view: the address says it (replaced, not a new history entry, and no hashchange). */
  private readonly onQueueView = (event: UcQueueViewEvent) => {
    const hash = hashOfView(event.detail.view);
    this.queueHash = hash;
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  };

  private focusView(): void {
    const view = this.renderRoot.querySelector('.view')?.firstElementChild;
    const heading = view?.shadowRoot?.querySelector<HTMLElement>('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }
  private readonly onKey = (event: KeyboardEvent) => this.key(event);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    document.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    document.removeEventListener('keydown', this.onKey);
  }

  /** The console reads the open alerts' count (its sections read the rest) and follows it over the staff stream. */
  protected begin(staff: StaffRuntime, me: StaffMe, ticket: number): void {
    this.openAlerts = undefined;
    this.announcement = undefined;
    const count = () =>
      staff.api.alerts({ limit: '1' }).then(
        (page) => {
          if (this.sessions.current(ticket)) this.openAlerts = page.open;
        },
        () => {}, // the count stays as it was; the alerts view says what went wrong
      );
    void count();
    const heard = (event: LiveEvent) => {
      if (startedUnheard(event)) return void count();
      if (!concerns(event, me)) return;
      if (event.topic === 'alert.raised') this.announcement = AlertNotice.parse(event.data);
      void count();
    };
    this.sessions.add(
      staff.listen({ 'alert.raised': heard, 'alert.dismissed': heard, ready: heard }, () => staff.identity.expire()),
    );
  }

  /**
   * Keys act when focus is in the console, or nowhere (on the page's body, as after a view was replaced):
   * never while the host page's own controls have it.
   */
  private key(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const path = event.composedPath();
    if (!path.includes(this) && document.activeElement && document.activeElement !== document.body) return;
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && (TYPING.has(target.tagName) || target.isContentEditable)) {
      if (event.key === 'Escape') (target as HTMLElement).blur();
      return;
    }
    const queue = this.renderRoot.querySelector<UcStaffQueue>('uc-staff-queue');
    const view = this.renderRoot.querySelector<HTMLElement & { shortcut?(key: string): boolean }>(
      'uc-staff-complaint, uc-staff-feedback',
    );
    const handled = (() => {
      switch (event.key) {
        case 'j':
          queue?.move(1);
          return Boolean(queue);
        case 'k':
          queue?.move(-1);
          return Boolean(queue);
        case '/':
          this.focusSearch();
          return true;
        case 'f':
          queue?.focusFilters();
          return Boolean(queue);
        case '?':
          this.keysOpen = !this.keysOpen;
          return true;
        case 'Escape':
          if (this.keysOpen) this.keysOpen = false;
          else if (this.route.name !== 'queue') location.hash = this.queueHash;
          else return false;
          return true;
        default:
          return view?.shortcut?.(event.key) ?? false;
      }
    })();
    if (handled) event.preventDefault();
  }

  private focusSearch(): void {
    const box = this.renderRoot.querySelector<HTMLInputElement>('#search-box');
    box?.focus();
    box?.select();
  }

  /** A search goes into the address, so the results are a route like any other (back, a shared link). */
  private search(event: SubmitEvent): void {
    event.preventDefault();
    const box = this.renderRoot.querySelector<HTMLInputElement>('#search-box');
    const q = box?.value.trim() ?? '';
    if (q) location.hash = routeOfSearch(q);
  }

  protected renderReady(t: StaffT, _i18n: unknown, _staff: StaffRuntime, me: StaffMe): TemplateResult {
    const roles = me.roles.map((r) => t(`role.${r}` as StaffMessageKey)).join(', ');
    return html`<div part="base">
      <header part="header">
        <h1>${t('console.title')}</h1>
        <p class="who">${t('console.signedInAs', { name: shownName(me.name), roles })}</p>
        <form part="search" role="search" @submit=${(e: SubmitEvent) => this.search(e)}>
          <label for="search-box">${t('search.label')}</label>
          <input
            id="search-box"
            type="search"
            name="q"
            maxlength="200"
            autocomplete="off"
            placeholder=${t('search.placeholder')}
            aria-keyshortcuts="/"
            .value=${this.route.name === 'search' ? this.route.q : ''}
          />
          <button type="submit">${t('search.submit')}</button>
        </form>
        <nav part="nav" aria-label=${t('console.nav')}>
          <a href=${this.queueHash} aria-current=${this.route.name === 'queue' ? 'page' : 'false'}>${t('console.queue')}</a>
          <a href="#/outages" aria-current=${this.route.name === 'outages' ? 'page' : 'false'}>${t('console.outages')}</a>
          <a part="alerts" href="#/alerts" aria-current=${this.route.name === 'alerts' ? 'page' : 'false'}
            >${this.openAlerts ? t('console.alertsOpen', { count: this.openAlerts }) : t('console.alerts')}</a
          >
          ${
            this.can('work')
              ? html`<a href="#/intake" aria-current=${this.route.name === 'intake' ? 'page' : 'false'}>${t('console.intake')}</a>`
              : nothing
          }
          ${
            this.can('audit')
              ? html`<a href="#/audit" aria-current=${this.route.name === 'audit' ? 'page' : 'false'}>${t('console.audit')}</a>`
              : nothing
          }
          ${
            this.can('canned')
              ? html`<a href="#/canned" aria-current=${this.route.name === 'canned' ? 'page' : 'false'}>${t('console.canned')}</a>`
              : nothing
          }
          ${
            this.can('configure') && this.studioHref
              ? html`<a href=${this.studioHref}>${t('console.studio')}</a>`
              : nothing
          }
          <button type="button" aria-expanded=${this.keysOpen ? 'true' : 'false'} aria-controls="keys" @click=${() => (this.keysOpen = !this.keysOpen)}>
            ${t('console.keys')}
          </button>
        </nav>
      </header>
      <p part="announcement" role="status">${this.renderAnnouncement(t)}</p>
      ${this.keysOpen ? html`<p part="keys" id="keys" role="note">${t('console.keysHelp')}</p>` : nothing}
      ${this.expired ? html`<p part="notice" role="alert">${t('console.expired')}</p>` : nothing}
      <div class="view">${this.renderRoute()}</div>
    </div>`;
  }

  /** The latest alert that concerns the person signed in, opening its complaint; nothing until one comes. */
  private renderAnnouncement(t: StaffT): TemplateResult | typeof nothing {
    const notice = this.announcement;
    if (!notice) return nothing;
    const words = t(`alerts.announce.${notice.kind}` as StaffMessageKey, {
      number: notice.trackingNumber,
      deadline: t(`deadline.${notice.deadline}` as StaffMessageKey),
    });
    return html`<a href="#/complaints/${notice.complaintId}">${words}</a>`;
  }

  private renderRoute(): TemplateResult {
    const route = this.route;
    if (route.name === 'search') return html`<uc-staff-search .query=${route.q}></uc-staff-search>`;
    if (route.name === 'intake') return html`<uc-staff-intake></uc-staff-intake>`;
    if (route.name === 'alerts') return html`<uc-staff-alerts></uc-staff-alerts>`;
    if (route.name === 'complaint') return html`<uc-staff-complaint complaint-id=${route.id}></uc-staff-complaint>`;
    if (route.name === 'feedback') return html`<uc-staff-feedback feedback-id=${route.id}></uc-staff-feedback>`;
    if (route.name === 'outages') return html`<uc-staff-outages></uc-staff-outages>`;
    if (route.name === 'audit') return html`<uc-staff-audit></uc-staff-audit>`;
    if (route.name === 'canned') return html`<uc-staff-canned></uc-staff-canned>`;
    return html`<uc-staff-queue .view=${this.queueView} @uc-queue-view=${this.onQueueView}></uc-staff-queue>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-console': UcStaffConsole;
  }
}
