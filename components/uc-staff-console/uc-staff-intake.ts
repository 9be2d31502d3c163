import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SiteConfig } from '../../src/config/schema';
import { INTAKE_CHANNELS, type IntakeChannel, type Locale } from '../../src/contract/common';
import type { StaffComplaintRequest } from '../../src/contract/complaint-requests';
import type { FieldError } from '../../src/contract/errors';
import type { Receipt } from '../../src/contract/feedback';
import type { StaffMe } from '../../src/contract/staff';
import { cannotReachServer } from '../../src/client/cached-load';
import { BackendError } from '../../src/client/errors';
import { randomId } from '../../src/client/ids';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { tokens } from '../shared/base.styles';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { intakeStyles } from './uc-staff-intake.styles';

/** The fields of the form, each with its own error; anything else the server says goes above the form. */
const FIELDS = ['channel', 'contact', 'category', 'text', 'receivedAt', 'locale'] as const;
type Field = (typeof FIELDS)[number];

/** Problems said in the console's words (with the server's numbers); others in the server's. */
const WORDED = new Set([
  'in_future',
  'too_old',
  'invalid_contact',
  'too_short',
  'too_long',
  'required',
  'invalid_category',
]);

/** `YYYY-MM-DDTHH:mm` in the browser's time zone: what a datetime-local input holds. */
function localMinute(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Logging a complaint received by hotline, mailbox, letter or at a counter
 * (POST /v1/staff/complaints): the channel, the user's contact, the
 * category, what they said or wrote, their language and when it was
 * received, which the deadlines run from (now by default; not in the
 * future, and at most the site's limit back, which the form says). Once
 * logged it shows the tracking number to read out and a link to the
 * complaint: never the access key, which the site sends the user itself.
 * A send the server did not answer is sent again with the same key while
 * the form is unchanged, so it is logged once.
 *
 * @summary Log a complaint received by phone, post or in person.
 *
 * @csspart base - The frame around everything.
 * @csspart form - The form.
 * @csspart result - The tracking number once logged.
 * @csspart error - A problem logging it.
 */
@customElement('uc-staff-intake')
export class UcStaffIntake extends StaffElement {
  static override styles = [tokens, staffTokens, intakeStyles];

  /** the site's config (its forms and categories); null when it could not be loaded, undefined until then */
  @state() private accessor config: SiteConfig | null | undefined;
  /** what the received field starts with: the minute the form was opened */
  @state() private accessor openedAt = Date.now();
  @state() private accessor sending = false;
  @state() private accessor logged: Receipt | undefined;
  @state() private accessor errors: Partial<Record<Field, string>> = {};
  @state() private accessor failure = '';

  /** The key of the last send and what it sent: sent again unchanged, it keeps the key. */
  private attempt: { key: string; body: string } | undefined;

  protected begin(staff: StaffRuntime, _me: StaffMe, ticket: number): void {
    this.logged = undefined;
    this.attempt = undefined;
    this.openedAt = Date.now();
    this.config = undefined;
    void staff.config().then((config) => {
      if (this.sessions.current(ticket)) this.config = config ?? null;
    });
  }

  /** The form the console logs into: the site's first that takes complaints. */
  private get form(): [id: string, form: SiteConfig['forms'][string]] | undefined {
    return Object.entries(this.config?.forms ?? {}).find(([, form]) => form.kinds.includes('complaint'));
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const staff = this.staff;
    const t = this.t;
    if (!staff || !t || this.sending) return;
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: Field) => String(data.get(name) ?? '').trim();
    const received = value('receivedAt') ? new Date(value('receivedAt')) : undefined;
    const missing: Partial<Record<Field, string>> = {};
    for (const name of ['contact', 'text', 'receivedAt'] as const)
      if (!value(name) || (name === 'receivedAt' && Number.isNaN(received?.getTime())))
        missing[name] = t('intake.error.required');
    if (Object.keys(missing).length) return this.refuse(missing);

    const request: StaffComplaintRequest = {
      site: staff.site,
      ...(this.form ? { form: this.form[0] } : {}),
      channel: value('channel') as IntakeChannel,
      contact: value('contact'),
      category: value('category'),
      text: value('text'),
      receivedAt: received!.toISOString(),
      locale: value('locale') as Locale,
    };
    const body = JSON.stringify(request);
    if (this.attempt?.body !== body) this.attempt = { key: randomId(), body };
    this.sending = true;
    this.failure = '';
    this.errors = {};
    try {
      this.logged = await staff.api.logComplaint(request, this.attempt.key);
      this.attempt = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#logged')?.focus();
    } catch (error) {
      if (error instanceof BackendError && error.fields?.length) this.refuse(this.fieldErrors(t, error.fields));
      else if (error instanceof BackendError && cannotReachServer(error)) this.failure = t('intake.unreachable');
      else this.failure = t('intake.failed', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.sending = false;
    }
  }

  /** The server's problems by field, in the console's words where it has them. */
  private fieldErrors(t: StaffT, problems: readonly FieldError[]): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    const elsewhere: string[] = [];
    for (const problem of problems) {
      const field = FIELDS.find((f) => f === problem.path);
      const words = WORDED.has(problem.code)
        ? t(`intake.error.${problem.code}` as StaffMessageKey, problem.params ?? {})
        : problem.message;
      if (field) out[field] ??= words;
      else elsewhere.push(problem.message);
    }
    if (elsewhere.length) this.failure = t('intake.failed', { message: elsewhere.join('; ') });
    return out;
  }

  /** Shows the problems and puts focus on the first field that has one. */
  private refuse(errors: Partial<Record<Field, string>>): void {
    this.errors = errors;
    void this.updateComplete.then(() => {
      const first = FIELDS.find((f) => errors[f]);
      if (first) this.renderRoot.querySelector<HTMLElement>(`#intake-${first}`)?.focus();
    });
  }

  private another(): void {
    this.logged = undefined;
    this.errors = {};
    this.failure = '';
    this.openedAt = Date.now();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#intake-channel')?.focus());
  }

  protected renderReady(t: StaffT, i18n: Translator, _staff: StaffRuntime, me: StaffMe): TemplateResult {
    if (!this.can('work')) return html``;
    // The categories are the site's: without its config there is nothing to log a complaint under.
    const body =
      this.config === undefined
        ? html`<p role="status">${t('console.loading')}</p>`
        : this.config === null || !this.form
          ? html`<p part="error" role="alert">${t('intake.failed', { message: t('intake.noForm') })}</p>`
          : this.logged
            ? this.renderLogged(t, this.logged)
            : this.renderForm(t, i18n, me);
    return html`<section part="base" aria-labelledby="intake-title">
      <h2 id="intake-title">${t('intake.title')}</h2>
      <p>${t('intake.intro')}</p>
      ${body}
    </section>`;
  }

  private renderLogged(t: StaffT, receipt: Receipt): TemplateResult {
    return html`<div part="result">
      <p id="logged" tabindex="-1" role="status">${t('intake.logged', { number: receipt.trackingNumber })}</p>
      <p>
        <a href="#/complaints/${receipt.id}">${t('intake.open', { number: receipt.trackingNumber })}</a>
        <button type="button" @click=${() => this.another()}>${t('intake.another')}</button>
      </p>
    </div>`;
  }

  private renderForm(t: StaffT, i18n: Translator, me: StaffMe): TemplateResult {
    // A retired category is kept for old complaints' names; nothing new is logged under it.
    const categories = (this.form?.[1].categories ?? []).filter((c) => !c.retired);
    const now = this.openedAt;
    const problems = Object.keys(this.errors).length > 0;
    const error = (field: Field) =>
      this.errors[field]
        ? html`<span class="field-error" part="error" id="intake-${field}-error">${this.errors[field]}</span>`
        : nothing;
    const described = (field: Field, hint = false) =>
      [hint ? `intake-${field}-hint` : '', this.errors[field] ? `intake-${field}-error` : '']
        .filter(Boolean)
        .join(' ') || nothing;
    const invalid = (field: Field) => (this.errors[field] ? 'true' : 'false');
    return html`${
      this.failure || problems
        ? html`<p part="error" role="alert">${this.failure || t('intake.problems')}</p>`
        : nothing
    }
      <form part="form" class="intake" novalidate @submit=${(e: SubmitEvent) => void this.submit(e)}>
        <label for="intake-channel">${t('intake.channel')}</label>
        <select id="intake-channel" name="channel">
          ${INTAKE_CHANNELS.map((c) => html`<option value=${c}>${t(`channel.${c}` as StaffMessageKey)}</option>`)}
        </select>
        <label for="intake-contact">${t('intake.contact')}</label>
        <input
          id="intake-contact"
          name="contact"
          autocomplete="off"
          maxlength="254"
          aria-describedby=${described('contact', true)}
          aria-invalid=${invalid('contact')}
        />
        <small id="intake-contact-hint">${t('intake.contactHint')}</small>${error('contact')}
        <label for="intake-category">${t('intake.category')}</label>
        <select id="intake-category" name="category" aria-describedby=${described('category')} aria-invalid=${invalid('category')}>
          ${categories.map((c) => html`<option value=${c.id}>${i18n.text(c.label)}</option>`)}
        </select>
        ${error('category')}
        <label for="intake-text">${t('intake.text')}</label>
        <textarea
          id="intake-text"
          name="text"
          rows="6"
          maxlength="5000"
          aria-describedby=${described('text')}
          aria-invalid=${invalid('text')}
        ></textarea>
        ${error('text')}
        <label for="intake-receivedAt">${t('intake.receivedAt')}</label>
        <input
          id="intake-receivedAt"
          name="receivedAt"
          type="datetime-local"
          value=${localMinute(now)}
          min=${localMinute(now - me.intake.maxAgeDays * 86_400_000)}
          max=${localMinute(now + me.intake.clockSkewSeconds * 1000)}
          aria-describedby=${described('receivedAt', true)}
          aria-invalid=${invalid('receivedAt')}
        />
        <small id="intake-receivedAt-hint">${t('intake.receivedAtHint', { days: me.intake.maxAgeDays })}</small>
        ${error('receivedAt')}
        <label for="intake-locale">${t('intake.locale')}</label>
        <select id="intake-locale" name="locale">
          <option value="zh-CN" ?selected=${i18n.locale !== 'en'}>中文</option>
          <option value="en" ?selected=${i18n.locale === 'en'}>English</option>
        </select>
        <p>
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t('intake.sending') : t('intake.submit')}</button>
        </p>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-intake': UcStaffIntake;
  }
}
