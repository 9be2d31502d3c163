/**
 * The studio's Points section: when earned points count and expire, what a
 * penalty takes, what earns and how many a day at most, and levels, each
 * beside its default (an empty box, or "the default" chosen, is the
 * default, and says so); then the rewards, the compensation tiers
 * (points-rewards.ts) and the code pools (code-pools.ts). Problems the
 * server finds are shown beside what they concern.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { TRIGGERS, type Trigger } from '../../src/contract/points';
import { LevelSetting, POINTS_DEFAULTS, POINTS_LIMITS } from '../../src/contract/points-settings';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import './code-pools';
import {
  earnOf,
  levelsOf,
  localized,
  moved,
  numberOf,
  ownRuleFrom,
  POINTS_NUMBERS,
  shownText,
  typedNumber,
  withEarn,
  withEarnPart,
  withLevels,
  withLocale,
  withNumber,
  withPart,
  without,
  type EarnChoice,
  type PointsNumber,
} from './points-document';
import { rewardsEditor, tiersEditor } from './points-rewards';
import {
  describedBy,
  issuesOf,
  numberField,
  POINTS_AT as AT,
  problemsOf,
  textField,
  type PointsView,
} from './points-view';
import { formValue, problemList, problemsAt, type StudioT } from './studio-view';

const NUMBER_UNIT: Record<PointsNumber, StudioMessageKey> = {
  pendingHours: 'points.hours',
  expiryMonths: 'points.months',
  penaltyPoints: 'points.pointsN',
};
const NUMBER_LIMITS: Record<PointsNumber, { min: number; max: number }> = {
  pendingHours: { min: 0, max: 24 * 365 },
  expiryMonths: { min: 1, max: 120 },
  penaltyPoints: { min: 1, max: 1_000_000 },
};

export function pointsSection(view: PointsView): TemplateResult {
  const { st } = view;
  return html`<section aria-labelledby="points-title">
    <h2 id="points-title">${st('points.title')}</h2>
    <p class="help">${st('points.intro')}</p>
    ${problemList(
      'points-problems',
      problemsAt(view.problems, AT).filter((p) => p.path === AT || p.path === `${AT}.earn`),
    )}
    <fieldset>
      <legend>${st('points.rules')}</legend>
      ${POINTS_NUMBERS.map((key) => numberRule(view, key))}
    </fieldset>
    ${earnRules(view)} ${levelsEditor(view)} ${rewardsEditor(view)} ${tiersEditor(view)}
    <uc-studio-code-pools .view=${view}></uc-studio-code-pools>
  </section>`;
}

function numberRule(view: PointsView, key: PointsNumber): TemplateResult {
  const { st, edit } = view;
  const own = numberOf(view.doc, key);
  const fallback = st(NUMBER_UNIT[key], { n: POINTS_DEFAULTS[key] });
  const problems = problemsOf(view, `${AT}.${key}`);
  const id = `points-${key}`;
  return html`<p class="row">
      <label for=${id}>${st(`points.${key}`)}</label>
      <input
        id=${id}
        type="number"
        min=${NUMBER_LIMITS[key].min}
        max=${NUMBER_LIMITS[key].max}
        step="1"
        aria-describedby=${describedBy(`${id}-default`, `${id}-problems`, problems)}
        .value=${own === undefined ? '' : String(own)}
        @change=${(e: Event) => edit((d) => withNumber(d, key, typedNumber((e.target as HTMLInputElement).value)))}
      />
      <span class="help" id="${id}-default"
        >${st(own === undefined ? 'points.usesDefault' : 'points.ownValue', { value: fallback })}</span
      >
    </p>
    ${problemList(`${id}-problems`, problems)}`;
}

const CHOICES: readonly EarnChoice[] = ['default', 'own', 'off'];

function defaultRuleText(st: StudioT, trigger: Trigger): string {
  const rule = POINTS_DEFAULTS.earn[trigger];
  return rule.dailyCap === null
    ? st('points.earnDefaultNoCap', { points: rule.points })
    : st('points.earnDefault', { points: rule.points, cap: rule.dailyCap });
}

function earnRules(view: PointsView): TemplateResult {
  const { st } = view;
  return html`<fieldset>
    <legend>${st('points.earnTitle')}</legend>
    ${TRIGGERS.map((trigger) => earnRule(view, trigger))}
  </fieldset>`;
}

function earnRule(view: PointsView, trigger: Trigger): TemplateResult {
  const { st, edit } = view;
  const { choice, rule } = earnOf(view.doc, trigger);
  const path = `${AT}.earn.${trigger}`;
  const choose = (next: EarnChoice) =>
    edit((d) => withEarn(d, trigger, next === 'default' ? undefined : next === 'off' ? null : ownRuleFrom(trigger)));
  const part = (name: 'points' | 'dailyCap', value: number | undefined) =>
    edit((d) => withEarnPart(d, trigger, name, value));
  const id = `earn-${trigger}`;
  const pointsProblems = problemsOf(view, `${path}.points`);
  const capProblems = problemsOf(view, `${path}.dailyCap`);
  return html`<fieldset class="earn" data-trigger=${trigger}>
      <legend>${st(`points.trigger.${trigger}`)}</legend>
      ${CHOICES.map(
        (c) => html`<div>
          <label class="choice">
            <input type="radio" name=${id} value=${c} .checked=${choice === c} @change=${() => choose(c)} />
            ${c === 'default' ? defaultRuleText(st, trigger) : st(c === 'own' ? 'points.earnOwn' : 'points.earnOff')}
          </label>
        </div>`,
      )}
      ${
        choice === 'own'
          ? html`<p class="row">
              ${numberField(`${id}-points`, st('points.earnPoints'), rule.points, (n) => part('points', n), {
                min: 1,
                max: 1_000_000,
                required: true,
                describe: describedBy('', `${id}-points-problems`, pointsProblems),
              })}
              ${numberField(`${id}-cap`, st('points.dailyCap'), rule.dailyCap, (n) => part('dailyCap', n), {
                min: 1,
                describe: describedBy(`${id}-cap-help`, `${id}-cap-problems`, capProblems),
              })}
            </p>
            <p class="help" id="${id}-cap-help">${st('points.dailyCapHelp')}</p>
            ${problemList(`${id}-points-problems`, pointsProblems)} ${problemList(`${id}-cap-problems`, capProblems)}`
          : nothing
      }
      ${problemList(
        `${id}-problems`,
        problemsOf(view, path).filter((p) => !/\.(points|dailyCap)$/.test(p.path)),
      )}
    </fieldset>`;
}

function levelsEditor(view: PointsView): TemplateResult {
  const { st, edit, i18n } = view;
  const { own, levels } = levelsOf(view.doc);
  /** A change of the levels as the document now holds them (the defaults copied in on the first). */
  const change = (next: (current: Record<string, unknown>[]) => Record<string, unknown>[]) =>
    edit((d) => withLevels(d, next(levelsOf(d).levels)));
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const level = {
      name: withLocale(withLocale(undefined, 'zh-CN', formValue(form, 'nameZh')), 'en', formValue(form, 'nameEn')),
      threshold: typedNumber(formValue(form, 'threshold')),
    };
    const parsed = LevelSetting.safeParse(level);
    const why = !level.name
      ? `name: ${st('points.levelNameEn')}`
      : levels.length >= POINTS_LIMITS.levels
        ? st('points.tooMany', { max: POINTS_LIMITS.levels })
        : parsed.success
          ? undefined
          : issuesOf(parsed);
    view.refuse('points/level', why);
    if (why || !parsed.success) return;
    change((list) => [...list, parsed.data]);
    form.reset();
  };
  const refusal = view.refusals['points/level'];
  return html`<fieldset class="levels" aria-describedby="levels-help">
    <legend>${st('points.levelsTitle')}</legend>
    <p class="help" id="levels-help">
      ${st('points.levelsHelp')} ${st(own ? 'points.levelsOwn' : 'points.levelsDefault')}
    </p>
    ${
      own
        ? html`<p>
          <button type="button" @click=${() => edit((d) => withLevels(d, undefined))}>
            ${st('points.levelsUseDefault')}
          </button>
        </p>`
        : nothing
    }
    ${problemList(
      'levels-problems',
      problemsAt(view.problems, `${AT}.levels`).filter((p) => p.path === `${AT}.levels`),
    )}
    ${levels.length ? nothing : html`<p>${st('points.levelsNone')}</p>`}
    <ol class="items">
      ${levels.map((level, i) => {
        const name = shownText(level.name, i18n.locale, String(i + 1));
        const text = localized(level.name);
        const id = `level-${i}`;
        const problems = problemsOf(view, `${AT}.levels[${i}]`);
        const rename = (locale: 'zh-CN' | 'en') => (value: string) =>
          change((list) => withPart(list, i, 'name', withLocale(list[i]?.name, locale, value)));
        return html`<li data-level=${i}>
          <p class="row">
            ${textField(`${id}-zh`, st('points.levelNameZh'), text['zh-CN'], rename('zh-CN'))}
            ${textField(`${id}-en`, st('points.levelNameEn'), text.en, rename('en'))}
            ${numberField(
              `${id}-threshold`,
              st('points.threshold'),
              level.threshold,
              (n) => change((list) => withPart(list, i, 'threshold', n)),
              { min: 0, describe: describedBy('', `${id}-problems`, problems) },
            )}
          </p>
          <p class="actions">
            <button type="button" ?disabled=${i === 0} @click=${() => change((list) => moved(list, i, -1))}>
              ${st('points.levelUp', { name })}
            </button>
            <button
              type="button"
              ?disabled=${i === levels.length - 1}
              @click=${() => change((list) => moved(list, i, 1))}
            >
              ${st('points.levelDown', { name })}
            </button>
            <button type="button" @click=${() => change((list) => without(list, i))}>
              ${st('points.levelRemove', { name })}
            </button>
          </p>
          ${problemList(`${id}-problems`, problems)}
        </li>`;
      })}
    </ol>
    <form class="add" @submit=${add} aria-labelledby="level-new-title">
      <p class="legend" id="level-new-title">${st('points.levelNew')}</p>
      <label>${st('points.levelNameZh')} <input name="nameZh" autocomplete="off" /></label>
      <label>${st('points.levelNameEn')} <input name="nameEn" autocomplete="off" /></label>
      <label
        >${st('points.threshold')} <input name="threshold" type="number" min="0" step="1" required
      /></label>
      <button type="submit">${st('points.levelAdd')}</button>
      ${refusal ? html`<p class="refusal" role="alert">${st('item.notAdded', { problems: refusal })}</p>` : nothing}
    </form>
  </fieldset>`;
}
