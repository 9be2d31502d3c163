/**
 * What the feedback form shows: the form with its fields and draft notices,
 * the queue while a submission waits to be sent, the receipt, and a
 * withdrawal. The element passes the machine's snapshot and its handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { EventFrom, SnapshotFrom } from 'xstate';
import type { FormConfig } from '../../src/config/schema';
import type { FieldError } from '../../src/contract/errors';
import type { MessageKey, Translator } from '../../src/i18n/index';
import type { StoredError } from '../../src/storage/records';
import type { FeedbackFormMachine } from '../../machines/feedback-form.machine';
import { renderField } from '../shared/field-renderers';

export interface FormScreen {
  i18n: Translator;
  snapshot: SnapshotFrom<FeedbackFormMachine>;
  send(event: EventFrom<FeedbackFormMachine>): void;
  form: FormConfig;
  online: boolean;
  /** now, for the retry countdown */
  clock: number;
  trackerUrl: string | undefined;
  onSubmit(event: Event): void;
  addFiles(field: string, files: File[]): void;
  /** the user started typing: open the database now, so the first save is quick */
  warm(): void;
}

export function renderBody(screen: FormScreen): TemplateResult {
  const { i18n } = screen;
  const snapshot = screen.snapshot;
  const ctx = snapshot.context;
  if (snapshot.matches('queued') || snapshot.matches('withdrawRequested') || snapshot.matches('withdrawing')) {
    return html`<div part="queue" role="status">${queueMessage(screen)}</div>
      ${
        snapshot.matches('queued')
          ? html`<div class="actions"><button type="button" @click=${() => screen.send({ type: 'withdraw' })}>${i18n.t('receipt.withdraw')}</button></div>`
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
          screen.trackerUrl
            ? html`<p><a href=${`${screen.trackerUrl}#uc-complaint=${encodeURIComponent(ctx.receipt.id)}`}>${i18n.t('receipt.follow')}</a></p>`
            : nothing
        }
      </div>
      ${ctx.failure ? html`<p part="error" role="alert">${failureText(screen, ctx.failure)}</p>` : nothing}
      <div class="actions">
        <button type="button" @click=${() => screen.send({ type: 'form.new' })}>${i18n.t('receipt.new')}</button>
        ${
          ctx.receipt.status === 'submitted' && !ctx.failure
            ? html`<button type="button" @click=${() => screen.send({ type: 'withdraw' })}>${i18n.t('receipt.withdraw')}</button>`
            : nothing
        }
      </div>`;
  }
  if (snapshot.matches('withdrawn')) {
    return html`<p part="receipt" role="status">${i18n.t(ctx.withdrawal === 'removed' ? 'withdraw.queued' : 'withdraw.done')}</p>
      <div class="actions"><button type="button" @click=${() => screen.send({ type: 'form.new' })}>${i18n.t('receipt.new')}</button></div>`;
  }
  return renderForm(screen);
}

function queueMessage(screen: FormScreen): string {
  const { i18n } = screen;
  const snapshot = screen.snapshot;
  if (snapshot.matches('withdrawing')) return i18n.t('queue.sending');
  const { queue } = snapshot.context;
  if (!screen.online) return i18n.t('queue.offline');
  if (queue.state === 'held') return i18n.t('queue.auth');
  if (queue.state === 'retrying')
    return i18n.t('queue.retrying', { seconds: Math.max(1, Math.ceil((queue.retryAt - screen.clock) / 1000)) });
  return i18n.t('queue.sending');
}

function failureText(screen: FormScreen, failure: StoredError): string {
  const { i18n } = screen;
  if (failure.code === 'not_withdrawable') return i18n.t('withdraw.refused');
  // Ours (payload_too_large) or a proxy's page in front of it: the same bytes would be refused again.
  if (failure.status === 413) return i18n.t('error.tooLarge');
  return i18n.t('error.rejected', { message: failure.message });
}

/**
 * A field error in the user's language, with the limits of whoever checked it (this page or the
 * server, whose config may be newer). Without the numbers a message needs, the checker's own words.
 */
function fieldErrorText(screen: FormScreen, error: FieldError): string {
  const { i18n } = screen;
  const key = `field.${error.code}` as MessageKey;
  const template = i18n.t(key);
  const params: Record<string, string | number> = { ...error.params };
  if (typeof params.size === 'number') params.size = i18n.bytes(params.size);
  const needed = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (template === key || needed.some((p) => params[p] === undefined)) return error.message || i18n.t('field.invalid');
  return i18n.t(key, params);
}

function renderForm(screen: FormScreen): TemplateResult {
  const { i18n } = screen;
  const snapshot = screen.snapshot;
  const { draft, errors, restored, discarded, replacedByOtherTab, failure } = snapshot.context;
  const form = screen.form;
  const errorFor = (path: string) => {
    const e = errors.find((x) => x.path === path);
    return e && fieldErrorText(screen, e);
  };
  const saving = snapshot.matches({ editing: 'saving' }) || snapshot.matches({ editing: 'dirty' });
  const saved = snapshot.matches({ editing: 'saved' });
  const hasPersonal = form.fields.some((f) => f.personal);
  const submitting = snapshot.matches('submitting');
  return html`
    ${
      restored
        ? html`<div part="notice" role="status">${i18n.t('draft.restored')}
          <button type="button" @click=${() => screen.send({ type: 'draft.discard' })}>${i18n.t('draft.discard')}</button></div>`
        : nothing
    }
    ${
      discarded
        ? html`<div part="notice" role="status">${i18n.t('draft.discarded')}
          <button type="button" @click=${() => screen.send({ type: 'draft.undo' })}>${i18n.t('draft.undo')}</button></div>`
        : nothing
    }
    ${replacedByOtherTab ? html`<p part="notice" role="status">${i18n.t('draft.otherTab')}</p>` : nothing}
    ${failure ? html`<p part="error" role="alert">${failureText(screen, failure)}</p>` : nothing}
    <div role="alert" class=${errors.length ? '' : 'visually-hidden'}>
      ${errors.length ? html`<p part="error">${i18n.t('form.errors', { count: errors.length })}</p>` : nothing}
    </div>
    <form part="form" novalidate @submit=${screen.onSubmit}>
      ${
        form.kinds.length > 1
          ? html`<fieldset part="field">
            <legend>${i18n.t('form.kind')}</legend>
            <div class="choices">
              ${form.kinds.map(
                (k) => html`<label><input type="radio" name="kind" value=${k} .checked=${draft.kind === k}
                  @change=${() => screen.send({ type: 'draft.kind', kind: k })} />${i18n.t(`kind.${k}`)}</label>`,
              )}
            </div>
          </fieldset>`
          : nothing
      }
      <div part="field">
        <label for="f-category">${i18n.t('form.category')} <span class="required" aria-hidden="true">*</span></label>
        <select id="f-category" required aria-invalid=${errorFor('category') ? 'true' : 'false'}
          aria-describedby=${errorFor('category') ? 'f-category-error' : nothing}
          @change=${(e: Event) => screen.send({ type: 'draft.category', category: (e.target as HTMLSelectElement).value })}>
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
              screen.warm();
              screen.send({ type: 'draft.change', name, value });
            },
            addFiles: (name, files) => screen.addFiles(name, files),
            removeFile: (id) => screen.send({ type: 'draft.files.remove', id }),
          },
        }),
      )}
      ${
        hasPersonal
          ? html`<label class="choices"><input type="checkbox" .checked=${draft.remember}
            @change=${(e: Event) => screen.send({ type: 'draft.remember', remember: (e.target as HTMLInputElement).checked })} />${i18n.t('form.remember')}</label>`
          : nothing
      }
      <div class="actions">
        <button part="submit" class="primary" type="submit" ?disabled=${submitting}>${i18n.t(submitting ? 'form.submitting' : 'form.submit')}</button>
        <p part="draft-status" role="status">${saving ? i18n.t('draft.saving') : saved ? i18n.t('draft.saved') : ''}</p>
      </div>
    </form>
  `;
}
