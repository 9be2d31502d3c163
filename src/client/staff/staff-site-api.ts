/**
 * What every site-scoped part of the staff API the back office calls with
 * (configuration, secrets, code pools) sends along: the site as a query,
 * the staff member's current token, and a new idempotency key on a write.
 */
import { randomId } from '../ids';
import type { StaffRuntime } from './staff-runtime';

export abstract class StaffSiteApi {
  constructor(protected readonly staff: StaffRuntime) {}

  /** `site=<id>`, for a route's query. */
  protected get site(): string {
    return new URLSearchParams({ site: this.staff.site }).toString();
  }

  /** The request's token, and for a write its idempotency key (a retry of one write sends the same key). */
  protected options(write = false) {
    const token = this.staff.identity.currentToken();
    return { ...(token ? { token } : {}), ...(write ? { idempotencyKey: randomId() } : {}) };
  }
}
