/**
 * The templates of one complaint as staff see it: its head (status,
 * deadlines, assignee, category), the contact details masked or revealed,
 * what the user wrote and sent, the actions the lifecycle allows this
 * principal, who else of the staff is on it (viewing, typing a reply), a
 * reply refused because the complaint changed meanwhile shown beside what
 * changed, the arbitration workbench once disputed
 * (<uc-staff-arbitration>, which takes the ruling and the referral), the
 * reply and note boxes, what it gave or took in points
 * (<uc-staff-compensation>), and the timeline with internal notes. Plain
 * functions of a "screen" the element builds per render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ComplaintAction } from '../../src/contract/complaints';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { shownName } from '../shared/shown-name';
import { hasDispute } from './arbitration-views';
import { presenceWords } from './presence-words';
import type { ComplaintScreen } from './complaint-screen';
import { renderNote, renderReply } from './reply-views';
import { renderDeadline } from './staff-deadlines';
import { renderEntry, renderFiles } from './timeline-views';
import { vocabularyWord } from '../shared/vocabulary-word';

/** Actions that need words, and which: the reply to the user, a rejection's reason. */
export const TEXT_OF: Partial<Record<ComplaintAction, 'text' | 'reason'>> = {
  reply: 'text',
  ask_user: 'text',
  reject: 'reason',
};
/** Actions with a form of their own in the arbitration workbench (an outcome and reasons; the third party and the date). */
const IN_WORKBENCH = new Set<ComplaintAction>(['rule', 'refer_third_party']);
/** Actions that cannot be taken back: asked twice. */
export const CONFIRMED = new Set<ComplaintAction>(['reject', 'resolve', 'close']);

export function renderComplaint(screen: ComplaintScreen): TemplateResult {
  const { t, i18n, detail } = screen;
  return html`<article part="detail" aria-labelledby="complaint-title">
    <h2 id="complaint-title" tabindex="-1">${t('complaint.title', { number: detail.trackingNumber })}</h2>
    <p class="head">
      <span part="status" class="status" data-status=${detail.status}>${vocabularyWord(t, 'status', detail.status)}</span>
      <span class="meta"
        >${vocabularyWord(t, 'kind', detail.kind)} · ${categoryLabel(screen, detail.category)} ·
        ${vocabularyWord(t, 'channel', detail.channel)} · ${t('complaint.received', { time: i18n.dateTime(detail.receivedAt) })}</span
      >
    </p>
    <p part="presence" class="presence" role="status" aria-label=${t('presence.label')}>
      ${presenceWords(t, screen.present).join(' · ')}
    </p>
    <p class="deadlines">
      ${detail.deadlines
        .filter((d) => d.status !== 'met' && d.status !== 'metLate')
        .map((d) => renderDeadline(t, d, false, screen.now))}
    </p>
    ${renderWork(screen)} ${renderContact(screen)}
    <section aria-labelledby="fields-title">
      <h3 id="fields-title">${t('complaint.fields')}</h3>
      <dl class="fields">
        ${Object.entries(detail.fields)
          .filter(([name]) => !detail.masked.includes(name))
          .map(
            ([name, value]) =>
              html`<dt>${fieldLabel(screen, name)}</dt>
                <dd>${Array.isArray(value) ? value.join(', ') : String(value)}</dd>`,
          )}
      </dl>
      ${renderFiles(screen, detail.attachments)}
      ${screen.fileError ? html`<p part="error" role="alert">${screen.fileError}</p>` : nothing}
    </section>
    ${renderPending(screen)} ${renderActions(screen)}
    ${
      hasDispute(detail)
        ? html`<uc-staff-arbitration complaint-id=${detail.id} .detail=${detail}></uc-staff-arbitration>`
        : nothing
    }
    ${renderReply(screen)} ${renderNote(screen)}
    ${
      detail.kind === 'complaint'
        ? html`<uc-staff-compensation complaint-id=${detail.id} .given=${detail.pointsGiven}></uc-staff-compensation>`
        : nothing
    }
    <section aria-labelledby="timeline-title">
      <h3 id="timeline-title">${t('complaint.timeline')}</h3>
      <ol part="timeline">
        ${detail.timeline.map((entry) => renderEntry(screen, entry))}
      </ol>
    </section>
  </article>`;
}

function categoryLabel({ config, i18n }: ComplaintScreen, id: string): string {
  for (const form of Object.values(config?.forms ?? {})) {
    const category = form.categories.find((c) => c.id === id);
    if (category) return i18n.text(category.label);
  }
  return id;
}

function fieldLabel({ config, i18n }: ComplaintScreen, name: string): string {
  for (const form of Object.values(config?.forms ?? {})) {
    const field = form.fields.find((f) => f.name === name);
    if (field) return i18n.text(field.label);
  }
  return name;
}

/** Who works it, and its category: claim, release, reassign, recategorise, mark complex. */
function renderWork(screen: ComplaintScreen): TemplateResult {
  const { t, detail, can, principal } = screen;
  const mine = detail.assignee?.principal === principal;
  const categories = [
    ...new Map(
      Object.values(screen.config?.forms ?? {})
        .flatMap((form) => form.categories)
        // A retired category is offered only to the complaint already in it (so the complex mark can change alone).
        .filter((c) => !c.retired || c.id === detail.category)
        .map((c) => [c.id, c]),
    ).values(),
  ];
  return html`<section part="work" class="work" aria-label=${t('complaint.assignee')}>
    <p>
      ${t('complaint.assignee')}:
      <strong>${detail.assignee ? shownName(detail.assignee.name) : t('queue.nobody')}</strong>
      ${
        can.assign && !mine
          ? html`<button type="button" data-shortcut="a" @click=${() => screen.onAssign(principal)}>${t('complaint.claim')}</button>`
          : nothing
      }
      ${
        can.assign && detail.assignee
          ? html`<button type="button" @click=${() => screen.onAssign(null)}>${t('complaint.release')}</button>`
          : nothing
      }
    </p>
    ${
      can.assign
        ? html`<form
          class="inline"
          @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const value = String(new FormData(e.target as HTMLFormElement).get('assignee') ?? '').trim();
            if (value) screen.onAssign(value);
          }}
        >
          <label for="reassign">${t('complaint.reassign')}</label>
          <input id="reassign" name="assignee" autocomplete="off" placeholder="staff:person:…" />
          <button type="submit">${t('complaint.reassignSubmit')}</button>
        </form>`
        : nothing
    }
    ${
      can.categorise
        ? html`<form class="inline" @submit=${screen.onCategory}>
          <label for="category">${t('complaint.category')}</label>
          <select id="category" name="category">
            ${categories.map(
              (c) =>
                html`<option value=${c.id} ?selected=${c.id === detail.category}>${screen.i18n.text(c.label)}</option>`,
            )}
          </select>
          <label class="check"><input type="checkbox" name="complex" .checked=${detail.complex} /> ${t('complaint.complex')}</label>
          <button type="submit">${t('complaint.saveCategory')}</button>
        </form>`
        : nothing
    }
  </section>`;
}

/** The contact fields, masked until revealed for a reason. */
function renderContact(screen: ComplaintScreen): TemplateResult | typeof nothing {
  const { t, detail, revealed } = screen;
  if (!detail.masked.length) return nothing;
  return html`<section part="contact" aria-labelledby="contact-title">
    <h3 id="contact-title">${t('complaint.contact')}</h3>
    <dl class="fields">
      ${detail.masked.map(
        (name) =>
          html`<dt>${fieldLabel(screen, name)}</dt>
            <dd>${revealed?.[name] ?? String(detail.fields[name] ?? '')}</dd>`,
      )}
    </dl>
    ${
      revealed
        ? html`<p class="note" role="status">${t('complaint.revealed')}</p>`
        : html`<p class="note">${t('complaint.masked')}</p>
          ${
            screen.can.reveal
              ? html`<form class="inline" @submit=${screen.onReveal}>
                <label for="reveal-reason">${t('complaint.revealReason')}</label>
                <input id="reveal-reason" name="reason" required minlength="3" maxlength="500" />
                <button type="submit">${t('complaint.reveal')}</button>
              </form>`
              : nothing
          }`
    }
    ${screen.revealError ? html`<p part="error" role="alert">${screen.revealError}</p>` : nothing}
  </section>`;
}

function renderPending({ t, pending, online }: ComplaintScreen): TemplateResult {
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

/**
 * The lifecycle's actions for this principal, as the server's machine says (detail.actions). While a
 * write on this complaint is on its way they wait: the next action must be taken on the version it makes.
 */
function renderActions(screen: ComplaintScreen): TemplateResult | typeof nothing {
  const { t, detail, confirming } = screen;
  const actions = detail.actions.filter((a) => !IN_WORKBENCH.has(a));
  if (!screen.can.work || !actions.length) return nothing;
  const needs = confirming ? TEXT_OF[confirming] : undefined;
  return html`<section part="actions" aria-labelledby="actions-title">
    <h3 id="actions-title">${t('complaint.actions')}</h3>
    ${
      confirming && needs
        ? html`<label for="action-text">${needs === 'reason' ? t('complaint.reason') : t('complaint.actionText')}</label>
          <textarea id="action-text" rows="3" maxlength="5000" .value=${screen.actionText} @input=${(e: Event) => screen.onActionText((e.target as HTMLTextAreaElement).value)}></textarea>`
        : nothing
    }
    <div class="actions">
      ${actions.map(
        (action) => html`<button
          type="button"
          data-action=${action}
          ?disabled=${screen.pending.some((p) => p.state !== 'failed')}
          @click=${() => screen.onAction(action)}
        >
          ${
            confirming === action
              ? t('complaint.confirm', { action: t(`action.${action}` as StaffMessageKey) })
              : t(`action.${action}` as StaffMessageKey)
          }
        </button>`,
      )}
    </div>
  </section>`;
}
