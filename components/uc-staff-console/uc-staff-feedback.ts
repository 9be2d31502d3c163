import { html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { SiteConfig } from '../../src/config/schema';
import { TEXT_NEEDED, type FeedbackDecisionName } from '../../src/contract/feedback-decisions';
import type { StaffMe } from '../../src/contract/staff';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { staffFeedbackMachine, type StaffFeedbackMachine } from '../../machines/staff-complaint.machine';
import { ActorController } from '../shared/actor-controller';
import { tokens } from '../shared/base.styles';
import { PendingWrites } from '../shared/pending-writes';
import { ReplyDraft } from '../shared/reply-draft';
import { saveFile } from '../shared/save-file';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { renderFeedback, type SanctionChoice } from './feedback-views';
import { queueStaffWrite } from './queue-staff-write';
import { complaintStyles } from './uc-staff-complaint.styles';

/**
 * The triage of one suggestion, report, praise or question: what the sender
 * wrote, their files as downloads, their contacts masked, and the decision
 * its kind takes: adopt or decline a suggestion, confirm a report (with a
 * penalty or a warning for the user it was about) or dismiss it, acknowledge
 * praise, answer a question. The reason or answer box keeps its draft like
 * the reply box (per staff member, across a reload); a decision is asked
 * twice, goes through the staff outbox (nothing lost offline, sent once),
 * and a refusal gives the text back. Offered only to those the server lets
 * decide (`moderate`).
 *
 * @summary The triage of one piece of feedback.
 *
 * @csspart detail - The feedback.
 * @csspart status - Its status badge.
 * @csspart contact - The contact details, masked.
 * @csspart decision - The decision, taken or to take.
 * @csspart outcome - The decision taken.
 * @csspart decide - The form that takes it.
 * @csspart notice - Sending and queued notices.
 * @csspart error - A problem loading or sending.
 */
@customElement('uc-staff-feedback')
export class UcStaffFeedback extends StaffElement {
  static override styles = [tokens, staffTokens, complaintStyles];

  /** The feedback shown. */
  @property({ attribute: 'feedback-id', reflect: true }) accessor feedbackId = '';

  @state() private accessor online = navigator.onLine;
  @state() private accessor config: SiteConfig | undefined;
  @state() private accessor note = '';
  @state() private accessor sanction: SanctionChoice = 'none';
  @state() private accessor confirming: FeedbackDecisionName | null = null;
  @state() private accessor missing: FeedbackDecisionName | null = null;
  @state() private accessor fileError = '';

  private readonly machine = new ActorController<StaffFeedbackMachine>(this);
  private readonly writes = new PendingWrites(this);
  /** The reason or answer: `<principal>/d-<id>`, kept like a reply's draft. */
  private readonly text = new ReplyDraft(this, () => this.draftTarget('d'));
  private readonly onNetwork = () => (this.online = navigator.onLine);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('feedbackId') && changed.get('feedbackId') !== undefined && this.staff && this.me)
      void this.begin(this.staff, this.me, this.sessions.begin());
  }

  protected begin(staff: StaffRuntime, me: StaffMe, ticket: number): void {
    const id = this.feedbackId;
    if (!id) return;
    this.confirming = null;
    this.missing = null;
    this.note = '';
    this.sanction = 'none';
    this.text.reset();
    void staff.config().then((config) => this.sessions.current(ticket) && (this.config = config));
    const machine = staffFeedbackMachine.provide({
      actors: {
        load: fromPromise(async ({ input, signal }) => {
          const detail = await staff.api.feedback(input.id, signal);
          await this.text.restore(input.id);
          return detail;
        }),
      },
    });
    this.machine.start(createActor(machine, { input: { id } }));
    this.sessions.add(
      () => this.machine.stop(),
      staff.channel.subscribe((message) => this.onTabMessage(message)),
      staff.follow(id, me.principal, () => this.machine.send({ type: 'changed' })),
    );
  }

  private onTabMessage(message: TabMessage): void {
    this.writes.hear(message);
    if (
      (message.type === 'outbox.delivered' || message.type === 'outbox.failed') &&
      message.complaintId === this.feedbackId
    ) {
      if (message.type === 'outbox.failed' && message.draftKey) void this.giveBack(message.id, message.draftKey);
      this.machine.send({ type: 'changed' });
    }
  }

  /** A decision the server refused (decided meanwhile by a colleague, say): its words go back into the box. */
  private async giveBack(itemId: string, draftKey: string): Promise<void> {
    const item = (await this.staff?.store.getQueued(itemId)) as { body?: Record<string, unknown> } | undefined;
    const words = item?.body?.['answer'] ?? item?.body?.['reason'];
    if (typeof words === 'string')
      await this.text.giveBack(itemId, this.feedbackId, { key: draftKey, fields: { text: words }, files: [] });
  }

  /** Asked twice; a decision that needs words waits for them (focus goes to the box). */
  private async onDecide(decision: FeedbackDecisionName): Promise<void> {
    const staff = this.staff;
    const principal = this.me?.principal;
    const detail = this.machine.snapshot?.context.detail;
    if (!staff || !principal || !detail) return;
    const words = this.text.text.trim();
    const needed = TEXT_NEEDED[decision];
    if (needed && !words) {
      this.missing = decision;
      this.confirming = null;
      this.keepFocus('#decision-text');
      return;
    }
    this.missing = null;
    if (this.confirming !== decision) {
      this.confirming = decision;
      return;
    }
    this.confirming = null;
    const body: Record<string, unknown> = { decision };
    if (words) body[needed ?? 'reason'] = words;
    if (this.note.trim()) body['note'] = this.note.trim();
    const sanction = decision === 'confirm' ? this.sanctionOf() : undefined;
    if (sanction) body['sanction'] = sanction;
    const queued = await queueStaffWrite(this.writes, staff, principal, detail.id, {
      op: 'staff.decision',
      action: decision,
      body,
      box: words ? this.text : undefined,
    });
    // A decision without words empties the box too.
    if (queued) this.text.clear();
    this.keepFocus('#decision-title');
  }

  /** The penalty or warning as the form holds it; the server names what is missing. */
  private sanctionOf(): Record<string, unknown> | undefined {
    if (this.sanction === 'none') return undefined;
    const value = (selector: string) => this.renderRoot.querySelector<HTMLInputElement>(selector)?.value.trim() ?? '';
    const points = Number(value('#sanction-points'));
    return {
      type: this.sanction,
      user: value('#sanction-user'),
      reason: value('#sanction-reason'),
      ...(this.sanction === 'penalty' && points > 0 ? { points } : {}),
    };
  }

  /** After an action, focus stays in the view: the box, or the decision's heading once the form goes. */
  private keepFocus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private async download(file: { id: string; name: string }): Promise<void> {
    try {
      saveFile(await this.staff!.api.file(this.feedbackId, file.id), file.name);
    } catch (error) {
      this.fileError = this.t!('complaint.downloadFailed', {
        name: shownName(file.name),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The console's key r: to the reason or answer box. */
  shortcut(key: string): boolean {
    const box = key === 'r' ? this.renderRoot.querySelector<HTMLElement>('#decision-text') : null;
    box?.focus();
    return Boolean(box);
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot;
    const back = html`<a class="back" href="#/queue">${t('complaint.back')}</a>`;
    if (!snapshot) return this.renderBusy();
    const { detail, error } = snapshot.context;
    if (!detail) {
      if (snapshot.matches('failed') && error)
        return html`${back}<div part="error" role="alert">
            <p>${error.code === 'not_found' ? t('feedback.notFound') : t('feedback.failed', { message: error.message })}</p>
            <button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('complaint.retry')}</button>
          </div>`;
      return html`${back}<p role="status">${t('feedback.loading')}</p>`;
    }
    return html`${back}${renderFeedback({
      t,
      i18n,
      detail,
      config: this.config,
      canDecide: this.can('moderate'),
      text: this.text,
      note: this.note,
      sanction: this.sanction,
      confirming: this.confirming,
      missing: this.missing,
      pending: this.writes.all().filter((p) => p.subject === detail.id),
      online: this.online,
      fileError: this.fileError,
      onDecide: (decision) => void this.onDecide(decision),
      onNote: (note) => (this.note = note),
      onSanction: (choice) => (this.sanction = choice),
      download: (file) => void this.download(file),
    })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-feedback': UcStaffFeedback;
  }
}
