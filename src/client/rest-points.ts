/**
 * The points endpoints of the HTTP contract, over a RestBackend's requests
 * (same timeouts, contract checks and error mapping). Loaded only by the
 * points widget and by the outbox when it has a redemption to send.
 */
import { PointsHistory, PointsSummary, Redemption, RedemptionList } from '../contract/points';
import type { Credentials, WriteOptions } from './backend';
import { RestBackend } from './rest-backend';
import type { Backend } from './backend';

/**
 * A user's points, which only a server can hold (the ledger): RestPointsApi
 * over a RestBackend has them; a backend that implements this itself (a
 * fixture for stories, an adapter to another loyalty system) can stand in.
 */
export interface PointsBackend {
  summary(site: string, credentials: Credentials, signal?: AbortSignal): Promise<PointsSummary>;
  history(site: string, cursor: string | null, credentials: Credentials, signal?: AbortSignal): Promise<PointsHistory>;
  redemptions(site: string, credentials: Credentials, signal?: AbortSignal): Promise<RedemptionList>;
  redeem(site: string, reward: string, options: WriteOptions): Promise<Redemption>;
  undo(site: string, redemptionId: string, options: WriteOptions): Promise<Redemption>;
}

const POINTS_METHODS = ['summary', 'history', 'redemptions', 'redeem', 'undo'] as const;

export class RestPointsApi implements PointsBackend {
  constructor(private readonly rest: RestBackend) {}

  summary(site: string, credentials: Credentials, signal?: AbortSignal) {
    return this.rest.request('GET', `/v1/points?${new URLSearchParams({ site })}`, PointsSummary, undefined, {
      ...credentials,
      ...(signal ? { signal } : {}),
    });
  }

  history(site: string, cursor: string | null, credentials: Credentials, signal?: AbortSignal) {
    const params = new URLSearchParams({ site });
    if (cursor) params.set('cursor', cursor);
    return this.rest.request('GET', `/v1/points/history?${params}`, PointsHistory, undefined, {
      ...credentials,
      ...(signal ? { signal } : {}),
    });
  }

  redemptions(site: string, credentials: Credentials, signal?: AbortSignal) {
    return this.rest.request(
      'GET',
      `/v1/points/redemptions?${new URLSearchParams({ site })}`,
      RedemptionList,
      undefined,
      { ...credentials, ...(signal ? { signal } : {}) },
    );
  }

  redeem(site: string, reward: string, options: WriteOptions) {
    return this.rest.request('POST', '/v1/points/redemptions', Redemption, { site, reward }, options);
  }

  undo(site: string, redemptionId: string, options: WriteOptions) {
    return this.rest.request(
      'POST',
      `/v1/points/redemptions/${encodeURIComponent(redemptionId)}/undo`,
      Redemption,
      { site },
      options,
    );
  }
}

/**
 * The points of `backend`: the server's endpoints for a RestBackend, the
 * backend itself when it implements PointsBackend, otherwise none
 * (LocalBackend: only a server may hold a ledger). Reads and writes (through
 * the outbox) always go to the same place.
 */
export function pointsApiOf(backend: Backend): PointsBackend | undefined {
  if (backend instanceof RestBackend) return new RestPointsApi(backend);
  return POINTS_METHODS.every((name) => typeof (backend as unknown as Record<string, unknown>)[name] === 'function')
    ? (backend as unknown as PointsBackend)
    : undefined;
}
