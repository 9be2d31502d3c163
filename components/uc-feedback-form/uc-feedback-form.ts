import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createActor, fromPromise } from 'xstate';
import type { Kind } from '../../src/contract/common';
import type { FieldError } from '../../src/contract/errors';
import type { FormConfig } from '../../src/config/schema';
import { createTranslator, loadCatalog, resolveLocale, type MessageKey, type Translator } from '../../src/i18n/index';
import type { Runtime, RuntimeState } from '../../src/client/runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import { randomId } from '../../src/client/ids';
import { submitDraft, withdrawSubmission } from '../../src/client/feedback-writes';
import { dropRescuedDraft, peekRescuedDraft, stashDraft } from '../../src/storage/draft-rescue';
import { draftKey, type Draft, type DraftFile, type StoredError } from '../../src/storage/records';
import {
  feedbackFormMachine,
  type FeedbackFormMachine,
  type RestoreResult,
} from '../../machines/feedback-form.machine';
import { ActorController } from '../shared/actor-controller';
import { configErrorView } from '../shared/config-error';
import { tokens } from '../shared/base.styles';
import { applyTheme } from '../shared/theme';
import {
  UcDeliveredEvent,
  UcDraftSavedEvent,
  UcErrorEvent,
  UcSubmittedEvent,
  UcWithdrawnEvent,
} from '../shared/events';
import { renderField } from '../shared/field-renderers';
import { runtimeContext } from '../shared/runtime-context';
import { contactKey, contactOf, prefillFor } from './prefill';
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
export class UcFeedbackForm extends LitElement {
  static override styles = [tokens, styles];

  /** Which form of the site config to show. */
  @property({ reflect: true }) accessor form = 'default';

  /** Preselects a kind (suggestion, complaint, praise, report) if the form offers it. */
  @property() accessor kind: Kind | undefined;

  /** The site's runtime, from the page (loader) or the nearest <uc-provider>. */
  @state() private accessor runtimeState: RuntimeState = { status: 'loading' };
  // A controller rather than @consume: the decorator does not fit `accessor` fields under legacy decorators.
  protected readonly runtimeConsumer = new ContextConsumer(this, {
    context: runtimeContext,
    subscribe: true,
    callback: (value) => (this.runtimeState = value),
  });

  @state() private accessor i18n: Translator | undefined;
  @state() private accessor online = navigator.onLine;
  @state() private accessor memoryOnly = false;
  @state() private accessor clock = Date.now();

  private readonly machine = new ActorController<FeedbackFormMachine>(this);
  /** The last draft save begun; a machine started after another stopped reads the draft once it is done. */
  private lastSave: Promise<unknown> = Promise.resolve();
  /** Set when a signed-out visitor signs in: the draft they typed since, to become theirs. */
  private carryDraft: { from: string; since: number } | undefined;
  private cleanups: Array<() => void> = [];
  private reportedFormError = '';
  private ticker: ReturnType<typeof setInterval> | undefined;

  private get runtime(): Runtime | undefined {
    return this.runtimeState.status === 'ready' ? this.runtimeState.runtime : undefined;
  }

  private get formConfig(): FormConfig | undefined {
    return this.runtime?.config.forms[this.form];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onNetwork = () => (this.online = navigator.onLine);
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    // Leaving or hiding the page: the last keystrokes are saved now, not after the typing pause.
    const onHide = () => {
      if (document.visibilityState === 'hidden') this.machine.send({ type: 'draft.flush' });
    };
    const onPageHide = () => {
      const snapshot = this.machine.snapshot;
      if (snapshot?.matches({ editing: 'dirty' }) || snapshot?.matches({ editing: 'saving' }))
        stashDraft(snapshot.context.draft);
      this.machine.send({ type: 'draft.flush' });
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    this.cleanups.push(() => {
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    });
    // Reconnected after a move in the DOM: start again from storage. (On the first connection the
    // first update starts it, once: starting here too would run two machines over one draft.)
    if (this.hasUpdated && this.runtime) this.startMachine();
  }

  override disconnectedCallback(): void {
    // Removed, moved or its page's route changed: what was typed in the last pause is saved now
    // (the controller stops the machine next, which would cancel the pending save).
    this.machine.send({ type: 'draft.flush' });
    super.disconnectedCallback();
    this.stopSubscriptions();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    clearInterval(this.ticker);
  }

  protected override willUpdate(changed: PropertyValues): void {
    // A new `kind` from the host (or a Storybook control) picks that kind in the running form.
    if (
      changed.has('kind') &&
      this.kind &&
      this.formConfig?.kinds.includes(this.kind) &&
      this.machine.snapshot?.matches('editing')
    )
      this.machine.send({ type: 'draft.kind', kind: this.kind });
    if (changed.has('runtimeState') || changed.has('form')) {
      if (this.runtime) {
        const locale = resolveLocale(this, this.runtime.config.locale);
        void this.runtime.translator(locale).then((t) => (this.i18n = t));
        applyTheme(this, this.runtime.config.theme);
        this.startMachine();
      } else {
        this.stopMachine();
        this.stopSubscriptions();
      }
      if (this.runtimeState.status === 'error') {
        const locale = resolveLocale(this);
        void loadCatalog(locale).then((catalog) => (this.i18n = createTranslator(locale, catalog)));
        const message = this.runtimeState.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
        this.dispatchEvent(new UcErrorEvent({ form: this.form, error: { code: 'config', message } }));
      }
    }
    const queued = this.machine.snapshot?.matches('queued') && this.machine.snapshot.context.queue.state === 'retrying';
    if (queued && !this.ticker) this.ticker = setInterval(() => (this.clock = Date.now()), 1000);
    if (!queued && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private subscriptions: Array<() => void> = [];
  private stopSubscriptions() {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
  }

  /** Stops the machine, first saving a draft that waits for the typing pause (the save goes on without it). */
  private stopMachine(): void {
    this.machine.send({ type: 'draft.flush' });
    this.machine.stop();
  }

  private startMachine(): void {
    this.stopMachine();
    this.stopSubscriptions();
    const runtime = this.runtime;
    const form = this.formConfig;
    if (!runtime || !form) {
      if (runtime && !form && this.reportedFormError !== this.form) {
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
    const { store, outbox, identity, channel, tab } = runtime;
    const site = runtime.config.site;
    const formId = this.form;
    // Everything the form restores is the current user's (or, signed out, this device's): on a shared
    // computer the next person never sees the last one's draft, contact details or queued submission.
    const sub = identity.sub;
    const key = draftKey(site, formId, sub);
    const startedAt = Date.now();
    const contact = contactKey(site, sub);
    const locale = () => this.i18n?.locale ?? resolveLocale(this, runtime.config.locale);

    const machine = feedbackFormMachine.provide({
      actors: {
        restore: fromPromise<RestoreResult, { draftKey: string }>(async ({ input }) => {
          // A machine stopped just before this one (moved in the page, new config, another user) may still be saving.
          await this.lastSave;
          const carry = this.carryDraft;
          this.carryDraft = undefined;
          if (carry) {
            // Typed signed out since this page's form was theirs, then signed in: the same person, so the text
            // follows them (unless they have a newer draft of their own). Older device drafts stay the device's.
            const [typed, theirs] = await Promise.all([store.getDraft(carry.from), store.getDraft(input.draftKey)]);
            if (typed && typed.updatedAt >= carry.since && !(theirs && theirs.updatedAt > typed.updatedAt)) {
              await store.putDraft({ ...typed, key: input.draftKey });
              await store.deleteDraft(carry.from);
            }
          }
          const rescued = peekRescuedDraft(input.draftKey);
          // Found by form and maker rather than by key: items queued before drafts had owners have the device's key.
          const mine = (await store.listOutbox())
            .flatMap((i) =>
              i.op === 'feedback.submit' &&
              i.draft.site === site &&
              i.draft.form === formId &&
              i.endpoint === runtime.backend.endpoint &&
              ('sub' in i.actor ? i.actor.sub : undefined) === sub
                ? [{ ...i, draft: { ...i.draft, key: input.draftKey } }]
                : [],
            )
            .sort((a, b) => b.createdAt - a.createdAt);
          const failed = mine.find((i) => i.state === 'failed');
          if (failed) {
            await store.moveOutboxToDraft(failed.id, failed.draft);
            return {
              type: 'failed',
              draft: failed.draft,
              error: failed.lastError ?? { code: 'internal', message: '' },
            };
          }
          const queued = mine[0];
          if (queued && queued.state !== 'failed')
            return {
              type: 'queued',
              itemId: queued.id,
              draft: queued.draft,
              state: queued.state,
              retryAt: queued.nextAttemptAt,
              error: queued.lastError,
            };
          const draft = await store.getDraft(input.draftKey);
          if (rescued && (!draft || rescued.updatedAt > draft.updatedAt)) {
            const newest = { ...rescued, files: draft?.files ?? [] };
            await store.putDraft(newest);
            dropRescuedDraft(input.draftKey);
            return { type: 'draft', draft: newest };
          }
          if (rescued) dropRescuedDraft(input.draftKey);
          return draft ? { type: 'draft', draft } : { type: 'none' };
        }),
        saveDraft: fromPromise<void, { draft: Draft }>(async ({ input }) => {
          const saving = store.putDraft(input.draft);
          this.lastSave = saving.catch(() => undefined);
          await saving;
          channel.post({ type: 'draft.saved', key, tab, updatedAt: input.draft.updatedAt }, { others: true });
        }),
        deleteDraft: fromPromise<void, { draftKey: string }>(async ({ input }) => {
          await store.deleteDraft(input.draftKey);
          channel.post({ type: 'draft.deleted', key: input.draftKey, tab }, { others: true });
        }),
        enqueue: fromPromise<{ itemId: string }, { draft: Draft }>(async ({ input }) => {
          const details = contactOf(form, input.draft.fields);
          if (input.draft.remember && Object.keys(details).length) await store.putValue(contact, details);
          else if (!input.draft.remember && (await store.getValue(contact)) !== undefined)
            await store.putValue(contact, undefined);
          const item = await submitDraft(outbox, input.draft, locale());
          channel.post({ type: 'draft.deleted', key: input.draft.key, tab }, { others: true });
          return { itemId: item.id };
        }),
        withdraw: fromPromise<'removed' | 'requested', { itemId: string; submissionId: string | undefined }>(
          async ({ input }) => {
            const result = await withdrawSubmission(outbox, input.itemId, input.submissionId);
            if (result === 'unknown') throw new Error('nothing to withdraw');
            return result;
          },
        ),
      },
      actions: {
        returnItemToDraft: (_, params) => {
          if (params.itemId) void store.moveOutboxToDraft(params.itemId, params.draft);
        },
      },
    });

    const actor = createActor(machine, {
      input: {
        form,
        site,
        formId,
        draftKey: key,
        tab,
        prefill: prefillFor(form, identity.profile, {}),
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

    const sendPrefill = async () => {
      const remembered = (await store.getValue(contact).catch(() => undefined)) as Record<string, string> | undefined;
      actor.send({
        type: 'identity.prefill',
        prefill: prefillFor(form, identity.profile, remembered && typeof remembered === 'object' ? remembered : {}),
      });
    };
    void sendPrefill();
    // Another person signed in, or the user signed out: the form becomes theirs (the last one's draft is
    // saved first and stays on the device for them). The same person again only refreshes the prefill.
    this.subscriptions.push(
      identity.onChange(() => {
        if (identity.sub === sub) return void sendPrefill();
        this.carryDraft = sub === undefined ? { from: key, since: startedAt } : undefined;
        this.startMachine();
      }),
    );
    this.subscriptions.push(channel.subscribe((message) => void this.onTabMessage(message, runtime, key)));
    this.memoryOnly = !store.persistent;
    this.subscriptions.push(store.onDegrade(() => (this.memoryOnly = true)));
  }

  private async onTabMessage(message: TabMessage, runtime: Runtime, key: string): Promise<void> {
    const itemId = this.machine.snapshot?.context.itemId;
    const mine = 'id' in message && itemId !== undefined && (message.id === itemId || message.id === `${itemId}-w`);
    switch (message.type) {
      case 'draft.saved':
        if (message.key === key && message.tab !== runtime.tab) {
          const draft = await runtime.store.getDraft(key);
          if (draft) this.machine.send({ type: 'draft.external', draft });
        }
        return;
      case 'draft.deleted':
        if (message.key === key && message.tab !== runtime.tab)
          this.machine.send({ type: 'draft.external', draft: undefined });
        return;
      case 'outbox.changed':
        if (mine)
          this.machine.send({
            type: 'outbox.changed',
            state: message.state,
            retryAt: message.nextAttemptAt,
            error: message.error,
          });
        return;
      case 'outbox.delivered':
        if (mine) this.machine.send({ type: 'outbox.delivered', receipt: message.receipt });
        return;
      case 'outbox.failed':
        if (mine) this.machine.send({ type: 'outbox.failed', error: message.error });
        return;
      default:
        return;
    }
  }

  // ── rendering ────────────────────────────────────────────────────────────

  override render() {
    const i18n = this.i18n;
    if (this.runtimeState.status === 'error' || (this.runtime && !this.formConfig)) return this.renderConfigError(i18n);
    const snapshot = this.machine.snapshot;
    if (!i18n || !snapshot || snapshot.matches('restoring')) return html`<div part="base" aria-busy="true"></div>`;
    return html`<div part="base">
      <h2>${this.formConfig?.title ? i18n.text(this.formConfig.title) : i18n.t('form.title')}</h2>
      ${this.memoryOnly ? html`<p part="notice" role="status">${i18n.t('storage.memory')}</p>` : nothing}
      ${this.renderBody(i18n)}
    </div>`;
  }

  private renderConfigError(i18n: Translator | undefined): TemplateResult {
    const problems =
      this.runtimeState.status === 'error'
        ? this.runtimeState.problems
        : [{ path: 'form', message: `no form "${this.form}"` }];
    return configErrorView(
      i18n?.t('error.config') ?? 'usercare cannot show this form: its configuration has errors.',
      problems,
    );
  }

  private renderBody(i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const ctx = snapshot.context;
    if (snapshot.matches('queued') || snapshot.matches('withdrawRequested') || snapshot.matches('withdrawing')) {
      return html`<div part="queue" role="status">${this.queueMessage(i18n)}</div>
        ${
          snapshot.matches('queued')
            ? html`<div class="actions"><button type="button" @click=${() => this.machine.send({ type: 'withdraw' })}>${i18n.t('receipt.withdraw')}</button></div>`
            : nothing
        }`;
    }
    if (snapshot.matches('delivered') && ctx.receipt) {
      return html`<div part="receipt" role="status">
          <p><strong>${i18n.t('receipt.title')}</strong></p>
          <p>${i18n.t('receipt.tracking', { number: ctx.receipt.trackingNumber })}</p>
          <p>${i18n.t('receipt.time', { time: i18n.dateTime(ctx.receipt.receivedAt) })}</p>
          ${
            ctx.receipt.replyBy
              ? html`<p>${i18n.t('receipt.replyBy', { days: ctx.receipt.replyBy.workingDays, time: i18n.dateTime(ctx.receipt.replyBy.due) })}</p>`
              : nothing
          }
          ${
            this.runtime?.config.trackerUrl
              ? html`<p><a href=${`${this.runtime.config.trackerUrl}#uc-complaint=${encodeURIComponent(ctx.receipt.id)}`}>${i18n.t('receipt.follow')}</a></p>`
              : nothing
          }
        </div>
        ${ctx.failure ? html`<p part="error" role="alert">${this.failureText(i18n, ctx.failure)}</p>` : nothing}
        <div class="actions">
          <button type="button" @click=${() => this.machine.send({ type: 'form.new' })}>${i18n.t('receipt.new')}</button>
          ${
            ctx.receipt.status === 'submitted' && !ctx.failure
              ? html`<button type="button" @click=${() => this.machine.send({ type: 'withdraw' })}>${i18n.t('receipt.withdraw')}</button>`
              : nothing
          }
        </div>`;
    }
    if (snapshot.matches('withdrawn')) {
      return html`<p part="receipt" role="status">${i18n.t(ctx.withdrawal === 'removed' ? 'withdraw.queued' : 'withdraw.done')}</p>
        <div class="actions"><button type="button" @click=${() => this.machine.send({ type: 'form.new' })}>${i18n.t('receipt.new')}</button></div>`;
    }
    return this.renderForm(i18n);
  }

  private queueMessage(i18n: Translator): string {
    const snapshot = this.machine.snapshot!;
    if (snapshot.matches('withdrawing')) return i18n.t('queue.sending');
    const { queue } = snapshot.context;
    if (!this.online) return i18n.t('queue.offline');
    if (queue.state === 'held') return i18n.t('queue.auth');
    if (queue.state === 'retrying')
      return i18n.t('queue.retrying', { seconds: Math.max(1, Math.ceil((queue.retryAt - this.clock) / 1000)) });
    return i18n.t('queue.sending');
  }

  private failureText(i18n: Translator, failure: StoredError): string {
    if (failure.code === 'not_withdrawable') return i18n.t('withdraw.refused');
    // Ours (payload_too_large) or a proxy's page in front of it: the same bytes would be refused again.
    if (failure.status === 413) return i18n.t('error.tooLarge');
    return i18n.t('error.rejected', { message: failure.message });
  }

  /**
   * A field error in the user's language, with the limits of whoever checked it (this page or the
   * server, whose config may be newer). Without the numbers a message needs, the checker's own words.
   */
  private fieldErrorText(i18n: Translator, error: FieldError): string {
    const key = `field.${error.code}` as MessageKey;
    const template = i18n.t(key);
    const params: Record<string, string | number> = { ...error.params };
    if (typeof params.size === 'number') params.size = i18n.bytes(params.size);
    const needed = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (template === key || needed.some((p) => params[p] === undefined))
      return error.message || i18n.t('field.invalid');
    return i18n.t(key, params);
  }

  private renderForm(i18n: Translator): TemplateResult {
    const snapshot = this.machine.snapshot!;
    const { draft, errors, restored, discarded, replacedByOtherTab, failure } = snapshot.context;
    const form = this.formConfig!;
    const errorFor = (path: string) => {
      const e = errors.find((x) => x.path === path);
      return e && this.fieldErrorText(i18n, e);
    };
    const saving = snapshot.matches({ editing: 'saving' }) || snapshot.matches({ editing: 'dirty' });
    const saved = snapshot.matches({ editing: 'saved' });
    const hasPersonal = form.fields.some((f) => f.personal);
    const submitting = snapshot.matches('submitting');
    return html`
      ${
        restored
          ? html`<div part="notice" role="status">${i18n.t('draft.restored')}
            <button type="button" @click=${() => this.machine.send({ type: 'draft.discard' })}>${i18n.t('draft.discard')}</button></div>`
          : nothing
      }
      ${
        discarded
          ? html`<div part="notice" role="status">${i18n.t('draft.discarded')}
            <button type="button" @click=${() => this.machine.send({ type: 'draft.undo' })}>${i18n.t('draft.undo')}</button></div>`
          : nothing
      }
      ${replacedByOtherTab ? html`<p part="notice" role="status">${i18n.t('draft.otherTab')}</p>` : nothing}
      ${failure ? html`<p part="error" role="alert">${this.failureText(i18n, failure)}</p>` : nothing}
      <div role="alert" class=${errors.length ? '' : 'visually-hidden'}>
        ${errors.length ? html`<p part="error">${i18n.t('form.errors', { count: errors.length })}</p>` : nothing}
      </div>
      <form part="form" novalidate @submit=${this.onSubmit}>
        ${
          form.kinds.length > 1
            ? html`<fieldset part="field">
              <legend>${i18n.t('form.kind')}</legend>
              <div class="choices">
                ${form.kinds.map(
                  (k) => html`<label><input type="radio" name="kind" value=${k} .checked=${draft.kind === k}
                    @change=${() => this.machine.send({ type: 'draft.kind', kind: k })} />${i18n.t(`kind.${k}`)}</label>`,
                )}
              </div>
            </fieldset>`
            : nothing
        }
        <div part="field">
          <label for="f-category">${i18n.t('form.category')} <span class="required" aria-hidden="true">*</span></label>
          <select id="f-category" required aria-invalid=${errorFor('category') ? 'true' : 'false'}
            aria-describedby=${errorFor('category') ? 'f-category-error' : nothing}
            @change=${(e: Event) => this.machine.send({ type: 'draft.category', category: (e.target as HTMLSelectElement).value })}>
            <option value="" ?selected=${!draft.category}>${i18n.t('form.choose')}</option>
            ${form.categories.map((c) => html`<option value=${c.id} ?selected=${draft.category === c.id}>${i18n.text(c.label)}</option>`)}
          </select>
          ${errorFor('category') ? html`<p part="field-error" id="f-category-error">${errorFor('category')}</p>` : nothing}
        </div>
        ${form.fields.map((field) =>
          renderField({
            field,
            value: draft.fields[field.name],
            files: draft.files.filter((f) => f.field === field.name),
            error: errorFor(`fields.${field.name}`),
            i18n,
            on: {
              change: (name, value) => {
                this.runtime?.store.warm();
                this.machine.send({ type: 'draft.change', name, value });
              },
              addFiles: (name, files) => this.onFiles(name, files),
              removeFile: (id) => this.machine.send({ type: 'draft.files.remove', id }),
            },
          }),
        )}
        ${
          hasPersonal
            ? html`<label class="choices"><input type="checkbox" .checked=${draft.remember}
              @change=${(e: Event) => this.machine.send({ type: 'draft.remember', remember: (e.target as HTMLInputElement).checked })} />${i18n.t('form.remember')}</label>`
            : nothing
        }
        <div class="actions">
          <button part="submit" class="primary" type="submit" ?disabled=${submitting}>${i18n.t(submitting ? 'form.submitting' : 'form.submit')}</button>
          <p part="draft-status" role="status">${saving ? i18n.t('draft.saving') : saved ? i18n.t('draft.saved') : ''}</p>
        </div>
      </form>
    `;
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
