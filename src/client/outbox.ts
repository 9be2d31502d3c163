import { itemReferences, type OutboxItem, type QueuedItem, type StoredError } from '../storage/records';
import type { UcStore } from '../storage/store';
import type { Backend, WriteOptions } from './backend';
import { BackendError } from './errors';
import { randomId } from './ids';
import type { Identity } from './identity';

/** Who makes and sends items: the page's user or device (Identity), or a staff member (the staff runtime's identity). */
export type OutboxIdentity = Pick<Identity, 'sub' | 'tokenFor' | 'onChange' | 'ensureDeviceId'>;
import { siteOps, type OpsOf } from './outbox-table';
import type { TabChannel } from './tab-channel';
import type { LockRunner } from './tab-lock';

export interface OutboxOptions {
  store: UcStore;
  backend: Backend;
  identity: OutboxIdentity;
  channel: TabChannel;
  lock: LockRunner;
  /** the lock one tab drains under: the staff runtime's outbox has its own, so the shop's queue never holds it up */
  lockName?: string;
  /** the handler of each op it may send (default: the site runtime's table) */
  ops?: OpsOf;
  now?: () => number;
  random?: () => number;
  /** first retry delay; each further attempt doubles it, up to maxDelay, with full jitter */
  baseDelay?: number;
  maxDelay?: number;
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreads a crowd of retrying tabs out evenly. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.max(base / 2, Math.round(ceiling * random()));
}

function toStoredError(error: unknown): StoredError {
  if (error instanceof BackendError)
    return { code: error.code, message: error.message, status: error.status, fields: error.fields };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Every write that must not be lost (ARCHITECTURE.md, "Outbox"):
 * stored with its idempotency key before the first send, retried with
 * backoff and jitter on network errors, timeouts, 429 and 5xx (Retry-After
 * honoured), stopped on other 4xx, held on 401 until the same user is
 * identified again. One tab drains at a time; the others hear about it.
 * Each item is sent by the handler of its op (outbox-table.ts), so the
 * outbox knows no feature; an item of an op this version has no handler for
 * is held, never dropped.
 */
export class Outbox {
  private readonly o: Required<
    Omit<OutboxOptions, 'store' | 'backend' | 'identity' | 'channel' | 'lock' | 'lockName' | 'ops'>
  > &
    OutboxOptions;
  private flushing = false;
  private again = false;
  private kickOthers = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private cleanups: Array<() => void> = [];

  constructor(options: OutboxOptions) {
    this.o = { now: Date.now, random: Math.random, baseDelay: 1000, maxDelay: 5 * 60_000, ...options };
  }

  private get lockName() {
    return this.o.lockName ?? `usercare-outbox ${this.o.backend.endpoint}`;
  }

  /** Starts listening: network back, other tabs' news, a new identity. Then drains what an earlier page left. */
  start(): void {
    const kick = () => void this.flush();
    window.addEventListener('online', kick);
    this.cleanups.push(() => window.removeEventListener('online', kick));
    this.cleanups.push(
      this.o.channel.subscribe((m) => {
        if (m.type === 'outbox.kick') kick();
      }),
    );
    this.cleanups.push(this.o.identity.onChange(() => void this.releaseHeld()));
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /**
   * What every new item starts with: its idempotency key (`id`, made now unless given), before any send.
   * Made `by` the user with that `sub`, by this device, or, left out, by whoever is signed in now.
   */
  async newItem(site: string, { id = randomId(), by }: { id?: string; by?: { sub: string } | 'device' } = {}) {
    const actor: OutboxItem['actor'] =
      by === 'device'
        ? { type: 'device', id: await this.o.identity.ensureDeviceId() }
        : by
          ? { type: 'user', sub: by.sub }
          : await this.currentActor();
    return {
      id,
      site,
      endpoint: this.o.backend.endpoint,
      actor,
      state: 'pending' as const,
      attempts: 0,
      nextAttemptAt: 0,
      createdAt: this.o.now(),
    };
  }

  /** Stores the item (moving the draft it came from into it, in one transaction) and starts delivering it. */
  async enqueue<T extends QueuedItem>(item: T, draftKey?: string): Promise<T> {
    if (draftKey) await this.o.store.moveDraftToOutbox(draftKey, item);
    else await this.o.store.putOutbox(item);
    this.announce(item);
    void this.flush(true);
    return item;
  }

  /**
   * Runs `task` while no item is being sent: under the lock a send holds (in any tab), waiting for a send
   * in progress to end. Undefined if none ended within ~15 s.
   */
  async exclusive<T>(task: (store: UcStore) => Promise<T>): Promise<T | undefined> {
    for (let tries = 0; tries < 100; tries++) {
      const result = await this.o.lock(this.lockName, () => task(this.o.store));
      if (result.acquired) return result.value;
      // Another tab (or this one) is mid-send: wait for it to finish, then decide.
      await new Promise((r) => setTimeout(r, 150));
    }
    return undefined;
  }

  /**
   * Sends whatever is due. Safe to call any time, from anywhere; concurrent
   * calls coalesce. `justStored`: this tab just stored an item, so if another tab
   * holds the lock it is asked to look again (only then: two tabs answering
   * each other's requests would never stop).
   */
  async flush(justStored = false): Promise<void> {
    if (this.stopped) return;
    if (this.flushing) {
      this.again = true;
      this.kickOthers ||= justStored;
      return;
    }
    this.kickOthers = justStored;
    this.flushing = true;
    try {
      do {
        this.again = false;
        const result = await this.o.lock(this.lockName, () => this.drain());
        // Another tab is draining; make sure it looks again, since it may have listed before our item existed.
        if (!result.acquired && this.kickOthers) this.o.channel.post({ type: 'outbox.kick' }, { others: true });
        this.kickOthers = false;
      } while (this.again && !this.stopped);
    } catch (error) {
      console.error('usercare: outbox flush failed', error);
    } finally {
      this.flushing = false;
    }
    await this.scheduleNext();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped || navigator.onLine === false) return;
      const now = this.o.now();
      const due = (await this.o.store.listQueued())
        .filter((i) => i.endpoint === this.o.backend.endpoint && this.sendable(i) && i.nextAttemptAt <= now)
        .sort((a, b) => a.createdAt - b.createdAt);
      if (due.length === 0) return;
      for (const item of due) await this.send(item.id);
    }
  }

  private async send(id: string): Promise<void> {
    // Re-read: another tab may have withdrawn it or a previous pass delivered it.
    const item = await this.o.store.getQueued(id);
    if (!item || !this.sendable(item)) return;
    const handler = this.ops(item);
    if (!handler) return this.holdUnknown(item);
    const credentials = await this.credentialsFor(item);
    if (!credentials) {
      await this.update(item, {
        state: 'held',
        lastError: { code: 'unauthorized', message: 'waiting for the user to be identified again' },
      });
      return;
    }
    const attempt = { ...item, attempts: item.attempts + 1 };
    await this.o.store.putOutbox(attempt);
    try {
      const { record, news } = await (
        await handler()
      ).send(attempt, {
        backend: this.o.backend,
        store: this.o.store,
        credentials,
      });
      await this.o.store.completeDelivery(attempt.id, record);
      this.o.channel.post({ type: 'outbox.delivered', id: attempt.id, ...itemReferences(attempt), ...news });
    } catch (error) {
      await this.handleFailure(attempt, error);
    }
  }

  private get ops(): OpsOf {
    return this.o.ops ?? siteOps;
  }

  /**
   * Due to be sent: pending, or held only because a version before this one did not know its op (a newer
   * version queued it), when this one does.
   */
  private sendable(item: QueuedItem): boolean {
    return (
      item.state === 'pending' ||
      (item.state === 'held' && item.lastError?.code === 'unknown_op' && this.ops(item) !== undefined)
    );
  }

  private async handleFailure(item: QueuedItem, error: unknown): Promise<void> {
    const stored = toStoredError(error);
    const retryable = !(error instanceof BackendError) || error.retryable;
    if (retryable) {
      const retryAfterMs =
        error instanceof BackendError && error.retryAfter !== undefined ? error.retryAfter * 1000 : 0;
      const delay = Math.max(
        retryAfterMs,
        backoffDelay(item.attempts, this.o.baseDelay, this.o.maxDelay, this.o.random),
      );
      await this.update(item, { state: 'pending', nextAttemptAt: this.o.now() + delay, lastError: stored });
    } else if (stored.code === 'unauthorized') {
      await this.update(item, { state: 'held', lastError: stored });
    } else {
      await this.update(item, { state: 'failed', lastError: stored });
      this.o.channel.post({ type: 'outbox.failed', id: item.id, ...itemReferences(item), error: stored });
    }
  }

  /**
   * An op this version has no handler for (a newer version queued it, sharing the database): the item
   * stays, with all its fields, held until a version that knows the op sends it. Said once, as it is held.
   */
  private async holdUnknown(item: QueuedItem): Promise<void> {
    const message = `unknown op "${item.op}": kept for a usercare version that can send it`;
    await this.update(item, { state: 'held', lastError: { code: 'unknown_op', message } });
    console.warn(`usercare: outbox item ${item.id} held, ${message}`);
  }

  private async update(item: QueuedItem, patch: Partial<Pick<OutboxItem, 'state' | 'nextAttemptAt' | 'lastError'>>) {
    const next = { ...item, ...patch } as QueuedItem;
    await this.o.store.putOutbox(next);
    this.announce(next);
  }

  private announce(item: QueuedItem) {
    this.o.channel.post({
      type: 'outbox.changed',
      id: item.id,
      draftKey: itemReferences(item).draftKey,
      state: item.state,
      nextAttemptAt: item.nextAttemptAt,
      error: item.lastError,
    });
  }

  /** The token is attached at send time, and only the user who made the item can send it. */
  private async credentialsFor(item: QueuedItem): Promise<WriteOptions | undefined> {
    if (item.actor.type === 'user') {
      const token = this.o.identity.tokenFor(item.actor.sub);
      return token ? { idempotencyKey: item.id, token } : undefined;
    }
    return { idempotencyKey: item.id, deviceId: item.actor.id };
  }

  private async currentActor(): Promise<OutboxItem['actor']> {
    const sub = this.o.identity.sub;
    return sub ? { type: 'user', sub } : { type: 'device', id: await this.o.identity.ensureDeviceId() };
  }

  /** identify() was called: items held for that user may go now. */
  private async releaseHeld(): Promise<void> {
    const sub = this.o.identity.sub;
    if (!sub) return;
    const held = (await this.o.store.listOutbox()).filter(
      (i) =>
        i.state === 'held' && i.actor.type === 'user' && i.actor.sub === sub && i.endpoint === this.o.backend.endpoint,
    );
    for (const item of held) await this.update(item, { state: 'pending', nextAttemptAt: 0 });
    if (held.length) void this.flush(true);
  }

  private async scheduleNext(): Promise<void> {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const pending = (await this.o.store.listQueued()).filter(
      (i) => i.endpoint === this.o.backend.endpoint && this.sendable(i),
    );
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((i) => i.nextAttemptAt));
    // Capped so a tab that slept (laptop lid) looks again soon after waking.
    this.timer = setTimeout(() => void this.flush(), Math.min(Math.max(0, next - this.o.now()), 60_000));
  }
}
