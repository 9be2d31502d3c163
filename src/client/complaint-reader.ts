/**
 * What the tracker reads, for whoever is signed in (or this device): the
 * list, one complaint, a complaint found by tracking number and contact, a
 * file. Network first; when the server cannot be reached, the device's last
 * copy for the same identity, marked with when it was stored.
 */
import type { ComplaintDetail, ComplaintSummary } from '../contract/complaints';
import type { ComplaintBackend } from './backend';
import { askerOf, currentOwner, type Asker } from './asker';
import { cachedLoad, type Cached } from './cached-load';
import type { Runtime } from './site-runtime';

export class ComplaintReader {
  constructor(
    private readonly runtime: Runtime,
    private readonly api: ComplaintBackend,
    /** A refusal of the sign-in `owner` used. */
    private readonly onUnauthorized: (message: string, owner: string) => void,
  ) {}

  /** Who asks now; complaints may be read anonymously, as this device. */
  asker(): Promise<Asker> {
    return askerOf(this.runtime.identity, { anonymous: true });
  }

  cacheKey(what: string, owner = currentOwner(this.runtime.identity)): string {
    const { backend, config } = this.runtime;
    return `complaints ${backend.endpoint} ${config.site} ${owner} ${what}`;
  }

  /** The device's copy of the list (shown at once while the server is asked), or undefined. */
  async cachedList(): Promise<Cached<ComplaintSummary[]> | undefined> {
    const cached = await this.runtime.store.getCache(this.cacheKey('list')).catch(() => undefined);
    return cached && { value: cached.value as ComplaintSummary[], cachedAt: cached.storedAt };
  }

  async list(signal?: AbortSignal): Promise<Cached<ComplaintSummary[]>> {
    const { credentials, owner } = await this.asker();
    return this.guard(owner, () =>
      cachedLoad(
        this.runtime.store,
        this.cacheKey('list', owner),
        async () => {
          // Everything the user sent: a suggestion's or a question's outcome is followed here too.
          const page = await this.api.listComplaints(
            this.runtime.config.site,
            { limit: 100, kind: 'all' },
            credentials,
            signal,
          );
          const items = [...page.items];
          for (const [id, accessKey] of Object.entries(await this.foreignKeys(owner))) {
            if (items.some((i) => i.id === id)) continue;
            try {
              items.push(await this.api.getComplaint(id, { ...credentials, accessKey }, signal));
            } catch {
              // One unreachable looked-up complaint does not hide the rest.
            }
          }
          return items;
        },
        signal,
      ),
    );
  }

  async detail(id: string, signal?: AbortSignal): Promise<ComplaintDetail> {
    const { credentials, owner } = await this.asker();
    const accessKey = await this.accessKeyFor(id, owner);
    const { value, cachedAt } = await this.guard(owner, () =>
      cachedLoad(
        this.runtime.store,
        this.cacheKey(`detail ${id}`, owner),
        () => this.api.getComplaint(id, { ...credentials, ...(accessKey ? { accessKey } : {}) }, signal),
        signal,
      ),
    );
    // The device's copy offers no actions: what the lifecycle allows now is the server's to say.
    return cachedAt === null ? value : { ...value, actions: [] };
  }

  /** Finds a complaint made on another device; its access key is kept on this one, for this identity. */
  async lookup(trackingNumber: string, contact: string): Promise<string> {
    const found = await this.api.lookupComplaint({ site: this.runtime.config.site, trackingNumber, contact });
    const keys = { ...(await this.foreignKeys()), [found.id]: found.accessKey };
    await this.runtime.store.putValue(this.cacheKey('keys'), keys);
    return found.id;
  }

  async file(complaintId: string, fileId: string): Promise<Blob> {
    const accessKey = await this.accessKeyFor(complaintId);
    const { credentials } = await this.asker();
    return this.api.getComplaintFile(complaintId, fileId, { ...credentials, ...(accessKey ? { accessKey } : {}) });
  }

  /** The key that opens an anonymous complaint: from a lookup on this device, or from its receipt when it was made here. */
  async accessKeyFor(id: string, owner?: string): Promise<string | undefined> {
    return (await this.foreignKeys(owner))[id] ?? (await this.runtime.store.getSubmission(id))?.accessKey;
  }

  /** Access keys of complaints this device opened by tracking number (made elsewhere). */
  private async foreignKeys(owner?: string): Promise<Record<string, string>> {
    const value = await this.runtime.store.getValue(this.cacheKey('keys', owner));
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  }

  /** A 401 is reported with the identity that asked, so one the host replaced since asks nobody to sign in. */
  private async guard<V>(owner: string, work: () => Promise<V>): Promise<V> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'unauthorized') this.onUnauthorized((error as Error).message, owner);
      throw error;
    }
  }
}
