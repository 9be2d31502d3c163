import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AlertNotice, type DeadlineAlert, type StaffMe } from '../../src/contract/staff';
import { cannotReachServer } from '../../src/client/cached-load';
import { startedUnheard, type LiveEvent } from '../../src/client/live-stream';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { tokens } from '../shared/base.styles';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { alertStyles } from './uc-staff-alerts.styles';

/** Alerts asked for per page. */
const PAGE = '50';

/**
 * Whether a live alert event concerns `me`: one about a complaint they work,
 * or one nobody works (everyone's). Anything that is not an alert notice
 * concerns nobody.
 */
export function concerns(event: LiveEvent, me: StaffMe): boolean {
  const notice = AlertNotice.safeParse(event.data);
  return notice.success && (notice.data.assignee === null || notice.data.assignee === me.principal);
}

/**
 * The deadline alerts of the complaints assigned to the person signed in
 * and of those nobody works: "due soon" (within two working hours) and
 * "overdue", newest first, each opening its complaint, open or dismissed
 * (by whom, when). New ones and dismissals made anywhere arrive over the
 * staff stream.
 *
 * @summary Deadline alerts: due soon and overdue.
 *
 * @csspart base - The frame around everything.
 * @csspart table - The alerts.
 * @csspart kind - Due soon or overdue.
 * @csspart error - A problem loading or dismissing.
 */
@customElement('uc-staff-alerts')
export class UcStaffAlerts extends StaffElement {
  static override styles = [tokens, staffTokens, alertStyles];

  @state() private accessor items: DeadlineAlert[] = [];
  @state() private accessor open = 0;
  @state() private accessor next: string | null = null;
  @state() private accessor loading = true;
  @state() private accessor error: Error | undefined;
  @state() private accessor notice = '';
  /** the running session's, for what the person asks for later (more, try again) */
  private ticket = -1;

  protected begin(staff: StaffRuntime, me: StaffMe, ticket: number): void {
    this.ticket = ticket;
    this.items = [];
    void this.load(staff, ticket);
    const reload = (event: LiveEvent) => {
      if (startedUnheard(event) || concerns(event, me)) void this.load(staff, ticket);
    };
    this.sessions.add(
      staff.listen({ 'alert.raised': reload, 'alert.dismissed': reload, ready: reload }, () => staff.identity.expire()),
    );
  }

  /** The first page again (`more`: the next one after what is shown). */
  private async load(staff: StaffRuntime, ticket: number, more = false): Promise<void> {
    this.loading = true;
    try {
      const page = await staff.api.alerts({ limit: PAGE, ...(more && this.next ? { cursor: this.next } : {}) });
      if (!this.sessions.current(ticket)) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.open = page.open;
      this.next = page.nextCursor;
      this.error = undefined;
    } catch (error) {
      if (this.sessions.current(ticket)) this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      if (this.sessions.current(ticket)) this.loading = false;
    }
  }

  private async dismiss(alert: DeadlineAlert): Promise<void> {
    const staff = this.staff;
    if (!staff || !this.t) return;
    try {
      const [dismissed] = (await staff.api.dismissAlerts([alert.id])).items;
      if (dismissed) this.items = this.items.map((a) => (a.id === dismissed.id ? dismissed : a));
      this.open = Math.max(0, this.open - 1);
      this.notice = this.t('alerts.dismissed');
      // The button is gone: focus stays on the row, on its complaint.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[data-alert="${alert.id}"] a`)?.focus();
    } catch (error) {
      this.notice = this.t('alerts.dismissFailed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  protected renderReady(t: StaffT, i18n: Translator, staff: StaffRuntime): TemplateResult {
    return html`<section part="base" aria-labelledby="alerts-title">
      <h2 id="alerts-title">${t('alerts.title')}</h2>
      <p>${t('alerts.intro')}</p>
      ${
        this.error
          ? html`<div part="error" role="alert">
            <p>
              ${cannotReachServer(this.error) ? t('queue.unreachable') : t('alerts.failed', { message: this.error.message })}
            </p>
            <button type="button" @click=${() => void this.load(staff, this.ticket)}>${t('alerts.retry')}</button>
          </div>`
          : nothing
      }
      <p role="status">
        ${this.loading && !this.items.length ? t('alerts.loading') : this.notice || t('alerts.count', { count: this.open })}
      </p>
      ${this.items.length ? this.renderTable(t, i18n) : this.loading || this.error ? nothing : html`<p>${t('alerts.empty')}</p>`}
      ${
        this.next
          ? html`<button type="button" ?disabled=${this.loading} @click=${() => void this.load(staff, this.ticket, true)}>
            ${t('alerts.more')}
          </button>`
          : nothing
      }
    </section>`;
  }

  private renderTable(t: StaffT, i18n: Translator): TemplateResult {
    return html`<table part="table">
      <thead>
        <tr>
          <th scope="col">${t('alerts.alert')}</th>
          <th scope="col">${t('alerts.complaint')}</th>
          <th scope="col">${t('alerts.due')}</th>
          <th scope="col">${t('alerts.raised')}</th>
          <th scope="col">${t('alerts.assignee')}</th>
          <th scope="col">${t('alerts.state')}</th>
        </tr>
      </thead>
      <tbody>
        ${repeat(
          this.items,
          // By id: a new alert coming in above keeps each row (and the focus in it) with its alert.
          (alert) => alert.id,
          (alert) => html`<tr data-alert=${alert.id} class=${alert.dismissed ? 'dismissed' : 'open'}>
            <td>
              <span part="kind" class="kind" data-kind=${alert.kind}>${t(`alerts.kind.${alert.kind}` as StaffMessageKey)}</span>
              ${t(`deadline.${alert.deadline}` as StaffMessageKey)}
            </td>
            <td><a href="#/complaints/${alert.complaintId}">${alert.trackingNumber}</a></td>
            <td>${i18n.dateTime(alert.due)}</td>
            <td>${i18n.dateTime(alert.raisedAt)}</td>
            <td>${alert.assignee ? shownName(alert.assignee.name) : t('queue.nobody')}</td>
            <td>
              ${
                alert.dismissed
                  ? t('alerts.dismissedBy', {
                      name: shownName(alert.dismissed.name),
                      time: i18n.dateTime(alert.dismissed.at),
                    })
                  : html`${t('alerts.open')}
                    ${
                      this.can('work')
                        ? html`<button
                          type="button"
                          aria-label=${t('alerts.dismissLabel', { number: alert.trackingNumber })}
                          @click=${() => void this.dismiss(alert)}
                        >
                          ${t('alerts.dismiss')}
                        </button>`
                        : nothing
                    }`
              }
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-alerts': UcStaffAlerts;
  }
}
