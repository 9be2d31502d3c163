import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { Locale } from '../../src/contract/common';
import type { PointsEntry, PointsSummary, Redemption, Reward } from '../../src/contract/points';
import type { Credentials } from '../../src/client/backend';
import { BackendError } from '../../src/client/errors';
import { LiveStream, startedUnheard } from '../../src/client/live-stream';
import { pointsApiOf, RestPointsApi, type PointsBackend } from '../../src/client/rest-points';
import { sendPointsWrite } from '../../src/client/points-writes';
import type { Runtime, RuntimeState } from '../../src/client/runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import { resolveLocale, type Params, type Translator } from '../../src/i18n/index';
import { pointsMessages, type PointsMessageKey } from '../../src/i18n/points/index';
import {
  pointsMachine,
  type PointsData,
  type PointsMachine,
  type PointsNotice,
  type PointsWrite,
} from '../../machines/points.machine';
import { ActorController } from '../shared/actor-controller';
import { configErrorView } from '../shared/config-error';
import { Sessions } from '../shared/sessions';
import { tokens } from '../shared/base.styles';
import { UcAuthRequiredEvent, UcPointsRedeemedEvent } from '../shared/events';
import { runtimeContext } from '../shared/runtime-context';
import { applyTheme } from '../shared/theme';
import { styles } from './uc-points-widget.styles';

type T = (key: PointsMessageKey, params?: Params) => string;

/**
 * The signed-in user's points, from the server's ledger: balance, level and
 * progress to the next, points pending and soon expiring, a dated history
 * with reasons (a compensation names its outage), how to earn more, and the
 * rewards to redeem, each redemption confirmed first and sent through the
 * outbox so a double click or a retry spends once. Offline, the last copy
 * on the device is shown and marked; the live stream brings changes in.
 *
 * `mode="compact"` shows a badge with the balance that opens the rest.
 *
 * @summary Points for good contributions and compensation for outages, from a ledger.
 *
 * @event uc-points-redeemed - A reward was redeemed (`detail.redemption`, with its code).
 * @event uc-auth-required - The sign-in expired or was refused: sign the user in again and call usercare.identify().
 *
 * @csspart base - The frame around everything.
 * @csspart badge - The compact mode's button with the balance.
 * @csspart balance - The balance.
 * @csspart level - The level and the progress to the next.
 * @csspart notice - Offline, pending and result notices.
 * @csspart error - A problem loading or redeeming.
 * @csspart history - The dated entries.
 * @csspart entry - One entry.
 * @csspart earn - How to earn points.
 * @csspart rewards - The rewards.
 * @csspart reward - One reward.
 * @csspart confirm - The redemption's confirmation.
 * @csspart codes - The user's codes.
 *
 * @cssproperty --uc-font - Font family.
 * @cssproperty --uc-color-text - Text colour.
 * @cssproperty --uc-color-muted - Secondary text colour.
 * @cssproperty --uc-color-bg - Background.
 * @cssproperty --uc-color-surface - Background of notices and badges.
 * @cssproperty --uc-color-border - Borders.
 * @cssproperty --uc-color-accent - Buttons, the level bar and focus ring.
 * @cssproperty --uc-color-on-accent - Text on the accent colour.
 * @cssproperty --uc-color-danger - Errors and points taken.
 * @cssproperty --uc-color-success - Points added.
 * @cssproperty --uc-radius - Corner radius.
 * @cssproperty --uc-space - Base spacing.
 * @cssproperty --uc-focus-ring - Focus indicator (a box-shadow).
 */
@customElement('uc-points-widget')
export class UcPointsWidget extends LitElement {
  static override styles = [tokens, styles];

  /** `full` (the default) or `compact`: a badge with the balance that opens the rest. */
  @property({ reflect: true }) accessor mode: 'full' | 'compact' = 'full';

  @state() private accessor runtimeState: RuntimeState = { status: 'loading' };
  protected readonly runtimeConsumer = new ContextConsumer(this, {
    context: runtimeContext,
    subscribe: true,
    callback: (value) => (this.runtimeState = value),
  });

  @state() private accessor t: T | undefined;
  @state() private accessor i18n: Translator | undefined;
  /** compact mode: whether the details are open */
  @state() private accessor open = false;

  private readonly machine = new ActorController<PointsMachine>(this);
  /** undone when the element leaves the page */
  private cleanups: Array<() => void> = [];
  /** the actor, the stream and the listeners of the current runtime */
  private readonly sessions = new Sessions();
  private apiFor: { backend: Runtime['backend']; api: PointsBackend | undefined } | undefined;

  private get runtime(): Runtime | undefined {
    return this.runtimeState.status === 'ready' ? this.runtimeState.runtime : undefined;
  }

  /** The server's points endpoints; none without a server (a ledger lives only there). */
  private get api(): PointsBackend | undefined {
    const backend = this.runtime?.backend;
    if (!backend) return undefined;
    if (this.apiFor?.backend !== backend) this.apiFor = { backend, api: pointsApiOf(backend) };
    return this.apiFor.api;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const online = () => this.machine.send({ type: 'refresh' });
    window.addEventListener('online', online);
    this.cleanups.push(() => window.removeEventListener('online', online));
    if (this.hasUpdated && this.runtime) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sessions.end();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('runtimeState')) {
      if (this.runtime) {
        applyTheme(this, this.runtime.config.theme);
        void this.start();
      } else {
        const generation = this.sessions.begin();
        // A bad config is explained in the page's language (there is no config to take the locale or messages from).
        if (this.runtimeState.status === 'error')
          void pointsMessages(resolveLocale(this)).then((t) => {
            if (this.sessions.current(generation)) this.t = t;
          });
      }
    }
  }

  private async start(): Promise<void> {
    const generation = this.sessions.begin();
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    const locale: Locale = resolveLocale(this, runtime.config.locale);
    const sub = runtime.identity.sub;
    const [t, i18n, cached] = await Promise.all([
      pointsMessages(locale, runtime.config.messages?.[locale] ?? {}),
      runtime.translator(locale),
      this.api && sub ? runtime.store.getCache(this.cacheKey()).catch(() => undefined) : undefined,
    ]);
    if (!this.sessions.current(generation)) return;
    this.t = t;
    this.i18n = i18n;
    if (!this.api) return;
    const machine = pointsMachine.provide({
      actors: {
        // A load the machine leaves (identify(), a restart) is aborted: its answer would be dropped anyway.
        load: fromPromise<PointsData, void>(({ signal }) => this.load(signal)),
        loadMore: fromPromise(({ input, signal }: { input: { cursor: string }; signal: AbortSignal }) =>
          this.loadMore(input.cursor, signal),
        ),
        enqueue: fromPromise(({ input }: { input: PointsWrite }) => this.enqueue(input)),
      },
    });
    // The device's copy is shown while the server is asked, unless identify() came meanwhile: then it was someone else's.
    this.machine.start(
      createActor(machine, {
        input: {
          cached:
            cached && sub === runtime.identity.sub
              ? { ...(cached.value as PointsData), cachedAt: cached.storedAt }
              : null,
        },
      }),
    );
    // Only the server has a live stream; another PointsBackend has nothing to stream from.
    const live =
      this.api instanceof RestPointsApi
        ? new LiveStream({
            endpoint: runtime.backend.endpoint,
            site: runtime.config.site,
            credentials: () => this.credentials(),
            onAuthRequired: () =>
              this.dispatchEvent(new UcAuthRequiredEvent({ reason: 'the live stream refused the sign-in' })),
          })
        : undefined;
    live?.subscribe('points.changed', () => this.machine.send({ type: 'changed' }));
    live?.subscribe('ready', (event) => startedUnheard(event) && this.machine.send({ type: 'changed' }));
    const unsubscribe = runtime.channel.subscribe((message) => this.onTabMessage(message));
    const onIdentity = runtime.identity.onChange(() => {
      live?.reconnect();
      this.machine.send({ type: 'identified' });
    });
    this.sessions.add(
      unsubscribe,
      onIdentity,
      () => live?.close(),
      () => this.machine.stop(),
    );
  }

  // ---- data -----------------------------------------------------------------

  private cacheKey(): string {
    const runtime = this.runtime!;
    return `points ${runtime.backend.endpoint} ${runtime.config.site} ${runtime.identity.sub ?? ''}`;
  }

  /** Points belong to a signed-in user: without one there is nothing to ask the server. */
  private credentials(): Credentials {
    const identity = this.runtime!.identity;
    const sub = identity.sub;
    const token = sub ? identity.tokenFor(sub) : undefined;
    if (!token) throw new BackendError('unauthorized', 'no signed-in user');
    return { token };
  }

  /** Network first; offline (or the server unreachable) the device's last copy, marked with when it was stored. */
  private async load(signal?: AbortSignal): Promise<PointsData> {
    const runtime = this.runtime!;
    const site = runtime.config.site;
    // Read with the credentials, before any await: an answer that comes after identify() is kept as the asker's.
    const key = this.cacheKey();
    const asker = runtime.identity.sub;
    try {
      const credentials = this.credentials();
      const [summary, history, redemptions] = await Promise.all([
        this.api!.summary(site, credentials, signal),
        this.api!.history(site, null, credentials, signal),
        this.api!.redemptions(site, credentials, signal),
      ]);
      const data: PointsData = {
        summary,
        history: history.items,
        nextCursor: history.nextCursor,
        redemptions: redemptions.items,
        cachedAt: null,
      };
      await runtime.store.putCache(key, { ...data, cachedAt: null }, Date.now());
      return data;
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof BackendError && error.code === 'unauthorized') {
        // Only for the user still signed in: a 401 for one the host has replaced since asks nobody to sign in.
        if (asker && asker === runtime.identity.sub)
          this.dispatchEvent(new UcAuthRequiredEvent({ reason: error.message }));
        throw error;
      }
      const offline =
        !(error instanceof BackendError) || ['network', 'timeout', 'unavailable', 'bad_response'].includes(error.code);
      const cached = offline ? await runtime.store.getCache(key) : undefined;
      if (!cached) throw error;
      return { ...(cached.value as PointsData), cachedAt: cached.storedAt };
    }
  }

  private async loadMore(
    cursor: string,
    signal?: AbortSignal,
  ): Promise<{ items: PointsEntry[]; nextCursor: string | null }> {
    const page = await this.api!.history(this.runtime!.config.site, cursor, this.credentials(), signal);
    return { items: page.items, nextCursor: page.nextCursor };
  }

  private async enqueue(write: PointsWrite): Promise<string> {
    const runtime = this.runtime!;
    const item = await sendPointsWrite(runtime.outbox, runtime.config.site, write);
    return item.id;
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'outbox.delivered' && message.redemption) {
      // Read before the machine hears of it: the delivery clears what it was waiting for.
      const mine = this.machine.snapshot?.context.sending === message.id;
      this.machine.send({ type: 'delivered', item: message.id, redemption: message.redemption });
      if (mine && message.redemption.status === 'active')
        this.dispatchEvent(new UcPointsRedeemedEvent({ redemption: message.redemption }));
    } else if (message.type === 'outbox.failed') {
      this.machine.send({
        type: 'refused',
        item: message.id,
        error: { code: message.error.code, message: message.error.message },
      });
    } else if (message.type === 'outbox.changed' && (message.state === 'held' || message.nextAttemptAt > Date.now())) {
      this.machine.send({ type: 'waiting', item: message.id });
    }
  }

  // ---- rendering --------------------------------------------------------------

  override render() {
    const { t, i18n } = this;
    if (this.runtimeState.status === 'error') {
      return configErrorView(t?.('points.configError'), this.runtimeState.problems);
    }
    if (!t || !i18n) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.api)
      return html`<div part="base"><p part="notice" role="status">${t('points.unavailableHere')}</p></div>`;
    const snapshot = this.machine.snapshot;
    if (!snapshot) return html`<div part="base" aria-busy="true"></div>`;
    const data = snapshot.context.data;
    if (this.mode === 'compact') {
      const balance = data ? i18n.number(data.summary.balance) : '…';
      return html`<div part="base" class="compact">
        <button type="button" part="badge" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="panel" @click=${() => (this.open = !this.open)}>
          ${t('points.badge', { balance })}
        </button>
        ${
          this.open
            ? html`<div class="panel" id="panel" role="region" aria-label=${t('points.title')} tabindex="0">${this.renderBody(t, i18n)}</div>`
            : nothing
        }
      </div>`;
    }
    return html`<div part="base">${this.renderBody(t, i18n)}</div>`;
  }

  private renderBody(t: T, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const { data, error, notice } = snapshot.context;
    if (snapshot.matches('signedOut'))
      return html`<h2>${t('points.title')}</h2><p part="notice" role="status">${t('points.signedOut')}</p>`;
    if (snapshot.matches('failed') && error) {
      return html`<h2>${t('points.title')}</h2>
        <div part="error" role="alert">
          <p>${['network', 'timeout', 'unavailable', 'bad_response'].includes(error.code) ? t('points.unreachable') : t('points.loadFailed', { message: error.message })}</p>
          <button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('points.retry')}</button>
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
      ${this.renderLevel(t, i18n, summary)}
      ${summary.pending ? html`<p class="pending">${t('points.pendingTotal', { points: i18n.number(summary.pending) })}</p>` : nothing}
      ${
        summary.expiringSoon.length
          ? html`<ul class="expiring">
            ${summary.expiringSoon.map((e) => html`<li>${t('points.expiring', { points: i18n.number(e.points), time: i18n.dateTime(e.at) })}</li>`)}
          </ul>`
          : nothing
      }
      <div role="status" aria-live="polite">${notice ? this.renderNotice(t, i18n, notice) : nothing}</div>
      ${this.renderRewards(t, i18n, summary, data.cachedAt !== null)} ${this.renderCodes(t, i18n, data.redemptions)} ${this.renderEarn(t, i18n, summary)}
      ${this.renderHistory(t, i18n, data)}`;
  }

  private renderLevel(t: T, i18n: Translator, summary: PointsSummary): TemplateResult | typeof nothing {
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

  private renderNotice(t: T, i18n: Translator, notice: PointsNotice): TemplateResult {
    const close = html`<button type="button" class="link" @click=${() => this.machine.send({ type: 'dismiss' })}>${t('points.dismiss')}</button>`;
    if (notice.type === 'queued')
      return html`<p part="notice">${t(this.machine.snapshot?.context.write?.op === 'points.undo' ? 'points.queuedUndo' : 'points.queued')}</p>`;
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

  private renderRewards(t: T, i18n: Translator, summary: PointsSummary, offline: boolean): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const confirming = snapshot.context.confirming;
    // Writes are taken only once the account is shown (not while the device's copy stands in during the first load).
    const busy = !snapshot.matches('shown') || snapshot.matches({ shown: { write: 'sending' } });
    return html`<h3>${t('points.rewards')}</h3>
      ${
        summary.rewards.length
          ? html`<ul part="rewards" class="rewards">
            ${summary.rewards.map((reward) => html`<li part="reward">${this.renderReward(t, i18n, summary, reward, offline || busy)}</li>`)}
          </ul>`
          : html`<p class="muted">${t('points.rewardsEmpty')}</p>`
      }
      ${confirming ? this.renderConfirm(t, i18n, summary, confirming, busy) : nothing}`;
  }

  private renderReward(
    t: T,
    i18n: Translator,
    summary: PointsSummary,
    reward: Reward,
    disabled: boolean,
  ): TemplateResult {
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
        @click=${() => this.machine.send({ type: 'redeem', reward: reward.id })}
      >
        ${t('points.redeem')}
      </button>
      ${why ? html`<span class="muted">${why}</span>` : nothing}`;
  }

  private renderConfirm(
    t: T,
    i18n: Translator,
    summary: PointsSummary,
    rewardId: string,
    busy: boolean,
  ): TemplateResult | typeof nothing {
    const reward = summary.rewards.find((r) => r.id === rewardId);
    if (!reward) return nothing;
    const name = i18n.text(reward.name);
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-title">
      <p id="confirm-title"><strong>${t('points.confirmTitle', { name })}</strong></p>
      <p>${t('points.confirmText', { points: i18n.number(reward.points), balance: i18n.number(summary.balance) })}</p>
      ${
        busy
          ? html`<p role="status">${t('points.redeeming')}</p>`
          : html`<button type="button" class="primary" @click=${() => this.machine.send({ type: 'confirm' })}>${t('points.confirm')}</button>
            <button type="button" @click=${() => this.machine.send({ type: 'cancel' })}>${t('points.cancel')}</button>`
      }
    </div>`;
  }

  private renderCodes(t: T, i18n: Translator, redemptions: readonly Redemption[]): TemplateResult | typeof nothing {
    if (!redemptions.length) return nothing;
    const now = new Date().toISOString();
    const snapshot = this.machine.snapshot!;
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
                  <button type="button" ?disabled=${busy} @click=${() => this.machine.send({ type: 'undo', id: r.id })}>${t('points.undo')}</button>`
                : nothing
            }
          </li>`,
        )}
      </ul>`;
  }

  private renderEarn(t: T, i18n: Translator, summary: PointsSummary): TemplateResult | typeof nothing {
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

  private renderHistory(t: T, i18n: Translator, data: PointsData): TemplateResult {
    const loadingMore = this.machine.snapshot!.matches({ shown: { data: 'more' } });
    return html`<h3>${t('points.history')}</h3>
      ${
        data.history.length
          ? html`<ol part="history" class="history">
            ${data.history.map((entry) => this.renderEntry(t, i18n, entry))}
          </ol>`
          : html`<p class="muted">${t('points.historyEmpty')}</p>`
      }
      ${
        data.nextCursor
          ? html`<button type="button" class="more" ?disabled=${loadingMore} @click=${() => this.machine.send({ type: 'more' })}>${t('points.more')}</button>`
          : nothing
      }`;
  }

  private renderEntry(t: T, i18n: Translator, entry: PointsEntry): TemplateResult {
    const sign = entry.points > 0 ? '+' : '';
    return html`<li part="entry" class="entry" data-kind=${entry.kind} data-status=${entry.status}>
      <span class="amount" data-sign=${entry.points > 0 ? 'plus' : entry.points < 0 ? 'minus' : 'zero'}>${sign}${i18n.number(entry.points)}</span>
      <span class="what">${t(`kind.${entry.kind}` as PointsMessageKey)} · ${this.reasonText(t, i18n, entry)}</span>
      <time class="muted" datetime=${entry.createdAt}>${i18n.dateTime(entry.createdAt)}</time>
      ${entry.status === 'pending' && entry.confirmsAt ? html`<span class="muted">${t('points.pending', { points: i18n.number(entry.points), time: i18n.dateTime(entry.confirmsAt) })}</span>` : nothing}
      ${entry.reason.capped ? html`<span class="muted">${t('reason.capped', { points: i18n.number(entry.reason.capped) })}</span>` : nothing}
      ${entry.shortfall ? html`<span class="muted">${t('reason.shortfall', { points: i18n.number(entry.shortfall) })}</span>` : nothing}
    </li>`;
  }

  private reasonText(t: T, i18n: Translator, entry: PointsEntry): string {
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
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-points-widget': UcPointsWidget;
  }
}
