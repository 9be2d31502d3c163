/**
 * The form's machine declares the draft and error shapes it works on
 * (machines/feedback-form.types.ts) and storage keeps them with zod schemas
 * that check what is read back (records.ts). These types hold the two to one
 * shape, in both directions and key by key: a record read back is a draft the
 * machine accepts, a draft the machine makes is a record storage accepts, and
 * no field is known to one side only (a zod object drops keys it does not
 * know, so a field the machine added would be lost on the way back). Types
 * only: nothing here reaches a bundle.
 */
import type * as Machine from '../../machines/feedback-form.types';
import type { Draft, DraftFile, StoredError } from './records';

/** `true` when A and B have the same keys and each is assignable to the other. */
type SameShape<A, B> = [keyof A, A] extends [keyof B, B] ? ([keyof B, B] extends [keyof A, A] ? true : false) : false;
type Holds<T extends true> = T;

export type DraftShapeHolds = Holds<SameShape<Draft, Machine.Draft>>;
export type DraftFileShapeHolds = Holds<SameShape<DraftFile, Machine.DraftFile>>;
export type StoredErrorShapeHolds = Holds<SameShape<StoredError, Machine.StoredError>>;
