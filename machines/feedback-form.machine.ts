/**
 * The feedback form's behaviour, pure: no DOM, no fetch, no IndexedDB.
 * Effects (storage, the outbox) are stub actors here; the element supplies
 * the real ones with `.provide()`, tests supply their own.
 *
 * editing ──form.submit (valid)──▶ submitting ──▶ queued ──outbox.delivered──▶ delivered
 *    ▲                                              │ outbox.failed (4xx)          │ withdraw
 *    └──────────────── field errors ◀───────────────┘                              ▼
 *                                            withdrawing ──▶ withdrawn   (also from queued)
 */
import { assign, emit, fromPromise } from 'xstate';
import { setup } from './lean-setup';
import type { Receipt } from '../src/contract/feedback';
import type { FieldError } from '../src/contract/errors';
import type { FieldValue, Kind } from '../src/contract/common';
import type { FormConfig } from '../src/config/schema';
import { checkFiles, validateValues } from '../src/config/validate-values';
import type { Draft, DraftFile, StoredError } from './feedback-form.types';
import { DRAFT_SAVE_DELAY_MS } from './draft-timing';

/** Whether the browser is offline is the element's to know (online/offline events), not the machine's. */
export type QueueState = 'sending' | 'retrying' | 'held';

export interface FeedbackFormInput {
  form: FormConfig;
  site: string;
  formId: string;
  draftKey: string;
  tab: string;
  /** values for empty personal fields: from the host's identity, or remembered contact details */
  prefill: Record<string, string>;
  /** preselected kind (the element's `kind` attribute) */
  kind?: Kind;
  now: () => number;
}

export interface FeedbackFormContext extends FeedbackFormInput {
  draft: Draft;
  errors: FieldError[];
  /** the draft came back from an earlier visit */
  restored: boolean;
  /** kept so "discard" can be undone */
  discarded: Draft | undefined;
  /** another tab changed this draft and we now show its version */
  replacedByOtherTab: boolean;
  itemId: string | undefined;
  queue: { state: QueueState; retryAt: number; error: StoredError | undefined };
  receipt: Receipt | undefined;
  /** a failure that is not about one field */
  failure: StoredError | undefined;
  withdrawal: 'removed' | 'requested' | undefined;
}

/** What `restore` finds when the element connects. */
export type RestoreResult =
  | { type: 'none' }
  | { type: 'draft'; draft: Draft }
  | { type: 'queued'; itemId: string; draft: Draft; state: 'pending' | 'held'; retryAt: number; error?: StoredError }
  | { type: 'failed'; draft: Draft; error: StoredError };

export type FeedbackFormEvent =
  | { type: 'draft.change'; name: string; value: FieldValue }
  | { type: 'draft.kind'; kind: Kind }
  | { type: 'draft.category'; category: string }
  | { type: 'draft.remember'; remember: boolean }
  | { type: 'draft.files.add'; field: string; files: DraftFile[] }
  | { type: 'draft.files.remove'; id: string }
  | { type: 'draft.discard' }
  | { type: 'draft.undo' }
  /** the page is being hidden or left: save now rather than after the pause */
  | { type: 'draft.flush' }
  | { type: 'draft.external'; draft: Draft | undefined }
  | { type: 'identity.prefill'; prefill: Record<string, string> }
  | { type: 'form.submit' }
  | { type: 'form.new' }
  | { type: 'outbox.changed'; state: 'pending' | 'held' | 'failed'; retryAt: number; error?: StoredError }
  | { type: 'outbox.delivered'; receipt?: Receipt }
  | { type: 'outbox.failed'; error: StoredError }
  | { type: 'withdraw' };

export type FeedbackFormEmitted =
  | { type: 'draft.saved'; draft: Draft }
  | { type: 'submitted'; itemId: string }
  | { type: 'delivered'; receipt: Receipt }
  | { type: 'withdrawn'; how: 'removed' | 'requested' }
  | { type: 'error'; error: StoredError };

export function emptyDraft(
  input: Pick<FeedbackFormInput, 'form' | 'site' | 'formId' | 'draftKey' | 'tab' | 'prefill' | 'kind' | 'now'>,
): Draft {
  const fields: Record<string, FieldValue> = {};
  for (const field of input.form.fields) {
    const value = input.prefill[field.name];
    if (field.personal && value) fields[field.name] = value;
  }
  return {
    key: input.draftKey,
    site: input.site,
    form: input.formId,
    kind: input.kind && input.form.kinds.includes(input.kind) ? input.kind : input.form.kinds[0],
    category: input.form.categories.length === 1 ? input.form.categories[0]?.id : undefined,
    fields,
    files: [],
    remember: false,
    updatedAt: input.now(),
    tab: input.tab,
  };
}

/**
 * The draft with its empty personal fields filled from the identity (the
 * prefill may arrive before or after a draft is restored; what the user
 * typed is never replaced).
 */
function withPrefill(draft: Draft, form: FormConfig, prefill: Record<string, string>): Draft {
  const fields = { ...draft.fields };
  for (const field of form.fields) {
    const value = prefill[field.name];
    if (field.personal && value && !fields[field.name]) fields[field.name] = value;
  }
  return { ...draft, fields };
}

/** Does the draft hold anything the user wrote (beyond prefill)? Empty drafts are not worth restoring. */
export function hasContent(draft: Draft, prefill: Record<string, string>): boolean {
  return (
    draft.files.length > 0 ||
    Object.entries(draft.fields).some(
      ([name, v]) => v !== '' && v !== false && !(Array.isArray(v) && !v.length) && prefill[name] !== v,
    )
  );
}

const errorsFromFailure = (error: StoredError): FieldError[] => error.fields ?? [];

/** The same check the server runs, so nothing invalid is queued. */
function problemsOf(context: FeedbackFormContext): FieldError[] {
  const { draft } = context;
  return validateValues(context.form, {
    kind: draft.kind ?? '',
    category: draft.category ?? '',
    fields: draft.fields,
    attachments: draft.files,
  });
}

export const feedbackFormMachine = setup({
  types: {
    context: {} as FeedbackFormContext,
    events: {} as FeedbackFormEvent,
    input: {} as FeedbackFormInput,
    emitted: {} as FeedbackFormEmitted,
  },
  delays: { SAVE_DELAY: DRAFT_SAVE_DELAY_MS },
  actors: {
    restore: fromPromise<RestoreResult, { draftKey: string }>(async () => ({ type: 'none' })),
    saveDraft: fromPromise<void, { draft: Draft }>(async () => undefined),
    deleteDraft: fromPromise<void, { draftKey: string }>(async () => undefined),
    enqueue: fromPromise<{ itemId: string }, { draft: Draft }>(async () => ({ itemId: 'stub' })),
    withdraw: fromPromise<'removed' | 'requested', { itemId: string; submissionId: string | undefined }>(
      async () => 'removed',
    ),
  },
  actions: {
    /** The item the server refused goes back to being the draft, so the user can fix it. */
    returnItemToDraft: (_, _params: { itemId: string | undefined; draft: Draft }) => undefined,
    setField: assign(({ context, event }) => {
      if (event.type !== 'draft.change') return {};
      return {
        draft: {
          ...context.draft,
          fields: { ...context.draft.fields, [event.name]: event.value },
          updatedAt: context.now(),
          tab: context.tab,
        },
        errors: context.errors.filter((e) => e.path !== `fields.${event.name}`),
      };
    }),
    setKind: assign(({ context, event }) =>
      event.type === 'draft.kind'
        ? { draft: { ...context.draft, kind: event.kind, updatedAt: context.now(), tab: context.tab } }
        : {},
    ),
    setCategory: assign(({ context, event }) =>
      event.type === 'draft.category'
        ? {
            draft: { ...context.draft, category: event.category, updatedAt: context.now(), tab: context.tab },
            errors: context.errors.filter((e) => e.path !== 'category'),
          }
        : {},
    ),
    setRemember: assign(({ context, event }) =>
      event.type === 'draft.remember'
        ? { draft: { ...context.draft, remember: event.remember, updatedAt: context.now(), tab: context.tab } }
        : {},
    ),
    addFiles: assign(({ context, event }) => {
      if (event.type !== 'draft.files.add') return {};
      const field = context.form.fields.find((f) => f.name === event.field && f.type === 'file');
      if (!field) return {};
      const existing = context.draft.files.filter((f) => f.field === field.name).length;
      const problems = checkFiles(field, existing, event.files);
      const path = `fields.${field.name}`;
      const others = context.errors.filter((e) => e.path !== path);
      if (problems.length) return { errors: [...others, ...problems] };
      return {
        errors: others,
        draft: {
          ...context.draft,
          files: [...context.draft.files, ...event.files],
          updatedAt: context.now(),
          tab: context.tab,
        },
      };
    }),
    removeFile: assign(({ context, event }) =>
      event.type === 'draft.files.remove'
        ? {
            draft: {
              ...context.draft,
              files: context.draft.files.filter((f) => f.id !== event.id),
              updatedAt: context.now(),
              tab: context.tab,
            },
          }
        : {},
    ),
    validate: assign(({ context }) => ({ errors: problemsOf(context) })),
    discard: assign(({ context }) => ({
      discarded: context.draft,
      draft: emptyDraft(context),
      restored: false,
      errors: [],
    })),
    undoDiscard: assign(({ context }) => ({ draft: context.discarded ?? context.draft, discarded: undefined })),
    takeExternal: assign(({ context, event }) => {
      if (event.type !== 'draft.external') return {};
      return { draft: event.draft ?? emptyDraft(context), replacedByOtherTab: true, restored: false };
    }),
    prefill: assign(({ context, event }) => {
      if (event.type !== 'identity.prefill') return {};
      return { prefill: event.prefill, draft: withPrefill(context.draft, context.form, event.prefill) };
    }),
    fresh: assign(({ context }) => ({
      draft: emptyDraft(context),
      errors: [],
      restored: false,
      discarded: undefined,
      replacedByOtherTab: false,
      itemId: undefined,
      receipt: undefined,
      failure: undefined,
      withdrawal: undefined,
    })),
    trackQueue: assign(({ event }) => {
      if (event.type !== 'outbox.changed') return {};
      const state: QueueState = event.state === 'held' ? 'held' : event.error ? 'retrying' : 'sending';
      return { queue: { state, retryAt: event.retryAt, error: event.error } };
    }),
    emitSaved: emit(({ context }) => ({ type: 'draft.saved' as const, draft: context.draft })),
    keepReceipt: assign(({ event }) => (event.type === 'outbox.delivered' ? { receipt: event.receipt } : {})),
    /** after keepReceipt */
    emitDelivered: emit(({ context }) => ({ type: 'delivered' as const, receipt: context.receipt! })),
  },
  guards: {
    submittable: ({ context }) => problemsOf(context).length === 0,
    hasDiscarded: ({ context }) => context.discarded !== undefined,
    isNewer: ({ context, event }) =>
      event.type === 'draft.external' && (event.draft === undefined || event.draft.updatedAt > context.draft.updatedAt),
    fieldErrors: ({ event }) => event.type === 'outbox.failed' && (event.error.fields?.length ?? 0) > 0,
    /** the submission's own delivery (it carries the receipt), not yet known here */
    newReceipt: ({ context, event }) =>
      event.type === 'outbox.delivered' && event.receipt !== undefined && !context.receipt,
  },
}).createMachine({
  id: 'feedbackForm',
  context: ({ input }) => ({
    ...input,
    draft: emptyDraft(input),
    errors: [],
    restored: false,
    discarded: undefined,
    replacedByOtherTab: false,
    itemId: undefined,
    queue: { state: 'sending', retryAt: 0, error: undefined },
    receipt: undefined,
    failure: undefined,
    withdrawal: undefined,
  }),
  initial: 'restoring',
  on: {
    'identity.prefill': { actions: 'prefill' },
  },
  states: {
    restoring: {
      invoke: {
        id: 'restore',
        src: 'restore',
        input: ({ context }) => ({ draftKey: context.draftKey }),
        onDone: [
          {
            guard: ({ event }) => event.output.type === 'queued',
            target: 'queued',
            actions: assign(({ event }) => {
              const r = event.output as Extract<RestoreResult, { type: 'queued' }>;
              return {
                draft: r.draft,
                itemId: r.itemId,
                queue: {
                  state:
                    r.state === 'held' ? ('held' as const) : r.error ? ('retrying' as const) : ('sending' as const),
                  retryAt: r.retryAt,
                  error: r.error,
                },
              };
            }),
          },
          {
            guard: ({ event }) => event.output.type === 'failed',
            target: 'editing',
            actions: assign(({ event, context }) => {
              const r = event.output as Extract<RestoreResult, { type: 'failed' }>;
              return {
                draft: withPrefill(r.draft, context.form, context.prefill),
                restored: true,
                errors: errorsFromFailure(r.error),
                failure: r.error.fields?.length ? undefined : r.error,
              };
            }),
          },
          {
            guard: ({ event }) => event.output.type === 'draft',
            target: 'editing',
            actions: assign(({ event, context }) => {
              const { draft } = event.output as Extract<RestoreResult, { type: 'draft' }>;
              return {
                draft: withPrefill(draft, context.form, context.prefill),
                restored: hasContent(draft, context.prefill),
              };
            }),
          },
          { target: 'editing' },
        ],
        // Storage failing to read is not the user's problem: start a fresh form.
        onError: { target: 'editing' },
      },
    },
    editing: {
      initial: 'clean',
      on: {
        'draft.change': { target: '.dirty', reenter: true, actions: 'setField' },
        'draft.kind': { target: '.dirty', reenter: true, actions: 'setKind' },
        'draft.category': { target: '.dirty', reenter: true, actions: 'setCategory' },
        'draft.remember': { target: '.dirty', reenter: true, actions: 'setRemember' },
        'draft.files.add': { target: '.dirty', reenter: true, actions: 'addFiles' },
        'draft.files.remove': { target: '.dirty', reenter: true, actions: 'removeFile' },
        'draft.discard': { target: '.discarding', actions: 'discard' },
        'draft.undo': { guard: 'hasDiscarded', target: '.saving', actions: 'undoDiscard' },
        'draft.external': { guard: 'isNewer', target: '.clean', actions: 'takeExternal' },
        'form.submit': [{ guard: 'submittable', target: 'submitting', actions: 'validate' }, { actions: 'validate' }],
      },
      states: {
        clean: {},
        saved: {},
        dirty: {
          after: { SAVE_DELAY: 'saving' },
          on: { 'draft.flush': 'saving' },
        },
        saving: {
          invoke: {
            id: 'saveDraft',
            src: 'saveDraft',
            input: ({ context }) => ({ draft: context.draft }),
            onDone: { target: 'saved', actions: 'emitSaved' },
            // Storage degraded to memory or failed: the form keeps working; the element says so once.
            onError: { target: 'clean' },
          },
        },
        discarding: {
          invoke: {
            id: 'deleteDraft',
            src: 'deleteDraft',
            input: ({ context }) => ({ draftKey: context.draftKey }),
            onDone: 'clean',
            onError: 'clean',
          },
        },
      },
    },
    submitting: {
      invoke: {
        id: 'enqueue',
        src: 'enqueue',
        input: ({ context }) => ({ draft: context.draft }),
        onDone: {
          target: 'queued',
          actions: [
            assign(({ event }) => ({
              itemId: event.output.itemId,
              restored: false,
              discarded: undefined,
              failure: undefined,
              queue: { state: 'sending' as const, retryAt: 0, error: undefined },
            })),
            emit(({ event }) => ({ type: 'submitted' as const, itemId: event.output.itemId })),
          ],
        },
        onError: {
          target: 'editing',
          actions: [
            assign(({ event }) => ({ failure: { code: 'internal' as const, message: String(event.error) } })),
            emit(({ event }) => ({
              type: 'error' as const,
              error: { code: 'internal' as const, message: String(event.error) },
            })),
          ],
        },
      },
    },
    queued: {
      on: {
        'outbox.changed': { actions: 'trackQueue' },
        'outbox.delivered': { guard: 'newReceipt', target: 'delivered', actions: ['keepReceipt', 'emitDelivered'] },
        'outbox.failed': {
          target: 'editing',
          actions: [
            assign(({ event }) => ({
              errors: errorsFromFailure(event.error),
              failure: event.error.fields?.length ? undefined : event.error,
            })),
            { type: 'returnItemToDraft', params: ({ context }) => ({ itemId: context.itemId, draft: context.draft }) },
            assign({ itemId: undefined }),
            emit(({ event }) => ({ type: 'error' as const, error: event.error })),
          ],
        },
        withdraw: 'withdrawing',
      },
    },
    delivered: {
      on: {
        withdraw: 'withdrawing',
        'form.new': { target: 'editing', actions: 'fresh' },
      },
    },
    withdrawing: {
      on: {
        // The send the withdrawal waits for went through meanwhile: the server has it, so the receipt is
        // kept and the withdrawal (which finds the submission by its item id) goes to the server.
        'outbox.delivered': { guard: 'newReceipt', actions: ['keepReceipt', 'emitDelivered'] },
      },
      invoke: {
        id: 'withdraw',
        src: 'withdraw',
        input: ({ context }) => ({ itemId: context.itemId ?? '', submissionId: context.receipt?.id }),
        onDone: [
          {
            guard: ({ event }) => event.output === 'removed',
            target: 'withdrawn',
            actions: [
              assign({ withdrawal: 'removed' as const }),
              emit({ type: 'withdrawn' as const, how: 'removed' as const }),
            ],
          },
          { target: 'withdrawRequested', actions: assign({ withdrawal: 'requested' as const }) },
        ],
        onError: [
          {
            guard: ({ context }) => context.receipt !== undefined,
            target: 'delivered',
            actions: assign(({ event }) => ({ failure: { code: 'internal' as const, message: String(event.error) } })),
          },
          { target: 'queued' },
        ],
      },
    },
    /** The withdraw request is in the outbox; it is final once the server confirms. */
    withdrawRequested: {
      on: {
        'outbox.changed': { actions: 'trackQueue' },
        'outbox.delivered': [
          // the submission's delivery, heard after the withdrawal was queued (another tab sent it)
          { guard: 'newReceipt', actions: ['keepReceipt', 'emitDelivered'] },
          {
            guard: ({ event }) => !event.receipt,
            target: 'withdrawn',
            actions: emit({ type: 'withdrawn' as const, how: 'requested' as const }),
          },
        ],
        'outbox.failed': {
          target: 'delivered',
          actions: [
            assign(({ event }) => ({ failure: event.error, withdrawal: undefined })),
            emit(({ event }) => ({ type: 'error' as const, error: event.error })),
          ],
        },
      },
    },
    withdrawn: {
      on: { 'form.new': { target: 'editing', actions: 'fresh' } },
    },
  },
});

export type FeedbackFormMachine = typeof feedbackFormMachine;
