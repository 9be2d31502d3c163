import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ComplaintPointsGiven, ComplaintPointsKind } from '../../src/contract/points';
import type { CodePools } from '../../src/contract/points-codes';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import { sendStaffWrite } from '../../src/client/staff/staff-writes';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { tokens } from '../shared/base.styles';
import { PendingWrites } from '../shared/pending-writes';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { complaintStyles } from './uc-staff-complaint.styles';

const KINDS: readonly ComplaintPointsKind[] = ['compensation', 'penalty'];

/**
 * What a complaint gives or takes in points, in its view: the compensation
 * (points, a coupon from a reward's pool, or both) and the penalty given
 * (each once, with who and when), and the form for what is not given yet:
 * the kind, the points or reward, the reason the user reads in their points
 * history. Asked twice; sent through the staff outbox; a refusal (given
 * meanwhile, an anonymous complainant) is said where it was asked. Offered
 * only to those the server lets do it (`moderate`).
 *
 * @summary A complaint's compensation and penalty.
 *
 * @csspart points - The panel.
 * @csspart error - A refusal.
 */
@customElement('uc-staff-compensation')
export class UcStaffCompensation extends StaffElement {
  static override styles = [tokens, staffTokens, complaintStyles];

  /** The complaint. */
  @property({ attribute: 'complaint-id', reflect: true }) accessor complaintId = '';
  /** What it gave already (its detail's `pointsGiven`). */
  @property({ attribute: false }) accessor given: readonly ComplaintPointsGiven[] = [];

  @state() private accessor kind: ComplaintPointsKind = 'compensation';
  @state() private accessor pools: CodePools['items'] = [];
  @state() private accessor confirming = false;
  /** the field the last try left out, and what it is told */
  @state() private accessor problem: { field: 'points' | 'reason'; message: string } | undefined;

  private readonly writes = new PendingWrites(this);

  protected begin(staff: StaffRuntime, _me: unknown, ticket: number): void {
    this.confirming = false;
    this.problem = undefined;
    void staff.api.codePools().then(
      (pools) => this.sessions.current(ticket) && (this.pools = pools.items),
      () => undefined,
    );
    this.sessions.add(staff.channel.subscribe((message: TabMessage) => this.writes.hear(message)));
  }

  /** The kinds not given yet; the one chosen, or the first of them. */
  private open(): { open: ComplaintPointsKind[]; kind: ComplaintPointsKind | undefined } {
    const open = KINDS.filter((k) => !this.given.some((g) => g.kind === k));
    return { open, kind: open.includes(this.kind) ? this.kind : open[0] };
  }

  private value(name: string): string {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value.trim() ?? '';
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const staff = this.staff;
    const principal = this.me?.principal;
    const t = this.t;
    const { kind } = this.open();
    if (!staff || !principal || !t || !kind) return;
    const points = Number(this.value('points'));
    const reward = kind === 'compensation' ? this.value('reward') : '';
    const reason = this.value('reason');
    this.problem = !reason
      ? { field: 'reason', message: t('points.needsReason') }
      : kind === 'compensation' && !(points > 0) && !reward
        ? { field: 'points', message: t('points.needsPoints') }
        : undefined;
    if (this.problem) return void this.focusOn(`#points-${this.problem.field}`);
    if (!this.confirming) {
      this.confirming = true;
      return;
    }
    this.confirming = false;
    const user = kind === 'penalty' ? this.value('user') : '';
    const body = {
      kind,
      reason,
      ...(points > 0 ? { points } : {}),
      ...(reward ? { reward } : {}),
      ...(user ? { user } : {}),
    };
    const id = this.complaintId;
    await this.writes.track(id, `points-${kind}`, async () =>
      sendStaffWrite(await staff.outbox(), staff.site, principal, 'staff.points', id, body),
    );
    this.focusOn('#points-title');
  }

  private focusOn(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const { open, kind } = this.open();
    const mine = this.writes.all().filter((p) => p.subject === this.complaintId);
    return html`<section part="points" aria-labelledby="points-title">
      <h3 id="points-title" tabindex="-1">${t('points.title')}</h3>
      ${
        this.given.length
          ? html`<ul class="given">
            ${this.given.map((g) => html`<li data-kind=${g.kind}>${this.renderGiven(t, i18n, g)}</li>`)}
          </ul>`
          : nothing
      }
      <div role="status" aria-live="polite">
        ${mine.map((p) =>
          p.state === 'failed'
            ? html`<p part="error" role="alert">${t('complaint.refused', { message: p.message ?? '' })}</p>`
            : html`<p>${t('complaint.sending')}</p>`,
        )}
      </div>
      ${
        !kind
          ? html`<p class="note">${t('points.allGiven')}</p>`
          : this.can('moderate')
            ? this.renderForm(
                t,
                i18n,
                open,
                kind,
                mine.some((p) => p.state !== 'failed'),
              )
            : nothing
      }
    </section>`;
  }

  private renderGiven(t: StaffT, i18n: Translator, g: ComplaintPointsGiven): TemplateResult {
    const what = t(g.kind === 'compensation' ? 'points.givenCompensation' : 'points.givenPenalty', {
      points: i18n.number(g.points),
      user: shownName(g.user),
    });
    return html`<strong>${what}</strong>${g.reward ? ` · ${i18n.text(g.reward.name)}` : ''} · ${g.reason}
      <small>${t('points.givenBy', { name: shownName(g.by.name), time: i18n.dateTime(g.at) })}</small>`;
  }

  private renderForm(
    t: StaffT,
    i18n: Translator,
    open: readonly ComplaintPointsKind[],
    kind: ComplaintPointsKind,
    busy: boolean,
  ): TemplateResult {
    const invalid = (field: 'points' | 'reason') => (this.problem?.field === field ? 'true' : 'false');
    return html`<form @submit=${(e: Event) => void this.onSubmit(e)}>
      <label for="points-kind">${t('points.kind')}</label>
      <select id="points-kind" name="kind" @change=${(e: Event) => {
        this.kind = (e.target as HTMLSelectElement).value as ComplaintPointsKind;
        this.confirming = false;
      }}>
        ${open.map((k) => html`<option value=${k} ?selected=${k === kind}>${t(`points.${k}`)}</option>`)}
      </select>
      <label for="points-points">${t('points.points')}</label>
      <input id="points-points" name="points" type="number" min="1" max="1000000" step="1" aria-invalid=${invalid('points')} />
      ${
        kind === 'compensation'
          ? html`<label for="points-reward">${t('points.reward')}</label>
            <select id="points-reward" name="reward">
              <option value="">${t('points.noReward')}</option>
              ${this.pools.map(
                (p) =>
                  html`<option value=${p.reward} ?disabled=${p.available === 0}>${t('points.rewardLeft', { reward: i18n.text(p.name), count: i18n.number(p.available) })}</option>`,
              )}
            </select>`
          : html`<label for="points-user">${t('points.user')}</label>
            <input id="points-user" name="user" autocomplete="off" maxlength="200" />`
      }
      <label for="points-reason">${t('points.reason')}</label>
      <input id="points-reason" name="reason" maxlength="500" aria-invalid=${invalid('reason')} />
      ${this.problem ? html`<p part="error" role="alert">${this.problem.message}</p>` : nothing}
      <button type="submit" ?disabled=${busy}>
        ${this.confirming ? t(`points.confirm.${kind}`) : t(`points.submit.${kind}`)}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-compensation': UcStaffCompensation;
  }
}
