import { html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { StaffComplaintDetail, StaffMe } from '../../src/contract/staff';
import type { StaffOp } from '../../src/client/staff/staff-items';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { staffComplaintMachine, type StaffComplaintMachine } from '../../machines/staff-complaint.machine';
import { ActorController } from '../shared/actor-controller';
import { tokens } from '../shared/base.styles';
import { PendingWrites } from '../shared/pending-writes';
import { ReplyDraft } from '../shared/reply-draft';
import { saveFile } from '../shared/save-file';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { renderArbitration, type ArbitrationScreen } from './arbitration-views';
import { queueStaffWrite } from './queue-staff-write';
import { arbitrationStyles } from './uc-staff-arbitration.styles';

/** Today on this device as YYYY-MM-DD: a form's latest date (the server checks it again in the site's time zone). */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The arbitration workbench of one disputed complaint: the user's side and
 * the disputed reply side by side with the files each sent (stacked when
 * narrow), the ruling form (outcome and reasons, asked twice; a draft kept
 * per person like the reply box's) for whoever may rule, and for anyone
 * else why not (they replied to it; an automation token; not an
 * arbitrator), as the server says; the rulings given; the referral to a
 * third party, and the third party's outcome once it decides. Writes go
 * through the staff outbox.
 *
 * Inside <uc-staff-complaint> it shows the complaint the view has read
 * (`.detail`); alone (`complaint-id` only) it reads the complaint itself and
 * follows its changes.
 *
 * @summary Both sides of a dispute, the ruling and the third party.
 *
 * @csspart arbitration - The workbench.
 * @csspart ruling - The ruling form.
 * @csspart cannot-rule - Why this person may not rule.
 * @csspart ruling-given - A ruling given.
 * @csspart referral - The referral form.
 * @csspart third-party-outcome - The form for the third party's outcome.
 * @csspart notice - Sending and queued notices.
 * @csspart error - A problem loading or sending.
 */
@customElement('uc-staff-arbitration')
export class UcStaffArbitration extends StaffElement {
  static override styles = [tokens, staffTokens, arbitrationStyles];

  /** The complaint. */
  @property({ attribute: 'complaint-id', reflect: true }) accessor complaintId = '';
  /** The complaint as the element around this one read it; without it, this element reads it itself. */
  @property({ attribute: false }) accessor detail: StaffComplaintDetail | undefined;

  @state() private accessor confirming = false;
  @state() private accessor fileError = '';
  @state() private accessor online = navigator.onLine;

  private readonly machine = new ActorController<StaffComplaintMachine>(this);
  private readonly writes = new PendingWrites(this);
  private readonly ruling = new ReplyDraft(this, () => this.draftTarget('r'));
  private readonly referral = new ReplyDraft(this, () => this.draftTarget('f'));
  private readonly outcome = new ReplyDraft(this, () => this.draftTarget('o'));
  /** this element reads the complaint itself (used alone) */
  private reading = false;
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
    // Another complaint in the same element: a session of its own (the drafts shown are that complaint's).
    if (changed.has('complaintId') && changed.get('complaintId') !== undefined && this.staff && this.me) {
      this.sessions.begin();
      this.begin(this.staff, this.me);
    }
  }

  /** The complaint shown: the view's, or the one this element read. */
  private get shown(): StaffComplaintDetail | null {
    return this.detail ?? this.machine.snapshot?.context.detail ?? null;
  }

  protected begin(staff: StaffRuntime, me: StaffMe): void {
    const id = this.complaintId;
    if (!id) return;
    this.confirming = false;
    this.ruling.reset();
    this.referral.reset();
    this.outcome.reset();
    void Promise.all([this.ruling.restore(id), this.referral.restore(id), this.outcome.restore(id)]);
    this.sessions.add(staff.channel.subscribe((message) => this.onTabMessage(message)));
    this.reading = !this.detail;
    if (!this.reading) return;
    const machine = staffComplaintMachine.provide({
      actors: { load: fromPromise(async ({ input, signal }) => staff.api.complaint(input.id, signal)) },
    });
    this.machine.start(createActor(machine, { input: { id } }));
    this.sessions.add(
      () => this.machine.stop(),
      staff.follow(id, me.principal, () => this.machine.send({ type: 'changed' })),
    );
  }

  private onTabMessage(message: TabMessage): void {
    this.writes.hear(message);
    if (
      (message.type !== 'outbox.delivered' && message.type !== 'outbox.failed') ||
      message.complaintId !== this.complaintId
    )
      return;
    if (message.type === 'outbox.failed' && message.draftKey) void this.giveBack(message.id);
    if (this.reading) this.machine.send({ type: 'changed' });
  }

  /** A ruling or an outcome the server refused goes back into its form, to fix or keep. */
  private async giveBack(itemId: string): Promise<void> {
    const item = (await this.staff?.store.getQueued(itemId)) as
      { body?: Record<string, unknown>; draftKey?: unknown } | undefined;
    const key = item?.draftKey;
    const body = item?.body ?? {};
    if (typeof key !== 'string') return;
    const strings = (record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => typeof e[1] === 'string'));
    if (key.includes('/r-'))
      await this.ruling.giveBack(itemId, this.complaintId, {
        key,
        fields: strings({ text: body['reasons'], outcome: body['outcome'] }),
        files: [],
      });
    else if (key.includes('/f-')) {
      const referral = (body['referral'] ?? {}) as Record<string, unknown>;
      await this.referral.giveBack(itemId, this.complaintId, {
        key,
        fields: strings({
          text: referral['body'],
          reference: referral['reference'],
          referredOn: referral['referredOn'],
        }),
        files: [],
      });
    } else if (key.includes('/o-'))
      await this.outcome.giveBack(itemId, this.complaintId, {
        key,
        fields: strings({
          text: body['outcome'],
          decidedOn: body['decidedOn'],
          body: body['body'],
          reference: body['reference'],
        }),
        files: [],
      });
  }

  /** Puts a write in the staff outbox, busy at once so a double click queues it once; focus stays on the workbench. */
  private async write(op: StaffOp, action: string, body: Record<string, unknown>, box?: ReplyDraft): Promise<void> {
    const staff = this.staff;
    const principal = this.me?.principal;
    if (!staff || !principal) return;
    await queueStaffWrite(this.writes, staff, principal, this.complaintId, { op, action, body, box });
    // The form pressed may be gone once the complaint moves on: the workbench's heading stays.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#arbitration-title')?.focus());
  }

  /** Asked twice: the first press names the outcome, the second rules. */
  private onRule(event: SubmitEvent): void {
    event.preventDefault();
    const detail = this.shown;
    const outcome = this.ruling.values['outcome'];
    const reasons = this.ruling.text.trim();
    if (!detail || !outcome || !reasons) return;
    if (!this.confirming) {
      this.confirming = true;
      return;
    }
    this.confirming = false;
    void this.write('staff.action', 'rule', { action: 'rule', outcome, reasons, version: detail.version }, this.ruling);
  }

  private onRefer(event: SubmitEvent): void {
    event.preventDefault();
    const detail = this.shown;
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    if (!detail || !field('body') || !field('referredOn')) return;
    void this.write(
      'staff.action',
      'refer_third_party',
      {
        action: 'refer_third_party',
        referral: {
          body: field('body'),
          ...(field('reference') ? { reference: field('reference') } : {}),
          referredOn: field('referredOn'),
        },
        version: detail.version,
      },
      this.referral,
    );
  }

  private onOutcome(event: SubmitEvent): void {
    event.preventDefault();
    const detail = this.shown;
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const text = this.outcome.text.trim();
    if (!detail || !text || !field('decidedOn')) return;
    void this.write(
      'staff.third_party_outcome',
      'third_party_outcome',
      {
        outcome: text,
        decidedOn: field('decidedOn'),
        ...(field('body') ? { body: field('body') } : {}),
        ...(field('reference') ? { reference: field('reference') } : {}),
        version: detail.version,
      },
      this.outcome,
    );
  }

  private async download(file: { id: string; name: string }): Promise<void> {
    try {
      saveFile(await this.staff!.api.file(this.complaintId, file.id), file.name);
      this.fileError = '';
    } catch (error) {
      this.fileError = this.t!('complaint.downloadFailed', {
        name: shownName(file.name),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  protected renderReady(t: StaffT, i18n: Translator): TemplateResult {
    const detail = this.shown;
    if (!detail) {
      const snapshot = this.machine.snapshot;
      const error = snapshot?.matches('failed') ? snapshot.context.error : null;
      return error
        ? html`<p part="error" role="alert">${t('complaint.failed', { message: error.message })}</p>`
        : html`<p role="status">${t('complaint.loading')}</p>`;
    }
    const screen: ArbitrationScreen = {
      t,
      i18n,
      detail,
      canWork: this.can('work'),
      ruling: this.ruling,
      referral: this.referral,
      outcome: this.outcome,
      confirming: this.confirming,
      pending: this.writes.all().filter((p) => p.subject === detail.id),
      online: this.online,
      fileError: this.fileError,
      today: localToday(),
      onRule: (event) => this.onRule(event),
      onRefer: (event) => this.onRefer(event),
      onOutcome: (event) => this.onOutcome(event),
      download: (file) => void this.download(file),
    };
    return renderArbitration(screen);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-arbitration': UcStaffArbitration;
  }
}
