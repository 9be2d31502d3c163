/**
 * A queued hold on a tab lock (src/client/tab-lock.ts: Web Locks, or the
 * localStorage lease), kept until released: the one tab that reads the live
 * stream holds it, and the next in line gets it when that tab lets go or
 * goes away.
 */
import type { TabChannel } from './tab-channel';
import { Lease, LEASE_MS, webLocks } from './tab-lock';

export interface HoldOptions {
  /** This tab holds the name now. */
  onAcquired(): void;
  /** Lease mode only: another tab took the name (this tab was frozen past its lease, or both wrote at once). */
  onLost(): void;
}

/** A queued hold on a name; release() gives it up, or leaves the queue. */
export interface TabLockHold {
  release(): void;
}

/**
 * Queues for `name` and holds it until released. With Web Locks the browser
 * keeps the queue and hands the name over when the holder's tab goes away.
 * With the lease, tabs look every few seconds; a holder that releases tells
 * the others over `channel`, so the next takes over at once rather than when
 * the lease runs out.
 */
export function holdTabLock(name: string, tab: string, channel: TabChannel, options: HoldOptions): TabLockHold {
  const locks = webLocks();
  if (locks) {
    const queued = new AbortController();
    let release: (() => void) | undefined;
    let released = false;
    locks
      .request(name, { signal: queued.signal }, () =>
        released
          ? undefined
          : new Promise<void>((done) => {
              release = done;
              options.onAcquired();
            }),
      )
      .catch(() => {
        // AbortError from release() while still queued: nothing to release.
      });
    return {
      release() {
        released = true;
        queued.abort();
        release?.();
      },
    };
  }

  const lease = new Lease(name, tab);
  let holding = false;
  let released = false;
  const check = () => {
    if (released) return;
    if (!lease.heldByOther()) {
      lease.renew();
      if (!holding) {
        holding = true;
        options.onAcquired();
      }
    } else if (holding) {
      holding = false;
      options.onLost();
    }
  };
  const timer = setInterval(check, LEASE_MS / 3);
  const unsubscribe = channel.subscribe((message) => {
    if (message.type === 'lock.released' && message.name === name) check();
  });
  check();
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      unsubscribe();
      if (holding) {
        lease.drop();
        channel.post({ type: 'lock.released', name }, { others: true });
      }
    },
  };
}
