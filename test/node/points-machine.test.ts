/**
 * The points widget's behaviour without a browser: a reward is redeemed only
 * after a confirmation, once however often it is confirmed, only when the
 * balance covers it and the figures are the server's (not an offline copy);
 * the outcome of the write is shown and the account read again; a visitor
 * without a sign-in is told to sign in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor, fromPromise, waitFor } from 'xstate';
import { pointsMachine, type PointsData, type PointsWrite } from '../../machines/points.machine';
import type { PointsEntry, Redemption } from '../../src/contract/points';

const NOW = '2026-11-28T10:00:00.000Z';

function data(balance: number, patch: Partial<PointsData> = {}): PointsData {
  return {
    summary: {
      balance,
      pending: 0,
      expiringSoon: [],
      level: null,
      earn: [],
      rewards: [
        { id: 'mug', name: 'A mug', points: 30, available: true, undoHours: 0 },
        { id: 'gone', name: 'Sold out', points: 5, available: false, undoHours: 0 },
      ],
      asOf: NOW,
    },
    history: [],
    nextCursor: null,
    redemptions: [],
    cachedAt: null,
    ...patch,
  };
}

const redemption = (status: 'active' | 'undone' = 'active'): Redemption => ({
  id: 'r-1',
  reward: { id: 'mug', name: 'A mug' },
  points: 30,
  code: 'MUG-1',
  status,
  createdAt: NOW,
  undoUntil: null,
  balance: 70,
});

/** A widget's machine with loaders that answer `answers` in turn, and a record of what went into the outbox. */
function start(answers: Array<PointsData | Error>) {
  const writes: PointsWrite[] = [];
  let loads = 0;
  const actor = createActor(
    pointsMachine.provide({
      actors: {
        load: fromPromise(async () => {
          const answer = answers[Math.min(loads++, answers.length - 1)]!;
          if (answer instanceof Error) throw answer;
          return answer;
        }),
        enqueue: fromPromise(async ({ input }: { input: PointsWrite }) => {
          writes.push(input);
          return `item-${writes.length}`;
        }),
      },
    }),
    { input: {} },
  );
  actor.start();
  return { actor, writes, loads: () => loads };
}

const unauthorized = Object.assign(new Error('no signed-in user'), { code: 'unauthorized' });

describe('points machine', () => {
  it('asks for a confirmation, and a double confirmation puts one redemption into the outbox', async () => {
    const { actor, writes } = start([data(100)]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'redeem', reward: 'mug' });
    assert.equal(actor.getSnapshot().context.confirming, 'mug');
    assert.deepEqual(writes, [], 'nothing is sent before the user confirms');
    actor.send({ type: 'confirm' });
    actor.send({ type: 'confirm' });
    await waitFor(actor, (s) => s.context.sending !== null);
    assert.deepEqual(writes, [{ op: 'points.redeem', reward: 'mug' }]);
  });

  it('refuses to start a redemption the balance does not cover, of a reward with no code left, or from an offline copy', async () => {
    const poor = start([data(10)]);
    await waitFor(poor.actor, (s) => s.matches('shown'));
    poor.actor.send({ type: 'redeem', reward: 'mug' });
    poor.actor.send({ type: 'redeem', reward: 'gone' });
    assert.equal(poor.actor.getSnapshot().context.confirming, null);

    const offline = start([data(100, { cachedAt: Date.parse(NOW) })]);
    await waitFor(offline.actor, (s) => s.matches('shown'));
    offline.actor.send({ type: 'redeem', reward: 'mug' });
    assert.equal(offline.actor.getSnapshot().context.confirming, null);
  });

  it('shows the code when its own redemption is delivered, ignores other tabs’ deliveries, and reads the account again', async () => {
    const { actor, loads } = start([data(100), data(70)]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'redeem', reward: 'mug' });
    actor.send({ type: 'confirm' });
    await waitFor(actor, (s) => s.context.sending === 'item-1');
    actor.send({ type: 'delivered', item: 'someone-elses', redemption: redemption() });
    assert.equal(actor.getSnapshot().context.notice, null);
    actor.send({ type: 'delivered', item: 'item-1', redemption: redemption() });
    assert.deepEqual(actor.getSnapshot().context.notice, { type: 'redeemed', redemption: redemption() });
    await waitFor(actor, (s) => s.context.data?.summary.balance === 70);
    assert.equal(loads(), 2);
    assert.equal(actor.getSnapshot().context.sending, null);
  });

  it('a refusal by the server is shown and the account read again; the user may try another reward', async () => {
    const { actor, writes } = start([data(100), data(100)]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'redeem', reward: 'mug' });
    actor.send({ type: 'confirm' });
    await waitFor(actor, (s) => s.context.sending === 'item-1');
    actor.send({ type: 'refused', item: 'item-1', error: { code: 'reward_unavailable', message: 'no code is left' } });
    assert.deepEqual(actor.getSnapshot().context.notice, {
      type: 'failed',
      error: { code: 'reward_unavailable', message: 'no code is left' },
    });
    actor.send({ type: 'redeem', reward: 'mug' });
    actor.send({ type: 'confirm' });
    await waitFor(actor, (s) => s.context.sending === 'item-2');
    assert.equal(writes.length, 2, 'a second deliberate confirmation is a second redemption');
  });

  it('says when the outbox holds the write (offline), and undoes a redemption through the outbox', async () => {
    const { actor, writes } = start([data(100)]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'undo', id: 'r-1' });
    await waitFor(actor, (s) => s.context.sending === 'item-1');
    actor.send({ type: 'waiting', item: 'item-1' });
    assert.deepEqual(actor.getSnapshot().context.notice, { type: 'queued' });
    actor.send({ type: 'delivered', item: 'item-1', redemption: redemption('undone') });
    assert.equal(actor.getSnapshot().context.notice?.type, 'undone');
    assert.deepEqual(writes, [{ op: 'points.undo', redemptionId: 'r-1' }]);
  });

  it('identify() while the account loads asks again, and the answer for the user before is dropped', async () => {
    const answers: Array<(data: PointsData) => void> = [];
    const actor = createActor(
      pointsMachine.provide({
        actors: { load: fromPromise(() => new Promise<PointsData>((resolve) => answers.push(resolve))) },
      }),
      { input: {} },
    );
    actor.start();
    await waitFor(actor, () => answers.length === 1);
    actor.send({ type: 'identified' });
    await waitFor(actor, () => answers.length === 2);
    answers[1]!(data(22));
    await waitFor(actor, (s) => s.matches('shown'));
    answers[0]!(data(11));
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 22);

    // The same while a shown account reloads after a live change.
    actor.send({ type: 'changed' });
    await waitFor(actor, () => answers.length === 3);
    actor.send({ type: 'identified' });
    assert.equal(actor.getSnapshot().context.data, null, 'the points of the user before go at once');
    await waitFor(actor, () => answers.length === 4);
    answers[3]!(data(33));
    await waitFor(actor, (s) => s.context.data?.summary.balance === 33);
    answers[2]!(data(44));
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 33);
    actor.stop();
  });

  it('live changes while the account loads read it once more after the answer, however many came', async () => {
    const answers: Array<(data: PointsData) => void> = [];
    const actor = createActor(
      pointsMachine.provide({
        actors: { load: fromPromise(() => new Promise<PointsData>((resolve) => answers.push(resolve))) },
      }),
      { input: {} },
    );
    actor.start();
    await waitFor(actor, () => answers.length === 1);
    actor.send({ type: 'changed' });
    actor.send({ type: 'changed' });
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(answers.length, 1, 'not asked while the first question is open');
    answers[0]!(data(20));
    await waitFor(actor, () => answers.length === 2);
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 20, 'the first answer shows meanwhile');
    // the same while it reloads
    actor.send({ type: 'changed' });
    actor.send({ type: 'changed' });
    answers[1]!(data(50));
    await waitFor(actor, () => answers.length === 3);
    answers[2]!(data(60));
    await waitFor(actor, (s) => s.matches({ shown: { data: 'idle' } }));
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(answers.length, 3);
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 60);
    actor.stop();
  });

  it('a change while more history loads, or its own write settling while the account reloads, reads the account once more', async () => {
    const answers: Array<(data: PointsData) => void> = [];
    type Page = { items: PointsEntry[]; nextCursor: string | null };
    const pages: Array<(page: Page) => void> = [];
    const actor = createActor(
      pointsMachine.provide({
        actors: {
          load: fromPromise(() => new Promise<PointsData>((resolve) => answers.push(resolve))),
          loadMore: fromPromise(() => new Promise<Page>((resolve) => pages.push(resolve))),
          enqueue: fromPromise(async () => 'item-1'),
        },
      }),
      { input: {} },
    );
    actor.start();
    await waitFor(actor, () => answers.length === 1);
    answers[0]!(data(100, { nextCursor: 'c-1' }));
    await waitFor(actor, (s) => s.matches({ shown: { data: 'idle' } }));
    actor.send({ type: 'more' });
    await waitFor(actor, () => pages.length === 1);
    actor.send({ type: 'changed' });
    pages[0]!({ items: [], nextCursor: null });
    await waitFor(actor, () => answers.length === 2);

    actor.send({ type: 'redeem', reward: 'mug' });
    actor.send({ type: 'confirm' });
    await waitFor(actor, (s) => s.context.sending === 'item-1');
    actor.send({ type: 'delivered', item: 'item-1', redemption: redemption() });
    answers[1]!(data(100));
    await waitFor(actor, () => answers.length === 3);
    answers[2]!(data(70));
    await waitFor(actor, (s) => s.matches({ shown: { data: 'idle' } }) && s.context.data?.summary.balance === 70);
    actor.stop();
  });

  it('signing out hides the account and asks to sign in, even in the middle of a redemption', async () => {
    const { actor } = start([data(100), unauthorized]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'redeem', reward: 'mug' });
    actor.send({ type: 'identified' });
    await waitFor(actor, (s) => s.matches('signedOut'));
    assert.deepEqual(
      { data: actor.getSnapshot().context.data, confirming: actor.getSnapshot().context.confirming },
      { data: null, confirming: null },
    );
  });

  it('without a sign-in, asks the visitor to sign in; a refresh after identify() loads the account', async () => {
    const { actor } = start([unauthorized, data(5)]);
    await waitFor(actor, (s) => s.matches('signedOut'));
    actor.send({ type: 'refresh' });
    await waitFor(actor, (s) => s.matches('shown'));
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 5);
  });

  it('a failed reload keeps what is shown', async () => {
    const { actor, loads } = start([data(40), new Error('network down')]);
    await waitFor(actor, (s) => s.matches('shown'));
    actor.send({ type: 'changed' });
    assert.ok(actor.getSnapshot().matches({ shown: { data: 'refreshing' } }));
    await waitFor(actor, (s) => s.matches({ shown: { data: 'idle' } }));
    assert.equal(loads(), 2);
    assert.equal(actor.getSnapshot().context.data?.summary.balance, 40);
  });
});
