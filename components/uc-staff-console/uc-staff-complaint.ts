import { html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { SiteConfig } from '../../src/config/schema';
import type { ComplaintAction } from '../../src/contract/complaints';
import type { CannedReply, StaffMe, StaffPermission } from '../../src/contract/staff';
import type { PresenceReporter } from '../../src/client/staff/presence-reporter';
import type { Present } from '../../src/client/staff/staff-presence';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import { staffComplaintMachine, type StaffComplaintMachine } from '../../machines/staff-complaint.machine';
import { ActorController } from '../shared/actor-controller';
import { tokens } from '../shared/base.styles';
import { ReplyDraft } from '../shared/reply-draft';
import { saveFile } from '../shared/save-file';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { staffTokens } from '../shared/staff.styles';
import { ComplaintOutbox } from './complaint-outbox';
import type { ComplaintScreen } from './complaint-screen';
import { CONFIRMED, renderComplaint, TEXT_OF } from './complaint-views';
import { ReplyBase } from './reply-base';
import { complaintStyles } from './uc-staff-complaint.styles';
import './uc-staff-compensation';
import './uc-staff-arbitration';

/**
 * One complaint as staff work it: its deadlines counting down, who works it
 * (claim, release, reassign), its category and whether it is complex, the
 * contact details masked until revealed with a reason, the lifecycle's
 * actions for this staff member, a reply box and an internal-note box whose
 * drafts survive a reload (kept per staff member, gone at sign-out), canned
 * replies with `{name}`, `{trackingNumber}` and `{dueDate}` filled in, and
 * the timeline with the notes marked internal. Every write goes through the
 * staff outbox: nothing is lost offline, nothing is sent twice, and a write
 * on a version someone else changed comes back with its text kept. A reply
 * is sent with the version it was started on: when a colleague changed the
 * complaint meanwhile, the view shows what changed beside the kept reply,
 * to send anyway on the new version or to discard. Colleagues viewing the
 * complaint or typing a reply are named at its head (the staff runtime's
 * presence), and this view tells them the same of its own staff member.
 *
 * Keys (from the console): r reply, n note, a assign to me.
 *
 * @summary One complaint as staff see and work it.
 *
 * @csspart detail - The complaint.
 * @csspart status - Its status badge.
 * @csspart deadline - A deadline in words.
 * @csspart work - Assignee and category.
 * @csspart contact - The contact details.
 * @csspart actions - The lifecycle's actions.
 * @csspart reply - The reply box.
 * @csspart note - The note box.
 * @csspart timeline - What happened, notes included.
 * @csspart notice - Sending and queued notices.
 * @csspart presence - Colleagues viewing it or typing a reply.
 * @csspart conflict - What changed while a reply was written, beside the kept reply.
 * @csspart error - A problem loading or sending.
 */
@customElement('uc-staff-complaint')
export class UcStaffComplaint extends StaffElement {
  static override styles = [tokens, staffTokens, complaintStyles];

  /** The complaint shown. */
  @property({ attribute: 'complaint-id', reflect: true }) accessor complaintId = '';

  @state() private accessor now = Date.now();
  @state() private accessor online = navigator.onLine;
  @state() private accessor config: SiteConfig | undefined;
  @state() private accessor canned: CannedReply[] = [];
  @state() private accessor revealed: Record<string, string> | undefined;
  @state() private accessor revealError = '';
  @state() private accessor fileError = '';
  @state() private accessor confirming: ComplaintAction | null = null;
  @state() private accessor actionText = '';
  /** colleagues on this complaint now */
  @state() private accessor present: Present[] = [];

  private readonly machine = new ActorController<StaffComplaintMachine>(this);
  private readonly reply = new ReplyDraft(this, () => this.draftTarget('c'));
  private readonly replyBase = new ReplyBase(this, this.reply);
  private readonly note = new ReplyDraft(this, () => this.draftTarget('n'));
  private readonly outbox = new ComplaintOutbox(this, {
    target: () => ({ staff: this.staff, principal: this.me?.principal, complaintId: this.complaintId }),
    reply: this.reply,
    note: this.note,
    replyBase: this.replyBase,
    changed: () => this.machine.send({ type: 'changed' }),
    written: (box) => this.keepFocus(box === this.reply ? '#reply' : box === this.note ? '#note' : '#complaint-title'),
  });
  private clock: ReturnType<typeof setInterval> | undefined;
  private reporter: PresenceReporter | undefined;
  private readonly onNetwork = () => (this.online = navigator.onLine);

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Another complaint in the same element: a session of its own (the drafts shown are that complaint's).
    if (changed.has('complaintId') && changed.get('complaintId') !== undefined && this.staff && this.me)
      void this.begin(this.staff, this.me, this.sessions.begin());
  }

  protected begin(staff: StaffRuntime, me: StaffMe, ticket: number): void {
    const id = this.complaintId;
    if (!id) return;
    this.revealed = undefined;
    this.confirming = null;
    // A new session is another person or another complaint: the boxes show that one's drafts, read afresh.
    this.reply.reset();
    this.note.reset();
    void staff.config().then((config) => this.sessions.current(ticket) && (this.config = config));
    void staff.api.cannedReplies().then(
      (list) => this.sessions.current(ticket) && (this.canned = list.items),
      () => undefined,
    );
    const machine = staffComplaintMachine.provide({
      actors: {
        load: fromPromise(async ({ input, signal }) => {
          const delivered = this.replyBase.delivered;
          const detail = await staff.api.complaint(input.id, signal);
          await Promise.all([this.reply.restore(input.id), this.note.restore(input.id)]);
          this.replyBase.read(detail, delivered);
          return detail;
        }),
      },
    });
    this.machine.start(createActor(machine, { input: { id } }));
    const unsubscribe = staff.channel.subscribe((message) => this.outbox.hear(message));
    // Where this person is, for the colleagues; who of them is here, from the runtime's one record of it.
    const reporter = staff.reportPresence(id);
    this.reporter = reporter;
    const shown = () => (this.present = staff.presence.on(id));
    shown();
    this.sessions.add(
      () => this.machine.stop(),
      unsubscribe,
      staff.follow(id, me.principal, () => this.machine.send({ type: 'changed' })),
      staff.presence.subscribe(shown),
      () => {
        reporter.close();
        if (this.reporter === reporter) this.reporter = undefined;
      },
    );
    reporter.start();
  }

  private onReplyInput(text: string): void {
    const detail = this.machine.snapshot?.context.detail;
    if (!detail) return;
    this.replyBase.typed(detail, text);
    this.reply.input(detail.id, text);
    this.reporter?.typed();
  }

  /** The kept reply, sent once on the version now shown (a new item, so a new key; a double click queues it once). */
  private onSendAnyway(): void {
    const detail = this.machine.snapshot?.context.detail;
    const text = this.reply.text.trim();
    if (!detail || !text || this.outbox.writes.busyWith(detail.id, 'message')) return;
    if (!this.replyBase.conflictOf(detail)?.fresh) return;
    this.reply.values = {};
    void this.outbox.write('staff.message', 'message', { text, version: detail.version }, this.reply);
  }

  private onDiscard(): void {
    const id = this.complaintId;
    void this.reply.discard(id).then(() => this.keepFocus('#reply'));
  }

  /**
   * After an action, focus goes somewhere that stays: the box just sent from, or the complaint's heading
   * (the button pressed may be gone once the complaint has moved on), never to the page's start.
   */
  private keepFocus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  private onAction(action: ComplaintAction): void {
    const detail = this.machine.snapshot?.context.detail;
    if (!detail) return;
    const needs = TEXT_OF[action];
    if ((CONFIRMED.has(action) || needs) && this.confirming !== action) {
      this.confirming = action;
      this.actionText = '';
      return;
    }
    const text = this.actionText.trim();
    if (needs && !text) {
      this.renderRoot.querySelector<HTMLTextAreaElement>('#action-text')?.focus();
      return;
    }
    this.confirming = null;
    void this.outbox.write('staff.action', action, {
      action,
      version: detail.version,
      ...(needs ? { [needs]: text } : {}),
    });
  }

  private onReply(event: Event): void {
    event.preventDefault();
    const detail = this.machine.snapshot?.context.detail;
    const text = this.reply.text.trim();
    if (!detail || !text) return;
    // A change of their own on its way, or not yet read back: the reply waits for the version it makes (the button too).
    if (
      this.replyBase.settling ||
      this.outbox.writes
        .all()
        .some((p) => p.subject === detail.id && p.state !== 'failed' && !['note', 'message'].includes(p.action))
    )
      return;
    // In conflict, only "send anyway" sends: the reply's base is known to be out of date.
    if (this.replyBase.inConflict) return this.onSendAnyway();
    void this.outbox.write('staff.message', 'message', { text, version: this.replyBase.sendOn(detail) }, this.reply);
  }

  private onNote(event: Event): void {
    event.preventDefault();
    const text = this.note.text.trim();
    if (text) void this.outbox.write('staff.note', 'note', { text }, this.note);
  }

  /** A canned reply into the reply box, its variables filled in from the complaint shown. */
  private onCanned(id: string): void {
    const detail = this.machine.snapshot?.context.detail;
    const reply = this.canned.find((c) => c.id === id);
    if (!detail || !reply || !this.i18n) return;
    const due = detail.deadlines.find((d) => d.due && d.status !== 'met' && d.status !== 'metLate')?.due;
    const values: Record<string, string> = {
      name: this.revealed?.['name'] ?? '',
      trackingNumber: detail.trackingNumber,
      dueDate: due ? this.i18n.dateTime(due) : '',
    };
    const filled = reply.text.replace(/\{(name|trackingNumber|dueDate)\}/g, (_, name: string) => values[name] ?? '');
    const text = this.reply.text ? `${this.reply.text}\n${filled}` : filled;
    this.replyBase.typed(detail, text);
    this.reply.input(detail.id, text);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('#reply')?.focus());
  }

  private onAssign(assignee: string | null): void {
    const detail = this.machine.snapshot?.context.detail;
    if (detail) void this.outbox.write('staff.assign', 'assign', { assignee, version: detail.version });
  }

  private onCategory(event: Event): void {
    event.preventDefault();
    const detail = this.machine.snapshot?.context.detail;
    const data = new FormData(event.target as HTMLFormElement);
    if (detail)
      void this.outbox.write('staff.category', 'category', {
        category: String(data.get('category') ?? detail.category),
        complex: data.get('complex') === 'on',
        version: detail.version,
      });
  }

  private async onReveal(event: Event): Promise<void> {
    event.preventDefault();
    const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
    const staff = this.staff;
    if (!staff || reason.length < 3) return;
    try {
      this.revealed = (await staff.api.reveal(this.complaintId, reason)).fields;
      this.revealError = '';
    } catch (error) {
      this.revealError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Downloads go through fetch: the server wants the staff token in a header, which a plain link cannot send. */
  private async download(file: { id: string; name: string }): Promise<void> {
    try {
      saveFile(await this.staff!.api.file(this.complaintId, file.id), file.name);
    } catch (error) {
      this.fileError = this.t!('complaint.downloadFailed', {
        name: shownName(file.name),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The console's keys that act on a complaint: r reply, n note, a assign to me. True when one did. */
  shortcut(key: string): boolean {
    const focus = (selector: string) => {
      const target = this.renderRoot.querySelector<HTMLElement>(selector);
      target?.focus();
      return Boolean(target);
    };
    if (key === 'r') return focus('#reply');
    if (key === 'n') return focus('#note');
    if (key === 'a') {
      const claim = this.renderRoot.querySelector<HTMLButtonElement>('button[data-shortcut="a"]');
      claim?.click();
      return Boolean(claim);
    }
    return false;
  }

  protected renderReady(t: StaffT, i18n: Translator, _staff: StaffRuntime, me: StaffMe): TemplateResult {
    const snapshot = this.machine.snapshot;
    const back = html`<a class="back" href="#/queue">${t('complaint.back')}</a>`;
    if (!snapshot) return this.renderBusy();
    const { detail, error } = snapshot.context;
    if (!detail) {
      if (snapshot.matches('failed') && error)
        return html`${back}<div part="error" role="alert">
            <p>${error.code === 'not_found' ? t('complaint.notFound') : t('complaint.failed', { message: error.message })}</p>
            <button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('complaint.retry')}</button>
          </div>`;
      return html`${back}<p role="status">${t('complaint.loading')}</p>`;
    }
    const can = (p: StaffPermission) => this.can(p);
    const screen: ComplaintScreen = {
      t,
      i18n,
      detail,
      config: this.config,
      now: this.now,
      principal: me.principal,
      can: {
        work: can('work'),
        note: can('note'),
        assign: can('assign'),
        categorise: can('categorise'),
        reveal: can('reveal'),
      },
      revealed: this.revealed,
      revealError: this.revealError,
      cannedReplies: this.canned.filter((c) => c.locale === i18n.locale),
      reply: this.reply,
      note: this.note,
      pending: this.outbox.writes.all().filter((p) => p.subject === detail.id),
      online: this.online,
      confirming: this.confirming,
      actionText: this.actionText,
      fileError: this.fileError,
      present: this.present,
      settling: this.replyBase.settling,
      conflict: this.replyBase.conflictOf(detail),
      onReplyInput: (text) => this.onReplyInput(text),
      onSendAnyway: () => this.onSendAnyway(),
      onDiscard: () => this.onDiscard(),
      onAction: (action) => this.onAction(action),
      onActionText: (text) => (this.actionText = text),
      onReply: (event) => this.onReply(event),
      onNote: (event) => this.onNote(event),
      onCanned: (id) => this.onCanned(id),
      onAssign: (assignee) => this.onAssign(assignee),
      onCategory: (event) => this.onCategory(event),
      onReveal: (event) => void this.onReveal(event),
      download: (file) => void this.download(file),
    };
    return html`${back}${renderComplaint(screen)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-staff-complaint': UcStaffComplaint;
  }
}
