/**
 * The tracker's list: everything the user sent (complaints, and suggestions,
 * reports, praise and questions with their outcome once decided), the
 * device's copy marked when offline, and the lookup of a complaint made elsewhere.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { cannotReachServer } from '../../src/client/cached-load';
import type { FormConfig } from '../../src/config/schema';
import type { ComplaintSummary, Deadline } from '../../src/contract/complaints';
import type { Translator } from '../../src/i18n/index';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';
import { describeDeadline } from './deadline-words';
import { vocabularyWord } from '../shared/vocabulary-word';
import type { T, TrackerScreen } from './tracker-screen';

/** A category's name in the page's language, from whichever of the site's forms has it. */
export function categoryLabel(i18n: Translator, forms: Record<string, FormConfig>, id: string): string {
  for (const form of Object.values(forms)) {
    const category = form.categories.find((c) => c.id === id);
    if (category) return i18n.text(category.label);
  }
  return id;
}

/** Where a submission stands: a complaint's status, or the outcome staff decided for other feedback. */
export function renderStatus(t: T, item: Pick<ComplaintSummary, 'status' | 'decision'>): TemplateResult {
  const decision = item.decision?.decision;
  return html`<span part="status" class="status" data-status=${item.status} data-decision=${decision ?? ''}
    >${decision ? t(`outcome.${decision}` as TrackerMessageKey) : vocabularyWord(t, 'status', item.status)}</span
  >`;
}

/** A complaint's category; other feedback says its kind first. */
export function kindAndCategory(screen: TrackerScreen, item: Pick<ComplaintSummary, 'kind' | 'category'>): string {
  const category = screen.categoryLabel(item.category);
  return item.kind === 'complaint' ? category : `${screen.t(`kind.${item.kind}` as TrackerMessageKey)} · ${category}`;
}

export function renderDeadline(t: T, deadline: Deadline): TemplateResult {
  const words = describeDeadline(t, deadline);
  if (!words) return html``;
  return html`<span part="deadline" class="deadline" data-state=${deadline.status}>${words}${deadline.estimated ? html` <small>${t('deadline.estimated')}</small>` : nothing}</span>`;
}

/** In the user's words: the network in their language, the server's message only when it refused something. */
export function loadErrorText(t: T, error: { code: string; message: string }): string {
  if (error.code === 'unauthorized') return t('auth.required');
  if (cannotReachServer(error)) return t('tracker.unreachable');
  return t('tracker.loadFailed', { message: error.message });
}

export function renderList(screen: TrackerScreen): TemplateResult {
  const { t, i18n, snapshot } = screen;
  const { items, cachedAt, error } = snapshot.context;
  const loading = snapshot.matches({ list: 'loading' });
  return html`<h2>${t('tracker.title')}</h2>
    ${
      cachedAt !== null
        ? html`<p part="notice" role="status">
          ${loading ? t('tracker.updating') : t('tracker.stale', { time: i18n.dateTime(new Date(cachedAt).toISOString()) })}
        </p>`
        : nothing
    }
    ${
      snapshot.matches({ list: 'failed' }) && error
        ? html`<div part="error" role="alert">
          <p>${loadErrorText(t, error)}</p>
          <button type="button" @click=${() => screen.send({ type: 'refresh' })}>${t('tracker.retry')}</button>
        </div>`
        : nothing
    }
    ${loading && !items.length ? html`<p role="status">${t('tracker.loading')}</p>` : nothing}
    ${!loading && !error && !items.length ? html`<p>${t('tracker.empty')}</p>` : nothing}
    ${
      items.length
        ? html`<ul part="list" aria-busy=${loading ? 'true' : 'false'}>
          ${items.slice(0, screen.shown).map(
            (item) => html`<li part="item">
              <button type="button" class="item" @click=${() => screen.send({ type: 'open', id: item.id })}>
                <span class="number">${item.trackingNumber}</span>
                ${renderStatus(t, item)}
                <span class="meta">${kindAndCategory(screen, item)} · ${t('tracker.received', { time: i18n.dateTime(item.receivedAt) })}</span>
                ${item.nextDeadline ? renderDeadline(t, item.nextDeadline) : nothing}
              </button>
            </li>`,
          )}
        </ul>
        ${
          items.length > screen.shown
            ? html`<button type="button" class="more" @click=${() => screen.showMore()}>${t('tracker.more', { count: items.length - screen.shown })}</button>`
            : nothing
        }`
        : nothing
    }
    ${renderLookup(screen)}`;
}

function renderLookup({ t, lookupError, onLookup }: TrackerScreen): TemplateResult {
  return html`<details part="lookup">
    <summary>${t('lookup.title')}</summary>
    <form @submit=${onLookup}>
      <label for="lookup-number">${t('lookup.number')}</label>
      <input id="lookup-number" name="trackingNumber" required autocomplete="off" placeholder="UC20261128-XXXXXX" />
      <label for="lookup-contact">${t('lookup.contact')}</label>
      <input id="lookup-contact" name="contact" required autocomplete="email" />
      ${lookupError ? html`<p part="error" role="alert">${lookupError}</p>` : nothing}
      <button type="submit">${t('lookup.submit')}</button>
    </form>
  </details>`;
}
