/**
 * Who is asking. End users are either identified by a host token (a JWT the
 * host site signs with HS256 and the site's secret, so there is no second
 * login) or anonymous, known only by the device id their browser made.
 */
import type { JWTPayload } from 'jose';
import { SUBJECT_MAX_LENGTH, subjectOfClaim } from '../contract/host-token';
import { DEVICE_ID_PATTERN, HEADERS } from '../contract/headers';
import { ApiError } from './errors';
import { keysAcceptedAt, verifyWithKeys } from './jwt-keys';
import type { Site, SiteKey } from './registry';

export type Actor = { type: 'user'; id: string; name?: string } | { type: 'device'; id: string };

/** The idempotency scope and rate-limit key of an actor. */
export function actorKey(actor: Actor): string {
  return `${actor.type}:${actor.id}`;
}

/**
 * Host tokens already verified, until they expire: a page sends the same
 * token with every request, and checking its signature (jose) costs about as
 * much as the database work of a typical read (npm run bench, section g).
 * Keyed by the site's key that verified it and the token, so a token is
 * only ever taken for the site whose secret signed it, and only while that
 * key is accepted (one a rotation replaced is not asked once its overlap has
 * ended, jwt-keys.ts); bounded, the oldest entry going first.
 * Only a token that passed every check below is kept, and each entry
 * remembers the site's token rules it passed, so no entry is taken under
 * rules it was not checked against. The checks hold as time passes: a
 * token's lifetime only shrinks, and past its `exp` the entry is dropped.
 */
class VerifiedTokens {
  /** per site key (the bytes' object, so a token is never taken for a key that did not verify it), by token */
  private readonly bySiteKey = new WeakMap<
    Uint8Array,
    Map<string, { actor: Actor; expiresMs: number; rules: Rules }>
  >();
  constructor(private readonly maxPerSite = 5000) {}

  get(siteKey: Uint8Array, rules: Rules, token: string, now: Date): Actor | undefined {
    const entries = this.bySiteKey.get(siteKey);
    const entry = entries?.get(token);
    if (!entries || !entry || entry.rules !== rules) return undefined;
    // The tolerance jwtVerify allows; past it the token is checked (and refused) again.
    if (now.getTime() >= entry.expiresMs + CLOCK_TOLERANCE_S * 1000) {
      entries.delete(token);
      return undefined;
    }
    return entry.actor;
  }

  set(siteKey: Uint8Array, rules: Rules, token: string, actor: Actor, exp: number): void {
    let entries = this.bySiteKey.get(siteKey);
    if (!entries) this.bySiteKey.set(siteKey, (entries = new Map()));
    if (entries.size >= this.maxPerSite) entries.delete(entries.keys().next().value!);
    entries.set(token, { actor, expiresMs: exp * 1000, rules });
  }
}

type Rules = Site['settings']['hostTokens'];

const CLOCK_TOLERANCE_S = 30;
/** The longest `name` shown, in UTF-16 code units. */
const NAME_MAX_LENGTH = 200;
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
    const token = match[1]!;
    const rules = site.settings.hostTokens;
    const keys = keysAcceptedAt(site.hostTokenKeys, now);
    for (const { key } of keys) {
      const known = verified.get(key, rules, token, now);
      if (known) return { ...known };
    }
    const { actor, exp, key } = await verifyHostToken(site, keys, token, now);
    verified.set(key, rules, token, actor, exp);
    return { ...actor };
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

/**
 * Checks a host token and every claim that reaches a query, so a claim of
 * an unexpected type is a 401 here rather than a failed query later: the
 * signature (HS256, a key the site accepts now: its secret, or one a
 * rotation replaced while the overlap lasts), `exp` (required) and `nbf`, the
 * site's `aud` and `iss` when it names them, `sub` (see subjectOfClaim), and
 * a lifetime within the site's maximum, counted from `iat` or, without one,
 * from now (an `iat` in the future counts as now, so it cannot stretch the
 * time a token is honoured). A `name` that is not a short string is left
 * out rather than refused: it is only ever shown, never decides who owns
 * what, and a host's odd display name should not lock its user out.
 */
async function verifyHostToken(
  site: Site,
  keys: readonly SiteKey[],
  token: string,
  now: Date,
): Promise<{ actor: Actor; exp: number; key: Uint8Array }> {
  const rules = site.settings.hostTokens;
  let payload: JWTPayload;
  let key: SiteKey;
  try {
    ({ payload, key } = await verifyWithKeys(token, keys, {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S,
      ...(rules.audience !== null ? { audience: rules.audience } : {}),
      ...(rules.issuer !== null ? { issuer: rules.issuer } : {}),
    }));
  } catch (error) {
    const { code, claim } = error as { code?: string; claim?: string };
    throw unauthorized(
      code === 'ERR_JWT_EXPIRED'
        ? 'the host token has expired'
        : claim === 'aud' || claim === 'iss'
          ? `the host token's ${claim} is not what this site expects`
          : 'the host token is not valid for this site',
    );
  }
  const sub = subjectOfClaim(payload.sub);
  if (sub === undefined)
    throw unauthorized(
      `the host token's sub must be a non-empty string of at most ${SUBJECT_MAX_LENGTH} characters, or an integer`,
    );
  // jwtVerify has checked that exp (required) and iat (when present) are numbers.
  const exp = payload.exp!;
  const nowS = now.getTime() / 1000;
  const from = payload.iat !== undefined ? Math.min(payload.iat, nowS) : nowS;
  if (exp - from > rules.maxLifetimeSeconds)
    throw unauthorized(
      `the host token lives longer than this site allows (at most ${rules.maxLifetimeSeconds} s from its iat)`,
    );
  const name = payload['name'];
  const shown = typeof name === 'string' && name !== '' && name.length <= NAME_MAX_LENGTH && !name.includes('\u0000');
  return { actor: { type: 'user', id: sub, ...(shown ? { name } : {}) }, exp, key: key.key };
}

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
