/**
 * The Deadlines section's preview: pick a kind, a category and when a
 * submission is received, and see the deadlines the server counts for it
 * under the draft as edited (POST /v1/staff/config/deadline-preview), on
 * the real calendar and in the site's time zone. Asked again as the draft
 * or a choice changes, once the edits settle; only the latest question's
 * answer is shown, whatever order the answers come back in.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { KINDS, type Kind } from '../../src/contract/common';
import type { FieldError } from '../../src/contract/errors';
import type { DeadlinePreview } from '../../src/contract/staff-config';
import { BackendError } from '../../src/client/errors';
import { StaffConfigApi } from '../../src/client/staff/staff-config-api';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import { categoriesOf, deadlineTimeZone } from './deadlines-document';
import { DEADLINE_NAMES, DEFAULT_TIME_ZONE } from './settings-defaults';
import type { StudioDocument } from './studio-document';
import type { StudioT } from './studio-view';
import { formatOnClock, instantOnClock, knownTimeZone, wallClockText } from './zoned-time';

/** How long edits settle before the server is asked again (as the studio's own check waits). */
const ASK_AFTER_MS = 400;
const MINUTE = 60_000;

type Answer =
  | { counted: DeadlinePreview; receivedAt: string; zone: string }
  | { refused: string; fields: readonly FieldError[] }
  | { failed: string };

/** Drawn in the studio's own shadow root (no shadow of its own), so the studio's styles and ids apply. */
@customElement('uc-studio-deadline-preview')
export class UcStudioDeadlinePreview extends LitElement {
  @property({ attribute: false }) accessor st: StudioT | undefined;
  @property({ attribute: false }) accessor doc: StudioDocument = {};
  @property({ attribute: false }) accessor i18n: Translator | undefined;
  @property({ attribute: false }) accessor staff: StaffRuntime | undefined;
  @state() private accessor kind: Kind = 'complaint';
  /** the category chosen; empty: the first the forms offer */
  @state() private accessor category = '';
  /** `YYYY-MM-DDTHH:mm` on the site's clock; empty until first drawn, then now */
  @state() private accessor received = '';
  @state() private accessor answer: Answer | undefined;
  @state() private accessor counting = false;

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** the number of the latest question: an answer to an earlier one is dropped */
  private asked = 0;
  private api: { staff: StaffRuntime; api: StaffConfigApi } | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.asked++;
  }

  private get zone(): string {
    const zone = deadlineTimeZone(this.doc);
    return knownTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
  }

  /** The category asked about: the one chosen while the forms still have it, else the first one offered. */
  private get shownCategory(): string {
    const categories = categoriesOf(this.doc);
    if (categories.some((c) => c.id === this.category)) return this.category;
    return (categories.find((c) => !c.retired) ?? categories[0])?.id ?? '';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!this.received) this.received = wallClockText(this.zone, Date.now());
    if (['doc', 'staff', 'kind', 'category', 'received'].some((key) => changed.has(key))) this.askSoon();
  }

  private askSoon(): void {
    clearTimeout(this.timer);
    const question = ++this.asked;
    this.counting = true;
    this.timer = setTimeout(() => void this.ask(question), ASK_AFTER_MS);
  }

  private async ask(question: number): Promise<void> {
    const staff = this.staff;
    const category = this.shownCategory;
    const zone = this.zone;
    const instant = instantOnClock(zone, this.received) ?? Math.floor(Date.now() / MINUTE) * MINUTE;
    if (!staff || !category) {
      this.counting = false;
      return;
    }
    if (this.api?.staff !== staff) this.api = { staff, api: new StaffConfigApi(staff) };
    const receivedAt = new Date(instant).toISOString();
    let answer: Answer;
    try {
      const counted = await this.api.api.deadlinePreview({ document: this.doc, kind: this.kind, category, receivedAt });
      answer = { counted, receivedAt, zone };
    } catch (error) {
      answer =
        error instanceof BackendError && error.code === 'validation_failed'
          ? { refused: error.message, fields: error.fields ?? [] }
          : { failed: (error as Error).message };
    }
    if (question !== this.asked) return;
    this.answer = answer;
    this.counting = false;
  }

  protected override render(): TemplateResult | typeof nothing {
    const { st, i18n } = this;
    if (!st || !i18n) return nothing;
    const categories = categoriesOf(this.doc);
    const chosen = this.shownCategory;
    return html`<section class="deadline-preview" aria-labelledby="deadline-preview-title">
      <h3 id="deadline-preview-title">${st('deadlines.preview.title')}</h3>
      <p class="help" id="deadline-preview-help">${st('deadlines.preview.help')}</p>
      <p class="row">
        <label for="deadline-preview-kind">${st('deadlines.kind')}</label>
        <select
          id="deadline-preview-kind"
          @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as Kind)}
        >
          ${KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${i18n.t(`kind.${k}`)}</option>`)}
        </select>
        <label for="deadline-preview-category">${st('deadlines.category')}</label>
        <select
          id="deadline-preview-category"
          @change=${(e: Event) => (this.category = (e.target as HTMLSelectElement).value)}
        >
          ${categories.map(
            (c) =>
              html`<option value=${c.id} ?selected=${c.id === chosen}>
                ${i18n.text(c.label) || c.id}${c.retired ? ` (${st('deadlines.retired')})` : ''}
              </option>`,
          )}
        </select>
      </p>
      <p class="row">
        <label for="deadline-preview-received">${st('deadlines.preview.received', { zone: this.zone })}</label>
        <input
          id="deadline-preview-received"
          type="datetime-local"
          .value=${this.received}
          @change=${(e: Event) => (this.received = (e.target as HTMLInputElement).value)}
        />
        <button type="button" @click=${() => (this.received = wallClockText(this.zone, Date.now()))}>
          ${st('deadlines.preview.now')}
        </button>
      </p>
      ${categories.length ? nothing : html`<p>${st('deadlines.preview.noCategory')}</p>`}
      <div class="deadline-preview-answer" aria-live="polite" aria-busy=${this.counting ? 'true' : 'false'}>
        ${this.counting ? html`<p>${st('deadlines.preview.counting')}</p>` : nothing} ${this.renderAnswer(st, i18n)}
      </div>
    </section>`;
  }

  private renderAnswer(st: StudioT, i18n: Translator): TemplateResult | typeof nothing {
    const answer = this.answer;
    if (!answer) return nothing;
    if ('failed' in answer) return html`<p role="alert">${st('studio.failed', { message: answer.failed })}</p>`;
    if ('refused' in answer)
      return html`<div class="refusal" data-preview="refused">
        <p>${st('deadlines.preview.refused', { message: answer.refused })}</p>
        <ul>
          ${answer.fields.map((f) => html`<li><code>${f.path}</code>: ${f.message}</li>`)}
        </ul>
      </div>`;
    const at = (iso: string) => html`<time datetime=${iso}>${formatOnClock(i18n.locale, answer.zone, iso)}</time>`;
    return html`<p data-preview="received">${st('deadlines.preview.receivedOn')} ${at(answer.receivedAt)}</p>
      <ul class="deadline-preview-dues">
        ${DEADLINE_NAMES.map((name) => {
          const due = answer.counted.deadlines.find((d) => d.name === name);
          const what = st(`deadlines.${name}`);
          return html`<li data-deadline=${name}>
            ${
              due
                ? html`→ ${st('deadlines.preview.due', { deadline: what })} ${at(due.dueAt)}${
                    due.estimated ? html` <em>(${st('deadlines.preview.estimated')})</em>` : nothing
                  }`
                : st('deadlines.preview.none', { deadline: what })
            }
          </li>`;
        })}
      </ul>
      <p class="help">${st('deadlines.preview.zone', { zone: answer.zone })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-deadline-preview': UcStudioDeadlinePreview;
  }
}
