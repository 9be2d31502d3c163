import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { CannedReply } from '../../src/contract/staff';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import { tokens } from '../shared/base.styles';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { auditStyles } from './uc-staff-audit.styles';

/**
 * The site's canned replies, for admins to write: a title, a language and a
 * text in which `{name}`, `{trackingNumber}` and `{dueDate}` are filled in
 * from the complaint when a colleague uses one. Saved on the server (each
 * change in the audit log); staff pick them in the reply box.
 *
 * @summary The site's canned replies, written by admins.
 *
 * @csspart base - The frame around everything.
 * @csspart table - The replies.
 * @csspart error - A problem saving.
 */
@customElement('uc-staff-canned')
export class UcStaffCanned extends StaffElement {
  static override styles = [tokens, staffTokens, auditStyles];

  @state() private accessor replies: CannedReply[] = [];
  /** the one being written: an existing reply's id, or '' for a new one */
  @state() private accessor editing: string | undefined;
  @state() private accessor confirming = '';
  @state() private accessor notice = '';
  @state() private accessor error = '';

  protected begin(staff: StaffRuntime, _me: unknown, ticket: number): void {
    void this.load(staff, ticket);
  }

  private async load(staff: StaffRuntime, ticket: number): Promise<void> {
    try {
      const list = await staff.api.cannedReplies();
      if (this.sessions.current(ticket)) this.replies = list.items;
    } catch (error) {
      if (this.sessions.current(ticket)) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const staff = this.staff;
    if (!staff) return;
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    try {
      const saved = await staff.api.saveCannedReply(this.editing || field('id'), {
        title: field('title'),
        locale: field('locale') === 'en' ? 'en' : 'zh-CN',
        text: field('text'),
      });
      this.replies = [...this.replies.filter((r) => r.id !== saved.id), saved].sort((a, b) => (a.id < b.id ? -1 : 1));
      this.editing = undefined;
      this.error = '';
      this.notice = this.t!('canned.saved');
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async deleteReply(reply: CannedReply): Promise<void> {
    if (this.confirming !== reply.id) {
      this.confirming = reply.id;
      return;
    }
    this.confirming = '';
    try {
      await this.staff!.api.deleteCannedReply(reply.id);
      this.replies = this.replies.filter((r) => r.id !== reply.id);
      this.notice = this.t!('canned.deleted');
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    if (!this.can('canned')) return html``;
    const editing = this.replies.find((r) => r.id === this.editing);
    return html`<section part="base" aria-labelledby="canned-title">
      <h2 id="canned-title">${t('canned.title')}</h2>
      <p>${t('canned.intro')}</p>
      <p role="status">${this.notice}</p>
      ${this.error ? html`<p part="error" role="alert">${t('canned.failed', { message: this.error })}</p>` : nothing}
      ${
        this.replies.length
          ? html`<table part="table">
            <thead>
              <tr>
                <th scope="col">${t('canned.replyTitle')}</th>
                <th scope="col">${t('canned.locale')}</th>
                <th scope="col">${t('canned.text')}</th>
                <th scope="col"><span class="visually-hidden">${t('canned.edit')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.replies.map(
                (r) => html`<tr>
                  <td>${r.title}<br /><small>${t('canned.by', { name: shownName(r.updatedBy), time: i18n.dateTime(r.updatedAt) })}</small></td>
                  <td>${r.locale}</td>
                  <td>${r.text}</td>
                  <td>
                    <button type="button" @click=${() => (this.editing = r.id)}>${t('canned.edit')}</button>
                    <button type="button" @click=${() => void this.deleteReply(r)}>
                      ${this.confirming === r.id ? t('canned.confirmDelete', { title: r.title }) : t('canned.delete')}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p>${t('canned.empty')}</p>`
      }
      ${
        this.editing === undefined
          ? html`<button type="button" @click=${() => (this.editing = '')}>${t('canned.new')}</button>`
          : html`<form class="filters" @submit=${(e: SubmitEvent) => void this.save(e)}>
            ${
              editing
                ? nothing
                : html`<label
                    >${t('canned.id')}
                    <input name="id" required pattern="[a-z0-9][a-z0-9-]{0,62}" autocomplete="off"
                  /></label>`
            }
            <label>${t('canned.replyTitle')} <input name="title" required maxlength="120" .value=${editing?.title ?? ''} /></label>
            <label
              >${t('canned.locale')}
              <select name="locale">
                <option value="zh-CN" ?selected=${editing?.locale !== 'en'}>中文</option>
                <option value="en" ?selected=${editing?.locale === 'en'}>English</option>
              </select></label
            >
            <label class="wide"
              >${t('canned.text')} <textarea name="text" required maxlength="5000" rows="4" .value=${editing?.text ?? ''}></textarea
            ></label>
            <button type="submit">${t('canned.save')}</button>
          </form>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-canned': UcStaffCanned;
  }
}
