/**
 * The tracker's view of one complaint: its status and deadline, its text and
 * files, the actions, the reply box, the third party it went to (and what it
 * decided), and the timeline, rulings with their outcome; or of other
 * feedback: its text and files, and staff's decision with its reason or answer.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ComplaintDetail, TimelineEntry } from '../../src/contract/complaints';
import { ATTACHMENT_TYPES, WIRE_LIMITS } from '../../src/contract/limits';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';
import { shownName } from '../shared/shown-name';
import { kindAndCategory, loadErrorText, renderDeadline, renderStatus } from './tracker-list';
import { vocabularyWord } from '../shared/vocabulary-word';
import type { T, TrackerScreen } from './tracker-screen';

type File = ComplaintDetail['attachments'][number];

const FINAL = new Set(['closed', 'withdrawn', 'rejected']);

export function renderDetail(screen: TrackerScreen): TemplateResult {
  const { t, i18n, snapshot } = screen;
  const { detail, error } = snapshot.context;
  const back = html`<button type="button" class="back" @click=${() => screen.send({ type: 'back' })}>${t('tracker.back')}</button>`;
  if (!detail) {
    if (snapshot.matches({ detail: 'failed' }) && error) {
      return html`${back}
        <div part="error" role="alert">
          <p>${error.code === 'not_found' ? t('tracker.notFound') : loadErrorText(t, error)}</p>
          ${error.code === 'not_found' ? nothing : html`<button type="button" @click=${() => screen.send({ type: 'refresh' })}>${t('tracker.retry')}</button>`}
        </div>`;
    }
    return html`${back}<p role="status">${t('tracker.loading')}</p>`;
  }
  const message = detail.fields['message'];
  return html`${back}
    <article part="detail" aria-busy=${snapshot.matches({ detail: 'loading' }) ? 'true' : 'false'}>
      <h2>${t('tracker.tracking', { number: detail.trackingNumber })}</h2>
      <p>${renderStatus(t, detail)} <span class="meta">${kindAndCategory(screen, detail)} · ${t('tracker.received', { time: i18n.dateTime(detail.receivedAt) })}</span></p>
      ${detail.nextDeadline ? html`<p>${renderDeadline(t, detail.nextDeadline)}</p>` : nothing}
      ${typeof message === 'string' ? html`<blockquote class="message">${message}</blockquote>` : nothing}
      ${renderFiles(screen, detail.attachments)}
      ${renderPending(screen, detail.id)}
      ${detail.kind === 'complaint' ? renderComplaintPart(screen, detail) : renderDecision(screen, detail)}
    </article>`;
}

function renderComplaintPart(screen: TrackerScreen, detail: ComplaintDetail): TemplateResult {
  const { t } = screen;
  return html`${renderActions(screen, detail)} ${renderThirdParty(screen, detail)} ${renderPath(t, detail)}
    <h3>${t('timeline.title')}</h3>
    <ol part="timeline">
      ${detail.timeline.map((entry) => renderEntry(screen, detail, entry))}
    </ol>`;
}

/** What staff decided on a suggestion, report, praise or question, in the sender's words; until then, that it waits. */
function renderDecision({ t, i18n }: TrackerScreen, detail: ComplaintDetail): TemplateResult {
  const decided = detail.decision;
  return html`<section part="decision" aria-labelledby="decision-title">
    <h3 id="decision-title">${t('decision.title')}</h3>
    ${
      decided
        ? html`<p><strong>${t(`decision.${decided.decision}` as TrackerMessageKey)}</strong>
            <span class="meta">${i18n.dateTime(decided.at)}</span></p>
          ${
            decided.text
              ? html`<p class="text" data-text=${decided.decision === 'answer' ? 'answer' : 'reason'}>
                <span class="label">${t(decided.decision === 'answer' ? 'decision.answerLabel' : 'decision.reasonLabel')}</span>
                ${decided.text}
              </p>`
              : nothing
          }`
        : html`<p>${t(detail.status === 'withdrawn' ? 'status.withdrawn' : 'decision.pending')}</p>`
    }
  </section>`;
}

/** Files of the complaint or of one message, each a download (never shown inline: the server sends them as attachments). */
function renderFiles({ t, i18n, download }: TrackerScreen, files: readonly File[]): TemplateResult | typeof nothing {
  if (!files.length) return nothing;
  return html`<ul class="files">
    ${files.map(
      (f) =>
        html`<li><button type="button" class="link" @click=${() => download(f)}>${t('files.download', { name: shownName(f.name) })}</button> (${i18n.bytes(f.size)})</li>`,
    )}
  </ul>`;
}

function renderPending({ t, pending, online }: TrackerScreen, id: string): TemplateResult | typeof nothing {
  const mine = pending.filter((p) => p.subject === id);
  if (!mine.length) return nothing;
  return html`${mine.map((p) =>
    p.state === 'failed'
      ? html`<p part="error" role="alert">${t('action.failed', { message: p.message ?? '' })}</p>`
      : html`<p part="notice" role="status">${online ? t('action.sending') : t('action.queued')}</p>`,
  )}`;
}

function renderActions(screen: TrackerScreen, detail: ComplaintDetail): TemplateResult {
  const { t } = screen;
  const actions = detail.actions.filter((a) => a !== 'rate');
  const canWrite = !FINAL.has(detail.status) && detail.actions.length > 0;
  return html`${detail.actions.includes('rate') && !detail.rating ? renderRating(screen, detail) : nothing}
    ${detail.rating ? html`<p part="rating" role="status">${t('timeline.rated', { score: detail.rating.score })}</p>` : nothing}
    ${canWrite ? renderReplyBox(screen, detail, actions.includes('dispute')) : nothing}
    ${
      actions.length
        ? html`<div part="actions" class="actions">
          ${actions.map(
            (action) => html`<button
              type="button"
              data-action=${action}
              ?disabled=${screen.busyWith(detail.id, action)}
              @click=${() => screen.onAction(detail, action)}
            >
              ${screen.confirming === action ? t('action.confirmPrompt') : t(`action.${action}` as TrackerMessageKey)}
            </button>`,
          )}
        </div>`
        : nothing
    }`;
}

function renderReplyBox(screen: TrackerScreen, detail: ComplaintDetail, disputable: boolean): TemplateResult {
  const { t, i18n, reply } = screen;
  const label = t('reply.label');
  return html`<form part="reply" @submit=${(e: Event) => screen.onMessage(detail, e)}>
    <label for="reply">${disputable ? `${label} / ${t('reply.disputeLabel')}` : label}</label>
    <textarea id="reply" name="reply" rows="3" maxlength="5000" .value=${reply.text} @input=${(e: Event) => reply.input(detail.id, (e.target as HTMLTextAreaElement).value)}></textarea>
    <label for="reply-files">${t('files.add')}</label>
    <input id="reply-files" type="file" multiple accept=${ATTACHMENT_TYPES.join(',')} aria-describedby="reply-files-hint" @change=${(e: Event) => screen.onFilesChosen(detail.id, e.target as HTMLInputElement)} />
    <small id="reply-files-hint">${t('files.hint', { count: WIRE_LIMITS.attachments, size: i18n.bytes(WIRE_LIMITS.attachmentBytes) })}</small>
    ${
      reply.files.length
        ? html`<ul class="files">
          ${reply.files.map(
            (f) =>
              html`<li><bdi>${shownName(f.name)}</bdi> (${i18n.bytes(f.size)}) <button type="button" class="link" @click=${() =>
                reply.setFiles(
                  detail.id,
                  reply.files.filter((other) => other.id !== f.id),
                )}>${t('files.remove', { name: shownName(f.name) })}</button></li>`,
          )}
        </ul>`
        : nothing
    }
    ${screen.fileError ? html`<p part="error" role="alert">${screen.fileError}</p>` : nothing}
    ${reply.saved ? html`<small role="status">${t('reply.draftSaved')}</small>` : nothing}
    <button type="submit" ?disabled=${!reply.text.trim()}>${t('action.message')}</button>
  </form>`;
}

function renderRating(screen: TrackerScreen, detail: ComplaintDetail): TemplateResult {
  const { t } = screen;
  return html`<form part="rating" @submit=${(e: Event) => screen.onRate(detail, e)}>
    <fieldset>
      <legend>${t('rating.legend')}</legend>
      <div class="stars">
        ${[1, 2, 3, 4, 5].map(
          (n) => html`<label
            ><input type="radio" name="score" .value=${String(n)} .checked=${screen.score === n} @change=${() => screen.setScore(n)} /><span
              >${n}</span
            ><span class="sr">${t('rating.star', { n })}</span></label
          >`,
        )}
      </div>
      <label for="rating-comment">${t('rating.comment')}</label>
      <input id="rating-comment" name="comment" maxlength="2000" .value=${screen.comment} @input=${(e: Event) => screen.setComment((e.target as HTMLInputElement).value)} />
    </fieldset>
    <button type="submit" ?disabled=${screen.busyWith(detail.id, 'rate') || screen.score < 1}>${t('action.rate')}</button>
  </form>`;
}

/** Who the third party is, with its reference and the day it was referred, and what it decided once staff record it. */
function renderThirdParty({ t, i18n }: TrackerScreen, detail: ComplaintDetail): TemplateResult | typeof nothing {
  const third = detail.thirdParty;
  if (!third) return nothing;
  return html`<section part="third-party" aria-labelledby="third-party-title">
    <h3 id="third-party-title">${t('thirdParty.title')}</h3>
    ${
      third.body
        ? html`<dl>
          <dt>${t('thirdParty.body')}</dt>
          <dd>${third.body}</dd>
          ${
            third.reference
              ? html`<dt>${t('thirdParty.reference')}</dt>
                <dd>${third.reference}</dd>`
              : nothing
          }
          ${
            third.referredOn
              ? html`<dt>${t('thirdParty.referredOn')}</dt>
                <dd>${i18n.date(third.referredOn)}</dd>`
              : nothing
          }
        </dl>`
        : html`<p>${t('thirdParty.notNamed')}</p>`
    }
    ${
      third.outcome
        ? html`<h4>${t('thirdParty.decision')}</h4>
          <p class="meta">${t('thirdParty.decidedOn', { date: i18n.date(third.outcome.decidedOn) })}</p>
          <p class="text">${third.outcome.text}</p>`
        : html`<p>${t('thirdParty.waiting')}</p>`
    }
  </section>`;
}

/** How disputes, arbitration and third parties work, where the complaint may go that way. */
function renderPath(t: T, detail: ComplaintDetail): TemplateResult | typeof nothing {
  const relevant =
    detail.actions.includes('dispute') ||
    detail.actions.includes('ask_third_party') ||
    ['disputed', 'arbitration', 'third_party'].includes(detail.status);
  if (!relevant) return nothing;
  return html`<section part="path">
    <h3>${t('path.title')}</h3>
    <p>${t('path.dispute', { days: detail.windows.disputeDays })}</p>
    <p>${t('path.thirdParty', { days: detail.windows.disputeDays })}</p>
  </section>`;
}

function renderEntry(screen: TrackerScreen, detail: ComplaintDetail, entry: TimelineEntry): TemplateResult {
  const { t, i18n } = screen;
  const who =
    entry.actor.role === 'user'
      ? t('timeline.you')
      : entry.actor.role === 'system'
        ? t('timeline.system')
        : `${entry.actor.role === 'arbitrator' ? t('timeline.arbitrator') : t('timeline.staff')}${entry.actor.name ? ` ${shownName(entry.actor.name)}` : ''}`;
  return html`<li data-type=${entry.type}>
    <time datetime=${entry.at}>${i18n.dateTime(entry.at)}</time>
    <span class="who">${who}</span>
    ${entryWords(t, detail, entry)}
    ${entry.type === 'rule' ? html`<strong>${t('timeline.ruling')}</strong>` : nothing}
    ${entry.outcome ? html`<strong class="outcome" data-outcome=${entry.outcome}>${t(`timeline.outcome.${entry.outcome}`)}</strong>` : nothing}
    ${entry.referral ? html`<p class="text">${referralWords(screen, entry.referral)}</p>` : nothing}
    ${entry.decidedOn ? html`<strong>${t('timeline.thirdPartyDecision', { date: screen.i18n.date(entry.decidedOn) })}</strong>` : nothing}
    ${entry.text ? html`<p class="text">${entry.text}</p>` : nothing}
    ${renderFiles(screen, entry.attachments)}
  </li>`;
}

function referralWords({ t, i18n }: TrackerScreen, referral: NonNullable<TimelineEntry['referral']>): string {
  const to = t('timeline.referred', { body: referral.body, date: i18n.date(referral.referredOn) });
  return referral.reference ? `${to} ${t('timeline.referredReference', { reference: referral.reference })}` : to;
}

/** What happened, in words, when the entry is more than a message. */
function entryWords(t: T, detail: ComplaintDetail, entry: TimelineEntry): TemplateResult | typeof nothing {
  let what = '';
  if (entry.type === 'received') what = t('timeline.received');
  else if (entry.type === 'system.auto_resolve')
    what = t('timeline.autoResolved', { days: detail.windows.autoResolveDays });
  else if (entry.type === 'system.auto_close') what = t('timeline.autoClosed');
  else if (entry.type === 'deadline.missed')
    what = t('timeline.missed', { what: vocabularyWord(t, 'deadline', entry.deadline ?? 'firstReply') });
  else if (entry.years) what = t('timeline.calendar', { years: `${entry.years}` });
  else if (entry.type === 'rate') what = t('timeline.rated', { score: entry.score ?? 0 });
  else if (entry.to && entry.to !== entry.from)
    what = t('timeline.statusChange', { status: vocabularyWord(t, 'status', entry.to) });
  return what ? html`<span class="what">${what}</span>` : nothing;
}
