/**
 * Who is asking. End users are either identified by a host token (a JWT the
 * host site signs with HS256 and the site's secret, so there is no second
 * login) or anonymous, known only by the device id their browser made.
 */
import { jwtVerify } from 'jose';
import { DEVICE_ID_PATTERN, HEADERS } from '../contract/headers';
import { ApiError } from './errors';
import type { Site } from './registry';

export type Actor =
  | { type: 'user'; id: string; name?: string }
  | { type: 'device'; id: string };

/** The idempotency scope and rate-limit key of an actor. */
export function actorKey(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}

export interface IdentifyInput {
  authorization: string | undefined;
  device: string | undefined;
}

/**
 * A bearer token wins over a device id. A token that fails verification is a
 * 401 even when a device id is present too: falling back to anonymous would
 * hide an expired login from the user.
 */
export async function identify(site: Site, input: IdentifyInput, now: Date): Promise<Actor> {
  if (input.authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(input.authorization.trim());
    if (!match) throw new ApiError(401, 'unauthorized', 'Authorization must be "Bearer <host token>"');
    try {
      const { payload } = await jwtVerify(match[1]!, site.hostTokenKey, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        currentDate: now,
        clockTolerance: 30,
      });
      const sub = payload.sub;
      if (!sub || sub.length > 200) throw new Error('bad sub');
      return { type: 'user', id: sub, ...(typeof payload['name'] === 'string' ? { name: payload['name'] } : {}) };
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new ApiError(401, 'unauthorized', expired ? 'the host token has expired' : 'the host token is not valid for this site');
    }
  }
  if (input.device === undefined) {
    throw new ApiError(401, 'unauthorized', `send a host token (Authorization: Bearer) or a device id (${HEADERS.device})`);
  }
  if (!DEVICE_ID_PATTERN.test(input.device)) throw new ApiError(400, 'invalid_request', `${HEADERS.device} is not a valid device id`);
  return { type: 'device', id: input.device };
}
