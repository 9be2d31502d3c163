/**
 * A signed token checked against the keys a site accepts for it. A rotation
 * (POST /v1/staff/config/secrets/{kind}/rotate) makes a new current key and
 * leaves the one it replaced accepted until an instant, so the host can
 * switch its signing over without signing anyone out: during that overlap a
 * token verifies with either key, and from the instant on only with the new
 * one. Used for host tokens (auth.ts) and the staff tokens a host signs
 * (staff/identity.ts).
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { SiteKey } from './registry';

/**
 * The keys a token may be signed with at `now`: the current one, and each
 * one a rotation replaced whose overlap has not ended (its instant is still
 * ahead by the server's clock). At its instant a replaced key is refused.
 */
export function keysAcceptedAt(keys: readonly SiteKey[], now: Date): SiteKey[] {
  return keys.filter((k) => k.untilMs === null || k.untilMs > now.getTime());
}

/**
 * jose's jwtVerify with each key in turn, the current one first. jose checks
 * the signature before any claim, so a key whose signature does not verify
 * passes to the next one, and the key that verifies it decides: its
 * refusal of a claim (expired, another audience) is the answer, as with one
 * key. No key verifying it is jose's signature refusal. Answers the key
 * that verified it, for the caches that remember a token by its key.
 */
export async function verifyWithKeys(
  token: string,
  keys: readonly SiteKey[],
  options: JWTVerifyOptions,
): Promise<{ payload: JWTPayload; key: SiteKey }> {
  let refusal: unknown = new errors.JWSSignatureVerificationFailed();
  for (const key of keys) {
    try {
      const { payload } = await jwtVerify(token, key.key, options);
      return { payload, key };
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
      refusal = error;
    }
  }
  throw refusal;
}
