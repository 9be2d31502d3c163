import type { UcStore } from '../storage/store';
import { subjectOfClaim } from '../contract/host-token';
import { randomId } from './ids';

/** Contact details the host already knows; they prefill personal fields marked with the matching `prefill`. */
export interface Profile {
  name?: string;
  email?: string;
  phone?: string;
}

export interface IdentifyOptions {
  /** a JWT the host signed with the site's secret (HS256; `sub`, a string or an integer, `name`, `iat`, `exp`) */
  token?: string;
  profile?: Profile;
}

/**
 * Reads the `sub` of a host token without verifying it: the server verifies;
 * the browser only needs to know whose it is. Read as the server reads it
 * (an integer `sub` is its decimal string), so drafts, outbox items and
 * caches are keyed by the same user the server knows.
 */
export function tokenSubject(token: string): string | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return subjectOfClaim(json.sub);
  } catch {
    return undefined;
  }
}

const DEVICE_KEY = 'device';

/**
 * Who the user is on this page: the host's token (kept in memory only; the
 * host passes it again on every page load) or, anonymously, a device id kept
 * in storage and created on the user's first action.
 */
export class Identity {
  private token: string | undefined;
  private subject: string | undefined;
  private profileValue: Profile = {};
  private listeners = new Set<() => void>();
  private deviceId: Promise<string> | undefined;

  constructor(private readonly store: UcStore) {}

  identify({ token, profile }: IdentifyOptions): void {
    const subject = token ? tokenSubject(token) : undefined;
    if (token && !subject)
      console.error('usercare: identify() got a token without a readable `sub` claim; ignoring it');
    this.token = subject ? token : undefined;
    this.subject = subject;
    this.profileValue = { ...profile };
    for (const listener of this.listeners) listener();
  }

  /** The host signed the user out. */
  forget(): void {
    this.identify({});
  }

  get sub(): string | undefined {
    return this.subject;
  }

  get profile(): Profile {
    return this.profileValue;
  }

  /** The token, but only for the user who made an item: an item is never sent as someone else. */
  tokenFor(sub: string): string | undefined {
    return this.subject === sub ? this.token : undefined;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Created on first use, which is always a user action: a page load alone stores nothing on the device. */
  ensureDeviceId(): Promise<string> {
    this.deviceId ??= (async () => {
      const stored = await this.store.getValue(DEVICE_KEY);
      if (typeof stored === 'string' && stored.length >= 16) return stored;
      const id = randomId().replace(/-/g, '');
      await this.store.putValue(DEVICE_KEY, id);
      return id;
    })();
    return this.deviceId;
  }
}
