/**
 * What the points widget shows once the account is there: the balance and
 * level, notices of the last write, the rewards with their confirmation, the
 * user's codes, how to earn more, and the dated history. The element passes
 * the machine's snapshot and a way to send it events.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { EventFrom, SnapshotFrom } from 'xstate';
import type { PointsEntry, PointsSummary, Redemption, Reward } from '../../src/contract/points';
import type { Params, Translator } from '../../src/i18n/index';
import type { PointsMessageKey } from '../../src/i18n/points/index';
import type { PointsData, PointsMachine, PointsNotice } from '../../machines/points.machine';
import { cannotReachServer } from '../../src/client/cached-load';

export type T = (key: PointsMessageKey, params?: Params) => string;

export interface PointsScreen {
  t: T;
  i18n: Translator;
  snapshot: SnapshotFrom<PointsMachine>;
  send(event: EventFrom<PointsMachine>): void;
}

export function renderBody(screen: PointsScreen): TemplateResult {
  const { t, i18n, snapshot } = screen;
  const { data, error, notice } = snapshot.context;
  if (snapshot.matches('signedOut'))
    return html`<h2>${t('points.title')}</h2><p part="notice" role="status">${t('points.signedOut')}</p>`;
  if (snapshot.matches('failed') && error) {
    return html`<h2>${t('points.title')}</h2>
      <div part="error" role="alert">
        <p>${cannotReachServer(error) ? t('points.unreachable') : t('points.loadFailed', { message: error.message })}</p>
        <button type="button" @click=${() => screen.send({ type: 'refresh' })}>${t('points.retry')}</button>
      </div>`;
  }
  if (!data) return html`<h2>${t('points.title')}</h2><p role="status" aria-busy="true">…</p>`;
  const { summary } = data;
  return html`<h2>${t('points.title')}</h2>
    ${
      data.cachedAt !== null
        ? html`<p part="notice" role="status">
          ${snapshot.matches('loading') ? t('points.updating') : t('points.stale', { time: i18n.dateTime(new Date(data.cachedAt).toISOString()) })}
        </p>`
        : nothing
    }
    <p part="balance" class="balance"><span class="label">${t('points.balance')}</span> <strong>${i18n.number(summary.balance)}</strong> ${t('points.unit')}</p>
    ${renderLevel(screen, summary)}
    ${summary.pending ? html`<p class="pending">${t('points.pendingTotal', { points: i18n.number(summary.pending) })}</p>` : nothing}
    ${
      summary.expiringSoon.length
        ? html`<ul class="expiring">
          ${summary.expiringSoon.map((e) => html`<li>${t('points.expiring', { points: i18n.number(e.points), time: i18n.dateTime(e.at) })}</li>`)}
        </ul>`
        : nothing
    }
    <div role="status" aria-live="polite">${notice ? renderNotice(screen, notice) : nothing}</div>
    ${renderRewards(screen, summary, data.cachedAt !== null)} ${renderCodes(screen, data.redemptions)} ${renderEarn(screen, summary)}
    ${renderHistory(screen, data)}`;
}

function renderLevel(screen: PointsScreen, summary: PointsSummary): TemplateResult | typeof nothing {
  const { t, i18n } = screen;
  const level = summary.level;
  if (!level) return nothing;
  const from = level.current?.threshold ?? 0;
  return html`<div part="level" class="level">
    ${level.current ? html`<p>${t('points.level', { name: i18n.text(level.current.name) })}</p>` : nothing}
    ${
      level.next
        ? html`<progress max=${level.next.threshold - from} value=${Math.max(0, level.lifetime - from)} aria-label=${t('points.nextLevel', { points: i18n.number(level.next.threshold - level.lifetime), name: i18n.text(level.next.name) })}></progress>
          <p class="muted">${t('points.nextLevel', { points: i18n.number(level.next.threshold - level.lifetime), name: i18n.text(level.next.name) })}</p>`
        : html`<p class="muted">${t('points.topLevel')}</p>`
    }
  </div>`;
}

function renderNotice(screen: PointsScreen, notice: PointsNotice): TemplateResult {
  const { t, i18n } = screen;
  const close = html`<button type="button" class="link" @click=${() => screen.send({ type: 'dismiss' })}>${t('points.dismiss')}</button>`;
  if (notice.type === 'queued')
    return html`<p part="notice">${t(screen.snapshot.context.write?.op === 'points.undo' ? 'points.queuedUndo' : 'points.queued')}</p>`;
  if (notice.type === 'undone') return html`<p part="notice">${t('points.undoneNotice')} ${close}</p>`;
  if (notice.type === 'redeemed') {
    return html`<p part="notice" class="redeemed">${t('points.redeemed', { name: i18n.text(notice.redemption.reward.name), code: notice.redemption.code })} ${close}</p>`;
  }
  const words =
    notice.error.code === 'insufficient_points'
      ? t('points.insufficient')
      : notice.error.code === 'reward_unavailable'
        ? t('points.rewardGone')
        : t('points.failed', { message: notice.error.message });
  return html`<p part="error" role="alert">${words} ${close}</p>`;
}

function renderRewards(screen: PointsScreen, summary: PointsSummary, offline: boolean): TemplateResult {
  const { t } = screen;
  const snapshot = screen.snapshot;
  const confirming = snapshot.context.confirming;
  // Writes are taken only once the account is shown (not while the device's copy stands in during the first load).
  const busy = !snapshot.matches('shown') || snapshot.matches({ shown: { write: 'sending' } });
  return html`<h3>${t('points.rewards')}</h3>
    ${
      summary.rewards.length
        ? html`<ul part="rewards" class="rewards">
          ${summary.rewards.map((reward) => html`<li part="reward">${renderReward(screen, summary, reward, offline || busy)}</li>`)}
        </ul>`
        : html`<p class="muted">${t('points.rewardsEmpty')}</p>`
    }
    ${confirming ? renderConfirm(screen, summary, confirming, busy) : nothing}`;
}

function renderReward(screen: PointsScreen, summary: PointsSummary, reward: Reward, disabled: boolean): TemplateResult {
  const { t, i18n } = screen;
  const short = reward.points > summary.balance;
  const why = !reward.available
    ? t('points.unavailable')
    : short
      ? t('points.notEnough', { points: i18n.number(reward.points) })
      : '';
  return html`<span class="reward-name">${i18n.text(reward.name)}</span>
    ${reward.description ? html`<span class="muted">${i18n.text(reward.description)}</span>` : nothing}
    <span class="cost">${i18n.number(reward.points)} ${t('points.unit')}</span>
    <button
      type="button"
      class="primary"
      ?disabled=${disabled || !reward.available || short}
      aria-label=${t('points.redeemFor', { name: i18n.text(reward.name), points: i18n.number(reward.points) })}
      @click=${() => screen.send({ type: 'redeem', reward: reward.id })}
    >
      ${t('points.redeem')}
    </button>
    ${why ? html`<span class="muted">${why}</span>` : nothing}`;
}

function renderConfirm(
  screen: PointsScreen,
  summary: PointsSummary,
  rewardId: string,
  busy: boolean,
): TemplateResult | typeof nothing {
  const { t, i18n } = screen;
  const reward = summary.rewards.find((r) => r.id === rewardId);
  if (!reward) return nothing;
  const name = i18n.text(reward.name);
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-title">
    <p id="confirm-title"><strong>${t('points.confirmTitle', { name })}</strong></p>
    <p>${t('points.confirmText', { points: i18n.number(reward.points), balance: i18n.number(summary.balance) })}</p>
    ${
      busy
        ? html`<p role="status">${t('points.redeeming')}</p>`
        : html`<button type="button" class="primary" @click=${() => screen.send({ type: 'confirm' })}>${t('points.confirm')}</button>
          <button type="button" @click=${() => screen.send({ type: 'cancel' })}>${t('points.cancel')}</button>`
    }
  </div>`;
}

function renderCodes(screen: PointsScreen, redemptions: readonly Redemption[]): TemplateResult | typeof nothing {
  const { t, i18n } = screen;
  if (!redemptions.length) return nothing;
  const now = new Date().toISOString();
  const snapshot = screen.snapshot;
  const busy = !snapshot.matches('shown') || snapshot.matches({ shown: { write: 'sending' } });
  return html`<h3>${t('points.codes')}</h3>
    <ul part="codes" class="codes">
      ${redemptions.map(
        (r) => html`<li class=${r.status}>
          <span>${t('points.code', { name: i18n.text(r.reward.name), code: r.code })}</span>
          <span class="muted">${i18n.dateTime(r.createdAt)}${r.status === 'undone' ? ` · ${t('points.undone')}` : ''}</span>
          ${
            r.status === 'active' && r.undoUntil && r.undoUntil > now
              ? html`<span class="muted">${t('points.undoUntil', { time: i18n.dateTime(r.undoUntil) })}</span>
                <button type="button" ?disabled=${busy} @click=${() => screen.send({ type: 'undo', id: r.id })}>${t('points.undo')}</button>`
              : nothing
          }
        </li>`,
      )}
    </ul>`;
}

function renderEarn(screen: PointsScreen, summary: PointsSummary): TemplateResult | typeof nothing {
  const { t, i18n } = screen;
  if (!summary.earn.length) return nothing;
  return html`<h3>${t('points.earnTitle')}</h3>
    <ul part="earn" class="earn">
      ${summary.earn.map(
        (rule) => html`<li>
          ${t(`trigger.${rule.trigger}` as PointsMessageKey)}: <strong>+${i18n.number(rule.points)}</strong>
          ${rule.dailyCap !== null ? html`<span class="muted">(${t('points.earnCap', { cap: i18n.number(rule.dailyCap) })})</span>` : nothing}
        </li>`,
      )}
    </ul>`;
}

function renderHistory(screen: PointsScreen, data: PointsData): TemplateResult {
  const { t } = screen;
  const loadingMore = screen.snapshot.matches({ shown: { data: 'more' } });
  return html`<h3>${t('points.history')}</h3>
    ${
      data.history.length
        ? html`<ol part="history" class="history">
          ${data.history.map((entry) => renderEntry(screen, entry))}
        </ol>`
        : html`<p class="muted">${t('points.historyEmpty')}</p>`
    }
    ${
      data.nextCursor
        ? html`<button type="button" class="more" ?disabled=${loadingMore} @click=${() => screen.send({ type: 'more' })}>${t('points.more')}</button>`
        : nothing
    }`;
}

function renderEntry(screen: PointsScreen, entry: PointsEntry): TemplateResult {
  const { t, i18n } = screen;
  const sign = entry.points > 0 ? '+' : '';
  return html`<li part="entry" class="entry" data-kind=${entry.kind} data-status=${entry.status}>
    <span class="amount" data-sign=${entry.points > 0 ? 'plus' : entry.points < 0 ? 'minus' : 'zero'}>${sign}${i18n.number(entry.points)}</span>
    <span class="what">${entry.reason.code === 'warning' ? '' : `${t(`kind.${entry.kind}` as PointsMessageKey)} · `}${reasonText(screen, entry)}</span>
    <time class="muted" datetime=${entry.createdAt}>${i18n.dateTime(entry.createdAt)}</time>
    ${entry.status === 'pending' && entry.confirmsAt ? html`<span class="muted">${t('points.pending', { points: i18n.number(entry.points), time: i18n.dateTime(entry.confirmsAt) })}</span>` : nothing}
    ${entry.reason.capped ? html`<span class="muted">${t('reason.capped', { points: i18n.number(entry.reason.capped) })}</span>` : nothing}
    ${entry.shortfall ? html`<span class="muted">${t('reason.shortfall', { points: i18n.number(entry.shortfall) })}</span>` : nothing}
  </li>`;
}

function reasonText(screen: PointsScreen, entry: PointsEntry): string {
  const { t, i18n } = screen;
  const r = entry.reason;
  return t(`reason.${r.code}` as PointsMessageKey, {
    number: r.trackingNumber ?? '',
    text: r.text ?? '',
    name: r.reward ? i18n.text(r.reward.name) : '',
    service: r.incident?.service ?? '',
    time: r.incident ? i18n.dateTime(r.incident.start) : '',
    minutes: r.incident ? i18n.number(Math.round(r.incident.minutes)) : '',
  });
}
