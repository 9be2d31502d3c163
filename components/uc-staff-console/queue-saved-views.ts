/**
 * The queue's saved views, a part `<uc-staff-queue>` holds so the element
 * keeps to its rows (this asks the element to render again when they
 * change): the signed-in person's views (read through the staff API on each
 * start, never kept on the device), the picker, the "Save view…" form (a
 * view of the name typed is replaced, else one is made), a deletion waiting
 * for its confirmation, the columns shown, and what the last change did,
 * said in a live region. What the queue shows is the element's: this reads
 * it through `shown` and asks for another with `apply`.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import {
  QUEUE_COLUMNS,
  SAVED_VIEWS_MAX,
  SAVED_VIEW_NAME_MAX,
  type QueueColumn,
  type QueueView,
  type SavedView,
} from '../../src/contract/staff-views';
import { randomId } from '../../src/client/ids';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import type { StaffT } from '../shared/staff-element';
import { sameView } from './queue-view';

type SavedViewsApi = Pick<StaffRuntime['api'], 'views' | 'saveView' | 'deleteView'>;

interface QueueHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class QueueSavedViews {
  /** the signed-in person's saved views; undefined until read */
  views: SavedView[] | undefined;
  /** the "Save view…" form, while open */
  private saving: { name: string; isDefault: boolean } | undefined;
  /** the view whose deletion waits for a confirmation */
  private deleting: SavedView | undefined;
  private busy = false;
  /** what the last change to the views did, said in the live region */
  private note: { key: StaffMessageKey; name: string } | undefined;
  private problem: { key: StaffMessageKey; message: string } | undefined;

  constructor(
    private readonly host: QueueHost,
    /** what the queue shows now */
    private readonly shown: () => QueueView,
    /** shows a view the person chose */
    private readonly apply: (view: QueueView) => void,
    /** shows the queue with a column on or off */
    private readonly setColumn: (column: QueueColumn, on: boolean) => void,
  ) {}

  /** A new session: nothing read yet, no form open, nothing said. */
  reset(): void {
    this.views = undefined;
    this.saving = undefined;
    this.deleting = undefined;
    this.note = undefined;
    this.problem = undefined;
    this.host.requestUpdate();
  }

  /** Reads the person's views; the default among them, if any, for the caller to show. */
  async load(api: SavedViewsApi, current: () => boolean): Promise<SavedView | undefined> {
    try {
      const list = await api.views();
      if (!current()) return undefined;
      this.views = list.items;
      this.host.requestUpdate();
      return list.items.find((v) => v.isDefault);
    } catch (error) {
      if (current()) this.say({ problem: { key: 'views.loadFailed', message: messageOf(error) } });
      return undefined;
    }
  }

  /** The person changed the view by hand: what was said of the last change no longer holds. */
  changedByHand(): void {
    if (this.note) this.say({ note: undefined });
  }

  /** The saved view that is what the queue shows now, if one is. */
  private get matching(): SavedView | undefined {
    return this.views?.find((v) => sameView(v.view, this.shown()));
  }

  private say(change: { note?: QueueSavedViews['note']; problem?: QueueSavedViews['problem'] }): void {
    if ('note' in change) this.note = change.note;
    if ('problem' in change) this.problem = change.problem;
    this.host.requestUpdate();
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private pick(id: string): void {
    const chosen = this.views?.find((v) => v.id === id);
    if (!chosen) return;
    this.deleting = undefined;
    this.apply(chosen.view);
    this.say({ problem: undefined, note: { key: 'views.applied', name: chosen.name } });
  }

  private openSave(): void {
    const current = this.matching;
    this.deleting = undefined;
    this.saving = { name: current?.name ?? '', isDefault: current?.isDefault ?? false };
    this.say({ problem: undefined });
    this.focus('#view-name');
  }

  private closeSave(): void {
    this.saving = undefined;
    this.host.requestUpdate();
    this.focus('.save-view');
  }

  /** Saves what the queue shows under the name typed: a view of that name is replaced, else one is made. */
  private async save(event: Event, api: SavedViewsApi): Promise<void> {
    event.preventDefault();
    const form = this.saving;
    if (!form || this.busy) return;
    const name = form.name.trim();
    if (!name) {
      this.say({ problem: { key: 'views.nameMissing', message: '' } });
      this.focus('#view-name');
      return;
    }
    const same = this.views?.find((v) => v.name === name);
    this.busy = true;
    this.say({ problem: undefined });
    try {
      const saved = await api.saveView(same?.id ?? randomId(), { name, view: this.shown(), isDefault: form.isDefault });
      const others = (this.views ?? [])
        .filter((v) => v.id !== saved.id)
        .map((v) => (saved.isDefault ? { ...v, isDefault: false } : v));
      this.views = [...others, saved].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.say({ note: { key: 'views.saved', name } });
      this.closeSave();
    } catch (error) {
      const full =
        (error as { code?: string }).code === 'validation_failed' &&
        !same &&
        (this.views?.length ?? 0) >= SAVED_VIEWS_MAX;
      this.say({ problem: { key: full ? 'views.full' : 'views.failed', message: messageOf(error) } });
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private async deleteSaved(view: SavedView, api: SavedViewsApi): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.say({ problem: undefined });
    try {
      await api.deleteView(view.id);
      this.views = this.views?.filter((v) => v.id !== view.id);
      this.say({ note: { key: 'views.deleted', name: view.name } });
    } catch (error) {
      if ((error as { code?: string }).code === 'not_found') this.views = this.views?.filter((v) => v.id !== view.id);
      else this.say({ problem: { key: 'views.failed', message: messageOf(error) } });
    } finally {
      this.busy = false;
      this.deleting = undefined;
      this.host.requestUpdate();
      this.focus('select[name="view"]');
    }
  }

  /** The picker, "Save view…", delete (confirmed), the columns shown, and what the last change did. */
  render(t: StaffT, api: SavedViewsApi | undefined): TemplateResult {
    const views = this.views ?? [];
    const matching = this.matching;
    const saving = this.saving;
    const same = saving && views.find((v) => v.name === saving.name.trim());
    const problem = this.problem;
    const shown = this.shown();
    return html`<div part="views" class="views">
        <label
          >${t('views.label')}
          <select
            name="view"
            ?disabled=${this.views === undefined}
            @change=${(e: Event) => this.pick((e.target as HTMLSelectElement).value)}
          >
            <option value="" ?selected=${!matching}>${t('views.current')}</option>
            ${views.map(
              (v) =>
                html`<option value=${v.id} ?selected=${matching?.id === v.id}>
                  ${v.isDefault ? t('views.default', { name: v.name }) : v.name}
                </option>`,
            )}
          </select></label
        >
        <button
          type="button"
          class="save-view"
          aria-expanded=${saving ? 'true' : 'false'}
          aria-controls="save-view"
          ?disabled=${this.views === undefined}
          @click=${() => (saving ? this.closeSave() : this.openSave())}
        >
          ${t('views.save')}
        </button>
        <button
          type="button"
          ?disabled=${!matching || this.busy}
          @click=${() => {
            this.saving = undefined;
            this.deleting = matching;
            this.host.requestUpdate();
          }}
        >
          ${t('views.delete')}
        </button>
        <details class="columns">
          <summary>${t('queue.columns')}</summary>
          <fieldset>
            <legend>${t('queue.columnsShown')}</legend>
            ${QUEUE_COLUMNS.map(
              (column) =>
                html`<label class="check"
                  ><input
                    type="checkbox"
                    name="column"
                    value=${column}
                    .checked=${shown.columns.includes(column)}
                    @change=${(e: Event) => this.setColumn(column, (e.target as HTMLInputElement).checked)}
                  />
                  ${t(`queue.column.${column}` as StaffMessageKey)}</label
                >`,
            )}
          </fieldset>
        </details>
      </div>
      ${
        saving && api
          ? html`<form id="save-view" class="save" aria-labelledby="save-view-title" @submit=${(e: Event) => this.save(e, api)}>
            <h3 id="save-view-title">${t('views.saveTitle')}</h3>
            <label
              >${t('views.name')}
              <input
                id="view-name"
                name="name"
                maxlength=${SAVED_VIEW_NAME_MAX}
                autocomplete="off"
                aria-describedby=${same ? 'view-overwrite' : nothing}
                .value=${saving.name}
                @input=${(e: Event) => {
                  this.saving = { ...saving, name: (e.target as HTMLInputElement).value };
                  this.host.requestUpdate();
                }}
                @keydown=${(e: KeyboardEvent) => {
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    this.closeSave();
                  }
                }}
            /></label>
            ${same ? html`<p id="view-overwrite" class="hint">${t('views.overwrite', { name: same.name })}</p>` : nothing}
            <label class="check"
              ><input
                type="checkbox"
                name="default"
                .checked=${saving.isDefault}
                @change=${(e: Event) => {
                  this.saving = { ...saving, isDefault: (e.target as HTMLInputElement).checked };
                  this.host.requestUpdate();
                }}
              />
              ${t('views.makeDefault')}</label
            >
            <div class="actions">
              <button type="submit" ?disabled=${this.busy}>
                ${same ? t('views.replace') : t('views.confirmSave')}
              </button>
              <button type="button" @click=${() => this.closeSave()}>${t('views.cancel')}</button>
            </div>
          </form>`
          : nothing
      }
      ${
        this.deleting && api
          ? html`<div class="confirm" role="group" aria-labelledby="delete-view-question">
            <p id="delete-view-question">${t('views.confirmDelete', { name: this.deleting.name })}</p>
            <button type="button" ?disabled=${this.busy} @click=${() => this.deleting && this.deleteSaved(this.deleting, api)}>
              ${t('views.confirmDeleteYes', { name: this.deleting.name })}
            </button>
            <button
              type="button"
              @click=${() => {
                this.deleting = undefined;
                this.host.requestUpdate();
              }}
            >
              ${t('views.cancel')}
            </button>
          </div>`
          : nothing
      }
      ${problem ? html`<p class="problem" role="alert">${t(problem.key, { message: problem.message, max: SAVED_VIEWS_MAX })}</p>` : nothing}
      <p class="views-note" role="status">${this.note ? t(this.note.key, { name: this.note.name }) : ''}</p>`;
  }
}

const messageOf = (error: unknown) => String((error as { message?: string } | undefined)?.message ?? error);
