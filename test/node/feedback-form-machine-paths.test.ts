/**
 * Path coverage of the feedback form machine with xstate/graph: every state
 * can be reached from the start by events the element and its effects send,
 * and the shortest path to each one is listed, so a state no event leads to
 * (dead design) fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getShortestPaths } from 'xstate/graph';
import { DEFAULT_FORM } from '../../src/config/defaults';
import type { Receipt } from '../../src/contract/feedback';
import type { Draft } from '../../machines/feedback-form.types';
import { feedbackFormMachine } from '../../machines/feedback-form.machine';

const draft: Draft = {
  key: 'demo/default',
  site: 'demo',
  form: 'default',
  kind: 'complaint',
  category: 'publishing',
  fields: { message: 'a valid message' },
  files: [],
  remember: false,
  updatedAt: 1,
  tab: 't',
};
const receipt: Receipt = {
  id: 's',
  trackingNumber: 'UC20261128-AAAAAA',
  site: 'demo',
  kind: 'complaint',
  category: 'publishing',
  channel: 'web',
  status: 'submitted',
  receivedAt: '2026-11-28T00:00:00.000Z',
  attachments: [],
};

/** Every event the outside world can send, including the effects' answers. */
const EVENTS = [
  { type: 'xstate.done.actor.restore', output: { type: 'draft', draft } },
  { type: 'xstate.done.actor.restore', output: { type: 'queued', itemId: 'i', draft, state: 'pending', retryAt: 0 } },
  { type: 'xstate.done.actor.saveDraft' },
  { type: 'xstate.done.actor.deleteDraft' },
  { type: 'xstate.done.actor.enqueue', output: { itemId: 'i' } },
  { type: 'xstate.done.actor.withdraw', output: 'removed' },
  { type: 'xstate.done.actor.withdraw', output: 'requested' },
  { type: 'draft.change', name: 'message', value: 'a valid message' },
  { type: 'draft.discard' },
  { type: 'draft.undo' },
  { type: 'form.submit' },
  { type: 'form.new' },
  { type: 'outbox.delivered', receipt },
  { type: 'outbox.failed', error: { code: 'validation_failed', message: 'no', fields: [] } },
  { type: 'withdraw' },
  // Delayed transitions fire as events named after their delay.
  { type: 'xstate.after.SAVE_DELAY.feedbackForm.editing.dirty' },
];

describe('feedback form machine paths', () => {
  it('reaches every state from the start', () => {
    const paths = getShortestPaths(feedbackFormMachine, {
      events: EVENTS as never,
      input: {
        form: DEFAULT_FORM,
        site: 'demo',
        formId: 'default',
        draftKey: 'demo/default',
        tab: 't',
        prefill: {},
        now: () => 1,
      },
    });
    const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    const expected = [
      '"restoring"',
      '{"editing":"clean"}',
      '{"editing":"dirty"}',
      '{"editing":"saving"}',
      '{"editing":"saved"}',
      '{"editing":"discarding"}',
      '"submitting"',
      '"queued"',
      '"delivered"',
      '"withdrawing"',
      '"withdrawRequested"',
      '"withdrawn"',
    ];
    assert.deepEqual([...reached].sort(), [...expected].sort());
  });
});
