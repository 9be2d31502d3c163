import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type {
  ComplaintAction,
  ComplaintDetail,
  ComplaintSummary,
  Deadline,
  TimelineEntry,
} from '../../src/contract/complaints';
import type { ComplaintBackend, Credentials } from '../../src/client/backend';
import { complaintApiOf, RestComplaintApi } from '../../src/client/rest-complaints';
import { sendComplaintWrite } from '../../src/client/complaint-writes';
import { BackendError } from '../../src/client/errors';
import { LiveStream, startedUnheard } from '../../src/client/live-stream';
import type { Runtime, RuntimeState } from '../../src/client/runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import { resolveLocale, type Translator } from '../../src/i18n/index';
import { trackerMessages, type TrackerMessageKey } from '../../src/i18n/tracker/index';
import type { Params } from '../../src/i18n/index';
import type { ComplaintWriteItem, Draft, DraftFile } from '../../src/storage/records';
import { ATTACHMENT_TYPES, WIRE_LIMITS } from '../../src/contract/limits';
import { randomId } from '../../src/client/ids';
import {
  complaintTrackerMachine,
  type ComplaintTrackerMachine,
  type ListResult,
} from '../../machines/complaint-tracker.machine';
import { ActorController } from '../shared/actor-controller';
import { configErrorView } from '../shared/config-error';
import { Sessions } from '../shared/sessions';
import { shownName } from '../shared/shown-name';
import { tokens } from '../shared/base.styles';
import { applyTheme } from '../shared/theme';
import { UcAuthRequiredEvent, UcComplaintActionEvent } from '../shared/events';
import { runtimeContext } from '../shared/runtime-context';
import { describeDeadline } from './deadline-words';
import { LIST_PAGE } from './list-page';
import { styles } from './uc-complaint-tracker.styles';

type T = (key: TrackerMessageKey, params?: Params) => string;

/** Actions that need words from the user, and which words. */
const TEXT_ACTIONS: Partial<Record<ComplaintAction, TrackerMessageKey>> = {
  answer: 'reply.label',
  dispute: 'reply.disputeLabel',
};
/** Actions that cannot be taken back: asked twice. */
const CONFIRMED_ACTIONS = new Set<ComplaintAction>(['withdraw', 'confirm', 'ask_third_party']);
const FINAL = new Set(['closed', 'withdrawn', 'rejected']);
const SAVE_DELAY_MS = 400;

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
export class UcComplaintTracker extends LitElement {
  static override styles = [tokens, styles];

  /** Show this one complaint instead of the list. */
  @property({ attribute: 'complaint-id', reflect: true }) accessor complaintId: string | null = null;

  @state() private accessor runtimeState: RuntimeState = { status: 'loading' };
  protected readonly runtimeConsumer = new ContextConsumer(this, {
    context: runtimeContext,
    subscribe: true,
    callback: (value) => (this.runtimeState = value),
  });

  @state() private accessor t: T | undefined;
  @state() private accessor i18n: Translator | undefined;
  @state() private accessor reply = '';
  /** files chosen for the next message, kept in the reply draft as Blobs */
  @state() private accessor replyFiles: DraftFile[] = [];
  @state() private accessor fileError = '';
  @state() private accessor replySaved = false;
  @state() private accessor score = 0;
  @state() private accessor comment = '';
  @state() private accessor confirming: ComplaintAction | null = null;
  /** outbox items this tab queued, by id: what the user is waiting on */
  @state() private accessor pending = new Map<
    string,
    { complaintId: string; action: string; state: 'pending' | 'held' | 'failed'; message?: string }
  >();
  @state() private accessor lookupError = '';
  @state() private accessor online = navigator.onLine;
  /** how many list items are rendered: a screenful at first, more on request (1,000 rows take ~150 ms of layout alone) */
  @state() private accessor shown = LIST_PAGE;

  private readonly machine = new ActorController<ComplaintTrackerMachine>(this);
  /** undone when the element leaves the page */
  private cleanups: Array<() => void> = [];
  /** the actor, the stream and the listeners of the current runtime */
  private readonly sessions = new Sessions();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** the complaint whose reply waits for the typing pause to be saved */
  private unsaved: string | undefined;
  private draftId: string | null = null;

  private get runtime(): Runtime | undefined {
    return this.runtimeState.status === 'ready' ? this.runtimeState.runtime : undefined;
  }

  private apiFor: { backend: Runtime['backend']; api: ComplaintBackend | undefined } | undefined;

  /**
   * Where complaints come from: the complaint endpoints of the site's server,
   * or the runtime's backend itself when it implements ComplaintBackend
   * (`<uc-provider .backend>`: stories compose the tracker with fixed data so).
   */
  private get api(): ComplaintBackend | undefined {
    const backend = this.runtime?.backend;
    if (!backend) return undefined;
    if (this.apiFor?.backend !== backend) this.apiFor = { backend, api: complaintApiOf(backend) };
    return this.apiFor.api;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onNetwork = () => {
      this.online = navigator.onLine;
      if (this.online) this.machine.send({ type: 'refresh' });
    };
    // Leaving or hiding the page: the last keystrokes of a reply are saved now, not after the typing pause.
    const onHide = (event: Event) => {
      if (event.type === 'pagehide' || document.visibilityState === 'hidden') this.saveReplyNow();
    };
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    this.cleanups.push(() => {
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    });
    if (this.hasUpdated && this.runtime) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Taken off the page (a route change) within the typing pause: the reply is saved now.
    this.saveReplyNow();
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
          void trackerMessages(resolveLocale(this)).then((t) => {
            if (this.sessions.current(generation)) this.t = t;
          });
      }
    }
    if (changed.has('complaintId') && changed.get('complaintId') !== undefined && this.complaintId)
      this.machine.send({ type: 'open', id: this.complaintId });
  }

  private async start(): Promise<void> {
    const generation = this.sessions.begin();
    const runtime = this.runtime;
    if (!runtime || !this.isConnected) return;
    const locale = resolveLocale(this, runtime.config.locale);
    const overrides = runtime.config.messages?.[locale] ?? {};
    const sub = runtime.identity.sub;
    // The device's copy of the list is read alongside the catalogs: a returning user sees their list at once.
    const [t, i18n, cached] = await Promise.all([
      trackerMessages(locale, overrides),
      runtime.translator(locale),
      this.api ? runtime.store.getCache(this.cacheKey('list')).catch(() => undefined) : undefined,
    ]);
    if (!this.sessions.current(generation)) return;
    this.t = t;
    this.i18n = i18n;
    if (!this.api) return;
    if (cached) {
      // The cached list's first render formats dates, and a page's first date format loads ICU data
      // (~13 ms; ~50 ms on the bench's 4× slower CPU): that is done in a task of its own, so the render
      // is not one long task (npm run bench, section e: long tasks at 4× about halved).
      await new Promise((next) => setTimeout(next));
      i18n.dateTime(new Date(0).toISOString());
      await new Promise((next) => setTimeout(next));
      if (!this.sessions.current(generation)) return;
    }
    const machine = complaintTrackerMachine.provide({
      actors: {
        // A load the machine leaves (identify(), another complaint, a restart) is aborted: its answer would be dropped anyway.
        loadList: fromPromise<ListResult, void>(({ signal }) => this.loadList(signal)),
        loadDetail: fromPromise<ComplaintDetail, { id: string }>(({ input, signal }) =>
          this.loadDetail(input.id, signal),
        ),
      },
    });
    // The form's receipt links to the tracker's page with #uc-complaint=<id>.
    const linked = /^#uc-complaint=([A-Za-z0-9-]{1,64})$/.exec(location.hash)?.[1];
    this.machine.start(
      createActor(machine, {
        // The device's copy is shown while the server is asked, unless identify() came meanwhile: then it was someone else's.
        input: {
          id: this.complaintId ?? linked ?? null,
          cached:
            cached && sub === runtime.identity.sub
              ? { items: cached.value as ComplaintSummary[], cachedAt: cached.storedAt }
              : null,
        },
      }),
    );
    const unsubscribe = runtime.channel.subscribe((message) => this.onTabMessage(message));
    // Only the server has a live stream; another ComplaintBackend has nothing to stream from.
    const live = this.api instanceof RestComplaintApi ? this.openLiveStream(runtime) : undefined;
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

  /** Staff replies and status changes arrive on the page's one live stream (held by one tab, relayed to the others). */
  private openLiveStream(runtime: Runtime): LiveStream {
    const live = new LiveStream({
      endpoint: runtime.backend.endpoint,
      site: runtime.config.site,
      credentials: () => this.credentials(),
      onAuthRequired: () =>
        this.dispatchEvent(new UcAuthRequiredEvent({ reason: 'the live stream refused the sign-in' })),
    });
    live.subscribe('complaint.updated', (event) => {
      const id = (event.data as { id?: unknown } | null)?.id;
      if (typeof id === 'string') this.machine.send({ type: 'changed', id });
    });
    live.subscribe('ready', (event) => startedUnheard(event) && this.machine.send({ type: 'changed' }));
    return live;
  }

  // ---- data ---------------------------------------------------------------

  /**
   * Who asks, read once: the credentials of a request and `owner`, the identity its answer is cached
   * under. A load keeps both from its start, so an answer that arrives after identify() is stored as
   * the asker's, never under the user signed in since.
   */
  private async asker(): Promise<{ credentials: Credentials; owner: string }> {
    const identity = this.runtime!.identity;
    const sub = identity.sub;
    const token = sub ? identity.tokenFor(sub) : undefined;
    return { credentials: token ? { token } : { deviceId: await identity.ensureDeviceId() }, owner: sub ?? 'device' };
  }

  private async credentials(): Promise<Credentials> {
    return (await this.asker()).credentials;
  }

  private cacheKey(what: string, owner = this.runtime!.identity.sub ?? 'device'): string {
    const runtime = this.runtime!;
    return `complaints ${runtime.backend.endpoint} ${runtime.config.site} ${owner} ${what}`;
  }

  /** Access keys of complaints this device opened by tracking number (made elsewhere). */
  private async foreignKeys(owner?: string): Promise<Record<string, string>> {
    const value = await this.runtime!.store.getValue(this.cacheKey('keys', owner));
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  }

  /** The key that opens an anonymous complaint: from a lookup on this device, or from its receipt when it was made here. */
  private async accessKeyFor(id: string, owner?: string): Promise<string | undefined> {
    return (await this.foreignKeys(owner))[id] ?? (await this.runtime!.store.getSubmission(id))?.accessKey;
  }

  private async loadList(signal?: AbortSignal): Promise<ListResult> {
    const runtime = this.runtime!;
    const { credentials, owner } = await this.asker();
    try {
      const page = await this.api!.listComplaints(runtime.config.site, { limit: 100 }, credentials, signal);
      const items = [...page.items];
      for (const [id, accessKey] of Object.entries(await this.foreignKeys(owner))) {
        if (items.some((i) => i.id === id)) continue;
        try {
          items.push(await this.api!.getComplaint(id, { ...credentials, accessKey }, signal));
        } catch {
          // One unreachable looked-up complaint does not hide the rest.
        }
      }
      // given up while a looked-up complaint was asked for: not a list to keep
      signal?.throwIfAborted();
      await runtime.store.putCache(this.cacheKey('list', owner), items, Date.now());
      return { items, cachedAt: null };
    } catch (error) {
      if (signal?.aborted) throw error;
      this.raiseAuth(error, owner);
      const cached = await this.fromCache<ComplaintSummary[]>('list', owner, error);
      return { items: cached.value, cachedAt: cached.storedAt };
    }
  }

  private async loadDetail(id: string, signal?: AbortSignal): Promise<ComplaintDetail> {
    const runtime = this.runtime!;
    const { credentials, owner } = await this.asker();
    const accessKey = await this.accessKeyFor(id, owner);
    try {
      const detail = await this.api!.getComplaint(id, { ...credentials, ...(accessKey ? { accessKey } : {}) }, signal);
      await runtime.store.putCache(this.cacheKey(`detail ${id}`, owner), detail, Date.now());
      await this.restoreReply(id);
      return detail;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.raiseAuth(error, owner);
      const cached = await this.fromCache<ComplaintDetail>(`detail ${id}`, owner, error);
      await this.restoreReply(id);
      return { ...cached.value, actions: [] };
    }
  }

  /** Offline or unreachable: the last copy this device saw for `owner`, or the original error. */
  private async fromCache<V>(what: string, owner: string, error: unknown): Promise<{ value: V; storedAt: number }> {
    const offline = error instanceof BackendError && (error.code === 'network' || error.code === 'timeout');
    const cached = offline ? await this.runtime!.store.getCache(this.cacheKey(what, owner)) : undefined;
    if (!cached) throw error;
    return { value: cached.value as V, storedAt: cached.storedAt };
  }

  /** A 401 asks the host to sign the user in again, unless it answers an identity the host has replaced since. */
  private raiseAuth(error: unknown, owner: string): void {
    if (
      error instanceof BackendError &&
      error.code === 'unauthorized' &&
      owner === (this.runtime?.identity.sub ?? 'device')
    )
      this.dispatchEvent(new UcAuthRequiredEvent({ reason: error.message }));
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'outbox.changed' && this.pending.has(message.id)) {
      const item = this.pending.get(message.id)!;
      this.pending = new Map(this.pending).set(message.id, {
        ...item,
        state: message.state,
        ...(message.error ? { message: message.error.message } : {}),
      });
    }
    if ((message.type === 'outbox.delivered' || message.type === 'outbox.failed') && message.complaintId) {
      const next = new Map(this.pending);
      if (message.type === 'outbox.delivered') next.delete(message.id);
      else if (next.has(message.id))
        next.set(message.id, { ...next.get(message.id)!, state: 'failed', message: message.error.message });
      this.pending = next;
      if (message.type === 'outbox.failed' && message.draftKey) void this.giveBackReply(message.id);
      this.machine.send({ type: 'changed', id: message.complaintId });
    }
  }

  // ---- reply draft ----------------------------------------------------------

  private draftKeyFor(id: string): string {
    return `${this.runtime!.config.site}/c-${id}`;
  }

  private async restoreReply(id: string): Promise<void> {
    if (this.draftId === id) return;
    this.draftId = id;
    const draft = await this.runtime!.store.getDraft(this.draftKeyFor(id));
    this.reply = typeof draft?.fields['text'] === 'string' ? draft.fields['text'] : '';
    this.replyFiles = draft?.files ?? [];
    this.replySaved = Boolean(draft);
  }

  private onReplyInput(id: string, value: string): void {
    this.reply = value;
    this.replySaved = false;
    clearTimeout(this.saveTimer);
    this.unsaved = id;
    this.saveTimer = setTimeout(() => this.saveReplyNow(), SAVE_DELAY_MS);
  }

  /** Saves at once a reply still waiting for the typing pause (the pause ended, the page goes, the element leaves). */
  private saveReplyNow(): void {
    clearTimeout(this.saveTimer);
    const id = this.unsaved;
    this.unsaved = undefined;
    if (id && this.runtime) void this.saveReply(id);
  }

  private async saveReply(id: string): Promise<void> {
    const runtime = this.runtime!;
    const key = this.draftKeyFor(id);
    if (!this.reply.trim() && !this.replyFiles.length) {
      await runtime.store.deleteDraft(key);
      return;
    }
    const draft: Draft = {
      key,
      site: runtime.config.site,
      form: `c-${id}`,
      fields: { text: this.reply },
      files: this.replyFiles,
      remember: false,
      updatedAt: Date.now(),
      tab: runtime.tab,
    };
    await runtime.store.putDraft(draft);
    this.replySaved = true;
  }

  /** The server refused a reply: its text goes back into the box to fix or keep. */
  private async giveBackReply(itemId: string): Promise<void> {
    const item = await this.runtime!.store.getOutbox(itemId);
    if (!item || (item.op !== 'complaint.action' && item.op !== 'complaint.message') || !item.draftKey) return;
    const draft: Draft = {
      key: item.draftKey,
      site: item.site,
      form: `c-${item.complaintId}`,
      fields: { text: item.body.text ?? '' },
      files: item.body.files ?? [],
      remember: false,
      updatedAt: Date.now(),
      tab: this.runtime!.tab,
    };
    await this.runtime!.store.moveOutboxToDraft(itemId, draft);
    if (this.draftId === item.complaintId) {
      this.reply = item.body.text ?? '';
      this.replyFiles = item.body.files ?? [];
    }
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
    if (withReply) {
      // Saved just below and moved into the outbox item: no later save may bring the draft back.
      clearTimeout(this.saveTimer);
      this.unsaved = undefined;
    }
    // Busy at once, before any await: a second click in the same moment finds this and does nothing.
    const placeholder = `pending-${action}-${Date.now()}`;
    this.pending = new Map(this.pending).set(placeholder, { complaintId: detail.id, action, state: 'pending' });
    let item: ComplaintWriteItem;
    try {
      const accessKey = await this.accessKeyFor(detail.id);
      let draftKey: string | undefined;
      if (withReply) {
        await this.saveReply(detail.id);
        draftKey = this.draftKeyFor(detail.id);
      }
      item = await sendComplaintWrite(
        runtime.outbox,
        runtime.config.site,
        op,
        detail.id,
        { ...body, ...(accessKey ? { accessKey } : {}) },
        draftKey,
      );
    } catch (error) {
      // Not even stored on the device: say so where the user looks, and let them try again.
      this.pending = new Map(this.pending).set(placeholder, {
        complaintId: detail.id,
        action,
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const pending = new Map(this.pending);
    pending.delete(placeholder);
    this.pending = pending.set(item.id, { complaintId: detail.id, action, state: 'pending' });
    if (withReply) {
      this.reply = '';
      this.replyFiles = [];
      this.replySaved = false;
    }
    this.confirming = null;
    this.dispatchEvent(new UcComplaintActionEvent({ action, complaintId: detail.id }));
  }

  private onAction(detail: ComplaintDetail, action: ComplaintAction): void {
    if (this.busyWith(detail.id, action)) return;
    if (CONFIRMED_ACTIONS.has(action) && this.confirming !== action) {
      this.confirming = action;
      return;
    }
    const needsText = action in TEXT_ACTIONS;
    if (needsText && !this.reply.trim()) {
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')?.focus();
      return;
    }
    const body: ComplaintWriteItem['body'] = {
      action,
      version: detail.version,
      ...(needsText ? { text: this.reply.trim() } : {}),
    };
    void this.act(detail, 'complaint.action', action, body, needsText);
  }

  private onRate(detail: ComplaintDetail, event: Event): void {
    event.preventDefault();
    if (this.score < 1 || this.busyWith(detail.id, 'rate')) return;
    void this.act(
      detail,
      'complaint.action',
      'rate',
      { action: 'rate', score: this.score, ...(this.comment.trim() ? { comment: this.comment.trim() } : {}) },
      false,
    );
  }

  private onMessage(detail: ComplaintDetail, event: Event): void {
    event.preventDefault();
    if (!this.reply.trim()) return;
    void this.act(
      detail,
      'complaint.message',
      'message',
      { text: this.reply.trim(), ...(this.replyFiles.length ? { files: this.replyFiles } : {}) },
      true,
    );
  }

  /** Files for the next message: the server's types and limits, checked here so the user hears at once. */
  private onFilesChosen(id: string, input: HTMLInputElement): void {
    const t = this.t!;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    const accepted: DraftFile[] = [];
    const refused: string[] = [];
    for (const file of chosen) {
      if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type))
        refused.push(t('files.type', { name: file.name }));
      else if (file.size > WIRE_LIMITS.attachmentBytes)
        refused.push(t('files.size', { name: file.name, size: this.i18n!.bytes(WIRE_LIMITS.attachmentBytes) }));
      else
        accepted.push({
          id: randomId(),
          field: 'message',
          name: file.name,
          type: file.type,
          size: file.size,
          blob: file,
        });
    }
    const all = [...this.replyFiles, ...accepted];
    if (all.length > WIRE_LIMITS.attachments) refused.push(t('files.count', { max: WIRE_LIMITS.attachments }));
    this.replyFiles = all.slice(0, WIRE_LIMITS.attachments);
    this.fileError = refused.join(' ');
    void this.saveReply(id);
  }

  private removeFile(id: string, fileId: string): void {
    this.replyFiles = this.replyFiles.filter((f) => f.id !== fileId);
    void this.saveReply(id);
  }

  /** Downloads go through fetch: the server wants the user's credentials in headers, which a plain link cannot send. */
  private async download(detail: ComplaintDetail, file: { id: string; name: string }): Promise<void> {
    const accessKey = await this.accessKeyFor(detail.id);
    try {
      const blob = await this.api!.getComplaintFile(detail.id, file.id, {
        ...(await this.credentials()),
        ...(accessKey ? { accessKey } : {}),
      });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = shownName(file.name);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.fileError = this.t!('files.downloadFailed', {
        name: shownName(file.name),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private busyWith(id: string, action: string): boolean {
    return [...this.pending.values()].some((p) => p.complaintId === id && p.action === action && p.state !== 'failed');
  }

  private async onLookup(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const t = this.t!;
    try {
      const found = await this.api!.lookupComplaint({
        site: this.runtime!.config.site,
        trackingNumber: String(data.get('trackingNumber') ?? ''),
        contact: String(data.get('contact') ?? ''),
      });
      const keys = { ...(await this.foreignKeys()), [found.id]: found.accessKey };
      await this.runtime!.store.putValue(this.cacheKey('keys'), keys);
      this.lookupError = '';
      form.reset();
      this.machine.send({ type: 'open', id: found.id });
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

  override render() {
    const { t, i18n } = this;
    if (this.runtimeState.status === 'error') {
      return configErrorView(t?.('tracker.configError'), this.runtimeState.problems);
    }
    if (!t || !i18n) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.api) return html`<div part="base"><p part="notice" role="status">${t('tracker.unavailable')}</p></div>`;
    const snapshot = this.machine.snapshot;
    if (!snapshot) return html`<div part="base" aria-busy="true"></div>`;
    return html`<div part="base">${snapshot.matches('detail') ? this.renderDetail(t, i18n) : this.renderList(t, i18n)}</div>`;
  }

  private renderList(t: T, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const { items, cachedAt, error } = snapshot.context;
    const loading = snapshot.matches({ list: 'loading' });
    return html`<h2>${t('tracker.title')}</h2>
      ${
        cachedAt !== null
          ? html`<p part="notice" role="status">
            ${loading ? t('tracker.updating') : t('tracker.stale', { time: i18n.dateTime(new Date(cachedAt).toISOString()) })}
          </p>`
          : nothing
      }
      ${
        snapshot.matches({ list: 'failed' }) && error
          ? html`<div part="error" role="alert">
            <p>${this.loadErrorText(t, error)}</p>
            <button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('tracker.retry')}</button>
          </div>`
          : nothing
      }
      ${loading && !items.length ? html`<p role="status">${t('tracker.loading')}</p>` : nothing}
      ${!loading && !error && !items.length ? html`<p>${t('tracker.empty')}</p>` : nothing}
      ${
        items.length
          ? html`<ul part="list" aria-busy=${loading ? 'true' : 'false'}>
            ${items.slice(0, this.shown).map(
              (item) => html`<li part="item">
                <button type="button" class="item" @click=${() => this.machine.send({ type: 'open', id: item.id })}>
                  <span class="number">${item.trackingNumber}</span>
                  ${this.renderStatus(t, item.status)}
                  <span class="meta">${this.categoryLabel(i18n, item.category)} · ${t('tracker.received', { time: i18n.dateTime(item.receivedAt) })}</span>
                  ${item.nextDeadline ? this.renderDeadline(t, item.nextDeadline) : nothing}
                </button>
              </li>`,
            )}
          </ul>
          ${
            items.length > this.shown
              ? html`<button type="button" class="more" @click=${() => (this.shown += LIST_PAGE * 2)}>${t('tracker.more', { count: items.length - this.shown })}</button>`
              : nothing
          }`
          : nothing
      }
      ${this.renderLookup(t)}`;
  }

  /** In the user's words: the network in their language, the server's message only when it refused something. */
  private loadErrorText(t: T, error: { code: string; message: string }): string {
    if (error.code === 'unauthorized') return t('auth.required');
    if (error.code === 'network' || error.code === 'timeout' || error.code === 'unavailable')
      return t('tracker.unreachable');
    return t('tracker.loadFailed', { message: error.message });
  }

  private renderStatus(t: T, status: string): TemplateResult {
    return html`<span part="status" class="status" data-status=${status}>${t(`status.${status}` as TrackerMessageKey)}</span>`;
  }

  private renderDeadline(t: T, deadline: Deadline): TemplateResult {
    const words = describeDeadline(t, deadline);
    if (!words) return html``;
    return html`<span part="deadline" class="deadline" data-state=${deadline.status}>${words}${deadline.estimated ? html` <small>${t('deadline.estimated')}</small>` : nothing}</span>`;
  }

  private categoryLabel(i18n: Translator, id: string): string {
    for (const form of Object.values(this.runtime?.config.forms ?? {})) {
      const category = form.categories.find((c) => c.id === id);
      if (category) return i18n.text(category.label);
    }
    return id;
  }

  private renderLookup(t: T): TemplateResult {
    return html`<details part="lookup">
      <summary>${t('lookup.title')}</summary>
      <form @submit=${(e: SubmitEvent) => void this.onLookup(e)}>
        <label for="lookup-number">${t('lookup.number')}</label>
        <input id="lookup-number" name="trackingNumber" required autocomplete="off" placeholder="UC20261128-XXXXXX" />
        <label for="lookup-contact">${t('lookup.contact')}</label>
        <input id="lookup-contact" name="contact" required autocomplete="email" />
        ${this.lookupError ? html`<p part="error" role="alert">${this.lookupError}</p>` : nothing}
        <button type="submit">${t('lookup.submit')}</button>
      </form>
    </details>`;
  }

  private renderDetail(t: T, i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const { detail, error } = snapshot.context;
    const back = html`<button type="button" class="back" @click=${() => this.machine.send({ type: 'back' })}>${t('tracker.back')}</button>`;
    if (!detail) {
      if (snapshot.matches({ detail: 'failed' }) && error) {
        return html`${back}
          <div part="error" role="alert">
            <p>${error.code === 'not_found' ? t('tracker.notFound') : this.loadErrorText(t, error)}</p>
            ${error.code === 'not_found' ? nothing : html`<button type="button" @click=${() => this.machine.send({ type: 'refresh' })}>${t('tracker.retry')}</button>`}
          </div>`;
      }
      return html`${back}<p role="status">${t('tracker.loading')}</p>`;
    }
    const message = detail.fields['message'];
    return html`${back}
      <article part="detail" aria-busy=${snapshot.matches({ detail: 'loading' }) ? 'true' : 'false'}>
        <h2>${t('tracker.tracking', { number: detail.trackingNumber })}</h2>
        <p>${this.renderStatus(t, detail.status)} <span class="meta">${this.categoryLabel(i18n, detail.category)} · ${t('tracker.received', { time: i18n.dateTime(detail.receivedAt) })}</span></p>
        ${detail.nextDeadline ? html`<p>${this.renderDeadline(t, detail.nextDeadline)}</p>` : nothing}
        ${typeof message === 'string' ? html`<blockquote class="message">${message}</blockquote>` : nothing}
        ${this.renderFiles(t, i18n, detail, detail.attachments)}
        ${this.renderPending(t, detail.id)}
        ${this.renderActions(t, detail)} ${this.renderPath(t, detail)}
        <h3>${t('timeline.title')}</h3>
        <ol part="timeline">
          ${detail.timeline.map((entry) => this.renderEntry(t, i18n, detail, entry))}
        </ol>
      </article>`;
  }

  private renderPending(t: T, id: string): TemplateResult | typeof nothing {
    const mine = [...this.pending.values()].filter((p) => p.complaintId === id);
    if (!mine.length) return nothing;
    return html`${mine.map((p) =>
      p.state === 'failed'
        ? html`<p part="error" role="alert">${t('action.failed', { message: p.message ?? '' })}</p>`
        : html`<p part="notice" role="status">${this.online ? t('action.sending') : t('action.queued')}</p>`,
    )}`;
  }

  private renderActions(t: T, detail: ComplaintDetail): TemplateResult | typeof nothing {
    const actions = detail.actions.filter((a) => a !== 'rate');
    const canWrite = !FINAL.has(detail.status) && detail.actions.length > 0;
    const label = t('reply.label');
    return html`${detail.actions.includes('rate') && !detail.rating ? this.renderRating(t, detail) : nothing}
      ${detail.rating ? html`<p part="rating" role="status">${t('timeline.rated', { score: detail.rating.score })}</p>` : nothing}
      ${
        canWrite
          ? html`<form part="reply" @submit=${(e: Event) => this.onMessage(detail, e)}>
            <label for="reply">${actions.includes('dispute') ? `${label} / ${t('reply.disputeLabel')}` : label}</label>
            <textarea id="reply" name="reply" rows="3" maxlength="5000" .value=${this.reply} @input=${(e: Event) => this.onReplyInput(detail.id, (e.target as HTMLTextAreaElement).value)}></textarea>
            <label for="reply-files">${t('files.add')}</label>
            <input id="reply-files" type="file" multiple accept=${ATTACHMENT_TYPES.join(',')} aria-describedby="reply-files-hint" @change=${(e: Event) => this.onFilesChosen(detail.id, e.target as HTMLInputElement)} />
            <small id="reply-files-hint">${t('files.hint', { count: WIRE_LIMITS.attachments, size: this.i18n!.bytes(WIRE_LIMITS.attachmentBytes) })}</small>
            ${
              this.replyFiles.length
                ? html`<ul class="files">
                  ${this.replyFiles.map(
                    (f) =>
                      html`<li><bdi>${shownName(f.name)}</bdi> (${this.i18n!.bytes(f.size)}) <button type="button" class="link" @click=${() => this.removeFile(detail.id, f.id)}>${t('files.remove', { name: shownName(f.name) })}</button></li>`,
                  )}
                </ul>`
                : nothing
            }
            ${this.fileError ? html`<p part="error" role="alert">${this.fileError}</p>` : nothing}
            ${this.replySaved ? html`<small role="status">${t('reply.draftSaved')}</small>` : nothing}
            <button type="submit" ?disabled=${!this.reply.trim()}>${t('action.message')}</button>
          </form>`
          : nothing
      }
      ${
        actions.length
          ? html`<div part="actions" class="actions">
            ${actions.map(
              (action) => html`<button
                type="button"
                data-action=${action}
                ?disabled=${this.busyWith(detail.id, action)}
                @click=${() => this.onAction(detail, action)}
              >
                ${this.confirming === action ? t('action.confirmPrompt') : t(`action.${action}` as TrackerMessageKey)}
              </button>`,
            )}
          </div>`
          : nothing
      }`;
  }

  private renderRating(t: T, detail: ComplaintDetail): TemplateResult {
    const busy = this.busyWith(detail.id, 'rate');
    return html`<form part="rating" @submit=${(e: Event) => this.onRate(detail, e)}>
      <fieldset>
        <legend>${t('rating.legend')}</legend>
        <div class="stars">
          ${[1, 2, 3, 4, 5].map(
            (n) => html`<label
              ><input type="radio" name="score" .value=${String(n)} .checked=${this.score === n} @change=${() => (this.score = n)} /><span
                >${n}</span
              ><span class="sr">${t('rating.star', { n })}</span></label
            >`,
          )}
        </div>
        <label for="rating-comment">${t('rating.comment')}</label>
        <input id="rating-comment" name="comment" maxlength="2000" .value=${this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLInputElement).value)} />
      </fieldset>
      <button type="submit" ?disabled=${busy || this.score < 1}>${t('action.rate')}</button>
    </form>`;
  }

  private renderPath(t: T, detail: ComplaintDetail): TemplateResult | typeof nothing {
    const relevant =
      detail.actions.includes('dispute') ||
      detail.actions.includes('ask_third_party') ||
      ['disputed', 'arbitration', 'third_party'].includes(detail.status);
    if (!relevant) return nothing;
    return html`<section part="path">
      <h3>${t('path.title')}</h3>
      <p>${t('path.dispute', { days: detail.windows.disputeDays })}</p>
      <p>${t('path.thirdParty', { days: detail.windows.disputeDays })}</p>
    </section>`;
  }

  private renderEntry(t: T, i18n: Translator, detail: ComplaintDetail, entry: TimelineEntry): TemplateResult {
    const who =
      entry.actor.role === 'user'
        ? t('timeline.you')
        : entry.actor.role === 'system'
          ? t('timeline.system')
          : `${entry.actor.role === 'arbitrator' ? t('timeline.arbitrator') : t('timeline.staff')}${entry.actor.name ? ` ${shownName(entry.actor.name)}` : ''}`;
    let what: string;
    if (entry.type === 'received') what = t('timeline.received');
    else if (entry.type === 'system.auto_resolve')
      what = t('timeline.autoResolved', { days: detail.windows.autoResolveDays });
    else if (entry.type === 'system.auto_close') what = t('timeline.autoClosed');
    else if (entry.type === 'deadline.missed')
      what = t('timeline.missed', { what: t(`deadline.${entry.deadline ?? 'firstReply'}` as TrackerMessageKey) });
    else if (entry.type === 'rate') what = t('timeline.rated', { score: entry.score ?? 0 });
    else if (entry.to && entry.to !== entry.from)
      what = t('timeline.statusChange', { status: t(`status.${entry.to}` as TrackerMessageKey) });
    else what = '';
    return html`<li data-type=${entry.type}>
      <time datetime=${entry.at}>${i18n.dateTime(entry.at)}</time>
      <span class="who">${who}</span>
      ${what ? html`<span class="what">${what}</span>` : nothing}
      ${entry.type === 'rule' ? html`<strong>${t('timeline.ruling')}</strong>` : nothing}
      ${entry.text ? html`<p class="text">${entry.text}</p>` : nothing}
      ${this.renderFiles(t, i18n, detail, entry.attachments)}
    </li>`;
  }

  /** Files of the complaint or of one message, each a download (never shown inline: the server sends them as attachments). */
  private renderFiles(
    t: T,
    i18n: Translator,
    detail: ComplaintDetail,
    files: ComplaintDetail['attachments'],
  ): TemplateResult | typeof nothing {
    if (!files.length) return nothing;
    return html`<ul class="files">
      ${files.map(
        (f) =>
          html`<li><button type="button" class="link" @click=${() => void this.download(detail, f)}>${t('files.download', { name: shownName(f.name) })}</button> (${i18n.bytes(f.size)})</li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-complaint-tracker': UcComplaintTracker;
  }
}
