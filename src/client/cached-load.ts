import type { UcStore } from '../storage/store';

/**
 * The server cannot be reached, so the device's copy is the best there is:
 * no network, no answer in time, the service unavailable, or an answer
 * outside the contract (a captive portal's page, a broken proxy). A refusal
 * (401, 403, 404, 422) is the server's word and is shown as such. Reads
 * the code, so it also tells a machine's copy of an error (`{ code, message }`).
 */
export function cannotReachServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'network' || code === 'timeout' || code === 'unavailable' || code === 'bad_response';
}

export interface Cached<V> {
  value: V;
  /** when the device stored the copy shown, or null when it came from the server just now */
  cachedAt: number | null;
}

/**
 * Loads from the server and keeps a copy on the device under `key`; when the
 * server cannot be reached, the copy, marked with when it was stored. A load
 * given up (`signal`) is neither kept nor replaced by the copy: whoever gave
 * it up no longer wants an answer.
 */
export async function cachedLoad<V>(
  store: UcStore,
  key: string,
  load: () => Promise<V>,
  signal?: AbortSignal,
): Promise<Cached<V>> {
  try {
    const value = await load();
    signal?.throwIfAborted();
    await store.putCache(key, value, Date.now());
    return { value, cachedAt: null };
  } catch (error) {
    if (signal?.aborted || !cannotReachServer(error)) throw error;
    const cached = await store.getCache(key);
    if (!cached) throw error;
    return { value: cached.value as V, cachedAt: cached.storedAt };
  }
}
