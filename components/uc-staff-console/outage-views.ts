/**
 * The templates of the outages screen (<uc-staff-outages>): the outages
 * recorded with what issuing each did, the form that declares one, the
 * preview of who would get which tier, the confirmation before issuing and
 * the result. Plain functions of a "screen" the element builds per render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { IncidentList, IncidentPreview } from '../../src/contract/points';
import type { Translator } from '../../src/i18n/index';
import type { PendingWrite } from '../shared/pending-writes';
import { shownName } from '../shared/shown-name';
import type { StaffT } from '../shared/staff-element';

type Incident = IncidentList['items'][number];

export interface OutagesScreen {
  t: StaffT;
  i18n: Translator;
  incidents: readonly Incident[] | undefined;
  loadError: string;
  canIssue: boolean;
  /** everyone seen signed in during it, or the users listed */
  affected: 'seen' | 'listed';
  defaultId: string;
  preview: IncidentPreview | undefined;
  previewError: string;
  confirming: boolean;
  pending: readonly PendingWrite[];
  online: boolean;
  /** the incident just issued, once the list has it */
  issued: Incident | undefined;
  onAffected(affected: 'seen' | 'listed'): void;
  onPreview(event: Event): void;
  onIssue(): void;
  onCancel(): void;
  /** any change to the form: the preview no longer says what it holds */
  onEdit(): void;
}

export function renderOutages(screen: OutagesScreen): TemplateResult {
  const { t } = screen;
  return html`<section part="base" aria-labelledby="outages-title">
    <h2 id="outages-title" tabindex="-1">${t('outages.title')}</h2>
    <p>${t('outages.intro')}</p>
    ${screen.canIssue ? renderDeclare(screen) : nothing} ${renderList(screen)}
  </section>`;
}

function when(i18n: Translator, start: string, end: string): string {
  return `${i18n.dateTime(start)} – ${i18n.dateTime(end)}`;
}

function tierWords(t: StaffT, i18n: Translator, tier: { points: number; reward: string | null }): string {
  const points = tier.points ? t('outages.tierPoints', { points: i18n.number(tier.points) }) : '';
  const reward = tier.reward ? t('outages.tierReward', { reward: tier.reward }) : '';
  return [points, reward].filter(Boolean).join(' + ');
}

function renderList(screen: OutagesScreen): TemplateResult {
  const { t, i18n, incidents } = screen;
  return html`<h3>${t('outages.list')}</h3>
    ${screen.loadError ? html`<p part="error" role="alert">${t('outages.loadFailed', { message: screen.loadError })}</p>` : nothing}
    ${
      !incidents
        ? html`<p role="status">${t('complaint.loading')}</p>`
        : !incidents.length
          ? html`<p>${t('outages.empty')}</p>`
          : html`<table part="table">
            <thead>
              <tr>
                <th scope="col">${t('outages.service')}</th>
                <th scope="col">${t('outages.when')}</th>
                <th scope="col">${t('outages.tier')}</th>
                <th scope="col">${t('outages.users')}</th>
                <th scope="col">${t('outages.by')}</th>
              </tr>
            </thead>
            <tbody>
              ${incidents.map(
                (i) => html`<tr data-incident=${i.id}>
                  <td>${i.service}<br /><small>${i.id}</small></td>
                  <td>${when(i18n, i.start, i.end)}<br /><small>${t('outages.minutes', { minutes: i18n.number(i.result.minutes) })}</small></td>
                  <td>${i.result.tier ? tierWords(t, i18n, i.result.tier) : t('outages.noTierShort')}</td>
                  <td>${t('outages.compensatedOf', { compensated: i18n.number(i.result.compensated), users: i18n.number(i.result.users) })}</td>
                  <td>${shownName(i.staffName ?? i.staff)}<br /><small>${i18n.dateTime(i.recordedAt)}</small></td>
                </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

function renderDeclare(screen: OutagesScreen): TemplateResult {
  const { t } = screen;
  return html`<h3>${t('outages.declare')}</h3>
    <form part="declare" class="filters" @submit=${screen.onPreview} @input=${screen.onEdit}>
      <label>${t('outages.id')} <input name="id" required pattern="[A-Za-z0-9][A-Za-z0-9_-]{0,62}" autocomplete="off" .value=${screen.defaultId} /></label>
      <label>${t('outages.service')} <input name="service" required maxlength="500" /></label>
      <label>${t('outages.start')} <input name="start" type="datetime-local" required /></label>
      <label>${t('outages.end')} <input name="end" type="datetime-local" required /></label>
      <fieldset class="wide">
        <legend>${t('outages.affected')}</legend>
        <label class="check"
          ><input type="radio" name="affected" value="seen" .checked=${screen.affected === 'seen'} @change=${() => screen.onAffected('seen')} />
          ${t('outages.everyone')}</label
        >
        <label class="check"
          ><input type="radio" name="affected" value="listed" .checked=${screen.affected === 'listed'} @change=${() => screen.onAffected('listed')} />
          ${t('outages.listed')}</label
        >
        ${
          screen.affected === 'listed'
            ? html`<label>${t('outages.usersList')} <textarea name="users" rows="4" required></textarea></label>`
            : nothing
        }
      </fieldset>
      <label class="wide">${t('outages.note')} <input name="note" maxlength="500" /></label>
      <button type="submit">${t('outages.preview')}</button>
    </form>
    ${screen.previewError ? html`<p part="error" role="alert">${screen.previewError}</p>` : nothing}
    ${screen.preview ? renderPreview(screen, screen.preview) : nothing}`;
}

function renderPreview(screen: OutagesScreen, preview: IncidentPreview): TemplateResult {
  const { t, i18n } = screen;
  const busy = screen.pending.some((p) => p.state !== 'failed');
  return html`<section part="preview" aria-labelledby="preview-title">
    <h3 id="preview-title" tabindex="-1">${t('outages.previewTitle', { id: preview.id })}</h3>
    <table part="table">
      <thead>
        <tr>
          <th scope="col">${t('outages.tierLength')}</th>
          <th scope="col">${t('outages.tierGives')}</th>
          <th scope="col">${t('outages.users')}</th>
        </tr>
      </thead>
      <tbody>
        ${preview.tiers.map(
          (tier) => html`<tr data-applies=${tier.applies ? 'true' : 'false'}>
            <td>
              ${tier.upToMinutes === null ? t('outages.tierLonger') : t('outages.tierUpTo', { minutes: i18n.number(tier.upToMinutes) })}
              ${tier.applies ? html` <strong>${t('outages.applies')}</strong>` : nothing}
            </td>
            <td>${tierWords(t, i18n, tier)}</td>
            <td>${i18n.number(tier.users)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p>
      ${t('outages.summary', {
        minutes: i18n.number(preview.minutes),
        users: i18n.number(preview.users),
        compensated: i18n.number(preview.compensated),
      })}
    </p>
    ${!preview.tier ? html`<p>${t('outages.noTier')}</p>` : nothing}
    ${preview.recorded === 'issued' ? html`<p>${t('outages.alreadyIssued')}</p>` : nothing}
    ${preview.recorded === 'conflict' ? html`<p part="error" role="alert">${t('outages.conflict')}</p>` : nothing}
    <div role="status" aria-live="polite">
      ${screen.pending.map((p) =>
        p.state === 'failed'
          ? html`<p part="error" role="alert">${t('complaint.refused', { message: p.message ?? '' })}</p>`
          : html`<p>${screen.online ? t('complaint.sending') : t('complaint.queued')}</p>`,
      )}
      ${
        screen.issued
          ? html`<p part="result">
            ${t('outages.result', {
              id: screen.issued.id,
              compensated: i18n.number(screen.issued.result.compensated),
              users: i18n.number(screen.issued.result.users),
            })}
          </p>`
          : nothing
      }
    </div>
    ${
      preview.recorded === 'conflict' || screen.issued
        ? nothing
        : screen.confirming
          ? html`<div part="confirm" role="group" aria-labelledby="issue-confirm">
            <p id="issue-confirm"><strong>${t('outages.confirm', { users: i18n.number(preview.users - preview.compensated) })}</strong></p>
            <button type="button" @click=${screen.onIssue}>${t('outages.confirmYes')}</button>
            <button type="button" @click=${screen.onCancel}>${t('outages.cancel')}</button>
          </div>`
          : html`<button type="button" ?disabled=${busy} @click=${screen.onIssue}>${t('outages.issue')}</button>`
    }
  </section>`;
}
