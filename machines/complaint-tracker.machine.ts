/**
 * What <uc-complaint-tracker> shows: the user's list or one complaint, each
 * loading, shown, or failed. Pure: the element provides the two loaders
 * (network first, the device's cache when offline). Actions and messages do
 * not pass through here: they go into the outbox, and their delivery (or a
 * live event from the server) arrives as `changed`, which reloads what is
 * shown without hiding it. `identified` (the host signed a user in or out)
 * starts over from nothing: what was shown, and any answer still on its way,
 * belonged to the identity before.
 */
import { assign, fromPromise } from 'xstate';
import type { ComplaintDetail, ComplaintSummary } from '../src/contract/complaints';
import { setup } from './lean-setup';

export interface ListResult {
  items: ComplaintSummary[];
  /** set when the list came from the device's cache (offline): when it was stored */
  cachedAt: number | null;
}

export interface LoadError {
  code: string;
  message: string;
}

export interface TrackerContext {
  items: ComplaintSummary[];
  cachedAt: number | null;
  /** the complaint shown, or null for the list */
  id: string | null;
  detail: ComplaintDetail | null;
  error: LoadError | null;
  /** a change came while the load in flight was asked: its answer may predate it, so one more load follows */
  stale: boolean;
}

export type TrackerEvent =
  | { type: 'open'; id: string }
  | { type: 'back' }
  | { type: 'refresh' }
  /** the user is someone else now (identify(), forget()) */
  | { type: 'identified' }
  /**
   * the complaint changed on the server (live event, or our write was delivered); without an id, anything may
   * have (the live stream started without resuming, so a change before it may not have been heard)
   */
  | { type: 'changed'; id?: string };

export interface TrackerInput {
  /** open this complaint straight away (the `complaint-id` attribute) */
  id?: string | null;
  /** the device's copy of the list, shown while the server is asked (and kept, marked, when it cannot be reached) */
  cached?: ListResult | null;
}

const errorOf = (error: unknown): LoadError =>
  typeof error === 'object' && error !== null && 'code' in error
    ? { code: String(error.code), message: String((error as { message?: unknown }).message ?? '') }
    : { code: 'internal', message: String(error) };

/** What a loaded list puts in the context. */
const listShown = (output: ListResult): Partial<TrackerContext> => ({
  items: output.items,
  cachedAt: output.cachedAt,
  error: null,
});

export const complaintTrackerMachine = setup({
  types: {
    context: {} as TrackerContext,
    events: {} as TrackerEvent,
    input: {} as TrackerInput,
  },
  actors: {
    loadList: fromPromise<ListResult, void>(async () => ({ items: [], cachedAt: null })),
    loadDetail: fromPromise<ComplaintDetail, { id: string }>(async () => {
      throw new Error('not provided');
    }),
  },
  actions: {
    /** the load in flight may predate a change: one more follows its answer */
    markStale: assign({ stale: true }),
  },
  guards: {
    isStale: ({ context }) => context.stale,
    /** the change is to the complaint shown, or may be to any */
    isShownOne: ({ context, event }) => event.type === 'changed' && (event.id === undefined || event.id === context.id),
  },
}).createMachine({
  id: 'complaintTracker',
  context: ({ input }) => ({
    items: input.cached?.items ?? [],
    cachedAt: input.cached?.cachedAt ?? null,
    id: input.id ?? null,
    detail: null,
    error: null,
    stale: false,
  }),
  initial: 'start',
  on: {
    // Re-entered from the top: a load in flight is dropped, whatever state the old identity's data was in.
    identified: { target: '.start', actions: assign({ items: [], cachedAt: null, detail: null, error: null }) },
  },
  states: {
    start: {
      always: [{ guard: ({ context }) => context.id !== null, target: 'detail' }, { target: 'list' }],
    },
    list: {
      initial: 'loading',
      on: {
        open: { target: 'detail', actions: assign({ id: ({ event }) => event.id, detail: null }) },
      },
      states: {
        loading: {
          // A change while the list loads may have come after the server read it: it is asked once more after
          // this answer (however many changes came, one more request).
          entry: assign({ stale: false }),
          on: { changed: { actions: 'markStale' } },
          invoke: {
            id: 'loadList',
            src: 'loadList',
            onDone: [
              {
                guard: 'isStale',
                target: 'loading',
                reenter: true,
                actions: assign(({ event }) => listShown(event.output)),
              },
              { target: 'shown', actions: assign(({ event }) => listShown(event.output)) },
            ],
            onError: { target: 'failed', actions: assign({ error: ({ event }) => errorOf(event.error) }) },
          },
        },
        shown: {
          on: { refresh: 'loading', changed: 'loading' },
        },
        failed: {
          on: { refresh: 'loading' },
        },
      },
    },
    detail: {
      initial: 'loading',
      on: {
        back: { target: 'list', actions: assign({ id: null, detail: null, error: null }) },
        open: { target: '.loading', actions: assign({ id: ({ event }) => event.id, detail: null }) },
      },
      states: {
        loading: {
          entry: assign({ stale: false }),
          on: { changed: { guard: 'isShownOne', actions: 'markStale' } },
          invoke: {
            id: 'loadDetail',
            src: 'loadDetail',
            input: ({ context }) => ({ id: context.id ?? '' }),
            onDone: [
              {
                guard: 'isStale',
                target: 'loading',
                reenter: true,
                actions: assign({ detail: ({ event }) => event.output, error: null }),
              },
              { target: 'shown', actions: assign({ detail: ({ event }) => event.output, error: null }) },
            ],
            onError: { target: 'failed', actions: assign({ error: ({ event }) => errorOf(event.error) }) },
          },
        },
        shown: {
          on: {
            refresh: 'loading',
            changed: { guard: 'isShownOne', target: 'loading' },
          },
        },
        failed: {
          on: { refresh: 'loading' },
        },
      },
    },
  },
});

export type ComplaintTrackerMachine = typeof complaintTrackerMachine;
