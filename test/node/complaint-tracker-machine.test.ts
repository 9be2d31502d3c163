/**
 * What <uc-complaint-tracker> shows, without a browser: when the user
 * becomes someone else (the host called identify() or forget()), whatever
 * was loading is asked again for the new identity, the answer to the old
 * question is dropped, and nothing of the identity before stays on screen.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor, fromPromise, waitFor } from 'xstate';
import { complaintTrackerMachine, type ListResult } from '../../machines/complaint-tracker.machine';
import type { ComplaintDetail, ComplaintSummary } from '../../src/contract/complaints';

const summary = (id: string) => ({ id }) as unknown as ComplaintSummary;
const detail = (id: string, version: number) => ({ id, version }) as unknown as ComplaintDetail;
const tick = () => new Promise((done) => setTimeout(done, 10));

/** A tracker whose loads wait until the test answers them, in the order they were asked. */
function start(id: string | null = null, cached: ListResult | null = null) {
  const lists: Array<{ resolve: (result: ListResult) => void; reject: (error: unknown) => void }> = [];
  const details: Array<(result: ComplaintDetail) => void> = [];
  const actor = createActor(
    complaintTrackerMachine.provide({
      actors: {
        loadList: fromPromise(() => new Promise<ListResult>((resolve, reject) => lists.push({ resolve, reject }))),
        loadDetail: fromPromise(() => new Promise<ComplaintDetail>((resolve) => details.push(resolve))),
      },
    }),
    { input: { id, cached } },
  );
  actor.start();
  return { actor, lists, details };
}

describe('complaint tracker machine', () => {
  it('identified while the list loads asks again and drops the first answer', async () => {
    const { actor, lists } = start();
    await waitFor(actor, () => lists.length === 1);
    actor.send({ type: 'identified' });
    await waitFor(actor, () => lists.length === 2);
    lists[1]!.resolve({ items: [summary('mine')], cachedAt: null });
    await waitFor(actor, (s) => s.matches({ list: 'shown' }));
    lists[0]!.resolve({ items: [], cachedAt: null });
    await tick();
    assert.deepEqual(
      actor.getSnapshot().context.items.map((i) => i.id),
      ['mine'],
    );
    actor.stop();
  });

  it('identified while a complaint loads asks again and drops the first answer', async () => {
    const { actor, details } = start('c-1');
    await waitFor(actor, () => details.length === 1);
    actor.send({ type: 'identified' });
    await waitFor(actor, () => details.length === 2);
    details[1]!(detail('c-1', 2));
    await waitFor(actor, (s) => s.matches({ detail: 'shown' }));
    details[0]!(detail('c-1', 1));
    await tick();
    assert.equal(actor.getSnapshot().context.detail?.version, 2);
    actor.stop();
  });

  it('the list of the identity before goes at once, and stays gone when the new one cannot be loaded', async () => {
    const { actor, lists } = start(null, { items: [summary('device-copy')], cachedAt: 1 });
    await waitFor(actor, () => lists.length === 1);
    lists[0]!.resolve({ items: [summary('theirs')], cachedAt: null });
    await waitFor(actor, (s) => s.matches({ list: 'shown' }));
    actor.send({ type: 'identified' });
    assert.deepEqual(
      { items: actor.getSnapshot().context.items, cachedAt: actor.getSnapshot().context.cachedAt },
      { items: [], cachedAt: null },
    );
    await waitFor(actor, () => lists.length === 2);
    lists[1]!.reject(Object.assign(new Error('offline'), { code: 'network' }));
    await waitFor(actor, (s) => s.matches({ list: 'failed' }));
    assert.deepEqual(actor.getSnapshot().context.items, []);
    actor.stop();
  });

  it('changes while the list loads ask once more after its answer, however many came', async () => {
    const { actor, lists } = start();
    await waitFor(actor, () => lists.length === 1);
    actor.send({ type: 'changed', id: 'c-9' });
    actor.send({ type: 'changed', id: 'c-8' });
    actor.send({ type: 'changed' });
    await tick();
    assert.equal(lists.length, 1, 'not asked while the first question is open');
    lists[0]!.resolve({ items: [summary('before')], cachedAt: null });
    await waitFor(actor, () => lists.length === 2);
    assert.deepEqual(
      actor.getSnapshot().context.items.map((i) => i.id),
      ['before'],
      'the first answer shows meanwhile',
    );
    lists[1]!.resolve({ items: [summary('c-9')], cachedAt: null });
    await waitFor(actor, (s) => s.matches({ list: 'shown' }));
    await tick();
    assert.equal(lists.length, 2);
    assert.deepEqual(
      actor.getSnapshot().context.items.map((i) => i.id),
      ['c-9'],
    );
    actor.stop();
  });

  it('a complaint is read once more for a change to it, or to anything, while it loads; not for a change to another', async () => {
    const { actor, details } = start('c-1');
    await waitFor(actor, () => details.length === 1);
    actor.send({ type: 'changed', id: 'c-2' });
    details[0]!(detail('c-1', 1));
    await waitFor(actor, (s) => s.matches({ detail: 'shown' }));
    await tick();
    assert.equal(details.length, 1, 'another complaint changed');
    actor.send({ type: 'changed' });
    await waitFor(actor, () => details.length === 2);
    actor.send({ type: 'changed', id: 'c-1' });
    details[1]!(detail('c-1', 2));
    await waitFor(actor, () => details.length === 3);
    details[2]!(detail('c-1', 3));
    await waitFor(actor, (s) => s.matches({ detail: 'shown' }) && s.context.detail?.version === 3);
    actor.stop();
  });

  it('a refresh while the list loads is the same question: it is not asked twice', async () => {
    const { actor, lists } = start();
    await waitFor(actor, () => lists.length === 1);
    actor.send({ type: 'refresh' });
    await tick();
    assert.equal(lists.length, 1);
    actor.stop();
  });
});
