/**
 * The points endpoints of the HTTP contract, over a RestBackend's requests
 * (same timeouts, contract checks and error mapping). Loaded only by the
 * points widget and by the outbox when it has a redemption to send.
 */
import { PointsHistory, PointsSummary, Redemption, RedemptionList } from '../contract/points';
import type { Credentials, WriteOptions } from './backend';
import { RestBackend } from './rest-backend';
import type { Backend } from './backend';

export class RestPointsApi {
  constructor(private readonly rest: RestBackend) {}

  summary(site: string, credentials: Credentials, signal?: AbortSignal) {
    return this.rest.request('GET', `/v1/points?${new URLSearchParams({ site })}`, PointsSummary, undefined, { ...credentials, ...(signal ? { signal } : {}) });
  }

  history(site: string, cursor: string | null, credentials: Credentials, signal?: AbortSignal) {
    const params = new URLSearchParams({ site });
    if (cursor) params.set('cursor', cursor);
    return this.rest.request('GET', `/v1/points/history?${params}`, PointsHistory, undefined, { ...credentials, ...(signal ? { signal } : {}) });
  }

  redemptions(site: string, credentials: Credentials, signal?: AbortSignal) {
    return this.rest.request('GET', `/v1/points/redemptions?${new URLSearchParams({ site })}`, RedemptionList, undefined, { ...credentials, ...(signal ? { signal } : {}) });
  }

  redeem(site: string, reward: string, options: WriteOptions) {
    return this.rest.request('POST', '/v1/points/redemptions', Redemption, { site, reward }, options);
  }

  undo(site: string, redemptionId: string, options: WriteOptions) {
    return this.rest.request('POST', `/v1/points/redemptions/${encodeURIComponent(redemptionId)}/undo`, Redemption, { site }, options);
  }
}

/** The server's points for a RestBackend; none for a backend without a ledger (LocalBackend: only a server may hold points). */
export function pointsApiOf(backend: Backend): RestPointsApi | undefined {
  return backend instanceof RestBackend ? new RestPointsApi(backend) : undefined;
}
