import '@lit-labs/virtualizer';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { SiteConfig } from '../../src/config/schema';
import { CHANNELS, KINDS, SUBMISSION_STATUSES, type SubmissionStatus } from '../../src/contract/common';
import type { QueueItem, StaffMe } from '../../src/contract/staff';
import {
  QUEUE_COLUMNS,
  QUEUE_SORTS,
  type QueueColumn,
  type QueueSort,
  type QueueView,
  type ViewFilters,
} from '../../src/contract/staff-views';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { staffQueueMachine, type QueueFilters, type StaffQueueMachine } from '../../machines/staff-queue.machine';
import { ActorController } from '../shared/actor-controller';
import { tokens } from '../shared/base.styles';
import { staffTokens } from '../shared/staff.styles';
import { cannotReachServer } from '../../src/client/cached-load';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { liveDeadline } from './live-deadline';
import { livePresence } from './live-presence';
import { routeOfItem } from './console-route';
import { UcQueueViewEvent } from '../shared/events';
import { normalView, PLAIN_VIEW, queryOfView, sameView, viewOfQuery } from './queue-view';
import { QueueSavedViews } from './queue-saved-views';
import { queueStyles } from './uc-staff-queue.styles';
import { vocabularyWord } from '../shared/vocabulary-word';

/** Rows asked for first: a screenful and more, so the first paint needs one request. */
const PAGE = 50;
/** Rows asked for each page after: fewer requests for someone scrolling far (the server's most). */
const MORE = 200;
/** How close to the end of what is loaded the next page is asked for. */
const AHEAD = 15;
/** Given, not left to the virtualiser's default: that one loads its layout with import() on first paint. */
const LAYOUT = flow();

/**
 * The staff queue: complaints of every channel and feedback of every kind,
 * soonest deadline first, each row with every running deadline counting down
 * live, "due soon" and "overdue" in words and colour, and who works it.
 * Filters by status, kind, category, channel, assignee and deadline; pages
 * come from the server by cursor as the list scrolls (a virtualised list, so
 * thousands of rows stay fast); changes made anywhere appear without a
 * reload over the staff stream, and so does who else is viewing a row's
 * complaint or typing a reply on it. j and k move between rows, Enter opens one.
 * In order of next deadline (the default) or of receipt, newest or oldest
 * first; columns can be shown or hidden. Each staff member saves views
 * (filters, order, columns) on the server, so they follow them to a reload
 * or another device, and one of them may be the view the queue opens with.
 *
 * @summary The staff queue, by next deadline or receipt, live, with saved views.
 *
 * @event uc-queue-view - The person changed what the queue shows (`detail.view`); the console keeps it in its address.
 *
 * @csspart base - The frame around everything.
 * @csspart views - The saved views: the picker, save, delete, and the columns shown.
 * @csspart filters - The filter bar.
 * @csspart list - The rows.
 * @csspart row - One complaint or feedback.
 * @csspart deadline - A deadline in words.
 * @csspart status - A status badge.
 * @csspart notice - Loading and empty notices.
 * @csspart error - A problem loading.
 */
@customElement('uc-staff-queue')
export class UcStaffQueue extends StaffElement {
  static override styles = [tokens, staffTokens, queueStyles];

  /** The filters the queue starts with, as query parameters, those a saved view takes (`view` goes first). */
  @property({ attribute: false }) accessor filters: QueueFilters = {};
  /**
   * The view the queue shows (the console reads it from its address); without one, the signed-in person's
   * default view, else every row by next deadline. Setting another one later shows it.
   */
  @property({ attribute: false }) accessor view: QueueView | undefined;

  /** what the queue shows now: its filters, order and columns */
  @state() private accessor shown: QueueView = PLAIN_VIEW;
  /** the person changed the view themselves: their default, read late, does not replace it */
  private touched = false;
  private readonly saved = new QueueSavedViews(
    this,
    () => this.shown,
    (view) => {
      this.touched = true;
      this.show(view);
    },
    (column, on) => this.setColumn(column, on),
  );

  @state() private accessor config: SiteConfig | undefined;
  /** the row keyboard moves are counted from */
  @state() private accessor active = 0;

  private readonly machine = new ActorController<StaffQueueMachine>(this);
  /**
   * The list's row renderer, made again only when the texts change: a new
   * function makes the virtualiser lay out every row again. The countdowns
   * move by themselves (liveDeadline), so nothing re-renders the list each second.
   */
  private rowRenderer:
    { t: StaffT; i18n: Translator; render: (item: QueueItem, index: number) => TemplateResult } | undefined;

  protected begin(staff: StaffRuntime, _me: StaffMe, ticket: number): void {
    void staff.config().then((config) => {
      if (this.sessions.current(ticket)) this.config = config;
    });
    const given = this.view ?? (Object.values(this.filters).some(Boolean) ? this.viewOfFilters() : undefined);
    this.shown = given ? normalView(given) : PLAIN_VIEW;
    this.saved.reset();
    this.touched = false;
    // Read beside the first page, not before it: without a default view the queue waits for nothing.
    void this.saved
      .load(staff.api, () => this.sessions.current(ticket))
      .then((preferred) => {
        if (!given && !this.touched && preferred && !sameView(preferred.view, this.shown)) this.show(preferred.view);
      });
    const machine = staffQueueMachine.provide({
      actors: {
        loadFirst: fromPromise(({ input, signal }) =>
          staff.api.queue({ ...input.filters, limit: String(PAGE) }, signal),
        ),
        loadMore: fromPromise(({ input, signal }) =>
          staff.api.queue({ ...input.filters, cursor: input.cursor, limit: String(MORE) }, signal),
        ),
      },
    });
    this.machine.start(createActor(machine, { input: { filters: queryOfView(this.shown) } }));
    this.sessions.add(
      () => this.machine.stop(),
      staff.listen({ 'queue.changed': () => this.machine.send({ type: 'changed' }) }, () => staff.identity.expire()),
    );
  }

  /** Moves the keyboard's row by `step` and focuses it (j / k); Enter on it opens it. */
  move(step: number): void {
    const items = this.machine.snapshot?.context.items ?? [];
    if (!items.length) return;
    // From outside the list, the first key goes to the row the list left off at; after that, rows move.
    const inList = this.renderRoot.querySelector(`[data-index="${this.active}"]`) === this.shadowRoot?.activeElement;
    if (inList) this.active = Math.max(0, Math.min(items.length - 1, this.active + step));
    const list = this.renderRoot.querySelector<LitVirtualizer>('lit-virtualizer');
    list?.element(this.active)?.scrollIntoView({ block: 'nearest' });
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-index="${this.active}"]`)?.focus(),
    );
  }

  /** Puts focus on the first filter (/). */
  focusFilters(): void {
    this.renderRoot.querySelector<HTMLSelectElement>('.filters select')?.focus();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A view given later (a link followed while the queue is open) is shown; before the session starts, begin() reads it.
    if (changed.has('view') && this.view && this.machine.snapshot && !sameView(this.view, this.shown))
      this.show(this.view, false);
  }

  /** The `filters` property as a view (its values checked as the address's are). */
  private viewOfFilters(): QueueView {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(this.filters)) if (value) params.set(name, value);
    return viewOfQuery(params);
  }

  /** Shows `view`: the rows are read again only when its filters or order differ; columns alone change nothing. */
  private show(view: QueueView, announce = true): void {
    const next = normalView(view);
    const query = queryOfView(next);
    const before = this.machine.snapshot?.context.filters;
    this.shown = next;
    if (JSON.stringify(query) !== JSON.stringify(before ?? {})) {
      this.active = 0;
      this.machine.send({ type: 'filter', filters: query });
    }
    if (announce) this.dispatchEvent(new UcQueueViewEvent({ view: next }));
  }

  /** The person changed one thing: a filter, the order or a column. */
  private change(view: QueueView): void {
    this.touched = true;
    this.saved.changedByHand();
    this.show(view);
  }

  private setFilter(name: keyof ViewFilters, value: string): void {
    const filters: Record<string, unknown> = { ...this.shown.filters };
    if (!value) delete filters[name];
    else filters[name] = name === 'status' ? (value.split(',') as SubmissionStatus[]) : value;
    this.change({ ...this.shown, filters: filters as ViewFilters });
  }

  private setColumn(column: QueueColumn, on: boolean): void {
    const columns = on ? [...this.shown.columns, column] : this.shown.columns.filter((c) => c !== column);
    this.change({ ...this.shown, columns });
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot;
    if (!snapshot) return this.renderBusy();
    const { items, error } = snapshot.context;
    const loading = snapshot.matches('loading');
    // Hidden columns are hidden by a class on the frame: the rows are not made again, nor laid out by the virtualiser.
    const hidden = QUEUE_COLUMNS.filter((c) => !this.shown.columns.includes(c))
      .map((c) => `hide-${c}`)
      .join(' ');
    return html`<section part="base" class=${hidden} aria-labelledby="queue-title">
      <h2 id="queue-title">${t('queue.title')}</h2>
      ${this.saved.render(t, this.staff?.api)}
      ${this.renderFilters(t, i18n, this.shown)}
      ${
        snapshot.matches('failed') && error
          ? html`<div part="error" role="alert">
            <p>${cannotReachServer(error) ? t('queue.unreachable') : t('queue.failed', { message: error.message })}</p>
            <button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('queue.retry')}</button>
          </div>`
          : nothing
      }
      <p part="notice" role="status" class="count">
        ${
          loading && !items.length
            ? t('queue.loading')
            : items.length
              ? t('queue.rows', { count: items.length })
              : error
                ? ''
                : t('queue.empty')
        }
      </p>
      ${
        items.length
          ? html`<lit-virtualizer
            part="list"
            role="list"
            aria-busy=${loading ? 'true' : 'false'}
            .layout=${LAYOUT}
            .items=${items}
            .renderItem=${this.rowsRenderedWith(t, i18n)}
            @rangeChanged=${(e: RangeChangedEvent) => {
              if (e.last >= items.length - AHEAD) this.machine.send({ type: 'more' });
            }}
          ></lit-virtualizer>`
          : nothing
      }
      ${snapshot.matches({ shown: 'more' }) ? html`<p part="notice" role="status">${t('queue.more')}</p>` : nothing}
    </section>`;
  }

  private rowsRenderedWith(t: StaffT, i18n: Translator): (item: QueueItem, index: number) => TemplateResult {
    if (this.rowRenderer?.t !== t || this.rowRenderer.i18n !== i18n) {
      const render = (item: QueueItem, index: number) => this.renderRow(t, i18n, item, index);
      this.rowRenderer = { t, i18n, render };
    }
    return this.rowRenderer.render;
  }

  private renderFilters(t: StaffT, i18n: Translator, view: QueueView): TemplateResult {
    const filters = queryOfView(view);
    const select = (
      name: keyof ViewFilters,
      label: StaffMessageKey,
      options: ReadonlyArray<readonly [value: string, text: string]>,
    ) => {
      const value = filters[name];
      // Several statuses (from a link or a saved view) are one choice of their own.
      const extra = value && !options.some(([v]) => v === value) ? ([[value, value]] as const) : [];
      return html`<label
        >${t(label)}
        <select name=${name} @change=${(e: Event) => this.setFilter(name, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!value}>${t('queue.any')}</option>
          ${[...options, ...extra].map(([v, text]) => html`<option value=${v} ?selected=${value === v}>${text}</option>`)}
        </select></label
      >`;
    };
    const categories = Object.values(this.config?.forms ?? {}).flatMap((form) => form.categories);
    return html`<form part="filters" class="filters" aria-label=${t('queue.filters')} @submit=${(e: Event) => e.preventDefault()}>
      ${select(
        'status',
        'queue.status',
        SUBMISSION_STATUSES.map((s) => [s, vocabularyWord(t, 'status', s)] as const),
      )}
      ${select(
        'kind',
        'queue.kind',
        KINDS.map((k) => [k, vocabularyWord(t, 'kind', k)] as const),
      )}
      ${select('category', 'queue.category', [...new Map(categories.map((c) => [c.id, i18n.text(c.label)])).entries()])}
      ${select(
        'channel',
        'queue.channel',
        CHANNELS.map((c) => [c, vocabularyWord(t, 'channel', c)] as const),
      )}
      ${select('assignee', 'queue.assignee', [
        ['me', t('queue.me')],
        ['unassigned', t('queue.unassigned')],
      ])}
      ${select('due', 'queue.due', [
        ['soon', t('queue.dueSoon')],
        ['overdue', t('queue.overdue')],
      ])}
      <label
        >${t('queue.sort')}
        <select
          name="sort"
          @change=${(e: Event) => this.change({ ...this.shown, sort: (e.target as HTMLSelectElement).value as QueueSort })}
        >
          ${QUEUE_SORTS.map(
            (sort) =>
              html`<option value=${sort} ?selected=${view.sort === sort}>${t(`queue.sort.${sort}` as StaffMessageKey)}</option>`,
          )}
        </select></label
      >
    </form>`;
  }

  private renderRow(t: StaffT, i18n: Translator, item: QueueItem, index: number): TemplateResult {
    const category = Object.values(this.config?.forms ?? {})
      .flatMap((form) => form.categories)
      .find((c) => c.id === item.category);
    const now = Date.now();
    const urgent = item.overdue || item.deadlines.some((d) => d.due !== null && Date.parse(d.due) <= now);
    return html`<div role="listitem" class="item">
      <a
        part="row"
        class="row"
        href=${routeOfItem(item)}
        data-index=${index}
        data-state=${urgent ? 'overdue' : item.dueSoon ? 'soon' : item.paused ? 'paused' : 'running'}
        tabindex=${index === this.active ? '0' : '-1'}
        @focus=${() => (this.active = index)}
      >
        <span class="number">${item.trackingNumber}</span>
        <span part="status" class="status" data-status=${item.status}>${vocabularyWord(t, 'status', item.status)}</span>
        <span class="meta"
          >${vocabularyWord(t, 'kind', item.kind)}<span class="category">
            · ${category ? i18n.text(category.label) : item.category}</span
          ><span class="channel"> · ${vocabularyWord(t, 'channel', item.channel)}</span
          ><span class="received"> · ${t('queue.receivedAt', { time: i18n.dateTime(item.receivedAt) })}</span
          >${item.complex ? html` · <strong>${t('queue.complex')}</strong>` : nothing}</span
        >
        <span class="assignee"
          >${item.assignee ? t('queue.assignedTo', { name: shownName(item.assignee.name) }) : t('queue.nobody')}</span
        >
        <span class="presence" data-presence=${item.id}>${livePresence(this.staff?.presence, t, item.id)}</span>
        <span class="deadlines">${item.deadlines.map((d) => liveDeadline(t, d, item.dueSoon))}</span>
        <span class="excerpt">${item.excerpt}</span>
      </a>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-queue': UcStaffQueue;
  }
}
