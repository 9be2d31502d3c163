/**
 * What the Points section's parts draw with: the studio's view with the
 * staff runtime (the code pools ask the server), the person's language, and
 * the refusals of an add; and how each finds the problems it shows.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { ConfigProblem } from '../../src/contract/staff-config';
import { describeIssue, formatPath } from '../../src/config/validate';
import type { Translator } from '../../src/i18n/index';
import { typedNumber } from './points-document';
import { problemsAt, type StudioView } from './studio-view';

export interface PointsView extends StudioView {
  i18n: Translator;
  staff: StaffRuntime | undefined;
  /** why the last add was refused, by `points/level`, `points/tier` or `points/reward` */
  refusals: Readonly<Record<string, string>>;
  refuse(key: string, why: string | undefined): void;
}

/** Where a site's points rules are in its document. */
export const POINTS_AT = 'settings.points';

/** The problems at `path` and, for an item of a list, those lint names as `list.i` rather than `list[i]`. */
export function problemsOf(view: StudioView, path: string): ConfigProblem[] {
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  const found = problemsAt(view.problems, path);
  return dotted === path ? found : [...found, ...problemsAt(view.problems, dotted)];
}

/** The ids a control names in aria-describedby: its help, and its problems when it has any. */
export const describedBy = (help: string, problemsId: string, problems: readonly unknown[]) =>
  `${help} ${problems.length ? problemsId : ''}`.trim();

/** What a schema refused, each issue by its path, as an add's refusal says it. */
export function issuesOf(result: { success: boolean; error?: { issues: ReadonlyArray<unknown> } }): string {
  return (result.error?.issues ?? [])
    .map((issue) => {
      const i = issue as { path: PropertyKey[]; message: string; code: string };
      return `${formatPath(i.path)}: ${describeIssue(i)}`;
    })
    .join('; ');
}

/** A text input that writes its value on change, inside its label so the two stay together on a line. */
export function textField(
  id: string,
  label: string,
  value: string,
  write: (value: string) => void,
  describe?: string,
): TemplateResult {
  return html`<label
    >${label}
    <input
      id=${id}
      autocomplete="off"
      aria-describedby=${describe || nothing}
      .value=${value}
      @change=${(e: Event) => write((e.target as HTMLInputElement).value)}
  /></label>`;
}

/** A whole-number input, empty for undefined; what is typed is written as it is, for the server to judge. */
export function numberField(
  id: string,
  label: string,
  value: unknown,
  write: (value: number | undefined) => void,
  options: { min: number; max?: number; describe?: string; required?: boolean },
): TemplateResult {
  return html`<label
    >${label}
    <input
      id=${id}
      type="number"
      min=${options.min}
      max=${options.max ?? nothing}
      step="1"
      ?required=${options.required}
      aria-describedby=${options.describe || nothing}
      .value=${value === undefined ? '' : String(value)}
      @change=${(e: Event) => write(typedNumber((e.target as HTMLInputElement).value))}
  /></label>`;
}
