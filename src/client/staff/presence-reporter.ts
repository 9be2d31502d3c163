/**
 * What one open complaint view tells the server about its staff member,
 * throttled so that presence costs no request per keystroke: `viewing` when
 * the view opens and again at most every RENEW_MS while it stays open and
 * the page is visible (the server keeps it PRESENCE_TTL_S, longer than
 * that); `typing` at most every TYPING_EVERY_MS while typing goes on, and
 * one `viewing` once it has stopped for TYPING_IDLE_MS; `left` when the view
 * closes or the page goes away. A hidden page stops renewing and says
 * `viewing` again when shown. The server's answer (who else is there) goes
 * into the runtime's presence, which the queue and the view read.
 */
import type { PresenceState } from '../../contract/staff-presence';
import type { StaffPresence } from './staff-presence';

/** How often an open, visible view renews its `viewing`. */
export const RENEW_MS = 20_000;
/** The most often `typing` is sent while typing goes on. */
export const TYPING_EVERY_MS = 10_000;
/** After this long without a keystroke, typing has stopped: one `viewing` says so. */
export const TYPING_IDLE_MS = 3_000;

/** What the reporter needs of the runtime: the two ways to send, and where the answers go. */
export interface PresenceSender {
  presence(
    id: string,
    state: Exclude<PresenceState, 'left'>,
  ): Promise<{ others: Parameters<StaffPresence['replace']>[1] }>;
  leave(id: string): void;
}

export class PresenceReporter {
  private state: Exclude<PresenceState, 'left'> = 'viewing';
  private lastSentMs = -Infinity;
  private lastTypingMs = -Infinity;
  private renewal: ReturnType<typeof setTimeout> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private open = false;
  private readonly onVisibility = () => {
    clearTimeout(this.renewal);
    if (document.visibilityState !== 'visible') return;
    // Shown again: renewed now if the last word is older than a renewal, else when it is (never more often).
    const wait = this.lastSentMs + RENEW_MS - Date.now();
    if (wait <= 0) this.send('viewing');
    else this.renewal = setTimeout(() => this.send(this.state), wait);
  };
  private readonly onPageHide = () => this.close();

  constructor(
    private readonly complaintId: string,
    private readonly sender: PresenceSender,
    private readonly presence: StaffPresence,
  ) {}

  /** The view opened: `viewing` now, renewed while it stays open. */
  start(): void {
    if (this.open) return;
    this.open = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pagehide', this.onPageHide);
    if (document.visibilityState === 'visible') this.send('viewing');
  }

  /**
   * A keystroke in the reply box: `typing` unless it was said less than TYPING_EVERY_MS ago (also across
   * short pauses, so typing in bursts costs no more), and `viewing` once the keys stop.
   */
  typed(): void {
    if (!this.open) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.state === 'typing') this.send('viewing');
    }, TYPING_IDLE_MS);
    if (Date.now() - this.lastTypingMs >= TYPING_EVERY_MS) this.send('typing');
  }

  /** The view closed (or the page is going): `left`, and nothing more. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    clearTimeout(this.renewal);
    clearTimeout(this.idle);
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pagehide', this.onPageHide);
    this.sender.leave(this.complaintId);
  }

  private send(state: Exclude<PresenceState, 'left'>): void {
    if (!this.open) return;
    if (state === 'viewing') clearTimeout(this.idle);
    this.state = state;
    this.lastSentMs = Date.now();
    if (state === 'typing') this.lastTypingMs = this.lastSentMs;
    clearTimeout(this.renewal);
    this.renewal = setTimeout(() => {
      if (document.visibilityState === 'visible') this.send(this.state);
    }, RENEW_MS);
    this.sender.presence(this.complaintId, state).then(
      (answer) => {
        if (this.open) this.presence.replace(this.complaintId, answer.others);
      },
      () => {}, // best effort: a presence not heard lapses by itself, and the next renewal tries again
    );
  }
}
