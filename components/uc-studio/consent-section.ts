/**
 * The studio's Consent section: what the site's consent banner asks
 * (the document's `consent`): categories with their services and cookies,
 * PIPL's separate consents, the policy documents, how long a decision
 * holds and the guardian age. A site that asks for no consent starts from a
 * sensible default.
 *
 * A new version of a category or a separate consent asks everyone again
 * about that purpose alone: before publishing, the section says how many
 * people's decisions in force rest on the version it replaces (GET
 * /v1/staff/config/consent-reask, counts only), and for a new purpose how
 * many have a decision it will be asked of.
 *
 * Drawn in the studio's own shadow root (no shadow of its own), so the
 * studio's styles and ids apply.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import { PolicyVersion } from '../../src/contract/consent';
import type { ConfigProblem } from '../../src/contract/staff-config';
import { ConsentReask } from '../../src/contract/staff-config-consent';
import type { Translator } from '../../src/i18n/index';
import { addCategoryForm, addDocumentForm, addSeparateForm, addServiceForm } from './consent-add';
import type { ConsentContext } from './consent-context';
import {
  consentOf,
  DEFAULT_CONSENT,
  itemsOf,
  versionsOf,
  withConsent,
  withConsentValue,
  type Json,
} from './consent-document';
import { categoryItem, documentItem, separateItem } from './consent-items';
import type { StudioDocument } from './studio-document';
import { problemList, problemsAt, type StudioView } from './studio-view';

export interface ConsentView extends StudioView {
  i18n: Translator;
  staff: StaffRuntime | undefined;
}

/** The server's default (CONSENT_DEFAULTS in its consent settings), shown where the document leaves it out. */
const CONSENT_EXPIRY_DEFAULT = 365;

type Count = ConsentReask | 'loading' | { failed: string };

export function consentSection(view: ConsentView): TemplateResult {
  return html`<section aria-labelledby="consent-title">
    <h2 id="consent-title">${view.st('consent.title')}</h2>
    <uc-studio-consent .view=${view}></uc-studio-consent>
  </section>`;
}

/** Lint writes list indexes as `.0`, the schema as `[0]`: one form, so a problem is found under its item either way. */
const bracketed = (problems: readonly ConfigProblem[]) =>
  problems.map((p) =>
    p.path.startsWith('consent') ? { ...p, path: p.path.replace(/\.(\d+)(?=[.[]|$)/g, '[$1]') } : p,
  );

/** Problems the items and settings below do not show beside themselves. */
const OWN = [
  'consent.categories[',
  'consent.separate[',
  'consent.documents[',
  'consent.expiryDays',
  'consent.guardianAge',
];

@customElement('uc-studio-consent')
export class UcStudioConsent extends LitElement {
  @property({ attribute: false }) accessor view: ConsentView | undefined;
  @state() private accessor refusals: Record<string, string> = {};
  /** by `new|was:<purpose>@<version>` */
  @state() private accessor counts: Record<string, Count> = {};
  /** the counts the last render asked for */
  private wanted = new Map<string, { purpose: string; version: string }>();
  /** the published document the counts were asked against: a publish asks them again */
  private countedAgainst: StudioDocument | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(): void {
    if (this.view?.published === this.countedAgainst) return;
    this.countedAgainst = this.view?.published;
    this.counts = {};
  }

  protected override updated(): void {
    for (const [key, ask] of this.wanted) if (!(key in this.counts)) void this.count(key, ask.purpose, ask.version);
  }

  private async count(key: string, purpose: string, version: string): Promise<void> {
    const staff = this.view?.staff;
    if (!staff) return;
    this.counts = { ...this.counts, [key]: 'loading' };
    const against = this.countedAgainst;
    const token = staff.identity.currentToken();
    let answer: Count;
    try {
      answer = await staff.api.rest.request(
        'GET',
        `/v1/staff/config/consent-reask?${new URLSearchParams({ site: staff.site, purpose, version })}`,
        ConsentReask,
        undefined,
        token ? { token } : {},
      );
    } catch (error) {
      answer = { failed: (error as Error).message };
    }
    // Asked before a publish: the answer is of the version then published, and is asked again.
    if (this.countedAgainst === against) this.counts = { ...this.counts, [key]: answer };
  }

  /** What a version as the draft has it means for who is asked, against the published version. */
  private reask(view: ConsentView, kind: 'category' | 'separate' | 'document', id: string, version: string) {
    const { st, i18n } = view;
    if (!view.published || !consentOf(view.published)) return nothing;
    const was = versionsOf(view.published).get(`${kind}:${id}`);
    if (was === version) return nothing;
    const purpose = `${kind}:${id}`;
    if (kind === 'document')
      return was === undefined
        ? nothing
        : html`<p class="help" data-reask=${purpose}>${st('consent.documentVersion', { from: was, to: version })}</p>`;
    // A new purpose is asked of everyone; a new version of one, of those who chose under the one it replaces.
    const asked = was ?? version;
    if (!PolicyVersion.safeParse(asked).success) return nothing;
    const key = `${was === undefined ? 'new' : 'was'}:${purpose}@${asked}`;
    this.wanted.set(key, { purpose, version: asked });
    const count = this.counts[key];
    const n = (x: number) => i18n.number(x);
    const said =
      count === undefined || count === 'loading'
        ? st('consent.reaskLoading')
        : 'failed' in count
          ? st('consent.reaskFailed', { message: count.failed })
          : was === undefined
            ? st('consent.reaskNew', { inForce: n(count.inForce) })
            : count.onVersion === 0
              ? st('consent.reaskNone', { version: was })
              : st(count.onVersion === 1 ? 'consent.reaskOne' : 'consent.reask', {
                  count: n(count.onVersion),
                  agreed: n(count.agreed),
                  version: was,
                  to: version,
                  inForce: n(count.inForce),
                });
    return html`<p class="reask" role="status" data-reask=${purpose}>${said}</p>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    const { st, doc, edit } = view;
    this.wanted = new Map();
    const consent = consentOf(doc);
    if (!consent)
      return html`<p class="help">${st('consent.none')}</p>
        <p class="row">
          <button type="button" @click=${() => edit((d) => withConsent(d, structuredClone(DEFAULT_CONSENT)))}>
            ${st('consent.start')}
          </button>
        </p>`;
    const problems = bracketed(view.problems);
    const ctx: ConsentContext = {
      st,
      edit,
      problems,
      refusals: this.refusals,
      refuse: (key, why) => {
        const { [key]: _, ...rest } = this.refusals;
        this.refusals = why ? { ...rest, [key]: why } : rest;
      },
      reask: (kind, id, version) => this.reask(view, kind, id, version),
    };
    const categories = itemsOf(doc, 'categories');
    const separate = itemsOf(doc, 'separate');
    const documents = itemsOf(doc, 'documents');
    const top = problemsAt(problems, 'consent').filter((p) => !OWN.some((own) => p.path.startsWith(own)));
    return html`<p class="help">${st('consent.help')}</p>
      <p class="help" id="consent-version-help">${st('consent.versionHelp')}</p>
      ${problemList('consent-problems', top)} ${this.renderGeneral(view, consent, problems)}
      <h3 id="consent-categories">${st('consent.categories')}</h3>
      <p class="help">${st('consent.categoriesHelp')}</p>
      <ul class="items">
        ${categories.map((c, i) => categoryItem(ctx, c, i, addServiceForm(ctx, i, c)))}
      </ul>
      ${addCategoryForm(ctx, () => categories)}
      <h3 id="consent-separate">${st('consent.separate')}</h3>
      <p class="help">${st('consent.separateHelp')}</p>
      <ul class="items">
        ${separate.map((s, i) => separateItem(ctx, s, i))}
      </ul>
      ${addSeparateForm(ctx, () => separate)}
      <h3 id="consent-documents">${st('consent.documents')}</h3>
      <p class="help" id="consent-url-help">${st('consent.documentsHelp')}</p>
      <ul class="items">
        ${documents.map((d, i) => documentItem(ctx, d, i))}
      </ul>
      ${addDocumentForm(ctx, () => documents)}
      ${
        view.published && !consentOf(view.published)
          ? html`<p class="row">
            <button type="button" @click=${() => edit((d) => withConsent(d, undefined))}>${st('consent.stop')}</button>
          </p>`
          : nothing
      }`;
  }

  private renderGeneral(view: ConsentView, consent: Json, problems: readonly ConfigProblem[]): TemplateResult {
    const { st, edit } = view;
    const field = (key: 'expiryDays' | 'guardianAge', min: number, max: number, placeholder = '') => {
      const here = problemsAt(problems, `consent.${key}`);
      const value = consent[key];
      return html`<p class="row">
          <label for="consent-${key}">${st(`consent.${key}`)}</label>
          <input
            id="consent-${key}"
            type="number"
            min=${min}
            max=${max}
            step="1"
            placeholder=${placeholder}
            aria-describedby="consent-${key}-help${here.length ? ` consent-${key}-problems` : ''}"
            .value=${value === undefined ? '' : String(value)}
            @change=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value.trim();
              edit((d) => withConsentValue(d, key, text === '' ? undefined : Number(text)));
            }}
          />
          <span class="help" id="consent-${key}-help">${st(`consent.${key}Help`)}</span>
        </p>
        ${problemList(`consent-${key}-problems`, here)}`;
    };
    return html`<fieldset>
      <legend>${st('consent.general')}</legend>
      ${field('expiryDays', 1, 395, String(CONSENT_EXPIRY_DEFAULT))} ${field('guardianAge', 1, 18)}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-consent': UcStudioConsent;
  }
}
