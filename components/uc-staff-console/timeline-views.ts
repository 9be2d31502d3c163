/** One complaint's timeline entries and the files attached to it or to the complaint, as staff see them. */
import { html, nothing, type TemplateResult } from 'lit';
import type { TimelineEntry } from '../../src/contract/complaints';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { shownName } from '../shared/shown-name';
import type { AttachedFile, ComplaintScreen } from './complaint-screen';
import { vocabularyWord } from '../shared/vocabulary-word';

export function renderFiles(
  { t, i18n, download }: ComplaintScreen,
  files: readonly AttachedFile[],
): TemplateResult | typeof nothing {
  if (!files.length) return nothing;
  return html`<ul class="files">
    ${files.map(
      (f) =>
        html`<li><button type="button" class="link" @click=${() => download(f)}>${t('complaint.download', { name: shownName(f.name) })}</button> (${i18n.bytes(f.size)})</li>`,
    )}
  </ul>`;
}

export function renderEntry(screen: ComplaintScreen, entry: TimelineEntry): TemplateResult {
  const { t, i18n } = screen;
  const note = entry.type === 'note';
  const who =
    entry.actor.role === 'user'
      ? t('complaint.user')
      : entry.actor.role === 'system'
        ? t('complaint.system')
        : `${t(`role.${entry.actor.role === 'admin' ? 'admin' : entry.actor.role}` as StaffMessageKey)}${entry.actor.name ? ` ${shownName(entry.actor.name)}` : ''}`;
  return html`<li data-type=${entry.type} class=${note ? 'internal' : ''}>
    <time datetime=${entry.at}>${i18n.dateTime(entry.at)}</time>
    <span class="who">${who}</span>
    ${note ? html`<strong class="internal-label">${t('complaint.noteEntry')}</strong>` : nothing}
    ${
      entry.to && entry.to !== entry.from
        ? html`<span class="what">${t('complaint.statusChange', { status: vocabularyWord(t, 'status', entry.to) })}</span>`
        : nothing
    }
    ${entry.years ? html`<span class="what">${t('complaint.calendar', { years: entry.years.join(', ') })}</span>` : nothing}
    ${entry.text ? html`<p class="text">${entry.text}</p>` : nothing} ${renderFiles(screen, entry.attachments)}
  </li>`;
}
