/**
 * "Only one at a time" across this origin's tabs, in two forms over one
 * mechanism: Web Locks where they exist (secure contexts), a localStorage
 * lease elsewhere (a plain-http intranet page).
 *
 * - `createTabLock(tab)` runs work if nobody holds the name now (the outbox's
 *   drain): like a Web Lock, the lease also keeps out a second holder in the
 *   same tab, so a send and a withdrawal never overlap.
 * - `holdTabLock(...)` (tab-lock-hold.ts, loaded only with the live stream)
 *   queues for the name and holds it until released: the next in line gets
 *   it when the holder releases it or its tab goes away.
 *
 * The lease can in rare races let two tabs in; that costs a duplicate
 * request, never a duplicate record, because every write carries its
 * idempotency key and every live event its id.
 */
export type LockRunner = <T>(
  name: string,
  work: () => Promise<T>,
) => Promise<{ acquired: true; value: T } | { acquired: false }>;

/** How long a lease lasts without renewal: how long a crashed tab keeps the name. */
export const LEASE_MS = 10_000;

interface LeaseValue {
  tab: string;
  until: number;
}

/** The localStorage lease of one name. Storage that throws (blocked) reads as free and writes nothing: the tab goes alone. */
export class Lease {
  private readonly key: string;
  constructor(
    name: string,
    private readonly tab: string,
  ) {
    this.key = `usercare:lease:${name}`;
  }

  read(): LeaseValue | undefined {
    try {
      return (JSON.parse(localStorage.getItem(this.key) ?? 'null') as LeaseValue | null) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Another tab holds it and its lease has not run out. */
  heldByOther(): boolean {
    const lease = this.read();
    return lease !== undefined && lease.tab !== this.tab && lease.until > Date.now();
  }

  renew(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify({ tab: this.tab, until: Date.now() + LEASE_MS }));
    } catch {
      // storage blocked: nothing to coordinate with
    }
  }

  /** Gives it up, if it is still ours. */
  drop(): void {
    try {
      if (this.read()?.tab === this.tab) localStorage.removeItem(this.key);
    } catch {
      // see renew()
    }
  }
}

/** Undefined where Web Locks are missing: older engines, and pages that are not secure contexts. */
export const webLocks = (): LockManager | undefined =>
  typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function' ? navigator.locks : undefined;

export function createTabLock(tab: string): LockRunner {
  const locks = webLocks();
  if (locks) {
    return async (name, work) => {
      let acquired = false;
      let value: Awaited<ReturnType<typeof work>> | undefined;
      await locks.request(name, { ifAvailable: true }, async (lock) => {
        if (!lock) return;
        acquired = true;
        value = await work();
      });
      return acquired ? { acquired: true, value: value as Awaited<ReturnType<typeof work>> } : { acquired: false };
    };
  }
  /** names this tab holds now */
  const held = new Set<string>();
  return async (name, work) => {
    const lease = new Lease(name, tab);
    if (held.has(name) || lease.heldByOther()) return { acquired: false };
    held.add(name);
    lease.renew();
    const timer = setInterval(() => lease.renew(), LEASE_MS / 2);
    try {
      return { acquired: true, value: await work() };
    } finally {
      held.delete(name);
      clearInterval(timer);
      lease.drop();
    }
  };
}
