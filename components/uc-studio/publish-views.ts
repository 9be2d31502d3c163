/**
 * The studio's views of the draft's way out: what the server says of it
 * (problems that block publishing, lint's warnings that do not), a
 * conflict with another admin's save (where the two differ, side by side), the
 * readable diff a publish shows first, and the history with its rollbacks.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type {
  ConfigChange,
  ConfigDiff,
  ConfigDraft,
  ConfigProblem,
  ConfigVersionSummary,
} from '../../src/contract/staff-config';
import type { Translator } from '../../src/i18n/index';
import { shownName } from '../shared/shown-name';
import { diffDocuments } from '../../src/config/document-diff';
import type { StudioDocument } from './studio-document';
import type { StudioT } from './studio-view';

const valueText = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** How long a value is shown beside its path before it is cut (a whole form would fill the screen). */
const SHOWN_VALUE = 160;

/** Where two drafts differ, as one side holds each place: its value there, or a dash where it has none. */
function side(changes: readonly ConfigChange[], which: 'before' | 'after'): TemplateResult {
  return html`<dl>
    ${changes.map((c) => {
      const text = valueText(c[which]);
      return html`<dt><code>${c.path}</code></dt>
        <dd>${text === '' ? '—' : text.length > SHOWN_VALUE ? `${text.slice(0, SHOWN_VALUE)}…` : text}</dd>`;
    })}
  </dl>`;
}

const problemList = (problems: readonly ConfigProblem[], kind: string) =>
  html`<ul class=${kind}>
    ${problems.map((p) => html`<li data-rule=${p.rule ?? nothing}><code>${p.path}</code>: ${p.message}</li>`)}
  </ul>`;

/** What blocks a publish, apart from what is only worth a look (lint's warnings), so no one mistakes one for the other. */
export function problemsView(
  st: StudioT,
  problems: readonly ConfigProblem[],
  warnings: readonly ConfigProblem[],
  checking: boolean,
): TemplateResult {
  return html`<section class="all-problems" aria-labelledby="problems-title">
      <h3 id="problems-title">${st('problems.title')}</h3>
      ${
        checking
          ? html`<p>${st('problems.checking')}</p>`
          : problems.length
            ? problemList(problems, 'problems')
            : html`<p>${st('problems.none')}</p>`
      }
    </section>
    ${
      !checking && warnings.length
        ? html`<section class="all-warnings" aria-labelledby="warnings-title">
            <h3 id="warnings-title">${st('warnings.title')}</h3>
            ${problemList(warnings, 'warnings')}
          </section>`
        : nothing
    }`;
}

export function conflictView(
  st: StudioT,
  i18n: Translator,
  mine: StudioDocument,
  theirs: ConfigDraft,
  keepMine: () => void,
  takeTheirs: () => void,
): TemplateResult {
  // Theirs as "before" and mine as "after": each place where the two differ, whatever section it is in.
  const changes = diffDocuments(theirs.document, mine);
  return html`<section class="conflict" role="alert" aria-labelledby="conflict-title">
    <h2 id="conflict-title">${st('conflict.title')}</h2>
    <p>${st('conflict.body', { name: shownName(theirs.savedBy), at: i18n.dateTime(theirs.savedAt) })}</p>
    <div class="sides">
      <div class="side" data-side="mine">
        <h3>${st('conflict.mine')}</h3>
        ${side(changes, 'after')}
      </div>
      <div class="side" data-side="theirs">
        <h3>${st('conflict.theirs')}</h3>
        ${side(changes, 'before')}
      </div>
    </div>
    <p class="help" id="keep-mine-help">${st('conflict.keepMineHelp')}</p>
    <p class="row">
      <button type="button" aria-describedby="keep-mine-help" @click=${keepMine}>${st('conflict.keepMine')}</button>
      <button type="button" @click=${takeTheirs}>${st('conflict.takeTheirs')}</button>
    </p>
  </section>`;
}

function changeLine(st: StudioT, c: ConfigChange): string {
  const params = { path: c.path, before: valueText(c.before), after: valueText(c.after) };
  return st(
    c.change === 'added' ? 'publish.added' : c.change === 'removed' ? 'publish.removed' : 'publish.changed',
    params,
  );
}

export function publishView(
  st: StudioT,
  diff: ConfigDiff,
  canPublish: boolean,
  publish: (note: string) => void,
  cancel: () => void,
): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const note = (event.target as HTMLFormElement).elements.namedItem('note') as HTMLTextAreaElement;
    if (note.value.trim()) publish(note.value.trim());
  };
  return html`<section class="publish" aria-labelledby="diff-title">
    <h3 id="diff-title">${st('publish.diff', { version: String(diff.from) })}</h3>
    ${
      diff.changes.length
        ? html`<ul class="diff">
          ${diff.changes.map((c) => html`<li data-change=${c.change}>${changeLine(st, c)}</li>`)}
        </ul>`
        : html`<p>${st('publish.noChanges')}</p>`
    }
    ${canPublish ? nothing : html`<p role="alert">${st('publish.blocked')}</p>`}
    <form @submit=${submit}>
      <label for="publish-note">${st('publish.note')}</label>
      <textarea id="publish-note" name="note" required maxlength="1000" rows="2"></textarea>
      <p class="row">
        <button type="submit" ?disabled=${!canPublish}>${st('publish.confirm')}</button>
        <button type="button" @click=${cancel}>${st('publish.cancel')}</button>
      </p>
    </form>
  </section>`;
}

export function historyView(
  st: StudioT,
  i18n: Translator,
  versions: readonly ConfigVersionSummary[],
  rollback: (version: number, note: string) => void,
  noteMissing: boolean,
): TemplateResult {
  const noteOf = (event: Event) =>
    (
      (event.target as HTMLElement).closest('section')?.querySelector('#rollback-note') as HTMLInputElement
    ).value.trim();
  return html`<section aria-labelledby="history-title">
    <h2 id="history-title">${st('history.title')}</h2>
    <p class="row">
      <label for="rollback-note">${st('history.note')}</label>
      <input id="rollback-note" type="text" maxlength="1000" autocomplete="off" />
    </p>
    ${noteMissing ? html`<p role="alert">${st('history.noteNeeded')}</p>` : nothing}
    <ol class="history" reversed>
      ${versions.map(
        (v) => html`<li data-version=${v.version}>
          <strong>${st('history.version', { version: v.version })}</strong>
          ${st('history.by', { name: shownName(v.publishedBy), when: i18n.dateTime(v.publishedAt) })}:
          ${v.note}${v.rolledBackFrom ? html` (${st('history.rollbackOf', { version: v.rolledBackFrom })})` : nothing}
          ${
            v.current
              ? html`<em>${st('history.current')}</em>`
              : html`<button type="button" @click=${(e: Event) => rollback(v.version, noteOf(e))}>
                ${st('history.rollback', { version: v.version })}
              </button>`
          }
        </li>`,
      )}
    </ol>
  </section>`;
}
