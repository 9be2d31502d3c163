/**
 * Who is signed in on the staff side: the staff token the host's back office
 * passed to `usercare.identifyStaff()` and what the server says it is
 * (GET /v1/staff/me). The token is kept in memory only, never stored: a
 * reload asks the host again, as its own session decides. When the token
 * runs out (or the server refuses it) the identity says so; drafts and
 * queued writes stay, for the same person to send once signed in again.
 */
import type { StaffMe } from '../../contract/staff';
import type { StaffApi } from './staff-api';

export class StaffIdentity {
  private token: string | undefined;
  private meValue: StaffMe | undefined;
  private expiredValue = false;
  private refusalValue: { code: string; message: string } | undefined;
  private expiry: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: StaffApi) {}

  /** The server's word on the signed-in principal: roles and permissions. */
  get me(): StaffMe | undefined {
    return this.meValue;
  }

  /** The principal signed in: outbox items are made and sent as it. */
  get sub(): string | undefined {
    return this.meValue?.principal;
  }

  /** Why the last token the host passed was refused (bad, expired, another site's), until one is taken. */
  get refusal(): { code: string; message: string } | undefined {
    return this.refusalValue;
  }

  /** The token ran out or was refused: the host should sign the person in again. */
  get expired(): boolean {
    return this.expiredValue;
  }

  /** The token, while it is good, for the principal who made an item only: nothing is sent as someone else. */
  tokenFor(principal: string): string | undefined {
    return this.meValue?.principal === principal && !this.expiredValue ? this.token : undefined;
  }

  /** The token for reads, while it is good. */
  currentToken(): string | undefined {
    return this.expiredValue ? undefined : this.token;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Staff writes are always a principal's: there is no anonymous staff member. */
  ensureDeviceId(): Promise<string> {
    return Promise.reject(new Error('staff writes are made by a signed-in staff member'));
  }

  /**
   * Takes `token` as the session's once the server has said who it is. A token the server refuses
   * changes nothing but `refusal`, and resolves all the same: nothing throws into the host's page.
   */
  async signIn(token: string): Promise<StaffMe | undefined> {
    let me: StaffMe;
    try {
      me = await this.api.me(token);
    } catch (error) {
      const { code = 'internal', message = String(error) } = error as { code?: string; message?: string };
      this.refusalValue = { code, message };
      console.error(`usercare: identifyStaff() was refused (${code}): ${message}`);
      this.changed();
      return undefined;
    }
    this.token = token;
    this.meValue = me;
    this.expiredValue = false;
    this.refusalValue = undefined;
    clearTimeout(this.expiry);
    if (me.expiresAt) {
      // setTimeout holds at most 2^31 - 1 ms; a staff token lives 12 hours at the most.
      const ms = Math.min(Date.parse(me.expiresAt) - Date.now(), 2 ** 31 - 1);
      this.expiry = setTimeout(() => this.expire(), Math.max(0, ms));
    }
    this.changed();
    return me;
  }

  /** The server refused the token (401), or its time is up. */
  expire(): void {
    if (this.expiredValue || !this.meValue) return;
    this.expiredValue = true;
    clearTimeout(this.expiry);
    this.changed();
  }

  signOut(): void {
    this.token = undefined;
    this.meValue = undefined;
    this.expiredValue = false;
    this.refusalValue = undefined;
    clearTimeout(this.expiry);
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
