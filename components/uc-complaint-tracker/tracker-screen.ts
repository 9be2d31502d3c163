/**
 * What the tracker's templates read and call: the element builds one per
 * render from its state, so the templates stay plain functions of it.
 */
import type { EventFrom, SnapshotFrom } from 'xstate';
import type { ComplaintAction, ComplaintDetail } from '../../src/contract/complaints';
import type { Params, Translator } from '../../src/i18n/index';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';
import type { ComplaintTrackerMachine } from '../../machines/complaint-tracker.machine';
import type { PendingWrite } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';

export type T = (key: TrackerMessageKey, params?: Params) => string;

export interface TrackerScreen {
  t: T;
  i18n: Translator;
  snapshot: SnapshotFrom<ComplaintTrackerMachine>;
  send(event: EventFrom<ComplaintTrackerMachine>): void;
  categoryLabel(id: string): string;
  /** list: how many items are rendered */
  shown: number;
  showMore(): void;
  lookupError: string;
  onLookup(event: SubmitEvent): void;
  /** detail */
  online: boolean;
  pending: readonly PendingWrite[];
  busyWith(complaintId: string, action: string): boolean;
  confirming: ComplaintAction | null;
  onAction(detail: ComplaintDetail, action: ComplaintAction): void;
  score: number;
  comment: string;
  setScore(score: number): void;
  setComment(comment: string): void;
  onRate(detail: ComplaintDetail, event: Event): void;
  reply: ReplyDraft;
  fileError: string;
  onFilesChosen(complaintId: string, input: HTMLInputElement): void;
  onMessage(detail: ComplaintDetail, event: Event): void;
  download(file: { id: string; name: string }): void;
}
