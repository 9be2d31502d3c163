/**
 * What one complaint's templates are drawn from (complaint-views.ts,
 * reply-views.ts, timeline-views.ts): the "screen" <uc-staff-complaint>
 * builds per render, and the conflict a refused reply shows.
 */
import type { SiteConfig } from '../../src/config/schema';
import type { ComplaintAction, TimelineEntry } from '../../src/contract/complaints';
import type { CannedReply, StaffComplaintDetail } from '../../src/contract/staff';
import type { Present } from '../../src/client/staff/staff-presence';
import type { Translator } from '../../src/i18n/index';
import type { PendingWrite } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';
import type { StaffT } from '../shared/staff-element';

export type AttachedFile = StaffComplaintDetail['attachments'][number];

/** A reply refused because the complaint changed after it was started: what changed, once read again. */
export interface ConflictView {
  /** the complaint has been read again since the refusal (until then, what changed is not known) */
  fresh: boolean;
  /** the timeline's entries since the reply was started */
  entries: readonly TimelineEntry[];
  status: StaffComplaintDetail['status'];
}

export interface ComplaintScreen {
  t: StaffT;
  i18n: Translator;
  detail: StaffComplaintDetail;
  config: SiteConfig | undefined;
  now: number;
  principal: string;
  can: { work: boolean; note: boolean; assign: boolean; categorise: boolean; reveal: boolean };
  revealed: Record<string, string> | undefined;
  revealError: string;
  cannedReplies: readonly CannedReply[];
  reply: ReplyDraft;
  note: ReplyDraft;
  pending: readonly PendingWrite[];
  online: boolean;
  confirming: ComplaintAction | null;
  actionText: string;
  fileError: string;
  /** colleagues on it now */
  present: readonly Present[];
  conflict: ConflictView | undefined;
  /** a change of this person's own was delivered and is being read back: a reply waits for it */
  settling: boolean;
  onReplyInput(text: string): void;
  onSendAnyway(): void;
  onDiscard(): void;
  onAction(action: ComplaintAction): void;
  onActionText(text: string): void;
  onReply(event: Event): void;
  onNote(event: Event): void;
  onCanned(id: string): void;
  onAssign(assignee: string | null): void;
  onCategory(event: Event): void;
  onReveal(event: Event): void;
  download(file: AttachedFile): void;
}
