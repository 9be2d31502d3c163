import { html, type TemplateResult } from 'lit';
import type { ConfigProblem } from '../../src/config/validate';

/**
 * What an element shows in its place when the site config has errors: a
 * sentence in the page's language, then each bad value by its path, as the
 * console message names them. The host page goes on working around it.
 */
export function configErrorView(
  message: string | undefined,
  problems: ReadonlyArray<Pick<ConfigProblem, 'path' | 'message'>>,
): TemplateResult {
  return html`<div part="base error" role="alert">
    <p>${message}</p>
    <ul>
      ${problems.map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}
    </ul>
  </div>`;
}
