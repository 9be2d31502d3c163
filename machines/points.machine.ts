/**
 * What <uc-points-widget> shows and does: the user's account (balance,
 * level, pending and expiring points, history, rewards, codes), loaded,
 * failed, or unavailable to someone not signed in; and, alongside, a
 * redemption from choosing a reward to its code.
 *
 * Pure: the element provides the loaders (network first, the device's copy
 * offline) and the two writes, which go into the outbox. A redemption is
 * made when the user confirms (the outbox item's id is its idempotency key),
 * so a double click or a retry counts once; its delivery, a refusal by the
 * server, or a live event from the stream come back as events.
 */
import { assign, fromPromise } from 'xstate';
import type { PointsEntry, PointsSummary, Redemption } from '../src/contract/points';
import { setup } from './lean-setup';

export interface PointsData {
  summary: PointsSummary;
  history: PointsEntry[];
  nextCursor: string | null;
  redemptions: Redemption[];
  /** set when it came from the device's copy (offline): when that was stored */
  cachedAt: number | null;
}

export interface PointsError {
  code: string;
  message: string;
}

/** What the last write came to, shown until dismissed. */
export type PointsNotice =
  | { type: 'queued' }
  | { type: 'redeemed'; redemption: Redemption }
  | { type: 'undone'; redemption: Redemption }
  | { type: 'failed'; error: PointsError };

/** A write the user confirmed, as the outbox takes it. */
export type PointsWrite = { op: 'points.redeem'; reward: string } | { op: 'points.undo'; redemptionId: string };

export interface PointsContext {
  data: PointsData | null;
  error: PointsError | null;
  /** the reward the user is asked to confirm */
  confirming: string | null;
  /** the write being put into the outbox, then the outbox item carrying it */
  write: PointsWrite | null;
  sending: string | null;
  notice: PointsNotice | null;
  /** a change came while the load in flight was asked: its answer may predate it, so one more load follows */
  stale: boolean;
}

export type PointsEvent =
  | { type: 'refresh' }
  /** the user is someone else now (identify(), forget()): nothing of the one before stays */
  | { type: 'identified' }
  /** the ledger changed on the server (live event) */
  | { type: 'changed' }
  | { type: 'more' }
  | { type: 'redeem'; reward: string }
  | { type: 'cancel' }
  | { type: 'confirm' }
  | { type: 'undo'; id: string }
  /** the outbox is holding it (offline, retrying) */
  | { type: 'waiting'; item: string }
  | { type: 'delivered'; item: string; redemption: Redemption }
  | { type: 'refused'; item: string; error: PointsError }
  | { type: 'dismiss' };

export interface PointsInput {
  /** the device's copy, shown while the server is asked */
  cached?: PointsData | null;
}

const errorOf = (error: unknown): PointsError =>
  typeof error === 'object' && error !== null && 'code' in error
    ? { code: String(error.code), message: String((error as { message?: unknown }).message ?? '') }
    : { code: 'internal', message: String(error) };

const rewardOf = (context: PointsContext, id: string | null) => context.data?.summary.rewards.find((r) => r.id === id);

export const pointsMachine = setup({
  types: {
    context: {} as PointsContext,
    events: {} as PointsEvent,
    input: {} as PointsInput,
  },
  actors: {
    load: fromPromise<PointsData, void>(async () => {
      throw new Error('not provided');
    }),
    loadMore: fromPromise<{ items: PointsEntry[]; nextCursor: string | null }, { cursor: string }>(async () => {
      throw new Error('not provided');
    }),
    /** puts the write into the outbox, answering the item's id (its idempotency key) */
    enqueue: fromPromise<string, PointsWrite>(async () => {
      throw new Error('not provided');
    }),
  },
  actions: {
    /** the load in flight may predate a change: one more follows its answer */
    markStale: assign({ stale: true }),
  },
  guards: {
    /** a reward that exists, has codes left and that the balance covers */
    canRedeem: ({ context }, params: { reward: string }) => {
      const reward = rewardOf(context, params.reward);
      return (
        !!reward &&
        reward.available &&
        reward.points <= (context.data?.summary.balance ?? 0) &&
        context.data?.cachedAt === null
      );
    },
    isMine: ({ context }, params: { item: string }) => context.sending === params.item,
    isStale: ({ context }) => context.stale,
  },
}).createMachine({
  id: 'points',
  context: ({ input }) => ({
    data: input.cached ?? null,
    error: null,
    confirming: null,
    write: null,
    sending: null,
    notice: null,
    stale: false,
  }),
  initial: 'loading',
  on: {
    // Re-entered from the top: a load in flight is dropped, and so is a write's progress (the outbox sends it as its own user).
    identified: {
      target: '.loading',
      actions: assign({ data: null, error: null, confirming: null, write: null, sending: null, notice: null }),
    },
  },
  states: {
    loading: {
      // A change while the account loads may have come after the server read it: it is read once more after this
      // answer (however many changes came, one more request).
      entry: assign({ stale: false }),
      on: { changed: { actions: 'markStale' } },
      invoke: {
        src: 'load',
        onDone: [
          {
            guard: 'isStale',
            target: 'shown.data.refreshing',
            actions: assign({ data: ({ event }) => event.output, error: null }),
          },
          { target: 'shown', actions: assign({ data: ({ event }) => event.output, error: null }) },
        ],
        onError: [
          {
            guard: ({ event }) => errorOf(event.error).code === 'unauthorized',
            target: 'signedOut',
            actions: assign({ data: null }),
          },
          { target: 'failed', actions: assign({ error: ({ event }) => errorOf(event.error) }) },
        ],
      },
    },
    signedOut: {
      on: { refresh: 'loading', changed: 'loading' },
    },
    failed: {
      on: { refresh: 'loading', changed: 'loading' },
    },
    shown: {
      type: 'parallel',
      on: {
        dismiss: { actions: assign({ notice: null }) },
      },
      states: {
        data: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                refresh: 'refreshing',
                changed: 'refreshing',
                more: { guard: ({ context }) => !!context.data?.nextCursor, target: 'more' },
                // A write's outcome changed the account: read it again (the write region handles the rest).
                delivered: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  target: 'refreshing',
                },
                refused: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  target: 'refreshing',
                },
              },
            },
            // What is shown stays while it reloads; a failure keeps it (marked, if it came from the device).
            // A change, or this widget's write settling, while it loads: read once more after the answer.
            refreshing: {
              entry: assign({ stale: false }),
              invoke: {
                src: 'load',
                onDone: [
                  {
                    guard: 'isStale',
                    target: 'refreshing',
                    reenter: true,
                    actions: assign({ data: ({ event }) => event.output }),
                  },
                  { target: 'idle', actions: assign({ data: ({ event }) => event.output }) },
                ],
                onError: [{ guard: 'isStale', target: 'refreshing', reenter: true }, { target: 'idle' }],
              },
              on: {
                changed: { actions: 'markStale' },
                delivered: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  actions: 'markStale',
                },
                refused: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  actions: 'markStale',
                },
              },
            },
            more: {
              entry: assign({ stale: false }),
              invoke: {
                src: 'loadMore',
                input: ({ context }) => ({ cursor: context.data?.nextCursor ?? '' }),
                onDone: [
                  { guard: 'isStale', target: 'refreshing' },
                  {
                    target: 'idle',
                    actions: assign({
                      data: ({ context, event }) =>
                        context.data
                          ? {
                              ...context.data,
                              history: [...context.data.history, ...event.output.items],
                              nextCursor: event.output.nextCursor,
                            }
                          : null,
                    }),
                  },
                ],
                onError: [{ guard: 'isStale', target: 'refreshing' }, { target: 'idle' }],
              },
              on: {
                changed: { actions: 'markStale' },
                delivered: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  actions: 'markStale',
                },
                refused: {
                  guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                  actions: 'markStale',
                },
              },
            },
          },
        },
        write: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                redeem: {
                  guard: { type: 'canRedeem', params: ({ event }) => ({ reward: event.reward }) },
                  target: 'confirming',
                  actions: assign({ confirming: ({ event }) => event.reward, notice: null }),
                },
                undo: {
                  target: 'sending',
                  actions: assign({
                    notice: null,
                    write: ({ event }) => ({ op: 'points.undo' as const, redemptionId: event.id }),
                  }),
                },
              },
            },
            confirming: {
              on: {
                cancel: { target: 'idle', actions: assign({ confirming: null }) },
                // Only the first confirmation counts: the state has moved on before a second click arrives.
                confirm: {
                  target: 'sending',
                  actions: assign({
                    write: ({ context }) => ({ op: 'points.redeem' as const, reward: context.confirming ?? '' }),
                  }),
                },
              },
            },
            sending: {
              initial: 'queueing',
              states: {
                queueing: {
                  invoke: {
                    src: 'enqueue',
                    input: ({ context }) => context.write!,
                    onDone: { target: 'waiting', actions: assign({ sending: ({ event }) => event.output }) },
                    onError: {
                      target: '#points.shown.write.idle',
                      actions: assign({
                        notice: ({ event }) => ({ type: 'failed' as const, error: errorOf(event.error) }),
                        confirming: null,
                        write: null,
                      }),
                    },
                  },
                },
                waiting: {
                  on: {
                    waiting: {
                      guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                      actions: assign({ notice: { type: 'queued' } }),
                    },
                    delivered: {
                      guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                      target: '#points.shown.write.idle',
                      actions: assign({
                        notice: ({ event }) => ({
                          type: event.redemption.status === 'undone' ? ('undone' as const) : ('redeemed' as const),
                          redemption: event.redemption,
                        }),
                        confirming: null,
                        write: null,
                        sending: null,
                      }),
                    },
                    refused: {
                      guard: { type: 'isMine', params: ({ event }) => ({ item: event.item }) },
                      target: '#points.shown.write.idle',
                      actions: assign({
                        notice: ({ event }) => ({ type: 'failed' as const, error: event.error }),
                        confirming: null,
                        write: null,
                        sending: null,
                      }),
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

export type PointsMachine = typeof pointsMachine;
