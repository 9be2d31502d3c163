/**
 * What the points widget reads, for the signed-in user: the summary, the
 * history and the codes together, then more history page by page. Network
 * first; when the server cannot be reached, the device's last copy for the
 * same user, marked with when it was stored. Points belong to a user: with
 * nobody signed in there is nothing to ask.
 */
import type { PointsEntry } from '../contract/points';
import type { PointsData } from '../../machines/points.machine';
import { askerOf } from './asker';
import { cachedLoad } from './cached-load';
import type { PointsBackend } from './rest-points';
import type { Runtime } from './site-runtime';

export class PointsReader {
  constructor(
    private readonly runtime: Runtime,
    private readonly api: PointsBackend,
    /** A refusal of the sign-in `owner` used. */
    private readonly onUnauthorized: (message: string, owner: string) => void,
  ) {}

  cacheKey(sub = this.runtime.identity.sub): string {
    const { backend, config } = this.runtime;
    return `points ${backend.endpoint} ${config.site} ${sub ?? ''}`;
  }

  /** The device's copy (shown at once while the server is asked), or undefined; none for nobody signed in. */
  async cached(): Promise<PointsData | undefined> {
    if (!this.runtime.identity.sub) return undefined;
    const cached = await this.runtime.store.getCache(this.cacheKey()).catch(() => undefined);
    return cached && { ...(cached.value as PointsData), cachedAt: cached.storedAt };
  }

  async account(signal?: AbortSignal): Promise<PointsData> {
    const site = this.runtime.config.site;
    // Read with the credentials, before any await: an answer that comes after identify() is kept as the asker's.
    const key = this.cacheKey();
    const { credentials, owner } = await askerOf(this.runtime.identity, { anonymous: false });
    try {
      const { value, cachedAt } = await cachedLoad(
        this.runtime.store,
        key,
        async (): Promise<PointsData> => {
          const [summary, history, redemptions] = await Promise.all([
            this.api.summary(site, credentials, signal),
            this.api.history(site, null, credentials, signal),
            this.api.redemptions(site, credentials, signal),
          ]);
          const { items, nextCursor } = history;
          return { summary, history: items, nextCursor, redemptions: redemptions.items, cachedAt: null };
        },
        signal,
      );
      return { ...value, cachedAt };
    } catch (error) {
      if ((error as { code?: unknown }).code === 'unauthorized') this.onUnauthorized((error as Error).message, owner);
      throw error;
    }
  }

  async moreHistory(
    cursor: string,
    signal?: AbortSignal,
  ): Promise<{ items: PointsEntry[]; nextCursor: string | null }> {
    const { credentials } = await askerOf(this.runtime.identity, { anonymous: false });
    const page = await this.api.history(this.runtime.config.site, cursor, credentials, signal);
    return { items: page.items, nextCursor: page.nextCursor };
  }
}
