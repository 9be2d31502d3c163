/**
 * What the studio's views are drawn with: the translator, the document as
 * edited, the document published (what may only be retired), the server's
 * problems by path, and the one way to change the document.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConfigProblem } from '../../src/contract/staff-config';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import type { Params } from '../../src/i18n/locale';
import type { StudioDocument } from './studio-document';

export type StudioT = (key: StudioMessageKey, params?: Params) => string;

export interface StudioView {
  st: StudioT;
  doc: StudioDocument;
  published: StudioDocument | undefined;
  problems: readonly ConfigProblem[];
  /** Changes the document as it is when called (not as it was drawn: two edits before a render both count). */
  edit(change: (current: StudioDocument) => StudioDocument): void;
}

/** The problems at `path` or under it (`publicConfig.forms.default` holds `publicConfig.forms.default.fields[2].name`). */
export function problemsAt(problems: readonly ConfigProblem[], path: string): ConfigProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
}

/** The problems beside what they concern, with an id a control names in aria-describedby. */
export function problemList(id: string, problems: readonly ConfigProblem[]): TemplateResult | typeof nothing {
  if (!problems.length) return nothing;
  return html`<ul class="problems" id=${id}>
    ${problems.map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}
  </ul>`;
}

/** The value of the input `name` in the form an event came from, trimmed. */
export function formValue(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return el?.type === 'checkbox' ? String((el as HTMLInputElement).checked) : (el?.value.trim() ?? '');
}
