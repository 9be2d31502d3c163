/**
 * The `sub` claim of a host token, read the same way by the server (which
 * verifies the token) and the browser (which only needs to know whose it
 * is, to key drafts, outbox items and caches by their owner): one reading,
 * so a user is the same person on both sides, and so the string `"12345"`
 * and the number `12345` are one user.
 */

/** The longest `sub` taken, in UTF-16 code units (what `user:<sub>` subjects allow). */
export const SUBJECT_MAX_LENGTH = 200;

/**
 * A non-empty string of at most SUBJECT_MAX_LENGTH characters without
 * U+0000 (no database text can hold it) as it is, or a safe integer as its
 * decimal string; anything else (a fraction, an object, an array, a
 * boolean, an empty string) is no subject at all.
 */
export function subjectOfClaim(sub: unknown): string | undefined {
  if (typeof sub === 'number') return Number.isSafeInteger(sub) ? String(sub) : undefined;
  if (typeof sub !== 'string' || sub === '' || sub.length > SUBJECT_MAX_LENGTH || sub.includes('\u0000'))
    return undefined;
  return sub;
}
