import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { Kind, Locale } from '../../src/contract/common';
import type { FormConfig } from '../../src/config/schema';
import { FeedbackSession } from '../../src/client/feedback-session';
import { randomId } from '../../src/client/ids';
import { createTranslator, loadCatalog, type Translator } from '../../src/i18n/index';
import { stashDraft } from '../../src/storage/draft-rescue';
import type { Draft, DraftFile } from '../../src/storage/records';
import { feedbackFormMachine, type FeedbackFormMachine } from '../../machines/feedback-form.machine';
import { ActorController } from '../shared/actor-controller';
import { configErrorView } from '../shared/config-error';
import { tokens } from '../shared/base.styles';
import {
  UcDeliveredEvent,
  UcDraftSavedEvent,
  UcErrorEvent,
  UcSubmittedEvent,
  UcWithdrawnEvent,
} from '../shared/events';
import { SiteElement, type SiteSession } from '../shared/site-element';
import { renderBody, type FormScreen } from './form-views';
import { styles } from './uc-feedback-form.styles';

/**
 * In-page feedback and complaints. Drafts are saved on the device as the user
 * types; a submission goes through the outbox, so nothing is lost offline and
 * nothing arrives twice.
 *
 * @summary Feedback and complaint form with drafts, offline queue and receipts.
 *
 * @event uc-draft-saved - The draft was saved on this device.
 * @event uc-submitted - The user submitted; it is queued for delivery.
 * @event uc-delivered - The server has it; `detail.receipt.trackingNumber`.
 * @event uc-withdrawn - The user withdrew it.
 * @event uc-error - The server refused it, or the config is wrong.
 *
 * @csspart base - The frame around everything.
 * @csspart notice - Draft restored / discarded / storage notices.
 * @csspart form - The form element.
 * @csspart field - One field: label, control, hint, purpose, error.
 * @csspart purpose - Why a personal field is asked.
 * @csspart field-error - A field's error message.
 * @csspart error - A problem that is not about one field.
 * @csspart draft-status - "Draft saved" and similar.
 * @csspart submit - The submit button.
 * @csspart queue - Waiting to send: offline, retrying, signed out.
 * @csspart receipt - The receipt with the tracking number.
 * @csspart files - The list of attached files.
 *
 * @cssproperty --uc-font - Font family.
 * @cssproperty --uc-color-text - Text colour.
 * @cssproperty --uc-color-muted - Secondary text colour.
 * @cssproperty --uc-color-bg - Background.
 * @cssproperty --uc-color-surface - Background of notices and secondary buttons.
 * @cssproperty --uc-color-border - Borders of fields and the frame.
 * @cssproperty --uc-color-accent - The submit button and focus ring.
 * @cssproperty --uc-color-on-accent - Text on the accent colour.
 * @cssproperty --uc-color-danger - Errors.
 * @cssproperty --uc-color-success - The receipt's confirmation.
 * @cssproperty --uc-radius - Corner radius.
 * @cssproperty --uc-space - Base spacing.
 * @cssproperty --uc-focus-ring - Focus indicator (a box-shadow).
 */
@customElement('uc-feedback-form')
export class UcFeedbackForm extends SiteElement<Translator> {
  static override styles = [tokens, styles];

  /** Which form of the site config to show. */
  @property({ reflect: true }) accessor form = 'default';

  /** Preselects a kind (suggestion, complaint, praise, report) if the form offers it. */
  @property() accessor kind: Kind | undefined;

  @state() private accessor online = navigator.onLine;
  @state() private accessor memoryOnly = false;
  @state() private accessor clock = Date.now();

  private readonly machine = new ActorController<FeedbackFormMachine>(this);
  /** The last draft save begun; a session started after another reads the draft once it is done. */
  private lastSave: Promise<unknown> = Promise.resolve();
  /** Set when a signed-out visitor signs in: the draft they typed since, to become theirs. */
  private carryDraft: { from: string; since: number } | undefined;
  private reportedFormError = '';
  private ticker: ReturnType<typeof setInterval> | undefined;

  /**
   * Without what the site retired (src/config/offered-form.ts, the server's, written out: importing it would put
   * it in the chunk every page loads): the view, the drafts' prefill and the checks before sending see what is offered.
   */
  private get formConfig(): FormConfig | undefined {
    const form = this.runtime?.config.forms[this.form];
    return (
      form && {
        ...form,
        categories: form.categories.filter((c) => !c.retired),
        fields: form.fields.filter((f) => !f.retired),
      }
    );
  }

  /** The site's translator (the form's messages are the common catalog); without a config, the page's catalog. */
  protected async loadMessages(locale: Locale): Promise<Translator> {
    const runtime = this.runtime;
    return runtime ? runtime.translator(locale) : createTranslator(locale, await loadCatalog(locale));
  }

  protected configErrorText(refusedOrigin?: string): string {
    if (refusedOrigin)
      return (
        this.t?.t('error.originRefused', { origin: refusedOrigin }) ??
        `usercare cannot work on this page: the site does not allow its address (${refusedOrigin}).`
      );
    return this.t?.t('error.config') ?? 'usercare cannot show this form: its configuration has errors.';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onNetwork = () => (this.online = navigator.onLine);
    this.listenWhileConnected(window, 'online', onNetwork);
    this.listenWhileConnected(window, 'offline', onNetwork);
    // Leaving or hiding the page: the last keystrokes are saved now, not after the typing pause.
    this.listenWhileConnected(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.machine.send({ type: 'draft.flush' });
    });
    this.listenWhileConnected(window, 'pagehide', () => {
      const snapshot = this.machine.snapshot;
      if (snapshot?.matches({ editing: 'dirty' }) || snapshot?.matches({ editing: 'saving' }))
        stashDraft(snapshot.context.draft);
      this.machine.send({ type: 'draft.flush' });
    });
  }

  override disconnectedCallback(): void {
    // Removed, moved or its page's route changed: what was typed in the last pause is saved now
    // (the controller stops the machine next, which would cancel the pending save).
    this.machine.send({ type: 'draft.flush' });
    super.disconnectedCallback();
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Another form of the site: a session of its own.
    if (changed.has('form') && !changed.has('runtimeState') && this.hasUpdated) this.restart();
    // A new `kind` from the host (or a Storybook control) picks that kind in the running form.
    if (
      changed.has('kind') &&
      this.kind &&
      this.formConfig?.kinds.includes(this.kind) &&
      this.machine.snapshot?.matches('editing')
    )
      this.machine.send({ type: 'draft.kind', kind: this.kind });
    if (changed.has('runtimeState') && this.runtimeState.status === 'error') {
      const message = this.runtimeState.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      this.dispatchEvent(new UcErrorEvent({ form: this.form, error: { code: 'config', message } }));
    }
    const queued = this.machine.snapshot?.matches('queued') && this.machine.snapshot.context.queue.state === 'retrying';
    if (queued && !this.ticker) this.ticker = setInterval(() => (this.clock = Date.now()), 1000);
    if (!queued && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  protected begin(session: SiteSession): void {
    const { runtime } = session;
    const form = this.formConfig;
    if (!form) {
      if (this.reportedFormError !== this.form) {
        this.reportedFormError = this.form;
        console.error(
          `usercare: <uc-feedback-form form="${this.form}"> names no form of site "${runtime.config.site}" (forms: ${Object.keys(runtime.config.forms).join(', ')})`,
        );
        this.dispatchEvent(
          new UcErrorEvent({ form: this.form, error: { code: 'config', message: `no form "${this.form}"` } }),
        );
      }
      return;
    }
    const feedback = new FeedbackSession(runtime, form, this.form, this.lastSave, this.carryDraft);
    this.carryDraft = undefined;
    const locale = () => this.i18n?.locale ?? this.localeFor(runtime.config.locale);
    const machine = feedbackFormMachine.provide({
      actors: {
        restore: fromPromise(() => feedback.restore()),
        saveDraft: fromPromise<void, { draft: Draft }>(async ({ input }) => {
          const saving = feedback.saveDraft(input.draft);
          this.lastSave = feedback.saving;
          await saving;
        }),
        deleteDraft: fromPromise<void, { draftKey: string }>(({ input }) => feedback.deleteDraft(input.draftKey)),
        enqueue: fromPromise<{ itemId: string }, { draft: Draft }>(({ input }) =>
          feedback.enqueue(input.draft, locale()),
        ),
        withdraw: fromPromise<'removed' | 'requested', { itemId: string; submissionId: string | undefined }>(
          ({ input }) => feedback.withdraw(input.itemId, input.submissionId),
        ),
      },
      actions: {
        returnItemToDraft: (_, params) => {
          if (params.itemId) feedback.returnItemToDraft(params.itemId, params.draft);
        },
      },
    });
    const actor = createActor(machine, {
      input: {
        form,
        site: runtime.config.site,
        formId: this.form,
        draftKey: feedback.draftKey,
        tab: runtime.tab,
        prefill: feedback.profilePrefill(),
        kind: this.kind,
        now: Date.now,
      },
    });
    actor.on('draft.saved', (e) =>
      this.dispatchEvent(new UcDraftSavedEvent({ form: this.form, savedAt: e.draft.updatedAt })),
    );
    actor.on('submitted', (e) => this.dispatchEvent(new UcSubmittedEvent({ form: this.form, id: e.itemId })));
    actor.on('delivered', (e) => this.dispatchEvent(new UcDeliveredEvent({ form: this.form, receipt: e.receipt })));
    actor.on('withdrawn', (e) => this.dispatchEvent(new UcWithdrawnEvent({ form: this.form, how: e.how })));
    actor.on('error', (e) => this.dispatchEvent(new UcErrorEvent({ form: this.form, error: e.error })));
    this.machine.start(actor);
    // Stopped first saving a draft that waits for the typing pause (the save goes on without the machine).
    session.add(() => {
      this.machine.send({ type: 'draft.flush' });
      this.machine.stop();
    });

    const sendPrefill = async () => actor.send({ type: 'identity.prefill', prefill: await feedback.prefill() });
    void sendPrefill();
    // Another person signed in, or the user signed out: the form becomes theirs (the last one's draft is
    // saved first and stays on the device for them). The same person again only refreshes the prefill.
    session.onIdentityChange(() => {
      if (feedback.belongsToCurrentUser()) return void sendPrefill();
      this.carryDraft = feedback.carryForNext();
      this.restart();
    });
    session.onTabMessage(async (message) => {
      const news = await feedback.hear(message, this.machine.snapshot?.context.itemId);
      if (news && session.current) this.machine.send(news);
    });
    this.memoryOnly = !runtime.store.persistent;
    session.add(runtime.store.onDegrade(() => (this.memoryOnly = true)));
  }

  // ── rendering ────────────────────────────────────────────────────────────

  protected renderReady(i18n: Translator): TemplateResult {
    const form = this.formConfig;
    if (!form) return configErrorView(this.configErrorText(), [{ path: 'form', message: `no form "${this.form}"` }]);
    const snapshot = this.machine.snapshot;
    if (!snapshot || snapshot.matches('restoring')) return this.renderBusy();
    const screen: FormScreen = {
      i18n,
      snapshot,
      send: (event) => this.machine.send(event),
      form,
      online: this.online,
      clock: this.clock,
      trackerUrl: this.runtime?.config.trackerUrl,
      onSubmit: this.onSubmit,
      addFiles: (name, files) => this.onFiles(name, files),
      warm: () => this.runtime?.store.warm(),
    };
    return html`<div part="base">
      <h2>${form.title ? i18n.text(form.title) : i18n.t('form.title')}</h2>
      ${this.memoryOnly ? html`<p part="notice" role="status">${i18n.t('storage.memory')}</p>` : nothing}
      ${renderBody(screen)}
    </div>`;
  }

  private onFiles(name: string, files: File[]): void {
    const entries: DraftFile[] = files.map((file) => ({
      id: randomId(),
      field: name,
      name: file.name,
      type: file.type,
      size: file.size,
      blob: file,
    }));
    this.machine.send({ type: 'draft.files.add', field: name, files: entries });
  }

  private onSubmit = async (event: Event) => {
    event.preventDefault();
    this.machine.send({ type: 'form.submit' });
    await this.updateComplete;
    const first = this.machine.snapshot?.context.errors[0];
    if (first && this.machine.snapshot?.matches('editing')) {
      const id = first.path === 'category' ? 'f-category' : `f-${first.path.replace(/^fields\./, '')}`;
      this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-feedback-form': UcFeedbackForm;
  }
}
