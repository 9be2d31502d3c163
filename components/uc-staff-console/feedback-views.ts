/**
 * The templates of the triage view (<uc-staff-feedback>): what the sender
 * wrote and sent, their contacts masked, and the decision: taken (what,
 * who, when, what it gave and took) or the form its kind takes (the reason
 * or answer box, a confirmed report's penalty or warning). Plain functions
 * of a "screen" the element builds per render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SiteConfig } from '../../src/config/schema';
import { TEXT_NEEDED, type FeedbackDecisionName } from '../../src/contract/feedback-decisions';
import type { StaffFeedbackDetail } from '../../src/contract/staff-feedback';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import type { PendingWrite } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';
import { shownName } from '../shared/shown-name';
import type { StaffT } from '../shared/staff-element';
import { vocabularyWord } from '../shared/vocabulary-word';

type File = StaffFeedbackDetail['attachments'][number];

/** What a confirmed report does to the user it was about. */
export type SanctionChoice = 'none' | 'penalty' | 'warning';

export interface FeedbackScreen {
  t: StaffT;
  i18n: Translator;
  detail: StaffFeedbackDetail;
  config: SiteConfig | undefined;
  canDecide: boolean;
  /** the reason or answer box, a draft kept like the reply box's */
  text: ReplyDraft;
  note: string;
  sanction: SanctionChoice;
  /** the decision waiting for its second click */
  confirming: FeedbackDecisionName | null;
  /** the decision whose reason or answer is missing */
  missing: FeedbackDecisionName | null;
  pending: readonly PendingWrite[];
  online: boolean;
  fileError: string;
  onDecide(decision: FeedbackDecisionName): void;
  onNote(text: string): void;
  onSanction(choice: SanctionChoice): void;
  download(file: File): void;
}

export function renderFeedback(screen: FeedbackScreen): TemplateResult {
  const { t, i18n, detail } = screen;
  const kind = vocabularyWord(t, 'kind', detail.kind);
  return html`<article part="detail" aria-labelledby="feedback-title">
    <h2 id="feedback-title" tabindex="-1">${t('feedback.title', { kind, number: detail.trackingNumber })}</h2>
    <p class="head">
      <span part="status" class="status" data-status=${detail.status}>${vocabularyWord(t, 'status', detail.status)}</span>
      <span class="meta"
        >${kind} · ${labelOf(screen, 'categories', detail.category)} · ${vocabularyWord(t, 'channel', detail.channel)} ·
        ${t('complaint.received', { time: i18n.dateTime(detail.receivedAt) })}</span
      >
    </p>
    <section aria-labelledby="fields-title">
      <h3 id="fields-title">${t('complaint.fields')}</h3>
      <dl class="fields">
        ${Object.entries(detail.fields)
          .filter(([name]) => !detail.masked.includes(name))
          .map(
            ([name, value]) =>
              html`<dt>${labelOf(screen, 'fields', name)}</dt>
                <dd>${Array.isArray(value) ? value.join(', ') : String(value)}</dd>`,
          )}
      </dl>
      ${renderFiles(screen)} ${screen.fileError ? html`<p part="error" role="alert">${screen.fileError}</p>` : nothing}
    </section>
    ${renderContact(screen)}
    <section part="decision" aria-labelledby="decision-title">
      <h3 id="decision-title" tabindex="-1">${t('feedback.decision')}</h3>
      ${renderPending(screen)} ${detail.decision ? renderDecided(screen) : renderForm(screen)}
    </section>
  </article>`;
}

/** A category's or a field's label in the console's language, from whichever of the site's forms has it. */
function labelOf({ config, i18n }: FeedbackScreen, what: 'categories' | 'fields', id: string): string {
  for (const form of Object.values(config?.forms ?? {})) {
    const found =
      what === 'categories' ? form.categories.find((c) => c.id === id) : form.fields.find((f) => f.name === id);
    if (found) return i18n.text(found.label);
  }
  return id;
}

function renderFiles(screen: FeedbackScreen): TemplateResult | typeof nothing {
  const { t, i18n, detail } = screen;
  if (!detail.attachments.length) return nothing;
  return html`<ul class="files">
    ${detail.attachments.map(
      (f) =>
        html`<li><button type="button" class="link" @click=${() => screen.download(f)}>${t('complaint.download', { name: shownName(f.name) })}</button> (${i18n.bytes(f.size)})</li>`,
    )}
  </ul>`;
}

/** The contact fields, masked: the triage needs none in clear (a reveal is the complaint view's). */
function renderContact(screen: FeedbackScreen): TemplateResult | typeof nothing {
  const { t, detail } = screen;
  if (!detail.masked.length) return nothing;
  return html`<section part="contact" aria-labelledby="contact-title">
    <h3 id="contact-title">${t('complaint.contact')}</h3>
    <dl class="fields">
      ${detail.masked.map(
        (name) => html`<dt>${labelOf(screen, 'fields', name)}</dt>
          <dd>${String(detail.fields[name] ?? '')}</dd>`,
      )}
    </dl>
    <p class="note">${t('feedback.masked')}</p>
  </section>`;
}

function renderPending({ t, pending, online }: FeedbackScreen): TemplateResult {
  return html`<div role="status" aria-live="polite">
    ${pending.map((p) =>
      p.state === 'failed'
        ? html`<p part="error" role="alert">${t('complaint.refused', { message: p.message ?? '' })}</p>`
        : html`<p part="notice">${online ? t('complaint.sending') : t('complaint.queued')}</p>`,
    )}
  </div>`;
}

/** The decision taken: what, who and when, the words the sender reads, and what it gave and took. */
function renderDecided(screen: FeedbackScreen): TemplateResult {
  const { t, i18n } = screen;
  const decided = screen.detail.decision!;
  const sanction = decided.sanction;
  return html`<p part="outcome" class="outcome" data-decision=${decided.decision}>
      <strong>${t(`outcome.${decided.decision}` as StaffMessageKey)}</strong>
      ${t('feedback.decidedBy', { name: shownName(decided.by.name), time: i18n.dateTime(decided.at) })}
    </p>
    ${decided.text ? html`<p class="text">${decided.text}</p>` : nothing}
    ${decided.points !== null ? html`<p>${t('feedback.earned', { points: i18n.number(decided.points) })}</p>` : nothing}
    ${
      sanction
        ? html`<p>
          ${
            sanction.type === 'warning'
              ? t('feedback.warned', { user: shownName(sanction.user) })
              : t('feedback.penalised', { user: shownName(sanction.user), points: i18n.number(sanction.points) })
          }
          ${sanction.shortfall ? t('feedback.shortfall', { points: i18n.number(sanction.shortfall) }) : ''}
        </p>`
        : nothing
    }
    ${decided.note ? html`<p class="note">${t('feedback.noteShown', { note: decided.note })}</p>` : nothing}`;
}

/** The decisions this kind takes, each asked twice (it cannot be taken back), with the words it needs. */
function renderForm(screen: FeedbackScreen): TemplateResult {
  const { t, i18n, detail, text, confirming } = screen;
  const decisions = detail.offers.decisions;
  if (!screen.canDecide || !decisions.length) return html`<p>${t('feedback.undecided')}</p>`;
  const answering = decisions.includes('answer');
  const earns = detail.offers.earn;
  const busy = screen.pending.some((p) => p.state !== 'failed');
  const label = answering ? t('feedback.answer') : t('feedback.reason');
  return html`${
    earns !== null
      ? html`<p>${t(detail.kind === 'report' ? 'feedback.earnsReport' : 'feedback.earns', { points: i18n.number(earns) })}</p>`
      : detail.kind === 'suggestion' || detail.kind === 'report'
        ? html`<p class="note">${t('feedback.earnsNothing')}</p>`
        : nothing
  }
    <form part="decide" @submit=${(e: Event) => e.preventDefault()}>
      <label for="decision-text">${label}</label>
      <small id="decision-text-hint">${t(answering ? 'feedback.answerHint' : 'feedback.reasonHint')}</small>
      <textarea
        id="decision-text"
        rows="4"
        maxlength="5000"
        aria-describedby="decision-text-hint"
        aria-invalid=${screen.missing ? 'true' : 'false'}
        .value=${text.text}
        @input=${(e: Event) => text.input(detail.id, (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${
        screen.missing
          ? html`<p part="error" role="alert">${t(TEXT_NEEDED[screen.missing] === 'answer' ? 'feedback.needsAnswer' : 'feedback.needsReason')}</p>`
          : nothing
      }
      ${text.saved ? html`<small role="status">${t('complaint.draftSaved')}</small>` : nothing}
      ${detail.kind === 'report' ? renderSanction(screen) : nothing}
      <label for="decision-note">${t('feedback.note')}</label>
      <input id="decision-note" maxlength="500" .value=${screen.note} @input=${(e: Event) => screen.onNote((e.target as HTMLInputElement).value)} />
      <div class="actions">
        ${decisions.map(
          (decision) => html`<button
            type="button"
            data-decision=${decision}
            ?disabled=${busy}
            @click=${() => screen.onDecide(decision)}
          >
            ${
              confirming === decision
                ? t('complaint.confirm', { action: t(`decision.${decision}` as StaffMessageKey) })
                : t(`decision.${decision}` as StaffMessageKey)
            }
          </button>`,
        )}
      </div>
    </form>`;
}

/** A confirmed report's consequence for the user it was about: nothing, a penalty or a warning. */
function renderSanction(screen: FeedbackScreen): TemplateResult {
  const { t, i18n, detail } = screen;
  const choice = screen.sanction;
  return html`<fieldset class="sanction">
    <legend>${t('feedback.sanction')}</legend>
    ${(['none', 'penalty', 'warning'] as const).map(
      (c) => html`<label class="check"
        ><input type="radio" name="sanction" value=${c} .checked=${choice === c} @change=${() => screen.onSanction(c)} />
        ${t(`feedback.sanction.${c}` as StaffMessageKey)}</label
      >`,
    )}
    ${
      choice === 'none'
        ? nothing
        : html`<label for="sanction-user">${t('feedback.sanctionUser')}</label>
          <input id="sanction-user" name="sanctionUser" autocomplete="off" maxlength="200" />
          ${
            choice === 'penalty'
              ? html`<label for="sanction-points">${t('feedback.sanctionPoints')}</label>
                <input id="sanction-points" name="sanctionPoints" type="number" min="1" max="1000000" step="1"
                  .value=${String(detail.offers.penaltyPoints)} aria-describedby="sanction-points-hint" />
                <small id="sanction-points-hint">${t('feedback.sanctionPointsHint', { points: i18n.number(detail.offers.penaltyPoints) })}</small>`
              : nothing
          }
          <label for="sanction-reason">${t('feedback.sanctionReason')}</label>
          <input id="sanction-reason" name="sanctionReason" maxlength="500" />`
    }
  </fieldset>`;
}
