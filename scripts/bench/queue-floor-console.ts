/**
 * The floor of section i: the least a staff queue written the way the
 * product's operator elements must be (Lit, the virtualiser, behind the
 * back-office loader) can cost. Built by scripts/bench/queue-paint.ts into
 * one file of its own and put behind the real back-office loader in place of
 * the real console.
 *
 * It asks the real server for the same first page with the same token and
 * renders the same rows in the queue's own styles: no sign-in, no /me, no
 * site config, no catalog, no machine, no live countdown, no stream. What
 * the real console costs above it is usercare's code; what the floor costs
 * above a plain table is the stack's. Like the queue, it asks for the next
 * page (200 rows) by cursor when the list shows one of its last 15 rows, so
 * the scrolling pass can go through the same rows on it.
 */
import '@lit-labs/virtualizer';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { html, LitElement, nothing } from 'lit';
import type { QueueItem, QueuePage } from '../../src/contract/staff';
import { tokens } from '../../components/shared/base.styles';
import { staffTokens } from '../../components/shared/staff.styles';
import { queueStyles } from '../../components/uc-staff-console/uc-staff-queue.styles';

/** Set by the bench's page before the loader: where and as whom to ask. */
interface FloorStaff {
  endpoint: string;
  site: string;
  token: string;
}

const LAYOUT = flow();
/** The queue's own page sizes and look-ahead (components/uc-staff-console/uc-staff-queue.ts). */
const PAGE = 50;
const MORE = 200;
const AHEAD = 15;
const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

class QueueFloorConsole extends LitElement {
  static override styles = [tokens, staffTokens, queueStyles];
  private items: QueueItem[] = [];
  /** undefined before the first page; null once the server has no more */
  private cursor: string | null | undefined;
  private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.load(PAGE);
  }

  private load(limit: number): void {
    if (this.loading || this.cursor === null) return;
    this.loading = true;
    const { endpoint, site, token } = (window as unknown as { __benchStaff: FloorStaff }).__benchStaff;
    const after = this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : '';
    void fetch(`${endpoint}/v1/staff/queue?site=${encodeURIComponent(site)}&limit=${limit}${after}`, {
      headers: { authorization: `Bearer ${token}` },
    })
      .then((response) => response.json() as Promise<QueuePage>)
      .then((page) => {
        this.items = [...this.items, ...page.items];
        this.cursor = page.nextCursor;
        this.loading = false;
        this.requestUpdate();
      });
  }

  override render() {
    return html`<section part="base">
      <h2>Queue</h2>
      <p part="notice" class="count">${this.items.length} rows</p>
      ${
        this.items.length
          ? html`<lit-virtualizer
            part="list"
            role="list"
            .layout=${LAYOUT}
            .items=${this.items}
            .renderItem=${(item: QueueItem, index: number) => this.renderRow(item, index)}
            @rangeChanged=${(e: RangeChangedEvent) => {
              if (e.last >= this.items.length - AHEAD) this.load(MORE);
            }}
          ></lit-virtualizer>`
          : nothing
      }
    </section>`;
  }

  private renderRow(item: QueueItem, index: number) {
    return html`<div role="listitem" class="item">
      <a
        part="row"
        class="row"
        href=${`#/complaints/${encodeURIComponent(item.id)}`}
        data-index=${index}
        data-state=${item.overdue ? 'overdue' : item.dueSoon ? 'soon' : item.paused ? 'paused' : 'running'}
      >
        <span class="number">${item.trackingNumber}</span>
        <span part="status" class="status" data-status=${item.status}>${item.status.replace(/_/g, ' ')}</span>
        <span class="meta">${item.kind} · ${item.category} · ${item.channel}</span>
        <span class="assignee">${item.assignee ? `Assigned to ${item.assignee.name}` : 'Nobody'}</span>
        <span class="deadlines"
          >${item.deadlines.map(
            (d) =>
              html`<span part="deadline">${d.name} ${d.due ? `due ${when.format(new Date(d.due))}` : 'paused'}</span>`,
          )}</span
        >
        <span class="excerpt">${item.excerpt}</span>
      </a>
    </div>`;
  }
}

customElements.define('uc-staff-console', QueueFloorConsole);
