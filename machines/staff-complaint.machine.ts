/**
 * What <uc-staff-complaint> shows, and <uc-staff-feedback> alike: one
 * submission as staff see it, loading, shown or failed. Pure: the element
 * provides the load. A change from the
 * staff stream or a delivered write (`changed`) reads it again without
 * hiding what is shown; changes while a read is on its way are answered by
 * one more read after it, however many came.
 */
import { assign, fromPromise } from 'xstate';
import type { StaffComplaintDetail } from '../src/contract/staff';
import type { StaffFeedbackDetail } from '../src/contract/staff-feedback';
import { setup } from './lean-setup';

export interface StaffComplaintError {
  code: string;
  message: string;
}

export interface StaffComplaintContext<Detail = StaffComplaintDetail> {
  id: string;
  detail: Detail | null;
  error: StaffComplaintError | null;
  /** a change came while the read was on its way: one more read follows its answer */
  stale: boolean;
}

export type StaffComplaintEvent = { type: 'refresh' } | { type: 'changed' };

const errorOf = (error: unknown): StaffComplaintError =>
  typeof error === 'object' && error !== null && 'code' in error
    ? { code: String(error.code), message: String((error as { message?: unknown }).message ?? '') }
    : { code: 'internal', message: String(error) };

/** The machine for one kind of detail (a complaint's, a piece of feedback's). */
const detailMachine = <Detail>() =>
  setup({
    types: {
      context: {} as StaffComplaintContext<Detail>,
      events: {} as StaffComplaintEvent,
      input: {} as { id: string },
    },
    actors: {
      load: fromPromise<Detail, { id: string }>(async () => {
        throw new Error('not provided');
      }),
    },
    actions: {
      markStale: assign({ stale: true }),
    },
    guards: {
      isStale: ({ context }) => context.stale,
    },
  }).createMachine({
    id: 'staffComplaint',
    context: ({ input }) => ({ id: input.id, detail: null, error: null, stale: false }),
    initial: 'loading',
    states: {
      loading: {
        entry: assign({ stale: false }),
        on: { changed: { actions: 'markStale' } },
        invoke: {
          src: 'load',
          input: ({ context }) => ({ id: context.id }),
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
        on: { refresh: 'loading', changed: 'loading' },
      },
      failed: {
        on: { refresh: 'loading', changed: 'loading' },
      },
    },
  });

export const staffComplaintMachine = detailMachine<StaffComplaintDetail>();
export type StaffComplaintMachine = typeof staffComplaintMachine;

export const staffFeedbackMachine = detailMachine<StaffFeedbackDetail>();
export type StaffFeedbackMachine = typeof staffFeedbackMachine;
