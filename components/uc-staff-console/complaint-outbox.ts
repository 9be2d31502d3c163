/**
 * One complaint view's writes through the staff outbox: each is queued
 * (busy at once, so a double click queues it once; a reply's or note's
 * draft moves into the item), followed as the outbox tells every tab how it
 * fares, and, when the server refuses it, its text goes back into the box
 * it came from. A delivered write of this person's own moves a reply being
 * written on to the version it made (ReplyBase); any news of a write on the
 * complaint has it read again. A part `<uc-staff-complaint>` holds, as it
 * holds ReplyBase: it asks the element to render again as its writes fare,
 * and hears the tab channel through the element's session (`hear`), so a
 * new complaint or another person's sign-in stops the listening with it.
 */
import type { ReactiveControllerHost } from 'lit';
import type { StaffOp } from '../../src/client/staff/staff-items';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { TabMessage } from '../../src/client/tab-channel';
import { PendingWrites } from '../shared/pending-writes';
import type { ReplyDraft } from '../shared/reply-draft';
import { queueStaffWrite } from './queue-staff-write';
import type { ReplyBase } from './reply-base';

/** Who writes, on which complaint, as the view has them when asked. */
export interface ComplaintOutboxTarget {
  staff: StaffRuntime | undefined;
  principal: string | undefined;
  complaintId: string;
}

export interface ComplaintOutboxOptions {
  target(): ComplaintOutboxTarget;
  reply: ReplyDraft;
  note: ReplyDraft;
  replyBase: ReplyBase;
  /** a write on the complaint was delivered or refused: the complaint is read again */
  changed(): void;
  /** a write left its box (queued, or refused on the device): where focus goes, by that box */
  written(box: ReplyDraft | undefined): void;
}

export class ComplaintOutbox {
  /** the writes this view queued, shown until delivered (or refused) */
  readonly writes: PendingWrites;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ComplaintOutboxOptions,
  ) {
    this.writes = new PendingWrites(host);
  }

  /** Puts a write in the staff outbox (queue-staff-write.ts); focus then goes where the view keeps it. */
  async write(op: StaffOp, action: string, body: Record<string, unknown>, box?: ReplyDraft): Promise<boolean> {
    const { staff, principal, complaintId } = this.options.target();
    if (!staff || !principal) return false;
    const queued = await queueStaffWrite(this.writes, staff, principal, complaintId, { op, action, body, box });
    this.options.written(box);
    return queued;
  }

  /** The outbox's news, as every tab hears it: of the writes queued here, and of any write on the complaint shown. */
  hear(message: TabMessage): void {
    const mine = 'id' in message ? this.writes.get(message.id) : undefined;
    this.writes.hear(message);
    const { principal, complaintId } = this.options.target();
    if (
      (message.type === 'outbox.delivered' || message.type === 'outbox.failed') &&
      message.complaintId === complaintId
    ) {
      if (message.type === 'outbox.failed' && message.draftKey) void this.giveBack(message.id, message.error.code);
      // This person's own change (a reply, a claim, an action: this device's writes, not another person's
      // drafts) is no colleague's: a reply started before it goes on the version it made. A note keeps the version.
      if (message.type === 'outbox.delivered') {
        const note = mine?.action === 'note' || Boolean(message.draftKey?.includes('/n-'));
        const theirs = message.draftKey !== undefined && !message.draftKey.startsWith(`${principal}/`);
        if (!note && !theirs) this.options.replyBase.ownChange();
      }
      this.options.changed();
    }
  }

  /**
   * A write the server refused (a 409: someone changed the complaint meanwhile): its text goes back into
   * its box. A reply refused as a conflict keeps what it was based on, so the view shows what changed since
   * (also after a reload: it is in the draft) instead of a bare refusal.
   */
  private async giveBack(itemId: string, code: string): Promise<void> {
    const { reply, note, replyBase } = this.options;
    const item = (await this.options.target().staff?.store.getQueued(itemId)) as
      { body?: { text?: unknown; version?: unknown }; draftKey?: unknown } | undefined;
    const text = item?.body?.text;
    const draftKey = item?.draftKey;
    if (!item || typeof draftKey !== 'string' || typeof text !== 'string') return;
    const { principal, complaintId } = this.options.target();
    // Another person's refused write (their tab on this device hears it too) is theirs to get back.
    if (!draftKey.startsWith(`${principal}/`)) return;
    // The workbench's drafts (a ruling, a third party's outcome) are the workbench's to give back.
    if (!draftKey.includes('/c-') && !draftKey.includes('/n-')) return;
    const box = draftKey.includes('/n-') ? note : reply;
    const version = item.body?.version;
    const conflict = box === reply && code === 'conflict' && typeof version === 'number';
    const fields = conflict ? replyBase.refused(complaintId, text, version) : { text };
    if (conflict) this.writes.forget(itemId);
    await box.giveBack(itemId, complaintId, { key: draftKey, fields, files: [] });
  }
}
