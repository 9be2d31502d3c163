/**
 * What the Forms section's parts share: the view they are drawn with, the
 * server's problems and lint's warnings of one field, category or option
 * (said beside it), and a refusal of an edit the studio did not make.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ConfigProblem } from '../../src/contract/staff-config';
import { describeIssue, formatPath } from '../../src/config/validate';
import type { Translator } from '../../src/i18n/index';
import type { StudioView } from './studio-view';

export interface FormsView extends StudioView {
  /** the page's translator: kinds by the names the form gives them */
  i18n: Translator;
  /** lint's warnings: said beside what they concern too, apart from what blocks */
  warnings: readonly ConfigProblem[];
  /** why the last edit of something was not made, by a key of its own (`<form id>/field`, `<form id>/<field>/label`) */
  refusals: Readonly<Record<string, string>>;
  refuse(key: string, why: string | undefined): void;
}

/**
 * The problems of item `index` of a form's `list`: the schema names it
 * `fields[2]`, lint `fields.2`; both are this item's, and so is all under it.
 */
export function itemProblems(
  problems: readonly ConfigProblem[],
  formPath: string,
  list: 'fields' | 'categories',
  index: number,
): ConfigProblem[] {
  const at = [`${formPath}.${list}[${index}]`, `${formPath}.${list}.${index}`];
  return problems.filter((p) =>
    at.some((a) => p.path === a || p.path.startsWith(`${a}.`) || p.path.startsWith(`${a}[`)),
  );
}

/** Whether a problem is one of a field's or a category's, said beside it rather than with the form's own. */
export const isItemProblem = (p: ConfigProblem): boolean => /\.(fields|categories)(\[|\.\d)/.test(p.path);

/** Lint's warnings beside what they concern: worth a look, never blocking, so not shown as problems are. */
export function warningList(
  view: FormsView,
  id: string,
  warnings: readonly ConfigProblem[],
): TemplateResult | typeof nothing {
  if (!warnings.length) return nothing;
  return html`<div class="warnings" id=${id}>
    <p>${view.st('warnings.title')}</p>
    <ul>
      ${warnings.map((w) => html`<li><code>${w.path}</code>: ${w.message}</li>`)}
    </ul>
  </div>`;
}

/** Why an edit was not made, said where it was tried. */
export function refusal(view: FormsView, key: string): TemplateResult | typeof nothing {
  const why = view.refusals[key];
  return why ? html`<p class="refusal" role="alert">${why}</p>` : nothing;
}

/** The schema's issues of something refused, each by its path, as one line. */
export function issuesOf(result: { success: boolean; error?: { issues: ReadonlyArray<unknown> } }): string {
  return (result.error?.issues ?? [])
    .map((issue) => {
      const i = issue as { path: PropertyKey[]; message: string; code: string };
      return `${formatPath(i.path)}: ${describeIssue(i)}`;
    })
    .join('; ');
}
