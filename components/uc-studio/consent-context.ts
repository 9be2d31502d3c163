/** What the Consent section's editors (consent-items.ts) and add forms (consent-add.ts) draw and change with. */
import type { nothing, TemplateResult } from 'lit';
import { describeIssue, formatPath } from '../../src/config/validate';
import type { ConfigProblem } from '../../src/contract/staff-config';
import type { StudioT, StudioView } from './studio-view';

export interface ConsentContext {
  st: StudioT;
  edit: StudioView['edit'];
  /** the server's problems, consent paths written with brackets (`consent.categories[0].label`) */
  problems: readonly ConfigProblem[];
  /** why the last add of a form was refused, by the form's key */
  refusals: Readonly<Record<string, string>>;
  refuse(key: string, why: string | undefined): void;
  /** what a new version of a purpose or document means, said before publishing */
  reask(kind: 'category' | 'separate' | 'document', id: string, version: string): TemplateResult | typeof nothing;
}

/** A failed parse as one line: each issue by its path. */
export function issuesOf(result: { success: boolean; error?: { issues: ReadonlyArray<unknown> } }): string {
  return (result.error?.issues ?? [])
    .map((issue) => {
      const i = issue as { path: PropertyKey[]; message: string; code: string };
      const path = formatPath(i.path);
      return path ? `${path}: ${describeIssue(i)}` : describeIssue(i);
    })
    .join('; ');
}
