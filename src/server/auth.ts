/**
 * Who is asking. End users are either identified by a host token (a JWT the
 * host site signs with HS256 and the site's secret, so there is no second
 * login) or anonymous, known only by the device id their browser made.
 */
import { jwtVerify } from 'jose';
import { DEVICE_ID_PATTERN, HEADERS } from '../contract/headers';
import { ApiError } from './errors';
import type { Site } from './registry';

export type Actor = { type: 'user'; id: string; name?: string } | { type: 'device'; id: string };

/** The idempotency scope and rate-limit key of an actor. */
export function actorKey(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}

/**
 * Host tokens already verified, until they expire: a page sends the same
 * token with every request, and checking its signature (jose) costs about as
 * much as the database work of a typical read (npm run bench, section g).
 * Keyed by the site's key and the token, so a token is only ever taken for
 * the site whose secret signed it; bounded, the oldest entry going first.
 */
class VerifiedTokens {
  /** per site key (the bytes' object, so a token is never taken for a key that did not verify it), by token */
  private readonly bySiteKey = new WeakMap<Uint8Array, Map<string, { actor: Actor; expiresMs: number }>>();
  constructor(private readonly maxPerSite = 5000) {}

  get(siteKey: Uint8Array, token: string, now: Date): Actor | undefined {
    const entries = this.bySiteKey.get(siteKey);
    const entry = entries?.get(token);
    if (!entries || !entry) return undefined;
    // The tolerance jwtVerify allows; past it the token is checked (and refused) again.
    if (now.getTime() >= entry.expiresMs + CLOCK_TOLERANCE_S * 1000) {
      entries.delete(token);
      return undefined;
    }
    return entry.actor;
  }

  set(siteKey: Uint8Array, token: string, actor: Actor, exp: number): void {
    let entries = this.bySiteKey.get(siteKey);
    if (!entries) this.bySiteKey.set(siteKey, (entries = new Map()));
    if (entries.size >= this.maxPerSite) entries.delete(entries.keys().next().value!);
    entries.set(token, { actor, expiresMs: exp * 1000 });
  }
}

const CLOCK_TOLERANCE_S = 30;
const verified = new VerifiedTokens();

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
    const known = verified.get(site.hostTokenKey, match[1]!, now);
    if (known) return { ...known };
    try {
      const { payload } = await jwtVerify(match[1]!, site.hostTokenKey, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      const sub = payload.sub;
      if (!sub || sub.length > 200) throw new Error('bad sub');
      const actor: Actor = {
        type: 'user',
        id: sub,
        ...(typeof payload['name'] === 'string' ? { name: payload['name'] } : {}),
      };
      verified.set(site.hostTokenKey, match[1]!, actor, payload.exp!);
      return { ...actor };
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new ApiError(
        401,
        'unauthorized',
        expired ? 'the host token has expired' : 'the host token is not valid for this site',
      );
    }
  }
  if (input.device === undefined) {
    throw new ApiError(
      401,
      'unauthorized',
      `send a host token (Authorization: Bearer) or a device id (${HEADERS.device})`,
    );
  }
  if (!DEVICE_ID_PATTERN.test(input.device))
    throw new ApiError(400, 'invalid_request', `${HEADERS.device} is not a valid device id`);
  return { type: 'device', id: input.device };
}
