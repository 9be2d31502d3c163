import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuditEntry } from '../../src/contract/staff';
import type { AuditQuery } from '../../src/client/staff/staff-api';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import { tokens } from '../shared/base.styles';
import { saveFile } from '../shared/save-file';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { auditStyles } from './uc-staff-audit.styles';

/**
 * The audit log, for supervisors and admins: every reveal of a contact,
 * staff read, search and staff write, newest first, by staff member,
 * complaint and period, and its export as CSV (cells a spreadsheet would run
 * as formulas come defused from the server). Reading it is itself logged.
 *
 * @summary The audit log: who read, revealed and changed what.
 *
 * @csspart base - The frame around everything.
 * @csspart filters - The filters.
 * @csspart table - The entries.
 * @csspart error - A problem loading.
 */
@customElement('uc-staff-audit')
export class UcStaffAudit extends StaffElement {
  static override styles = [tokens, staffTokens, auditStyles];

  @state() private accessor entries: AuditEntry[] = [];
  @state() private accessor nextCursor: string | null = null;
  @state() private accessor filters: AuditQuery = {};
  @state() private accessor loading = false;
  @state() private accessor error = '';

  protected begin(staff: StaffRuntime, _me: unknown, ticket: number): void {
    void this.load(staff, ticket, false);
  }

  private async load(staff: StaffRuntime, ticket: number, more: boolean): Promise<void> {
    if (!this.can('audit')) return;
    this.loading = true;
    try {
      const page = await staff.api.audit({
        ...this.filters,
        ...(more && this.nextCursor ? { cursor: this.nextCursor } : {}),
      });
      if (!this.sessions.current(ticket)) return;
      this.entries = more ? [...this.entries, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.error = '';
    } catch (error) {
      if (this.sessions.current(ticket)) this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (this.sessions.current(ticket)) this.loading = false;
    }
  }

  private onFilter(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const day = (name: string) => {
      const date = value(name);
      return date ? new Date(`${date}T00:00:00`).toISOString() : undefined;
    };
    this.filters = Object.fromEntries(
      Object.entries({
        principal: value('principal'),
        subject: value('subject'),
        from: day('from'),
        to: day('to'),
      }).filter(([, v]) => v !== undefined),
    ) as AuditQuery;
    const staff = this.staff;
    if (staff) void this.load(staff, this.sessions.begin(), false);
  }

  private async export(): Promise<void> {
    const staff = this.staff;
    if (!staff) return;
    try {
      saveFile(await staff.api.auditCsv(this.filters), `audit-${staff.site}.csv`);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  protected renderReady(t: StaffT, i18n: Translator, staff: StaffRuntime): TemplateResult {
    return html`<section part="base" aria-labelledby="audit-title">
      <h2 id="audit-title">${t('audit.title')}</h2>
      <form part="filters" class="filters" @submit=${(e: SubmitEvent) => this.onFilter(e)}>
        <label>${t('audit.principal')} <input name="principal" autocomplete="off" /></label>
        <label>${t('audit.subject')} <input name="subject" autocomplete="off" /></label>
        <label>${t('audit.from')} <input name="from" type="date" /></label>
        <label>${t('audit.to')} <input name="to" type="date" /></label>
        <button type="submit">${t('audit.apply')}</button>
        <button type="button" @click=${() => void this.export()}>${t('audit.export')}</button>
      </form>
      ${this.error ? html`<p part="error" role="alert">${t('audit.failed', { message: this.error })}</p>` : nothing}
      <p role="status">${this.loading ? t('audit.loading') : this.entries.length ? '' : t('audit.empty')}</p>
      ${
        this.entries.length
          ? html`<table part="table">
            <thead>
              <tr>
                <th scope="col">${t('audit.at')}</th>
                <th scope="col">${t('audit.who')}</th>
                <th scope="col">${t('audit.action')}</th>
                <th scope="col">${t('audit.on')}</th>
                <th scope="col">${t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.entries.map(
                (e) => html`<tr>
                  <td><time datetime=${e.at}>${i18n.dateTime(e.at)}</time></td>
                  <td><bdi>${shownName(e.name)}</bdi> <small>${e.principal}</small></td>
                  <td>${e.action}</td>
                  <td>${e.subject ? html`<a href=${`#/complaints/${encodeURIComponent(e.subject)}`}>${e.subject}</a>` : ''}</td>
                  <td>${Object.entries(e.detail)
                    .map(([k, v]) => `${k}: ${String(v)}`)
                    .join(' · ')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : nothing
      }
      ${
        this.nextCursor
          ? html`<button type="button" ?disabled=${this.loading} @click=${() => void this.load(staff, this.sessions.begin(), true)}>
            ${t('audit.more')}
          </button>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-audit': UcStaffAudit;
  }
}
