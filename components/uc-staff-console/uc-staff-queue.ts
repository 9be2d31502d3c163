import '@lit-labs/virtualizer';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import type { LitVirtualizer } from '@lit-labs/virtualizer/LitVirtualizer.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { SiteConfig } from '../../src/config/schema';
import { CHANNELS, KINDS, SUBMISSION_STATUSES } from '../../src/contract/common';
import type { QueueItem, StaffMe } from '../../src/contract/staff';
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
import { queueStyles } from './uc-staff-queue.styles';

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
 *
 * @summary The staff queue, by next deadline, live.
 *
 * @csspart base - The frame around everything.
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

  /** The filters the queue starts with (the console keeps them in its address). */
  @property({ attribute: false }) accessor filters: QueueFilters = {};

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
    this.machine.start(createActor(machine, { input: { filters: this.filters } }));
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
    this.renderRoot.querySelector<HTMLSelectElement>('select')?.focus();
  }

  private setFilter(name: keyof QueueFilters, value: string): void {
    const filters = { ...this.machine.snapshot?.context.filters, [name]: value || undefined };
    this.active = 0;
    this.machine.send({ type: 'filter', filters });
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot;
    if (!snapshot) return this.renderBusy();
    const { items, error, filters } = snapshot.context;
    const loading = snapshot.matches('loading');
    return html`<section part="base" aria-labelledby="queue-title">
      <h2 id="queue-title">${t('queue.title')}</h2>
      ${this.renderFilters(t, i18n, filters)}
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

  private renderFilters(t: StaffT, i18n: Translator, filters: QueueFilters): TemplateResult {
    const select = (
      name: keyof QueueFilters,
      label: StaffMessageKey,
      options: ReadonlyArray<readonly [value: string, text: string]>,
    ) => html`<label
      >${t(label)}
      <select name=${name} @change=${(e: Event) => this.setFilter(name, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!filters[name]}>${t('queue.any')}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${filters[name] === value}>${text}</option>`)}
      </select></label
    >`;
    const categories = Object.values(this.config?.forms ?? {}).flatMap((form) => form.categories);
    return html`<form part="filters" class="filters" aria-label=${t('queue.filters')} @submit=${(e: Event) => e.preventDefault()}>
      ${select(
        'status',
        'queue.status',
        SUBMISSION_STATUSES.map((s) => [s, t(`status.${s}` as StaffMessageKey)] as const),
      )}
      ${select(
        'kind',
        'queue.kind',
        KINDS.map((k) => [k, t(`kind.${k}` as StaffMessageKey)] as const),
      )}
      ${select('category', 'queue.category', [...new Map(categories.map((c) => [c.id, i18n.text(c.label)])).entries()])}
      ${select(
        'channel',
        'queue.channel',
        CHANNELS.map((c) => [c, t(`channel.${c}` as StaffMessageKey)] as const),
      )}
      ${select('assignee', 'queue.assignee', [
        ['me', t('queue.me')],
        ['unassigned', t('queue.unassigned')],
      ])}
      ${select('due', 'queue.due', [
        ['soon', t('queue.dueSoon')],
        ['overdue', t('queue.overdue')],
      ])}
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
        <span part="status" class="status" data-status=${item.status}>${t(`status.${item.status}` as StaffMessageKey)}</span>
        <span class="meta"
          >${t(`kind.${item.kind}` as StaffMessageKey)} · ${category ? i18n.text(category.label) : item.category} ·
          ${t(`channel.${item.channel}` as StaffMessageKey)}${item.complex ? html` · <strong>${t('queue.complex')}</strong>` : nothing}</span
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
