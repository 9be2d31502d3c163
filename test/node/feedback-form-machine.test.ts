/**
 * The feedback form's machine, without a browser: effects are provided as
 * plain functions recording what they were asked to do.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor, fromPromise, waitFor } from 'xstate';
import { DEFAULT_FORM } from '../../src/config/defaults';
import type { Receipt } from '../../src/contract/feedback';
import type { Draft } from '../../machines/feedback-form.types';
import {
  feedbackFormMachine,
  type FeedbackFormEmitted,
  type RestoreResult,
} from '../../machines/feedback-form.machine';

const receipt: Receipt = {
  id: 'sub-1',
  trackingNumber: 'UC20261128-ABCDEF',
  site: 'demo',
  kind: 'complaint',
  category: 'publishing',
  channel: 'web',
  status: 'submitted',
  receivedAt: '2026-11-28T08:00:00.000Z',
  attachments: [],
};

function start(
  options: {
    restore?: RestoreResult;
    prefill?: Record<string, string>;
    withdraw?: 'removed' | 'requested';
    withdrawAfter?: Promise<unknown>;
  } = {},
) {
  const calls = {
    saved: [] as Draft[],
    deleted: 0,
    enqueued: [] as Draft[],
    returned: [] as Array<string | undefined>,
    withdrawn: 0,
  };
  const machine = feedbackFormMachine.provide({
    actors: {
      restore: fromPromise(async () => options.restore ?? { type: 'none' as const }),
      saveDraft: fromPromise<void, { draft: Draft }>(async ({ input }) => {
        calls.saved.push(input.draft);
      }),
      deleteDraft: fromPromise<void, { draftKey: string }>(async () => {
        calls.deleted++;
      }),
      enqueue: fromPromise<{ itemId: string }, { draft: Draft }>(async ({ input }) => {
        calls.enqueued.push(input.draft);
        return { itemId: 'item-1' };
      }),
      withdraw: fromPromise(async () => {
        calls.withdrawn++;
        await options.withdrawAfter;
        return options.withdraw ?? ('removed' as const);
      }),
    },
    actions: { returnItemToDraft: (_, params) => void calls.returned.push(params.itemId) },
  });
  let t = 1000;
  const actor = createActor(machine, {
    input: {
      form: DEFAULT_FORM,
      site: 'demo',
      formId: 'default',
      draftKey: 'demo/default',
      tab: 'tab-a',
      prefill: options.prefill ?? {},
      now: () => ++t,
    },
  });
  const emitted: FeedbackFormEmitted[] = [];
  for (const type of ['draft.saved', 'submitted', 'delivered', 'withdrawn', 'error'] as const)
    actor.on(type, (e) => void emitted.push(e));
  actor.start();
  return { actor, calls, emitted };
}

async function editing(actor: ReturnType<typeof start>['actor']) {
  await waitFor(actor, (s) => s.matches('editing'));
}

function fillValid(actor: ReturnType<typeof start>['actor']) {
  actor.send({ type: 'draft.category', category: 'publishing' });
  actor.send({ type: 'draft.change', name: 'message', value: 'The search page is broken' });
}

describe('feedback form machine', () => {
  it('starts a fresh draft with personal fields prefilled from the identity', async () => {
    const { actor } = start({ prefill: { name: '李雷', email: 'li@example.com' } });
    await editing(actor);
    const { draft, restored } = actor.getSnapshot().context;
    assert.equal(draft.fields.name, '李雷');
    assert.equal(draft.fields.email, 'li@example.com');
    assert.equal(draft.kind, 'suggestion');
    assert.equal(restored, false, 'a prefilled but untouched draft is not announced as restored');
  });

  it('saves the draft once typing pauses, and says so', async () => {
    const { actor, calls, emitted } = start();
    await editing(actor);
    actor.send({ type: 'draft.change', name: 'message', value: 'H' });
    actor.send({ type: 'draft.change', name: 'message', value: 'He' });
    actor.send({ type: 'draft.change', name: 'message', value: 'Hello' });
    assert.ok(actor.getSnapshot().matches({ editing: 'dirty' }));
    await waitFor(actor, (s) => s.matches({ editing: 'saved' }), { timeout: 3000 });
    assert.equal(calls.saved.length, 1, 'three keystrokes, one save');
    assert.equal(calls.saved[0]?.fields.message, 'Hello');
    assert.deepEqual(
      emitted.map((e) => e.type),
      ['draft.saved'],
    );
  });

  it('restores a saved draft and announces it', async () => {
    const draft: Draft = {
      key: 'demo/default',
      site: 'demo',
      form: 'default',
      kind: 'complaint',
      category: 'interaction',
      fields: { message: 'half written' },
      files: [],
      remember: false,
      updatedAt: 5,
      tab: 'old',
    };
    const { actor } = start({ restore: { type: 'draft', draft } });
    await editing(actor);
    assert.equal(actor.getSnapshot().context.draft.fields.message, 'half written');
    assert.equal(actor.getSnapshot().context.restored, true);
  });

  it('refuses to queue invalid input and names each field', async () => {
    const { actor, calls } = start();
    await editing(actor);
    actor.send({ type: 'draft.change', name: 'email', value: 'not-an-email' });
    actor.send({ type: 'form.submit' });
    const { errors } = actor.getSnapshot().context;
    assert.ok(actor.getSnapshot().matches('editing'));
    assert.deepEqual(errors.map((e) => `${e.path}:${e.code}`).sort(), [
      'category:invalid_category',
      'fields.email:invalid_email',
      'fields.message:required',
    ]);
    assert.equal(calls.enqueued.length, 0);
  });

  it('queues a valid submission and shows the receipt on delivery', async () => {
    const { actor, calls, emitted } = start();
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    assert.equal(calls.enqueued.length, 1);
    actor.send({
      type: 'outbox.changed',
      state: 'pending',
      retryAt: 99,
      error: { code: 'unavailable', message: '503' },
    });
    assert.equal(actor.getSnapshot().context.queue.state, 'retrying');
    actor.send({ type: 'outbox.delivered', receipt });
    assert.ok(actor.getSnapshot().matches('delivered'));
    assert.equal(actor.getSnapshot().context.receipt?.trackingNumber, 'UC20261128-ABCDEF');
    assert.deepEqual(
      emitted.map((e) => e.type),
      ['submitted', 'delivered'],
    );
  });

  it('gives the text back with the server’s field errors when the server refuses it', async () => {
    const { actor, calls } = start();
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    actor.send({
      type: 'outbox.failed',
      error: {
        code: 'validation_failed',
        message: 'bad',
        status: 422,
        fields: [{ path: 'fields.message', code: 'too_long', message: 'too long' }],
      },
    });
    const snapshot = actor.getSnapshot();
    assert.ok(snapshot.matches('editing'));
    assert.equal(snapshot.context.draft.fields.message, 'The search page is broken', 'nothing the user wrote is lost');
    assert.deepEqual(
      snapshot.context.errors.map((e) => e.path),
      ['fields.message'],
    );
    assert.deepEqual(calls.returned, ['item-1']);
  });

  it('withdraws a still-queued submission by removing it', async () => {
    const { actor, emitted } = start({ withdraw: 'removed' });
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    actor.send({ type: 'withdraw' });
    await waitFor(actor, (s) => s.matches('withdrawn'));
    assert.equal(actor.getSnapshot().context.withdrawal, 'removed');
    assert.ok(emitted.some((e) => e.type === 'withdrawn' && e.how === 'removed'));
  });

  it('withdraws a delivered submission once the server confirms, and shows a refusal', async () => {
    const { actor } = start({ withdraw: 'requested' });
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    actor.send({ type: 'outbox.delivered', receipt });
    actor.send({ type: 'withdraw' });
    await waitFor(actor, (s) => s.matches('withdrawRequested'));
    actor.send({ type: 'outbox.failed', error: { code: 'not_withdrawable', message: 'staff acted', status: 409 } });
    assert.ok(actor.getSnapshot().matches('delivered'));
    assert.equal(actor.getSnapshot().context.failure?.code, 'not_withdrawable');
  });

  it('keeps the receipt of a send that goes through while a withdrawal waits for it, then withdraws on the server', async () => {
    // The outbox's withdraw() waits while the item is being sent; the send's delivery arrives meanwhile.
    let sendDone = () => {};
    const { actor, emitted } = start({
      withdraw: 'requested',
      withdrawAfter: new Promise<void>((resolve) => (sendDone = resolve)),
    });
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    actor.send({ type: 'withdraw' });
    actor.send({ type: 'outbox.delivered', receipt });
    assert.ok(actor.getSnapshot().matches('withdrawing'));
    assert.equal(
      actor.getSnapshot().context.receipt?.trackingNumber,
      receipt.trackingNumber,
      'the delivery is not dropped',
    );
    sendDone();
    await waitFor(actor, (s) => s.matches('withdrawRequested'));
    actor.send({ type: 'outbox.delivered' });
    assert.ok(actor.getSnapshot().matches('withdrawn'));
    assert.deepEqual(
      emitted.map((e) => e.type),
      ['submitted', 'delivered', 'withdrawn'],
    );
  });

  it('does not take the submission’s late delivery for the withdrawal’s', async () => {
    const { actor, emitted } = start({ withdraw: 'requested' });
    await editing(actor);
    fillValid(actor);
    actor.send({ type: 'form.submit' });
    await waitFor(actor, (s) => s.matches('queued'));
    actor.send({ type: 'withdraw' });
    await waitFor(actor, (s) => s.matches('withdrawRequested'));
    // Another tab sent it; its news arrives after this tab queued the withdrawal.
    actor.send({ type: 'outbox.delivered', receipt });
    assert.ok(actor.getSnapshot().matches('withdrawRequested'));
    actor.send({ type: 'outbox.failed', error: { code: 'not_withdrawable', message: 'staff acted', status: 409 } });
    assert.ok(actor.getSnapshot().matches('delivered'));
    assert.equal(actor.getSnapshot().context.receipt?.id, receipt.id, 'the receipt is shown with the refusal');
    assert.deepEqual(
      emitted.map((e) => e.type),
      ['submitted', 'delivered', 'error'],
    );
  });

  it('discards a draft and undoes the discard', async () => {
    const { actor, calls } = start();
    await editing(actor);
    actor.send({ type: 'draft.change', name: 'message', value: 'keep me' });
    actor.send({ type: 'draft.discard' });
    assert.equal(actor.getSnapshot().context.draft.fields.message, undefined);
    await waitFor(actor, (s) => s.matches({ editing: 'clean' }));
    assert.equal(calls.deleted, 1);
    actor.send({ type: 'draft.undo' });
    await waitFor(actor, (s) => s.matches({ editing: 'saved' }));
    assert.equal(actor.getSnapshot().context.draft.fields.message, 'keep me');
    assert.equal(calls.saved.at(-1)?.fields.message, 'keep me');
  });

  it('takes a newer draft from another tab and ignores an older one', async () => {
    const { actor } = start();
    await editing(actor);
    actor.send({ type: 'draft.change', name: 'message', value: 'mine' });
    const base = actor.getSnapshot().context.draft;
    actor.send({
      type: 'draft.external',
      draft: { ...base, fields: { message: 'older' }, updatedAt: base.updatedAt - 10, tab: 'b' },
    });
    assert.equal(actor.getSnapshot().context.draft.fields.message, 'mine');
    actor.send({
      type: 'draft.external',
      draft: { ...base, fields: { message: 'newer' }, updatedAt: base.updatedAt + 10, tab: 'b' },
    });
    assert.equal(actor.getSnapshot().context.draft.fields.message, 'newer');
    assert.equal(actor.getSnapshot().context.replacedByOtherTab, true);
  });

  it('refuses a file of the wrong type or size without adding it', async () => {
    const { actor } = start();
    await editing(actor);
    const blob = new Blob(['x']);
    actor.send({
      type: 'draft.files.add',
      field: 'screenshots',
      files: [{ id: 'f1', field: 'screenshots', name: 'virus.exe', type: 'application/x-msdownload', size: 10, blob }],
    });
    assert.equal(actor.getSnapshot().context.draft.files.length, 0);
    assert.equal(actor.getSnapshot().context.errors[0]?.code, 'file_type');
    actor.send({
      type: 'draft.files.add',
      field: 'screenshots',
      files: [{ id: 'f2', field: 'screenshots', name: 'huge.png', type: 'image/png', size: 3 * 1024 * 1024, blob }],
    });
    assert.equal(actor.getSnapshot().context.errors[0]?.code, 'file_too_large');
    actor.send({
      type: 'draft.files.add',
      field: 'screenshots',
      files: [{ id: 'f3', field: 'screenshots', name: 'shot.png', type: 'image/png', size: 2048, blob }],
    });
    assert.equal(actor.getSnapshot().context.draft.files.length, 1);
    assert.equal(actor.getSnapshot().context.errors.length, 0);
  });
});
