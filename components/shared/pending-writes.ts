import type { ReactiveControllerHost } from 'lit';
import type { TabMessage } from '../../src/client/tab-channel';

/** A write this tab queued, shown until it is delivered (or refused). */
export interface PendingWrite {
  /** what it is about: a complaint's id */
  subject: string;
  action: string;
  state: 'pending' | 'held' | 'failed';
  message?: string;
  /** the error's stable code, when it failed or waits (`conflict`: changed by someone else meanwhile) */
  code?: string;
}

/**
 * The writes this element queued in the outbox, by item id, so it can show
 * "sending…", "queued", a refusal, and keep a second click on the same
 * action from queueing it twice. The outbox tells every tab how each item
 * fares; this keeps the ones this element made.
 */
export class PendingWrites {
  private items = new Map<string, PendingWrite>();

  constructor(private readonly host: Pick<ReactiveControllerHost, 'requestUpdate'>) {}

  all(): PendingWrite[] {
    return [...this.items.values()];
  }

  busyWith(subject: string, action: string): boolean {
    return this.all().some((p) => p.subject === subject && p.action === action && p.state !== 'failed');
  }

  /**
   * Marks the action busy before anything is awaited (a second click in the
   * same moment finds it and does nothing), then queues it with `enqueue`.
   * Returns the item's id, or undefined when it could not even be stored on
   * the device: then the refusal is shown where the user looks, and they may
   * try again.
   */
  async track(subject: string, action: string, enqueue: () => Promise<{ id: string }>): Promise<string | undefined> {
    const placeholder = `pending-${action}-${Date.now()}`;
    this.set(placeholder, { subject, action, state: 'pending' });
    try {
      const { id } = await enqueue();
      this.items.delete(placeholder);
      this.set(id, { subject, action, state: 'pending' });
      return id;
    } catch (error) {
      this.set(placeholder, {
        subject,
        action,
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  /** The write `id`, if this element queued it. */
  get(id: string): PendingWrite | undefined {
    return this.items.get(id);
  }

  /** Stops showing a write (a refusal the element now shows in its own way). */
  forget(id: string): void {
    if (!this.items.has(id)) return;
    this.items = new Map(this.items);
    this.items.delete(id);
    this.host.requestUpdate();
  }

  /** Follows the outbox's news of the items tracked here. */
  hear(message: TabMessage): void {
    const item = 'id' in message ? this.items.get(message.id) : undefined;
    if (!item) return;
    if (message.type === 'outbox.changed')
      this.set(message.id, {
        ...item,
        state: message.state,
        ...(message.error ? { message: message.error.message, code: message.error.code } : {}),
      });
    else if (message.type === 'outbox.delivered') {
      this.items.delete(message.id);
      this.host.requestUpdate();
    } else if (message.type === 'outbox.failed')
      this.set(message.id, { ...item, state: 'failed', message: message.error.message, code: message.error.code });
  }

  private set(id: string, write: PendingWrite): void {
    this.items = new Map(this.items).set(id, write);
    this.host.requestUpdate();
  }
}
