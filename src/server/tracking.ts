/**
 * Numbers and keys a submitter keeps: the tracking number they read out on a
 * hotline, and the access key that proves an anonymous submission is theirs.
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Base32 without the characters people confuse when reading aloud or copying: 0/O, 1/I/L, U/V. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/**
 * One date formatter per time zone: making an Intl.DateTimeFormat costs far
 * more than formatting with it (it was the largest cost of a submission in a
 * profile). Time zones come from the site registry, so the map stays small.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** `UC20261128-7KQ2MX`: the receipt date in the site's time zone, then six random characters. */
export function makeTrackingNumber(at: Date, timeZone: string): string {
  const day = dayFormat(timeZone).format(at);
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `UC${day.replaceAll('-', '')}-${suffix}`;
}

export const TRACKING_NUMBER_PATTERN = /^UC\d{8}-[2-9A-HJKMNP-TW-Z]{6}$/;

/**
 * The access key of an anonymous submission: 32 bytes, base64url. It is an
 * HMAC of the submission's random id under the server's own secret rather than
 * fresh randomness, so that a retried submission (the client never heard the
 * first answer) gets the same key back while the database keeps only the
 * key's SHA-256. Reading the database alone never yields a key; the secret is
 * in the registry file, never shared with host sites.
 */
export function deriveAccessKey(serverSecret: Uint8Array, submissionId: string): string {
  return createHmac('sha256', serverSecret).update(`usercare access key v1\n${submissionId}`).digest('base64url');
}

export function hashAccessKey(accessKey: string): string {
  return createHash('sha256').update(accessKey, 'utf8').digest('hex');
}

/** Compares a presented key with the stored hash in constant time. */
export function accessKeyMatches(presented: string | undefined, storedHash: string | null): boolean {
  if (!presented || !storedHash) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
