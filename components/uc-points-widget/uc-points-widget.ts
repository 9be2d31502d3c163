import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { Locale } from '../../src/contract/common';
import { startedUnheard } from '../../src/client/live-stream';
import { liveStreamsOf } from '../../src/client/live-streams';
import { PointsReader } from '../../src/client/points-reader';
import { sendPointsWrite } from '../../src/client/points-writes';
import { pointsApiOf, RestPointsApi, type PointsBackend } from '../../src/client/rest-points';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { pointsMessages } from '../../src/i18n/points/index';
import { pointsMachine, type PointsMachine, type PointsWrite } from '../../machines/points.machine';
import { ActorController } from '../shared/actor-controller';
import { tokens } from '../shared/base.styles';
import { UcPointsRedeemedEvent } from '../shared/events';
import { SiteElement, type SiteSession } from '../shared/site-element';
import { renderBody, type PointsScreen, type T } from './points-views';
import { styles } from './uc-points-widget.styles';

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
export class UcPointsWidget extends SiteElement<T> {
  static override styles = [tokens, styles];

  /** `full` (the default) or `compact`: a badge with the balance that opens the rest. */
  @property({ reflect: true }) accessor mode: 'full' | 'compact' = 'full';

  /** compact mode: whether the details are open */
  @state() private accessor open = false;

  private readonly machine = new ActorController<PointsMachine>(this);

  /** The server's points endpoints; none without a server (a ledger lives only there). */
  private get api(): PointsBackend | undefined {
    return this.backendApi(pointsApiOf);
  }

  protected loadMessages(locale: Locale, overrides?: Record<string, string>): Promise<T> {
    return pointsMessages(locale, overrides);
  }

  protected configErrorText(refusedOrigin?: string): string | undefined {
    return refusedOrigin ? this.t?.('points.originRefused', { origin: refusedOrigin }) : this.t?.('points.configError');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.listenWhileConnected(window, 'online', () => this.machine.send({ type: 'refresh' }));
  }

  protected async begin(session: SiteSession, catalogs: Promise<void>): Promise<void> {
    const { runtime } = session;
    const api = this.api;
    if (!api) return;
    const reader = new PointsReader(runtime, api, (message, owner) => this.authRequired(message, owner));
    const sub = runtime.identity.sub;
    const [cached] = await Promise.all([reader.cached(), catalogs]);
    if (!session.current) return;
    const machine = pointsMachine.provide({
      actors: {
        // A load the machine leaves (identify(), a restart) is aborted: its answer would be dropped anyway.
        load: fromPromise(({ signal }) => reader.account(signal)),
        loadMore: fromPromise(({ input, signal }: { input: { cursor: string }; signal: AbortSignal }) =>
          reader.moreHistory(input.cursor, signal),
        ),
        enqueue: fromPromise(async ({ input }: { input: PointsWrite }) => {
          const item = await sendPointsWrite(await runtime.outbox(), runtime.config.site, input);
          return item.id;
        }),
      },
    });
    // The device's copy is shown while the server is asked, unless identify() came meanwhile: then it was someone else's.
    this.machine.start(
      createActor(machine, { input: { cached: cached && sub === runtime.identity.sub ? cached : null } }),
    );
    session.add(() => this.machine.stop());
    session.onTabMessage((message) => this.onTabMessage(message));
    session.onIdentityChange(() => this.machine.send({ type: 'identified' }));
    // Only the server has a live stream; another PointsBackend has nothing to stream from.
    if (api instanceof RestPointsApi)
      session.add(
        liveStreamsOf(runtime).subscribe(runtime.backend.endpoint, runtime.config.site, {
          anonymous: false,
          onAuthRequired: () => this.authRequired('the live stream refused the sign-in'),
          topics: {
            'points.changed': () => this.machine.send({ type: 'changed' }),
            ready: (event) => startedUnheard(event) && this.machine.send({ type: 'changed' }),
          },
        }),
      );
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

  protected renderReady(t: T, i18n: Translator): TemplateResult {
    if (!this.api)
      return html`<div part="base"><p part="notice" role="status">${t('points.unavailableHere')}</p></div>`;
    const snapshot = this.machine.snapshot;
    if (!snapshot) return this.renderBusy();
    const screen: PointsScreen = { t, i18n, snapshot, send: (event) => this.machine.send(event) };
    if (this.mode === 'compact') {
      const data = snapshot.context.data;
      const balance = data ? i18n.number(data.summary.balance) : '…';
      return html`<div part="base" class="compact">
        <button type="button" part="badge" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="panel" @click=${() => (this.open = !this.open)}>
          ${t('points.badge', { balance })}
        </button>
        ${
          this.open
            ? html`<div class="panel" id="panel" role="region" aria-label=${t('points.title')} tabindex="0">${renderBody(screen)}</div>`
            : nothing
        }
      </div>`;
    }
    return html`<div part="base">${renderBody(screen)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-points-widget': UcPointsWidget;
  }
}
