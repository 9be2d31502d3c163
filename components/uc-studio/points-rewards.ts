/**
 * The Points section's rewards catalogue (added, edited, retired and
 * offered again, deleted only while the published version does not have
 * it, as a form's fields are) and its outage compensation tiers (the
 * defaults until the first edit). A published reward is retired rather
 * than deleted, so past redemptions keep its name: publishing one deleted
 * is refused. What is added is checked first by the server's own schemas
 * (src/contract/points-settings.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  POINTS_LIMITS,
  REWARD_SOURCES,
  RewardSetting,
  TierSetting,
  UNDO_HOURS_MAX,
} from '../../src/contract/points-settings';
import {
  catalogueOf,
  localized,
  offeredPoolRewardsOf,
  publishedRewards,
  shownText,
  tiersOf,
  typedNumber,
  withCatalogue,
  withLocale,
  withPart,
  withRetired,
  withTiers,
  without,
} from './points-document';
import {
  describedBy,
  issuesOf,
  numberField,
  POINTS_AT as AT,
  problemsOf,
  textField,
  type PointsView,
} from './points-view';
import { formValue, problemList, type StudioView } from './studio-view';

type Loose = Record<string, unknown>;

export function rewardsEditor(view: PointsView): TemplateResult {
  const { st, edit, i18n } = view;
  const rewards = catalogueOf(view.doc);
  const live = publishedRewards(view.published);
  const change = (next: (current: Loose[]) => Loose[]) => edit((d) => withCatalogue(d, next(catalogueOf(d))));
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = (name: string) => formValue(form, name);
    const description = withLocale(withLocale(undefined, 'zh-CN', v('descZh')), 'en', v('descEn'));
    const undoHours = typedNumber(v('undoHours'));
    const reward = {
      id: v('id'),
      name: withLocale(withLocale(undefined, 'zh-CN', v('nameZh')), 'en', v('nameEn')),
      ...(description ? { description } : {}),
      points: typedNumber(v('points')),
      source: v('source'),
      ...(undoHours === undefined ? {} : { undoHours }),
    };
    const parsed = RewardSetting.safeParse(reward);
    const why = !reward.name
      ? `name: ${st('points.rewardNameEn')}`
      : rewards.some((r) => r.id === reward.id)
        ? `id: ${st('points.rewardTaken')}`
        : rewards.length >= POINTS_LIMITS.catalogue
          ? st('points.tooMany', { max: POINTS_LIMITS.catalogue })
          : parsed.success
            ? undefined
            : issuesOf(parsed);
    view.refuse('points/reward', why);
    if (why || !parsed.success) return;
    change((list) => [...list, parsed.data]);
    form.reset();
  };
  const refusal = view.refusals['points/reward'];
  return html`<fieldset class="catalogue" aria-describedby="catalogue-help">
    <legend>${st('points.catalogueTitle')}</legend>
    <p class="help" id="catalogue-help">${st('points.catalogueHelp')}</p>
    ${problemList(
      'catalogue-problems',
      view.problems.filter((p) => p.path === `${AT}.catalogue`),
    )}
    ${rewards.length ? nothing : html`<p>${st('points.catalogueNone')}</p>`}
    <ul class="items">
      ${rewards.map((reward, i) => {
        const id = typeof reward.id === 'string' ? reward.id : String(i + 1);
        const at = `reward-${i}`;
        const set = (key: string, value: unknown) => change((list) => withPart(list, i, key, value));
        const text = (key: 'name' | 'description', locale: 'zh-CN' | 'en') => (value: string) =>
          change((list) => withPart(list, i, key, withLocale(list[i]?.[key], locale, value)));
        const problems = problemsOf(view, `${AT}.catalogue[${i}]`);
        const name = localized(reward.name);
        const description = localized(reward.description);
        const retired = reward.retired === true;
        return html`<li class=${retired ? 'retired' : ''} data-reward=${id}>
          <p class="what">
            <code>${id}</code> · ${shownText(reward.name, i18n.locale, id)}
            ${live.has(id) ? html` · <em>${st('points.rewardLive')}</em>` : nothing}
            ${retired ? html` · <em>${st('points.rewardRetired')}</em>` : nothing}
          </p>
          <p class="row">
            ${textField(`${at}-name-zh`, st('points.rewardNameZh'), name['zh-CN'], text('name', 'zh-CN'))}
            ${textField(`${at}-name-en`, st('points.rewardNameEn'), name.en, text('name', 'en'))}
          </p>
          <p class="row">
            ${textField(`${at}-desc-zh`, st('points.rewardDescZh'), description['zh-CN'], text('description', 'zh-CN'))}
            ${textField(`${at}-desc-en`, st('points.rewardDescEn'), description.en, text('description', 'en'))}
          </p>
          <p class="row">
            ${numberField(`${at}-points`, st('points.rewardPoints'), reward.points, (n) => set('points', n), {
              min: 1,
            })}
            <label
              >${st('points.rewardSource')}
              <select
                id="${at}-source"
                @change=${(e: Event) => set('source', (e.target as HTMLSelectElement).value)}
              >
                ${REWARD_SOURCES.map(
                  (s) => html`<option value=${s} ?selected=${reward.source === s}>${st(`points.source.${s}`)}</option>`,
                )}
              </select></label
            >
            ${numberField(`${at}-undo`, st('points.undoHours'), reward.undoHours, (n) => set('undoHours', n), {
              min: 0,
              max: UNDO_HOURS_MAX,
              describe: `${at}-undo-help`,
            })}
          </p>
          <p class="help" id="${at}-undo-help">${st('points.undoHelp')}</p>
          <p class="actions">
            ${
              live.has(id) || retired
                ? html`<button
                  type="button"
                  aria-describedby=${live.has(id) ? `${at}-live` : nothing}
                  @click=${() => change((list) => withRetired(list, i, !retired))}
                >
                  ${st(retired ? 'points.rewardRestore' : 'points.rewardRetire', { id })}
                </button>`
                : nothing
            }
            ${
              live.has(id)
                ? html`<span class="help" id="${at}-live">${st('points.rewardRetireHelp')}</span>`
                : html`<button type="button" @click=${() => change((list) => without(list, i))}>
                  ${st('points.rewardDelete', { id })}
                </button>`
            }
          </p>
          ${problemList(`${at}-problems`, problems)}
        </li>`;
      })}
    </ul>
    <form class="add" @submit=${add} aria-labelledby="reward-new-title">
      <p class="legend" id="reward-new-title">${st('points.rewardNew')}</p>
      <label>${st('points.rewardId')} <input name="id" required autocomplete="off" spellcheck="false" /></label>
      <label>${st('points.rewardNameZh')} <input name="nameZh" autocomplete="off" /></label>
      <label>${st('points.rewardNameEn')} <input name="nameEn" autocomplete="off" /></label>
      <label>${st('points.rewardDescZh')} <input name="descZh" autocomplete="off" /></label>
      <label>${st('points.rewardDescEn')} <input name="descEn" autocomplete="off" /></label>
      <label
        >${st('points.rewardPoints')} <input name="points" type="number" min="1" step="1" required
      /></label>
      <label
        >${st('points.rewardSource')}
        <select name="source">
          ${REWARD_SOURCES.map((s) => html`<option value=${s}>${st(`points.source.${s}`)}</option>`)}
        </select></label
      >
      <label
        >${st('points.undoHours')}
        <input name="undoHours" type="number" min="0" max=${UNDO_HOURS_MAX} step="1" aria-describedby="reward-new-undo"
      /></label>
      <span class="help" id="reward-new-undo">${st('points.undoHelp')}</span>
      <button type="submit">${st('points.rewardAdd')}</button>
      ${refusal ? html`<p class="refusal" role="alert">${st('item.notAdded', { problems: refusal })}</p>` : nothing}
    </form>
  </fieldset>`;
}

/** A tier's reward: none, or a pool reward the draft offers (one named already stays listed, its problem beside it). */
function rewardChoice(view: StudioView, id: string, current: unknown, write: (reward: string | undefined) => void) {
  const { st } = view;
  const pools = offeredPoolRewardsOf(view.doc).map((r) => r.id as string);
  const named = typeof current === 'string' ? current : '';
  const options = named && !pools.includes(named) ? [...pools, named] : pools;
  return html`<label
    >${st('points.tierReward')}
    <select id=${id} @change=${(e: Event) => write((e.target as HTMLSelectElement).value || undefined)}>
      <option value="" ?selected=${!named}>${st('points.tierNoReward')}</option>
      ${options.map((r) => html`<option value=${r} ?selected=${r === named}>${r}</option>`)}
    </select></label
  >`;
}

export function tiersEditor(view: PointsView): TemplateResult {
  const { st, edit } = view;
  const { own, tiers } = tiersOf(view.doc);
  const change = (next: (current: Loose[]) => Loose[]) => edit((d) => withTiers(d, next(tiersOf(d).tiers)));
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const upTo = typedNumber(formValue(form, 'upToMinutes'));
    const points = typedNumber(formValue(form, 'points'));
    const reward = formValue(form, 'reward');
    const tier = {
      ...(upTo === undefined ? {} : { upToMinutes: upTo }),
      ...(points === undefined ? {} : { points }),
      ...(reward ? { reward } : {}),
    };
    const parsed = TierSetting.safeParse(tier);
    const why =
      points === undefined && !reward
        ? st('points.tierEmpty')
        : tiers.length >= POINTS_LIMITS.tiers
          ? st('points.tooMany', { max: POINTS_LIMITS.tiers })
          : parsed.success
            ? undefined
            : issuesOf(parsed);
    view.refuse('points/tier', why);
    if (why || !parsed.success) return;
    change((list) => [...list, parsed.data]);
    form.reset();
  };
  const refusal = view.refusals['points/tier'];
  return html`<fieldset class="tiers" aria-describedby="tiers-help">
    <legend>${st('points.tiersTitle')}</legend>
    <p class="help" id="tiers-help">${st('points.tiersHelp')} ${st(own ? 'points.tiersOwn' : 'points.tiersDefault')}</p>
    ${
      own
        ? html`<p>
          <button type="button" @click=${() => edit((d) => withTiers(d, undefined))}>
            ${st('points.tiersUseDefault')}
          </button>
        </p>`
        : nothing
    }
    ${problemList(
      'tiers-problems',
      view.problems.filter((p) => p.path === `${AT}.compensation` || p.path === `${AT}.compensation.tiers`),
    )}
    ${tiers.length ? nothing : html`<p>${st('points.tiersNone')}</p>`}
    <ol class="items">
      ${tiers.map((tier, i) => {
        const at = `tier-${i}`;
        const n = i + 1;
        const set = (key: string, value: unknown) => change((list) => withPart(list, i, key, value));
        const problems = problemsOf(view, `${AT}.compensation.tiers[${i}]`);
        return html`<li data-tier=${n}>
          <p class="row" role="group" aria-label=${st('points.tierTitle', { n })}>
            ${numberField(`${at}-upto`, st('points.upToMinutes'), tier.upToMinutes, (v) => set('upToMinutes', v), {
              min: 1,
              describe: describedBy('tiers-help', `${at}-problems`, problems),
            })}
            ${numberField(`${at}-points`, st('points.tierPoints'), tier.points, (v) => set('points', v), { min: 1 })}
            ${rewardChoice(view, `${at}-reward`, tier.reward, (r) => set('reward', r))}
            <button type="button" @click=${() => change((list) => without(list, i))}>
              ${st('points.tierRemove', { n })}
            </button>
          </p>
          ${problemList(`${at}-problems`, problems)}
        </li>`;
      })}
    </ol>
    <form class="add" @submit=${add} aria-labelledby="tier-new-title">
      <p class="legend" id="tier-new-title">${st('points.tierNew')}</p>
      <label>${st('points.upToMinutes')} <input name="upToMinutes" type="number" min="1" step="1" /></label>
      <label>${st('points.tierPoints')} <input name="points" type="number" min="1" step="1" /></label>
      <label
        >${st('points.tierReward')}
        <select name="reward">
          <option value="">${st('points.tierNoReward')}</option>
          ${offeredPoolRewardsOf(view.doc).map((r) => html`<option value=${r.id as string}>${r.id as string}</option>`)}
        </select></label
      >
      <button type="submit">${st('points.tierAdd')}</button>
      ${refusal ? html`<p class="refusal" role="alert">${st('item.notAdded', { problems: refusal })}</p>` : nothing}
    </form>
  </fieldset>`;
}
