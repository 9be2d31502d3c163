/**
 * The templates of the arbitration workbench: both sides of a dispute side
 * by side (what the user said and sent; the disputed reply and what staff
 * sent since), the ruling form or why this person may not rule, the rulings
 * given, the referral to a third party and its outcome. Plain functions of
 * a "screen" the element builds per render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { RULING_OUTCOMES, type RulingOutcome } from '../../src/contract/complaint-vocabulary';
import type { TimelineEntry } from '../../src/contract/complaints';
import type { StaffComplaintDetail } from '../../src/contract/staff';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import type { PendingWrite } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';
import { shownName } from '../shared/shown-name';
import type { StaffT } from '../shared/staff-element';

type File = StaffComplaintDetail['attachments'][number];

const IN_DISPUTE = new Set(['disputed', 'arbitration', 'third_party']);

/** Whether a complaint has a dispute to show: disputed now, or once (a ruling, a third party). */
export function hasDispute(detail: StaffComplaintDetail): boolean {
  return IN_DISPUTE.has(detail.status) || detail.timeline.some((e) => e.type === 'dispute');
}

export interface ArbitrationScreen {
  t: StaffT;
  i18n: Translator;
  detail: StaffComplaintDetail;
  /** may write to complaints at all (the third party's outcome is anyone's who works them) */
  canWork: boolean;
  ruling: ReplyDraft;
  /** the referral form's draft: the body in its text, the reference and the date beside it */
  referral: ReplyDraft;
  outcome: ReplyDraft;
  /** the ruling's outcome waiting for its confirmation */
  confirming: boolean;
  pending: readonly PendingWrite[];
  online: boolean;
  fileError: string;
  /** today on this device, YYYY-MM-DD: the latest a date may be (the server checks in the site's zone) */
  today: string;
  onRule(event: SubmitEvent): void;
  onRefer(event: SubmitEvent): void;
  onOutcome(event: SubmitEvent): void;
  download(file: File): void;
}

export function renderArbitration(screen: ArbitrationScreen): TemplateResult {
  const { t } = screen;
  return html`<section part="arbitration" aria-labelledby="arbitration-title">
    <h3 id="arbitration-title" tabindex="-1">${t('arbitration.title')}</h3>
    ${renderSides(screen)} ${renderPending(screen)} ${renderRulings(screen)} ${renderRuling(screen)}
    ${renderThirdParty(screen)}
  </section>`;
}

function who(t: StaffT, entry: TimelineEntry): string {
  if (entry.actor.role === 'user') return t('complaint.user');
  if (entry.actor.role === 'system') return t('complaint.system');
  const role = t(`role.${entry.actor.role}` as StaffMessageKey);
  return entry.actor.name ? `${role} ${shownName(entry.actor.name)}` : role;
}

function renderStatement(screen: ArbitrationScreen, entry: TimelineEntry, label: StaffMessageKey): TemplateResult {
  const { t, i18n } = screen;
  return html`<li data-type=${entry.type}>
    <strong>${t(label)}</strong>
    <small>${t('arbitration.by', { who: who(t, entry), time: i18n.dateTime(entry.at) })}</small>
    ${entry.text ? html`<p class="text">${entry.text}</p>` : nothing}
  </li>`;
}

/** The user's side and the platform's, each with its files; a grid that stacks them when narrow. */
function renderSides(screen: ArbitrationScreen): TemplateResult {
  const { t, detail } = screen;
  const replyAt = detail.timeline.findLastIndex((e) => e.type === 'reply');
  const reply = replyAt >= 0 ? detail.timeline[replyAt] : undefined;
  const fromUser = detail.timeline.filter((e) => e.actor.role === 'user' && e.text && e.type !== 'received');
  const fromStaff = detail.timeline
    .slice(replyAt + 1)
    .filter((e) => e.actor.role !== 'user' && e.actor.role !== 'system' && e.type === 'message');
  const message = detail.fields['message'];
  const userFiles = [...detail.attachments, ...fromUser.flatMap((e) => e.attachments)];
  const staffFiles = [reply, ...fromStaff].flatMap((e) => e?.attachments ?? []);
  return html`<div class="sides">
    <section class="side" aria-labelledby="side-user">
      <h4 id="side-user">${t('arbitration.userSide')}</h4>
      <ol>
        ${
          typeof message === 'string'
            ? html`<li><strong>${t('arbitration.complaint')}</strong><p class="text">${message}</p></li>`
            : nothing
        }
        ${fromUser.map((e) =>
          renderStatement(screen, e, e.type === 'dispute' ? 'arbitration.dispute' : 'arbitration.userSaid'),
        )}
      </ol>
      ${renderEvidence(screen, userFiles, 'side-user-files')}
    </section>
    <section class="side" aria-labelledby="side-reply">
      <h4 id="side-reply">${t('arbitration.replySide')}</h4>
      ${
        reply
          ? html`<ol>
            ${renderStatement(screen, reply, 'arbitration.reply')}
            ${fromStaff.map((e) => renderStatement(screen, e, 'arbitration.staffSaid'))}
          </ol>`
          : html`<p class="note">${t('arbitration.noReply')}</p>`
      }
      ${renderEvidence(screen, staffFiles, 'side-reply-files')}
    </section>
  </div>`;
}

function renderEvidence(screen: ArbitrationScreen, files: readonly File[], id: string): TemplateResult {
  const { t, i18n, download } = screen;
  return html`<h5 id=${id}>${t('arbitration.evidence')}</h5>
    ${
      files.length
        ? html`<ul class="files" aria-labelledby=${id}>
          ${files.map(
            (f) =>
              html`<li><button type="button" class="link" @click=${() => download(f)}>${t('complaint.download', { name: shownName(f.name) })}</button> (${i18n.bytes(f.size)})</li>`,
          )}
        </ul>`
        : html`<p class="note">${t('arbitration.noEvidence')}</p>`
    }
    ${screen.fileError ? html`<p part="error" role="alert">${screen.fileError}</p>` : nothing}`;
}

function renderPending({ t, pending, online }: ArbitrationScreen): TemplateResult {
  return html`<div role="status" aria-live="polite">
    ${pending.map((p) =>
      p.state === 'failed'
        ? html`<p part="error" role="alert">
            ${p.code === 'conflict' ? t('complaint.conflict') : t('complaint.refused', { message: p.message ?? '' })}
          </p>`
        : html`<p part="notice">${online ? t('complaint.sending') : t('complaint.queued')}</p>`,
    )}
  </div>`;
}

const outcomeWords = (t: StaffT, outcome: RulingOutcome) => t(`outcome.${outcome}` as StaffMessageKey);

/** The rulings given, with their outcome and reasons. */
function renderRulings(screen: ArbitrationScreen): TemplateResult | typeof nothing {
  const { t, i18n, detail } = screen;
  const rulings = detail.timeline.filter((e) => e.type === 'rule');
  if (!rulings.length) return nothing;
  return html`<ol class="rulings">
    ${rulings.map(
      (r) =>
        html`<li part="ruling-given">
          <strong>${r.outcome ? t('arbitration.given', { outcome: outcomeWords(t, r.outcome) }) : t('arbitration.ruling')}</strong>
          <small>${t('arbitration.by', { who: who(t, r), time: i18n.dateTime(r.at) })}</small>
          ${r.text ? html`<p class="text">${r.text}</p>` : nothing}
        </li>`,
    )}
  </ol>`;
}

/** The ruling form for whoever may rule now; for anyone else while there is a dispute, why not. */
function renderRuling(screen: ArbitrationScreen): TemplateResult | typeof nothing {
  const { t, detail, ruling } = screen;
  if (!detail.actions.includes('rule')) {
    const why = detail.cannotRule;
    return why
      ? html`<p part="cannot-rule" class="why">${t(`arbitration.cannot.${why}` as StaffMessageKey)}</p>`
      : nothing;
  }
  const chosen = ruling.values['outcome'] as RulingOutcome | undefined;
  const busy = screen.pending.some((p) => p.state !== 'failed');
  return html`<form part="ruling" @submit=${screen.onRule}>
    <fieldset>
      <legend>${t('arbitration.outcome')}</legend>
      ${RULING_OUTCOMES.map(
        (o) =>
          html`<label class="check"
            ><input
              type="radio"
              name="outcome"
              .value=${o}
              .checked=${chosen === o}
              required
              @change=${() => ruling.setValue(detail.id, 'outcome', o)}
            />
            ${outcomeWords(t, o)}</label
          >`,
      )}
    </fieldset>
    <label for="ruling-reasons">${t('arbitration.reasons')}</label>
    <textarea
      id="ruling-reasons"
      name="reasons"
      rows="4"
      maxlength="5000"
      required
      .value=${ruling.text}
      @input=${(e: Event) => ruling.input(detail.id, (e.target as HTMLTextAreaElement).value)}
    ></textarea>
    ${ruling.saved ? html`<small role="status">${t('complaint.draftSaved')}</small>` : nothing}
    <button type="submit" ?disabled=${busy || !chosen || !ruling.text.trim()}>
      ${
        screen.confirming && chosen
          ? t('arbitration.confirmRule', { outcome: outcomeWords(t, chosen) })
          : t('arbitration.rule')
      }
    </button>
  </form>`;
}

/** Where the complaint went, the referral form, and the third party's outcome or its form. */
function renderThirdParty(screen: ArbitrationScreen): TemplateResult | typeof nothing {
  const { t, i18n, detail } = screen;
  const third = detail.thirdParty;
  const mayRefer = detail.actions.includes('refer_third_party');
  if (!third && !mayRefer) return nothing;
  const busy = screen.pending.some((p) => p.state !== 'failed');
  return html`<section aria-labelledby="third-party-title">
    <h4 id="third-party-title">${t('referral.title')}</h4>
    ${
      third
        ? html`<dl class="fields">
          ${
            third.body
              ? html`<dt>${t('referral.bodyLabel')}</dt>
                <dd>${third.body}</dd>`
              : html`<dt>${t('referral.bodyLabel')}</dt>
                <dd>${t('referral.askedByUser')}</dd>`
          }
          ${
            third.reference
              ? html`<dt>${t('referral.referenceLabel')}</dt>
                <dd>${third.reference}</dd>`
              : nothing
          }
          ${
            third.referredOn
              ? html`<dt>${t('referral.dateLabel')}</dt>
                <dd>${i18n.date(third.referredOn)}</dd>`
              : nothing
          }
          ${
            third.outcome
              ? html`<dt>${t('thirdPartyOutcome.title')}</dt>
                <dd>
                  <strong>${i18n.date(third.outcome.decidedOn)}</strong>
                  <p class="text">${third.outcome.text}</p>
                </dd>`
              : nothing
          }
        </dl>`
        : nothing
    }
    ${mayRefer ? renderReferralForm(screen, busy) : nothing}
    ${third && !third.outcome && detail.status === 'third_party' ? renderOutcomeForm(screen, !third.body) : nothing}
  </section>`;
}

/** Where the complaint is sent: typed into a draft kept on the device, like the ruling's. */
function renderReferralForm(screen: ArbitrationScreen, busy: boolean): TemplateResult {
  const { t, detail, referral } = screen;
  return html`<form part="referral" @submit=${screen.onRefer}>
    <label for="referral-body">${t('referral.body')}</label>
    <input
      id="referral-body"
      name="body"
      required
      maxlength="200"
      autocomplete="organization"
      .value=${referral.text}
      @input=${(e: Event) => referral.input(detail.id, (e.target as HTMLInputElement).value)}
    />
    <label for="referral-reference">${t('referral.reference')}</label>
    <input
      id="referral-reference"
      name="reference"
      maxlength="200"
      autocomplete="off"
      .value=${referral.values['reference'] ?? ''}
      @input=${(e: Event) => referral.setValue(detail.id, 'reference', (e.target as HTMLInputElement).value)}
    />
    <label for="referral-date">${t('referral.date')}</label>
    <input
      id="referral-date"
      name="referredOn"
      type="date"
      required
      max=${screen.today}
      .value=${referral.values['referredOn'] ?? screen.today}
      @input=${(e: Event) => referral.setValue(detail.id, 'referredOn', (e.target as HTMLInputElement).value)}
    />
    ${referral.saved ? html`<small role="status">${t('complaint.draftSaved')}</small>` : nothing}
    <button type="submit" ?disabled=${busy}>${t('referral.submit')}</button>
  </form>`;
}

function renderOutcomeForm(screen: ArbitrationScreen, needsBody: boolean): TemplateResult {
  const { t, detail, outcome } = screen;
  if (!screen.canWork) return html`<p class="note">${t('thirdPartyOutcome.waiting')}</p>`;
  const busy = screen.pending.some((p) => p.state !== 'failed');
  return html`<form part="third-party-outcome" @submit=${screen.onOutcome}>
    <p class="note">${t('thirdPartyOutcome.waiting')}</p>
    ${
      needsBody
        ? html`<label for="outcome-body">${t('referral.body')}</label>
          <input
            id="outcome-body"
            name="body"
            required
            maxlength="200"
            .value=${outcome.values['body'] ?? ''}
            @input=${(e: Event) => outcome.setValue(detail.id, 'body', (e.target as HTMLInputElement).value)}
          />
          <label for="outcome-reference">${t('referral.reference')}</label>
          <input
            id="outcome-reference"
            name="reference"
            maxlength="200"
            .value=${outcome.values['reference'] ?? ''}
            @input=${(e: Event) => outcome.setValue(detail.id, 'reference', (e.target as HTMLInputElement).value)}
          />`
        : nothing
    }
    <label for="outcome-text">${t('thirdPartyOutcome.text')}</label>
    <textarea
      id="outcome-text"
      name="outcome"
      rows="3"
      maxlength="5000"
      required
      .value=${outcome.text}
      @input=${(e: Event) => outcome.input(detail.id, (e.target as HTMLTextAreaElement).value)}
    ></textarea>
    <label for="outcome-date">${t('thirdPartyOutcome.date')}</label>
    <input
      id="outcome-date"
      name="decidedOn"
      type="date"
      required
      max=${screen.today}
      min=${detail.thirdParty?.referredOn ?? nothing}
      .value=${outcome.values['decidedOn'] ?? screen.today}
      @input=${(e: Event) => outcome.setValue(detail.id, 'decidedOn', (e.target as HTMLInputElement).value)}
    />
    ${outcome.saved ? html`<small role="status">${t('complaint.draftSaved')}</small>` : nothing}
    <button type="submit" ?disabled=${busy || !outcome.text.trim()}>${t('thirdPartyOutcome.submit')}</button>
  </form>`;
}
