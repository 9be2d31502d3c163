import type { Receipt } from '../contract/feedback';
import type { Redemption } from '../contract/points';
import type { StoredError } from '../storage/records';
import type { LiveEvent } from './live-event';

/** What tabs tell each other. */
export type TabMessage =
  | { type: 'draft.saved'; key: string; tab: string; updatedAt: number }
  | { type: 'draft.deleted'; key: string; tab: string }
  | {
      type: 'outbox.changed';
      id: string;
      draftKey?: string;
      state: 'pending' | 'held' | 'failed';
      nextAttemptAt: number;
      error?: StoredError;
    }
  | { type: 'outbox.kick' }
  | {
      type: 'outbox.delivered';
      id: string;
      draftKey?: string;
      receipt?: Receipt;
      complaintId?: string;
      redemption?: Redemption;
    }
  | { type: 'outbox.failed'; id: string; draftKey?: string; error: StoredError; complaintId?: string }
  /** a lease holder let go of `name` (src/client/tab-lock.ts): the next tab takes it now */
  | { type: 'lock.released'; name: string }
  /** the tab reading live stream `stream` relays an event it read for audience `who` */
  | { type: 'live.event'; stream: string; who: string; event: LiveEvent }
  /** the server refused the stream's sign-in: every tab asks its host */
  | { type: 'live.auth-required'; stream: string }
  /** a tab that does not read the stream asks the one that does to connect again now */
  | { type: 'live.reconnect'; stream: string };

type Listener = (message: TabMessage) => void;

/**
 * BroadcastChannel between this origin's tabs, plus same-tab delivery so a
 * listener does not care whether the news came from here or elsewhere.
 * Without BroadcastChannel (very old engines) tabs simply do not hear each other.
 */
export class TabChannel {
  readonly tab: string;
  private channel: BroadcastChannel | undefined;
  private listeners = new Set<Listener>();

  constructor(tab: string, name = 'usercare') {
    this.tab = tab;
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(name);
      this.channel.onmessage = (event: MessageEvent<TabMessage>) => this.deliver(event.data);
    }
  }

  /** False without BroadcastChannel: this tab cannot hear the others, nor they it. */
  get connected(): boolean {
    return this.channel !== undefined;
  }

  /** Tells every other tab and, unless `others` is set, this tab's listeners too. Messages carry keys, not drafts: a tab re-reads storage. */
  post(message: TabMessage, { others = false } = {}): void {
    if (!others) this.deliver(message);
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel: there is no other tab to tell, and the host page must not see an error.
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.channel?.close();
    this.listeners.clear();
  }

  private deliver(message: TabMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        console.error('usercare: tab message listener failed', error);
      }
    }
  }
}
