/**
 * Who else of the site's staff is on each complaint now, in ONE place for
 * the whole staff runtime, so a queue row and the complaint's view read the
 * same thing: what the staff stream says (`presence.changed`) and what the
 * server answers to this console's own presence. Never the signed-in
 * principal itself. Each presence lasts its lease from when it was heard
 * (the server's `expiresAt − at`, so a clock that is off does not matter)
 * and goes by itself when nobody renews it: a colleague's closed tab. What
 * is there already is read once when the first part listens, and again
 * when the stream starts without hearing what it missed.
 */
import { PresenceNotice, type PresenceState } from '../../contract/staff-presence';
import { startedUnheard, type LiveEvent, type LiveListener } from '../live-stream';

/** A colleague on a complaint, as the console shows them. */
export interface Present {
  principal: string;
  name: string;
  state: Exclude<PresenceState, 'left'>;
  /** when it lapses, by this device's clock */
  untilMs: number;
}

/** What the presence needs of the runtime: the staff stream, who is signed in, and who is where now. */
export interface PresenceHost {
  listen(topics: Record<string, LiveListener>, onAuthRequired: () => void): () => void;
  current(): Promise<readonly PresenceNotice[]>;
  principal(): string | undefined;
  expire(): void;
}

export class StaffPresence {
  private byComplaint = new Map<string, Map<string, Present>>();
  private readonly listeners = new Set<() => void>();
  private stopListening: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: PresenceHost) {}

  /** The colleagues on `complaintId` now, typing first, then by name. */
  on(complaintId: string): Present[] {
    const now = Date.now();
    return [...(this.byComplaint.get(complaintId)?.values() ?? [])]
      .filter((p) => p.untilMs > now)
      .sort((a, b) => (a.state === b.state ? a.name.localeCompare(b.name) : a.state === 'typing' ? -1 : 1));
  }

  /** Calls `listener` on every change; the stream is followed while anyone listens. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.stopListening) {
      this.stopListening = this.host.listen(
        {
          'presence.changed': (event: LiveEvent) => this.heard(event),
          ready: (event: LiveEvent) => {
            if (startedUnheard(event)) this.load();
          },
        },
        () => this.host.expire(),
      );
      this.load();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size) return;
      this.stopListening?.();
      this.stopListening = undefined;
    };
  }

  /** One presence, from the stream or an answer, heard now. */
  hear(notice: PresenceNotice): void {
    if (notice.principal === this.host.principal()) return;
    const others = new Map(this.byComplaint.get(notice.complaintId));
    const leaseMs = Date.parse(notice.expiresAt) - Date.parse(notice.at);
    if (notice.state === 'left' || !(leaseMs > 0)) others.delete(notice.principal);
    else
      others.set(notice.principal, {
        principal: notice.principal,
        name: notice.name,
        state: notice.state,
        untilMs: Date.now() + leaseMs,
      });
    this.set(notice.complaintId, others);
  }

  /** The server's answer to this console's presence: exactly these others are on the complaint now. */
  replace(complaintId: string, notices: readonly PresenceNotice[]): void {
    this.set(complaintId, new Map());
    for (const notice of notices) this.hear(notice);
  }

  /** Another person signed in (or nobody): what the last one heard is not theirs to show. */
  clear(): void {
    this.byComplaint = new Map();
    this.changed();
  }

  /** Who is where now, from the server: it replaces what was known (a read a moment old still beats none). */
  private load(): void {
    this.host.current().then(
      (notices) => {
        if (!this.stopListening) return;
        this.byComplaint = new Map();
        for (const notice of notices) this.hear(notice);
        this.changed();
      },
      () => {}, // the renewals bring them within a renewal's time
    );
  }

  private heard(event: LiveEvent): void {
    const parsed = PresenceNotice.safeParse(event.data);
    if (parsed.success) this.hear(parsed.data);
  }

  private set(complaintId: string, others: Map<string, Present>): void {
    if (others.size) this.byComplaint.set(complaintId, others);
    else this.byComplaint.delete(complaintId);
    this.changed();
  }

  /** Tells the listeners, then waits for the next lease to lapse (one timer for all). */
  private changed(): void {
    clearTimeout(this.timer);
    const now = Date.now();
    let next = Infinity;
    for (const [id, others] of this.byComplaint) {
      for (const [principal, present] of others) {
        if (present.untilMs <= now) others.delete(principal);
        else next = Math.min(next, present.untilMs);
      }
      if (!others.size) this.byComplaint.delete(id);
    }
    if (next !== Infinity) this.timer = setTimeout(() => this.changed(), next - now + 10);
    for (const listener of [...this.listeners]) listener();
  }
}
