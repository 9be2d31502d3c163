/**
 * The studio's sections in the order a person goes through them, each with
 * the heading its nav link names, and the nav itself: a list of links that
 * move to a section and put the focus on it (the sections sit in a shadow
 * root, where a page's `#fragment` does not reach).
 */
import { html, type TemplateResult } from 'lit';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import { consentSection } from './consent-section';
import { deadlinesSection } from './deadlines-section';
import { formsSection, type FormsView } from './forms-section';
import { limitsSection } from './limits-section';
import { lookSection } from './look-section';
import { pointsSection } from './points-section';
import { secretsSection, type SecretsView } from './secrets-section';
import { siteSection } from './site-section';
import { snippetSection } from './snippet-section';
import { textsSection } from './texts-section';
import type { StudioT } from './studio-view';

/** Everything a section may draw with: the studio's view, with what the forms, the secrets and the snippet add. */
export type SectionsView = FormsView & SecretsView & { staff: StaffRuntime | undefined };

interface Section {
  id: string;
  title: StudioMessageKey;
  render(view: SectionsView): TemplateResult;
}

export const SECTIONS: readonly Section[] = [
  { id: 'site', title: 'site.title', render: siteSection },
  { id: 'forms', title: 'forms.title', render: formsSection },
  { id: 'consent', title: 'consent.title', render: consentSection },
  { id: 'deadlines', title: 'deadlines.title', render: deadlinesSection },
  { id: 'texts', title: 'texts.title', render: textsSection },
  { id: 'look', title: 'look.title', render: lookSection },
  { id: 'points', title: 'points.title', render: pointsSection },
  { id: 'secrets', title: 'secrets.title', render: secretsSection },
  { id: 'limits', title: 'limits.title', render: limitsSection },
  { id: 'snippet', title: 'snippet.title', render: (view) => snippetSection(view.st, view.staff) },
];

function go(event: Event, id: string): void {
  event.preventDefault();
  const root = (event.currentTarget as Element).getRootNode() as ShadowRoot | Document;
  const target = root.querySelector<HTMLElement>(`#section-${id}`);
  target?.scrollIntoView({ block: 'start' });
  target?.focus({ preventScroll: true });
}

export function sectionsNav(st: StudioT): TemplateResult {
  return html`<nav class="sections" aria-label=${st('sections.nav')}>
    <ul>
      ${SECTIONS.map(
        (s) => html`<li><a href="#section-${s.id}" @click=${(e: Event) => go(e, s.id)}>${st(s.title)}</a></li>`,
      )}
    </ul>
  </nav>`;
}

/** Each section in a focusable frame the nav moves to. */
export function sectionsView(view: SectionsView): TemplateResult[] {
  return SECTIONS.map((s) => html`<div id="section-${s.id}" class="section" tabindex="-1">${s.render(view)}</div>`);
}
