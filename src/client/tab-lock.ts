/**
 * "Only one at a time": Web Locks where they exist (secure contexts), a
 * localStorage lease elsewhere. Like a Web Lock, the lease also keeps out a
 * second holder in the same tab (a withdrawal while this tab sends). The
 * lease can in rare races let two tabs in; that costs a duplicate request,
 * never a duplicate record, because every write carries its idempotency key.
 */
export type LockRunner = <T>(
  name: string,
  work: () => Promise<T>,
) => Promise<{ acquired: true; value: T } | { acquired: false }>;

const LEASE_MS = 10_000;

export function createTabLock(tab: string): LockRunner {
  if (typeof navigator !== 'undefined' && navigator.locks?.request) {
    return async (name, work) => {
      let acquired = false;
      let value: Awaited<ReturnType<typeof work>> | undefined;
      await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
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
    const key = `usercare:lease:${name}`;
    const read = (): { tab: string; until: number } | undefined => {
      try {
        return JSON.parse(localStorage.getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
    };
    const lease = read();
    if (held.has(name) || (lease && lease.tab !== tab && lease.until > Date.now())) return { acquired: false };
    held.add(name);
    const renew = () => {
      try {
        localStorage.setItem(key, JSON.stringify({ tab, until: Date.now() + LEASE_MS }));
      } catch {
        // storage blocked: nothing to coordinate with, so this tab goes alone
      }
    };
    renew();
    const timer = setInterval(renew, LEASE_MS / 2);
    try {
      return { acquired: true, value: await work() };
    } finally {
      held.delete(name);
      clearInterval(timer);
      try {
        if (read()?.tab === tab) localStorage.removeItem(key);
      } catch {
        // see above
      }
    }
  };
}
