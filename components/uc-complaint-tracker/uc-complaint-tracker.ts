import { html, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { Locale } from '../../src/contract/common';
import type { ComplaintAction, ComplaintDetail } from '../../src/contract/complaints';
import type { ComplaintBackend } from '../../src/client/backend';
import { ComplaintReader } from '../../src/client/complaint-reader';
import { sendComplaintWrite } from '../../src/client/complaint-writes';
import { BackendError } from '../../src/client/errors';
import { startedUnheard } from '../../src/client/live-stream';
import { liveStreamsOf } from '../../src/client/live-streams';
import { complaintApiOf, RestComplaintApi } from '../../src/client/rest-complaints';
import type { TabMessage } from '../../src/client/tab-channel';
import type { Translator } from '../../src/i18n/index';
import { trackerMessages, type TrackerMessageKey } from '../../src/i18n/tracker/index';
import type { ComplaintWriteItem } from '../../src/storage/records';
import { complaintTrackerMachine, type ComplaintTrackerMachine } from '../../machines/complaint-tracker.machine';
import { ActorController } from '../shared/actor-controller';
import { addChosenFiles } from '../shared/chosen-files';
import { PendingWrites } from '../shared/pending-writes';
import { tokens } from '../shared/base.styles';
import { UcComplaintActionEvent } from '../shared/events';
import { ReplyDraft } from '../shared/reply-draft';
import { saveFile } from '../shared/save-file';
import { shownName } from '../shared/shown-name';
import { SiteElement, type SiteSession } from '../shared/site-element';
import { LIST_PAGE } from './list-page';
import { renderDetail } from './tracker-detail';
import { categoryLabel, renderList } from './tracker-list';
import type { T, TrackerScreen } from './tracker-screen';
import { styles } from './uc-complaint-tracker.styles';

/** Actions that need words from the user, and which words. */
const TEXT_ACTIONS: Partial<Record<ComplaintAction, TrackerMessageKey>> = {
  answer: 'reply.label',
  dispute: 'reply.disputeLabel',
};
/** Actions that cannot be taken back: asked twice. */
const CONFIRMED_ACTIONS = new Set<ComplaintAction>(['withdraw', 'confirm', 'ask_third_party']);

/**
 * The user's complaints: status, deadlines in words (counted by the server,
 * which knows the holiday calendar), the timeline of replies and rulings,
 * the actions the lifecycle allows now, satisfaction rating, and the path to
 * arbitration explained. Replies are drafted on the device and sent through
 * the outbox, so nothing is lost offline; offline, the cached list is shown
 * and marked as possibly out of date.
 *
 * @summary The user's complaints with status, deadlines, replies, rating and dispute.
 *
 * @event uc-complaint-action - The user took an action (`detail.action`, `detail.complaintId`); it is queued for delivery.
 * @event uc-auth-required - The sign-in expired or was refused: sign the user in again and call usercare.identify().
 *
 * @csspart base - The frame around everything.
 * @csspart list - The list of complaints.
 * @csspart item - One complaint in the list.
 * @csspart status - A status badge.
 * @csspart deadline - A deadline in words.
 * @csspart notice - Offline / out-of-date notices.
 * @csspart error - A problem loading or acting.
 * @csspart detail - One complaint.
 * @csspart timeline - What happened, in order.
 * @csspart actions - The actions the user may take now.
 * @csspart reply - The reply box.
 * @csspart rating - The satisfaction rating.
 * @csspart path - How disputes, arbitration and third parties work.
 * @csspart third-party - The third party the complaint went to, and its decision.
 * @csspart lookup - The form that finds a complaint made on another device.
 *
 * @cssproperty --uc-font - Font family.
 * @cssproperty --uc-color-text - Text colour.
 * @cssproperty --uc-color-muted - Secondary text colour.
 * @cssproperty --uc-color-bg - Background.
 * @cssproperty --uc-color-surface - Background of notices and badges.
 * @cssproperty --uc-color-border - Borders.
 * @cssproperty --uc-color-accent - Buttons and focus ring.
 * @cssproperty --uc-color-on-accent - Text on the accent colour.
 * @cssproperty --uc-color-danger - Errors and overdue deadlines.
 * @cssproperty --uc-color-success - Resolved complaints.
 * @cssproperty --uc-radius - Corner radius.
 * @cssproperty --uc-space - Base spacing.
 * @cssproperty --uc-focus-ring - Focus indicator (a box-shadow).
 */
@customElement('uc-complaint-tracker')
export class UcComplaintTracker extends SiteElement<T> {
  static override styles = [tokens, styles];

  /** Show this one complaint instead of the list. */
  @property({ attribute: 'complaint-id', reflect: true }) accessor complaintId: string | null = null;

  @state() private accessor fileError = '';
  @state() private accessor score = 0;
  @state() private accessor comment = '';
  @state() private accessor confirming: ComplaintAction | null = null;
  @state() private accessor lookupError = '';
  @state() private accessor online = navigator.onLine;
  /** how many list items are rendered: a screenful at first, more on request (1,000 rows take ~150 ms of layout alone) */
  @state() private accessor shown = LIST_PAGE;

  private readonly machine = new ActorController<ComplaintTrackerMachine>(this);
  /** the actions and messages this element queued: what the user is waiting on */
  private readonly writes = new PendingWrites(this);
  private readonly reply = new ReplyDraft(this, () => {
    const runtime = this.runtime;
    return (
      runtime && {
        store: runtime.store,
        site: runtime.config.site,
        tab: runtime.tab,
        keyFor: (id) => `${runtime.config.site}/c-${id}`,
      }
    );
  });
  private reader: ComplaintReader | undefined;

  /**
   * Where complaints come from: the complaint endpoints of the site's server,
   * or the runtime's backend itself when it implements ComplaintBackend
   * (`<uc-provider .backend>`: stories compose the tracker with fixed data so).
   */
  private get api(): ComplaintBackend | undefined {
    return this.backendApi(complaintApiOf);
  }

  protected loadMessages(locale: Locale, overrides?: Record<string, string>): Promise<T> {
    return trackerMessages(locale, overrides);
  }

  protected configErrorText(refusedOrigin?: string): string | undefined {
    return refusedOrigin
      ? this.t?.('tracker.originRefused', { origin: refusedOrigin })
      : this.t?.('tracker.configError');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onNetwork = () => {
      this.online = navigator.onLine;
      if (this.online) this.machine.send({ type: 'refresh' });
    };
    this.listenWhileConnected(window, 'online', onNetwork);
    this.listenWhileConnected(window, 'offline', onNetwork);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('complaintId') && changed.get('complaintId') !== undefined && this.complaintId)
      this.machine.send({ type: 'open', id: this.complaintId });
  }

  protected async begin(session: SiteSession, catalogs: Promise<void>): Promise<void> {
    const { runtime } = session;
    const api = this.api;
    if (!api) return;
    const reader = new ComplaintReader(runtime, api, (message, owner) => this.authRequired(message, owner));
    this.reader = reader;
    const sub = runtime.identity.sub;
    // The device's copy of the list is read alongside the catalogs: a returning user sees their list at once.
    const [cached] = await Promise.all([reader.cachedList(), catalogs]);
    if (!session.current) return;
    if (cached) {
      // The cached list's first render formats dates, and a page's first date format loads ICU data
      // (~13 ms; ~50 ms on the bench's 4× slower CPU): that is done in a task of its own, so the render
      // is not one long task (npm run bench, section e: long tasks at 4× about halved).
      await new Promise((next) => setTimeout(next));
      this.i18n?.dateTime(new Date(0).toISOString());
      await new Promise((next) => setTimeout(next));
      if (!session.current) return;
    }
    const machine = complaintTrackerMachine.provide({
      actors: {
        // A load the machine leaves (identify(), another complaint, a restart) is aborted: its answer would be dropped anyway.
        loadList: fromPromise(async ({ signal }) => {
          const { value, cachedAt } = await reader.list(signal);
          return { items: value, cachedAt };
        }),
        loadDetail: fromPromise<ComplaintDetail, { id: string }>(async ({ input, signal }) => {
          const detail = await reader.detail(input.id, signal);
          await this.reply.restore(input.id);
          return detail;
        }),
      },
    });
    // The form's receipt links to the tracker's page with #uc-complaint=<id>.
    const linked = /^#uc-complaint=([A-Za-z0-9-]{1,64})$/.exec(location.hash)?.[1];
    this.machine.start(
      createActor(machine, {
        // The device's copy is shown while the server is asked, unless identify() came meanwhile: then it was someone else's.
        input: {
          id: this.complaintId ?? linked ?? null,
          cached: cached && sub === runtime.identity.sub ? { items: cached.value, cachedAt: cached.cachedAt } : null,
        },
      }),
    );
    session.add(() => this.machine.stop());
    session.onTabMessage((message) => this.onTabMessage(message));
    session.onIdentityChange(() => this.machine.send({ type: 'identified' }));
    // Only the server has a live stream; another ComplaintBackend has nothing to stream from.
    if (api instanceof RestComplaintApi)
      session.add(
        liveStreamsOf(runtime).subscribe(runtime.backend.endpoint, runtime.config.site, {
          anonymous: true,
          onAuthRequired: () => this.authRequired('the live stream refused the sign-in'),
          topics: {
            'complaint.updated': (event) => {
              const id = (event.data as { id?: unknown } | null)?.id;
              if (typeof id === 'string') this.machine.send({ type: 'changed', id });
            },
            ready: (event) => startedUnheard(event) && this.machine.send({ type: 'changed' }),
          },
        }),
      );
  }

  private onTabMessage(message: TabMessage): void {
    this.writes.hear(message);
    if ((message.type === 'outbox.delivered' || message.type === 'outbox.failed') && message.complaintId) {
      if (message.type === 'outbox.failed' && message.draftKey) void this.giveBackReply(message.id);
      this.machine.send({ type: 'changed', id: message.complaintId });
    }
  }

  /** The server refused a reply: its text goes back into the box to fix or keep. */
  private async giveBackReply(itemId: string): Promise<void> {
    const item = await this.runtime?.store.getOutbox(itemId);
    if (!item || (item.op !== 'complaint.action' && item.op !== 'complaint.message') || !item.draftKey) return;
    await this.reply.giveBack(itemId, item.complaintId, {
      key: item.draftKey,
      fields: { text: item.body.text ?? '' },
      files: item.body.files ?? [],
    });
  }

  // ---- actions --------------------------------------------------------------

  private async act(
    detail: ComplaintDetail,
    op: ComplaintWriteItem['op'],
    action: string,
    body: ComplaintWriteItem['body'],
    withReply: boolean,
  ): Promise<void> {
    const runtime = this.runtime!;
    const queued = await this.writes.track(detail.id, action, async () => {
      // Saved and moved into the outbox item: no later save may bring the draft back.
      const draftKey = withReply ? await this.reply.takeForSend(detail.id) : undefined;
      const accessKey = await this.reader!.accessKeyFor(detail.id);
      return sendComplaintWrite(
        await runtime.outbox(),
        runtime.config.site,
        op,
        detail.id,
        { ...body, ...(accessKey ? { accessKey } : {}) },
        draftKey,
      );
    });
    if (!queued) return;
    if (withReply) this.reply.clear();
    this.confirming = null;
    this.dispatchEvent(new UcComplaintActionEvent({ action, complaintId: detail.id }));
  }

  private onAction(detail: ComplaintDetail, action: ComplaintAction): void {
    if (this.writes.busyWith(detail.id, action)) return;
    if (CONFIRMED_ACTIONS.has(action) && this.confirming !== action) {
      this.confirming = action;
      return;
    }
    const needsText = action in TEXT_ACTIONS;
    const text = this.reply.text.trim();
    if (needsText && !text) {
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')?.focus();
      return;
    }
    const body: ComplaintWriteItem['body'] = { action, version: detail.version, ...(needsText ? { text } : {}) };
    void this.act(detail, 'complaint.action', action, body, needsText);
  }

  private onRate(detail: ComplaintDetail, event: Event): void {
    event.preventDefault();
    if (this.score < 1 || this.writes.busyWith(detail.id, 'rate')) return;
    const comment = this.comment.trim();
    void this.act(
      detail,
      'complaint.action',
      'rate',
      { action: 'rate', score: this.score, ...(comment ? { comment } : {}) },
      false,
    );
  }

  private onMessage(detail: ComplaintDetail, event: Event): void {
    event.preventDefault();
    const { text, files } = this.reply;
    if (!text.trim()) return;
    void this.act(
      detail,
      'complaint.message',
      'message',
      { text: text.trim(), ...(files.length ? { files } : {}) },
      true,
    );
  }

  /** Files for the next message: the server's types and limits, checked here so the user hears at once. */
  private onFilesChosen(id: string, input: HTMLInputElement): void {
    const t = this.t!;
    const { files, refused } = addChosenFiles(this.reply.files, [...(input.files ?? [])], 'message');
    input.value = '';
    this.fileError = refused
      .map((r) =>
        r.reason === 'type'
          ? t('files.type', { name: r.name })
          : r.reason === 'size'
            ? t('files.size', { name: r.name, size: this.i18n!.bytes(r.maxBytes) })
            : t('files.count', { max: r.max }),
      )
      .join(' ');
    this.reply.setFiles(id, files);
  }

  /** Downloads go through fetch: the server wants the user's credentials in headers, which a plain link cannot send. */
  private async download(file: { id: string; name: string }): Promise<void> {
    const detail = this.machine.snapshot?.context.detail;
    if (!detail || !this.reader) return;
    try {
      saveFile(await this.reader.file(detail.id, file.id), file.name);
    } catch (error) {
      this.fileError = this.t!('files.downloadFailed', {
        name: shownName(file.name),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async onLookup(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const t = this.t!;
    try {
      const id = await this.reader!.lookup(String(data.get('trackingNumber') ?? ''), String(data.get('contact') ?? ''));
      this.lookupError = '';
      form.reset();
      this.machine.send({ type: 'open', id });
    } catch (error) {
      this.lookupError =
        error instanceof BackendError && error.code === 'rate_limited'
          ? t('lookup.limited', { seconds: Math.ceil(error.retryAfter ?? 60) })
          : error instanceof BackendError && error.code === 'not_found'
            ? t('lookup.notFound')
            : t('tracker.loadFailed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  // ---- rendering --------------------------------------------------------------

  protected renderReady(t: T, i18n: Translator): TemplateResult {
    if (!this.api) return html`<div part="base"><p part="notice" role="status">${t('tracker.unavailable')}</p></div>`;
    const snapshot = this.machine.snapshot;
    if (!snapshot) return this.renderBusy();
    const screen: TrackerScreen = {
      t,
      i18n,
      snapshot,
      send: (event) => this.machine.send(event),
      categoryLabel: (id) => categoryLabel(i18n, this.runtime?.config.forms ?? {}, id),
      shown: this.shown,
      showMore: () => (this.shown += LIST_PAGE * 2),
      lookupError: this.lookupError,
      onLookup: (event) => void this.onLookup(event),
      online: this.online,
      pending: this.writes.all(),
      busyWith: (id, action) => this.writes.busyWith(id, action),
      confirming: this.confirming,
      onAction: (detail, action) => this.onAction(detail, action),
      score: this.score,
      comment: this.comment,
      setScore: (score) => (this.score = score),
      setComment: (comment) => (this.comment = comment),
      onRate: (detail, event) => this.onRate(detail, event),
      reply: this.reply,
      fileError: this.fileError,
      onFilesChosen: (id, input) => this.onFilesChosen(id, input),
      onMessage: (detail, event) => this.onMessage(detail, event),
      download: (file) => void this.download(file),
    };
    return html`<div part="base">${snapshot.matches('detail') ? renderDetail(screen) : renderList(screen)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-complaint-tracker': UcComplaintTracker;
  }
}
