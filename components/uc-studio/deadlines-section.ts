/**
 * The studio's Deadlines section: the guideline's deadlines (what applies
 * with no policy), the site's policies per kind and category in a table,
 * each deadline inherited, none, or a length in working or elapsed time;
 * a policy added, edited or removed, the server's problems beside its row;
 * and a preview of the deadlines the server counts with the draft
 * (deadline-preview.ts).
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { KINDS } from '../../src/contract/common';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import {
  addPolicy,
  categoriesOf,
  policiesOf,
  policyFrom,
  removePolicy,
  replacePolicy,
  RULE_MODES,
  ruleChoice,
  type Policy,
  type RuleChoice,
  type RuleMode,
} from './deadlines-document';
import {
  DEADLINE_NAMES,
  GUIDELINE_COMPLEX_SOLUTION,
  GUIDELINE_DEADLINES,
  UNIT_MAX,
  type DeadlineName,
} from './settings-defaults';
import { problemList, problemsAt, type StudioT, type StudioView } from './studio-view';
import './deadline-preview';

export interface DeadlinesView extends StudioView {
  i18n: Translator;
  staff: StaffRuntime | undefined;
}

const POLICIES = 'settings.sla.policies';

/** A deadline's rule as a person reads it: "3 working days", "inherited", "none". */
export function ruleText(st: StudioT, i18n: Translator, value: unknown): string {
  const choice = ruleChoice(value);
  if (choice.mode === 'inherit' || choice.mode === 'none') return st(`deadlines.rule.${choice.mode}`);
  const one = new Intl.PluralRules(i18n.locale).select(choice.amount) === 'one';
  const n = Number.isFinite(choice.amount) ? new Intl.NumberFormat(i18n.locale).format(choice.amount) : '?';
  return st(`deadlines.rule.${choice.mode}.${one ? 'one' : 'other'}`, { n });
}

export function deadlinesSection(view: DeadlinesView): TemplateResult {
  const { st, i18n, problems } = view;
  // What concerns the list as a whole; each policy's own problems are beside its row.
  const listProblems = problemsAt(problems, POLICIES).filter((p) => !p.path.startsWith(`${POLICIES}[`));
  return html`<section aria-labelledby="deadlines-title">
    <h2 id="deadlines-title">${st('deadlines.title')}</h2>
    <p class="help">${st('deadlines.help')}</p>
    <h3>${st('deadlines.guideline')}</h3>
    <ul class="guideline">
      ${DEADLINE_NAMES.map(
        (name) =>
          html`<li data-guideline=${name}>
            ${st(`deadlines.${name}`)}: ${ruleText(st, i18n, GUIDELINE_DEADLINES[name])}
          </li>`,
      )}
    </ul>
    <p class="help">
      ${st('deadlines.complex', { rule: ruleText(st, i18n, GUIDELINE_COMPLEX_SOLUTION) })}
    </p>
    ${problemList('deadlines-problems', listProblems)}
    <uc-studio-deadlines .view=${view}></uc-studio-deadlines>
    <uc-studio-deadline-preview
      .st=${st}
      .doc=${view.doc}
      .i18n=${i18n}
      .staff=${view.staff}
    ></uc-studio-deadline-preview>
  </section>`;
}

/** What the editor holds: a kind and a category (empty: any), and each deadline's choice as typed. */
interface Editing {
  kind: string;
  category: string;
  rules: Record<DeadlineName, { mode: RuleMode; amount: string }>;
}

const blank = (): Editing => ({
  kind: '',
  category: '',
  rules: {
    acknowledgement: { mode: 'inherit', amount: '' },
    firstReply: { mode: 'inherit', amount: '' },
    solution: { mode: 'inherit', amount: '' },
  },
});

function editingOf(policy: Policy): Editing {
  const out = blank();
  out.kind = typeof policy.kind === 'string' ? policy.kind : '';
  out.category = typeof policy.category === 'string' ? policy.category : '';
  for (const name of DEADLINE_NAMES) {
    const choice = ruleChoice(policy[name]);
    out.rules[name] = { mode: choice.mode, amount: 'amount' in choice ? String(choice.amount) : '' };
  }
  return out;
}

/** The policies table and the editor that adds or changes one; drawn in the studio's own shadow root. */
@customElement('uc-studio-deadlines')
export class UcStudioDeadlines extends LitElement {
  @property({ attribute: false }) accessor view: DeadlinesView | undefined;
  /** the policy being changed, by index; undefined: the editor adds one */
  @state() private accessor index: number | undefined;
  @state() private accessor editing: Editing = blank();
  @state() private accessor refusal = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /**
   * Focus on what is drawn next, so the focus never falls to the page when its button goes away. The
   * update asked for here comes after the studio's, which an edit asked for first: it draws the edited document.
   */
  private focusNext(...selectors: string[]): void {
    this.requestUpdate();
    void this.updateComplete.then(() => {
      for (const selector of selectors) {
        const el = this.querySelector<HTMLElement>(selector);
        if (el) return el.focus();
      }
    });
  }

  private readonly editButton = (index: number) => `tr[data-change-of="${index}"] button`;

  private readonly startEdit = (index: number, policy: Policy) => {
    this.index = index;
    this.editing = editingOf(policy);
    this.refusal = '';
    this.focusNext('#policy-kind');
  };

  /** Back to adding; the focus back on the policy that was being edited. */
  private readonly cancel = () => {
    if (this.index !== undefined) this.focusNext(this.editButton(this.index), '#policy-kind');
    this.index = undefined;
    this.editing = blank();
    this.refusal = '';
  };

  private readonly removeAt = (index: number) => {
    this.view?.edit((d) => removePolicy(d, index));
    if (this.index === index) this.cancel();
    else if (this.index !== undefined && this.index > index) this.index -= 1;
    this.focusNext(this.editButton(index), this.editButton(index - 1), '#policy-kind');
  };

  private readonly save = (event: SubmitEvent) => {
    event.preventDefault();
    const view = this.view;
    if (!view) return;
    const { kind, category, rules } = this.editing;
    const choices = {} as Record<DeadlineName, RuleChoice>;
    const missing: string[] = [];
    for (const name of DEADLINE_NAMES) {
      const { mode, amount } = rules[name];
      if (mode === 'inherit' || mode === 'none') choices[name] = { mode };
      else if (amount.trim() === '' || Number.isNaN(Number(amount))) missing.push(view.st(`deadlines.${name}`));
      else choices[name] = { mode, amount: Number(amount) };
    }
    if (missing.length) {
      this.refusal = view.st('deadlines.amountMissing', { deadlines: missing.join(', ') });
      return;
    }
    const policy = policyFrom(kind, category, choices);
    const index = this.index;
    view.edit((d) => (index === undefined ? addPolicy(d, policy) : replacePolicy(d, index, policy)));
    this.cancel();
  };

  private setRule(name: DeadlineName, change: Partial<{ mode: RuleMode; amount: string }>): void {
    const rules = { ...this.editing.rules, [name]: { ...this.editing.rules[name], ...change } };
    this.editing = { ...this.editing, rules };
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    return html`${this.renderTable(view)} ${this.renderEditor(view)}`;
  }

  private categoryText(view: DeadlinesView, id: unknown): string {
    if (typeof id !== 'string') return view.st('deadlines.anyCategory');
    const category = categoriesOf(view.doc).find((c) => c.id === id);
    if (!category) return `${id} (${view.st('deadlines.unknownCategory')})`;
    const label = view.i18n.text(category.label) || id;
    return category.retired ? `${label} (${view.st('deadlines.retired')})` : label;
  }

  private renderTable(view: DeadlinesView): TemplateResult {
    const { st, i18n, problems } = view;
    const policies = policiesOf(view.doc);
    if (!policies.length) return html`<p>${st('deadlines.noPolicies')}</p>`;
    const kindText = (kind: unknown) =>
      typeof kind === 'string'
        ? (KINDS as readonly string[]).includes(kind)
          ? i18n.t(`kind.${kind as (typeof KINDS)[number]}`)
          : kind
        : st('deadlines.anyKind');
    return html`<table class="policies">
      <caption>
        ${st('deadlines.policies')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${st('deadlines.number')}</th>
          <th scope="col">${st('deadlines.appliesTo')}</th>
          ${DEADLINE_NAMES.map((name) => html`<th scope="col">${st(`deadlines.${name}`)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${policies.map((policy, i) => {
          const here = problemsAt(problems, `${POLICIES}[${i}]`);
          const id = `policy-${i}-problems`;
          const n = i + 1;
          // The buttons and the problems in a row of their own beneath, so five narrow columns fit the editor.
          return html`<tr data-policy=${i}>
              <th scope="row">${n}</th>
              <td>${kindText(policy.kind)} · ${this.categoryText(view, policy.category)}</td>
              ${DEADLINE_NAMES.map((name) => html`<td data-rule=${name}>${ruleText(st, i18n, policy[name])}</td>`)}
            </tr>
            <tr class="policy-change" data-change-of=${i}>
              <td colspan=${2 + DEADLINE_NAMES.length}>
                <span class="actions">
                  <button
                    type="button"
                    aria-describedby=${here.length ? id : nothing}
                    @click=${() => this.startEdit(i, policy)}
                  >
                    ${st('deadlines.edit', { n })}
                  </button>
                  <button type="button" @click=${() => this.removeAt(i)}>${st('deadlines.remove', { n })}</button>
                </span>
                ${problemList(id, here)}
              </td>
            </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderEditor(view: DeadlinesView): TemplateResult {
    const { st, i18n } = view;
    const { kind, category, rules } = this.editing;
    const categories = categoriesOf(view.doc);
    const n = this.index === undefined ? 0 : this.index + 1;
    return html`<form class="add policy-editor" aria-labelledby="policy-editor-title" @submit=${this.save}>
      <p class="legend" id="policy-editor-title">
        ${this.index === undefined ? st('deadlines.new') : st('deadlines.editing', { n })}
      </p>
      <label
        >${st('deadlines.kind')}
        <select
          id="policy-kind"
          .value=${live(kind)}
          @change=${(e: Event) => (this.editing = { ...this.editing, kind: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${kind === ''}>${st('deadlines.anyKind')}</option>
          ${KINDS.map((k) => html`<option value=${k} ?selected=${k === kind}>${i18n.t(`kind.${k}`)}</option>`)}
        </select></label
      >
      <label
        >${st('deadlines.category')}
        <select
          id="policy-category"
          .value=${live(category)}
          @change=${(e: Event) => (this.editing = { ...this.editing, category: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${category === ''}>${st('deadlines.anyCategory')}</option>
          ${categories.map(
            (c) => html`<option value=${c.id} ?selected=${c.id === category}>${this.categoryText(view, c.id)}</option>`,
          )}
          ${
            category && !categories.some((c) => c.id === category)
              ? html`<option value=${category} selected>${this.categoryText(view, category)}</option>`
              : nothing
          }
        </select></label
      >
      ${DEADLINE_NAMES.map((name) => this.renderRule(view, name, rules[name]))}
      <p class="help" id="policy-units-help">${st('deadlines.unitsHelp')}</p>
      <button type="submit">${this.index === undefined ? st('deadlines.add') : st('deadlines.save', { n })}</button>
      ${this.index === undefined ? nothing : html`<button type="button" @click=${this.cancel}>${st('deadlines.cancel')}</button>`}
      ${this.refusal ? html`<p class="refusal" role="alert">${this.refusal}</p>` : nothing}
    </form>`;
  }

  private renderRule(view: DeadlinesView, name: DeadlineName, rule: { mode: RuleMode; amount: string }) {
    const { st } = view;
    const unit = rule.mode !== 'inherit' && rule.mode !== 'none';
    return html`<fieldset class="rule" data-rule=${name}>
      <legend>${st(`deadlines.${name}`)}</legend>
      <label
        >${st('deadlines.ruleMode')}
        <select
          id="policy-${name}-mode"
          .value=${live(rule.mode)}
          aria-describedby="policy-units-help"
          @change=${(e: Event) => this.setRule(name, { mode: (e.target as HTMLSelectElement).value as RuleMode })}
        >
          ${RULE_MODES.map((m) => html`<option value=${m} ?selected=${m === rule.mode}>${st(`deadlines.mode.${m}`)}</option>`)}
        </select></label
      >
      <label
        >${st('deadlines.amount')}
        <input
          id="policy-${name}-amount"
          type="number"
          min="0"
          step="any"
          max=${unit ? UNIT_MAX[rule.mode as keyof typeof UNIT_MAX] : nothing}
          ?disabled=${!unit}
          .value=${live(rule.amount)}
          @input=${(e: Event) => this.setRule(name, { amount: (e.target as HTMLInputElement).value })}
        />
      </label>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-deadlines': UcStudioDeadlines;
  }
}
