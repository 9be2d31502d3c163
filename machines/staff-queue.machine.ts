/**
 * What <uc-staff-queue> shows: the site's queue under the filters chosen,
 * in the order chosen (soonest deadline first by default), loaded a page at a time. Pure: the element
 * provides the two loads (the first page, and the page after a cursor).
 *
 * A change from the staff stream (`changed`) reads the first page again
 * without hiding the rows shown; changes arriving while a read is on its way
 * are answered by one more read after it, however many came. Other filters
 * start over. A next page still on its way when the first is read again is
 * given up (leaving the state stops it): its cursor belongs to a list that
 * is gone.
 */
import { assign, fromPromise } from 'xstate';
import type { QueueItem, QueuePage } from '../src/contract/staff';
import { setup } from './lean-setup';

/** The queue's filters and order, each a query parameter of GET /v1/staff/queue (empty: not filtered, by next deadline). */
export type QueueFilters = Partial<
  Record<'status' | 'kind' | 'category' | 'channel' | 'assignee' | 'due' | 'sort', string>
>;

export interface QueueError {
  code: string;
  message: string;
}

export interface StaffQueueContext {
  filters: QueueFilters;
  items: QueueItem[];
  nextCursor: string | null;
  error: QueueError | null;
  /** a change came while a read was on its way: its answer may predate it, so one more read follows */
  stale: boolean;
}

export type StaffQueueEvent =
  | { type: 'filter'; filters: QueueFilters }
  | { type: 'refresh' }
  /** the queue changed on the server (a live event); without an id, anything may have */
  | { type: 'changed' }
  | { type: 'more' };

const errorOf = (error: unknown): QueueError =>
  typeof error === 'object' && error !== null && 'code' in error
    ? { code: String(error.code), message: String((error as { message?: unknown }).message ?? '') }
    : { code: 'internal', message: String(error) };

export const staffQueueMachine = setup({
  types: {
    context: {} as StaffQueueContext,
    events: {} as StaffQueueEvent,
    input: {} as { filters?: QueueFilters },
  },
  actors: {
    loadFirst: fromPromise<QueuePage, { filters: QueueFilters }>(async () => ({ items: [], nextCursor: null })),
    loadMore: fromPromise<QueuePage, { filters: QueueFilters; cursor: string }>(async () => ({
      items: [],
      nextCursor: null,
    })),
  },
  actions: {
    markStale: assign({ stale: true }),
  },
  guards: {
    isStale: ({ context }) => context.stale,
    hasMore: ({ context }) => context.nextCursor !== null,
  },
}).createMachine({
  id: 'staffQueue',
  context: ({ input }) => ({
    filters: input.filters ?? {},
    items: [],
    nextCursor: null,
    error: null,
    stale: false,
  }),
  initial: 'loading',
  on: {
    // Other filters: another list, from its first page; what was shown belonged to the filters before.
    filter: {
      target: '.loading',
      actions: assign({ filters: ({ event }) => event.filters, items: [], nextCursor: null, error: null }),
    },
  },
  states: {
    loading: {
      entry: assign({ stale: false }),
      on: { changed: { actions: 'markStale' } },
      invoke: {
        src: 'loadFirst',
        input: ({ context }) => ({ filters: context.filters }),
        onDone: [
          {
            guard: 'isStale',
            target: 'loading',
            reenter: true,
            actions: assign(({ event }) => ({ items: event.output.items, nextCursor: event.output.nextCursor })),
          },
          {
            target: 'shown',
            actions: assign(({ event }) => ({
              items: event.output.items,
              nextCursor: event.output.nextCursor,
              error: null,
            })),
          },
        ],
        onError: { target: 'failed', actions: assign({ error: ({ event }) => errorOf(event.error) }) },
      },
    },
    shown: {
      initial: 'idle',
      on: { refresh: 'loading', changed: 'loading' },
      states: {
        idle: {
          on: { more: { guard: 'hasMore', target: 'more' } },
        },
        more: {
          invoke: {
            src: 'loadMore',
            input: ({ context }) => ({ filters: context.filters, cursor: context.nextCursor ?? '' }),
            onDone: {
              target: 'idle',
              actions: assign(({ context, event }) => ({
                // A row that moved up into a page read before is shown once, where it is now.
                items: [
                  ...context.items,
                  ...event.output.items.filter((row) => !context.items.some((shown) => shown.id === row.id)),
                ],
                nextCursor: event.output.nextCursor,
              })),
            },
            // A failed next page leaves what is shown; scrolling asks again.
            onError: 'idle',
          },
        },
      },
    },
    failed: {
      on: { refresh: 'loading' },
    },
  },
});

export type StaffQueueMachine = typeof staffQueueMachine;
