/**
 * What a reply is written against: the complaint's version when its first
 * words were typed (`basedOn`) and the newest timeline entry its writer had
 * seen then (`seen`), kept in the reply's draft beside its text, so they
 * survive a reload. The reply is sent on that version: when a colleague
 * changed the complaint meanwhile, the server refuses it (a 409), the text
 * comes back marked `conflict`, and the complaint view shows what changed
 * since `seen` beside it. A change of this person's own (a claim, a
 * category, an action) is no colleague's: a reply started before it moves
 * on to the version it made once that is read back (`settling` until then).
 */
import type { ReactiveControllerHost } from 'lit';
import type { StaffComplaintDetail } from '../../src/contract/staff';
import type { ReplyDraft } from '../shared/reply-draft';
import type { ConflictView } from './complaint-screen';

export class ReplyBase {
  /** this person's own changes delivered so far: a read begun before the last of them may not have it */
  private ownDelivered = 0;
  /** a change of this person's own was delivered and not read back yet: a reply waits for it */
  settling = false;
  /** what the writer of a reply sent on a version had seen, to show what changed if it is refused */
  private readonly seenAt = new Map<string, string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly reply: ReplyDraft,
  ) {}

  /** Before a read: what the read will be measured against in `read`. */
  get delivered(): number {
    return this.ownDelivered;
  }

  /** A change of this person's own was delivered: a reply waits until it is read back. */
  ownChange(): void {
    this.ownDelivered++;
    this.settling = true;
    this.host.requestUpdate();
  }

  /** After a read begun when `delivered` changes were: a reply being written moves on to the version now read. */
  read(detail: StaffComplaintDetail, delivered: number): void {
    if (!this.settling || delivered !== this.ownDelivered) return;
    this.settling = false;
    this.host.requestUpdate();
    const values = this.reply.values;
    if (values['basedOn'] && !this.inConflict && detail.version > Number(values['basedOn']))
      this.reply.values = { ...values, basedOn: String(detail.version), seen: lastEntryId(detail) };
  }

  /** The reply's text changed to `text`: it is based on the complaint as shown when its first words were typed. */
  typed(detail: StaffComplaintDetail, text: string): void {
    const values = this.reply.values;
    if (this.inConflict) return;
    if (!text.trim()) this.reply.values = {};
    else if (!values['basedOn'])
      this.reply.values = { ...values, basedOn: String(detail.version), seen: lastEntryId(detail) };
  }

  get inConflict(): boolean {
    return this.reply.values['conflict'] === 'true';
  }

  /** The version a reply is sent on, remembering what its writer had seen there. */
  sendOn(detail: StaffComplaintDetail): number {
    const version = Number(this.reply.values['basedOn']) || detail.version;
    this.seenAt.set(`${detail.id}@${version}`, this.reply.values['seen'] ?? lastEntryId(detail));
    return version;
  }

  /** What a reply the server refused as a conflict keeps beside its text: what it was based on and had seen. */
  refused(complaintId: string, text: string, version: number): Record<string, string> {
    return {
      text,
      basedOn: String(version),
      seen: this.seenAt.get(`${complaintId}@${version}`) ?? '',
      conflict: 'true',
    };
  }

  /** What the conflict panel shows: the complaint as read again, against the version the reply was based on. */
  conflictOf(detail: StaffComplaintDetail): ConflictView | undefined {
    if (!this.inConflict) return undefined;
    const values = this.reply.values;
    const basedOn = Number(values['basedOn']);
    // Until the fresh read arrives, the detail shown is the one the reply was written against.
    if (!(detail.version > basedOn)) return { fresh: false, entries: [], status: detail.status };
    const seen = values['seen'];
    const entries = seen
      ? detail.timeline.filter((entry) => Number(entry.id) > Number(seen))
      : detail.timeline.slice(-1);
    return { fresh: true, entries, status: detail.status };
  }
}

/** The newest timeline entry's id (ids grow with each entry): what a reply's writer had seen. */
function lastEntryId(detail: StaffComplaintDetail): string {
  return detail.timeline.reduce((max, entry) => (Number(entry.id) > Number(max) ? entry.id : max), '0');
}
