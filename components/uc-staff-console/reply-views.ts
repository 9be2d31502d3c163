/**
 * The reply and note boxes of one complaint: a reply waits while a change
 * of this person's own is read back, and a reply refused because the
 * complaint changed meanwhile is shown beside what changed, to send anyway
 * on the new version or to discard.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ComplaintScreen, ConflictView } from './complaint-screen';
import { renderEntry } from './timeline-views';
import { vocabularyWord } from '../shared/vocabulary-word';

/** Nothing more is written to the user once a complaint is here. */
const FINAL = new Set(['closed', 'withdrawn', 'rejected']);

export function renderReply(screen: ComplaintScreen): TemplateResult | typeof nothing {
  const { t, reply, conflict } = screen;
  if (!screen.can.work || FINAL.has(screen.detail.status)) return nothing;
  return html`<form part="reply" @submit=${screen.onReply}>
    ${conflict ? renderConflict(screen, conflict) : nothing}
    <label for="reply">${t('complaint.reply')}</label>
    ${
      screen.cannedReplies.length
        ? html`<select aria-label=${t('complaint.canned')} @change=${(e: Event) => {
            const select = e.target as HTMLSelectElement;
            screen.onCanned(select.value);
            select.value = '';
          }}>
            <option value="">${t('complaint.cannedNone')}</option>
            ${screen.cannedReplies.map((c) => html`<option value=${c.id}>${c.title}</option>`)}
          </select>`
        : nothing
    }
    <textarea id="reply" name="reply" rows="4" maxlength="5000" aria-describedby=${conflict ? 'conflict-intro' : nothing} .value=${reply.text} @input=${(e: Event) => screen.onReplyInput((e.target as HTMLTextAreaElement).value)}></textarea>
    ${reply.saved ? html`<small role="status">${t('complaint.draftSaved')}</small>` : nothing}
    ${
      conflict
        ? html`<div class="conflict-actions">
          <button type="button" data-conflict="send" ?disabled=${!conflict.fresh || !reply.text.trim() || screen.pending.some((p) => p.action === 'message' && p.state !== 'failed')} @click=${screen.onSendAnyway}>
            ${t('conflict.sendAnyway')}
          </button>
          <button type="button" data-conflict="discard" @click=${screen.onDiscard}>${t('conflict.discard')}</button>
        </div>`
        : html`<button type="submit" ?disabled=${!reply.text.trim() || changing(screen)}>${t('complaint.send')}</button>`
    }
  </form>`;
}

/**
 * A change of this person's own is on its way (a claim, a category, an action; a note changes no version):
 * the reply waits for the version it makes, as the actions do, or it would meet that change as a colleague's.
 */
function changing(screen: ComplaintScreen): boolean {
  return (
    screen.settling || screen.pending.some((p) => p.state !== 'failed' && p.action !== 'note' && p.action !== 'message')
  );
}

/** What changed since the kept reply was started, above it: the new timeline entries and the status now. */
function renderConflict(screen: ComplaintScreen, conflict: ConflictView): TemplateResult {
  const { t } = screen;
  return html`<section part="conflict" class="conflict" aria-labelledby="conflict-title">
    <h3 id="conflict-title">${t('conflict.title')}</h3>
    <p id="conflict-intro" role="alert">${t('conflict.intro')}</p>
    ${
      conflict.fresh
        ? html`<p>${t('conflict.status', { status: vocabularyWord(t, 'status', conflict.status) })}</p>
          ${
            conflict.entries.length
              ? html`<p>${t('conflict.changes')}</p>
                <ol class="conflict-entries">
                  ${conflict.entries.map((entry) => renderEntry(screen, entry))}
                </ol>`
              : html`<p>${t('conflict.none')}</p>`
          }`
        : html`<p role="status">${t('conflict.loading')}</p>`
    }
  </section>`;
}

export function renderNote(screen: ComplaintScreen): TemplateResult | typeof nothing {
  const { t, note, detail } = screen;
  if (!screen.can.note) return nothing;
  return html`<form part="note" @submit=${screen.onNote}>
    <label for="note">${t('complaint.note')}</label>
    <small id="note-hint">${t('complaint.noteHint')}</small>
    <textarea id="note" name="note" rows="2" maxlength="5000" aria-describedby="note-hint" .value=${note.text} @input=${(e: Event) => note.input(detail.id, (e.target as HTMLTextAreaElement).value)}></textarea>
    <button type="submit" ?disabled=${!note.text.trim()}>${t('complaint.addNote')}</button>
  </form>`;
}
