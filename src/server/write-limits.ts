/**
 * The limits on what users and devices write (staff are not limited): which
 * token buckets of the shared RateLimiter a write takes, sized from the
 * site's `settings.rateLimits`.
 *
 * - the sender: a signed-in user (`userPerMinute`), or an anonymous device on
 *   one address (`anonymousPerMinute`);
 * - anonymous writes also take from their address (`addressPerMinute`, an
 *   IPv6 address by its /64), so new device ids from one address bring no new
 *   allowance, and from the site (`sitePerMinute`), so a flood has a ceiling;
 * - attachments take their bytes from a daily allowance (`uploadBytesPerDay`)
 *   per user, or per address for anonymous senders: files are what fills a
 *   database.
 *
 * Each family of writes has buckets of its own, so a burst of consent changes
 * does not eat into the user's feedback, nor replies into submissions. A
 * retry of a write already answered is answered before this is asked (the
 * routes check their idempotency keys first): it costs nothing.
 */
import { HEADERS } from '../contract/headers';
import type { Actor } from './auth';
import { addressKey } from './client-address';
import type { AppDeps } from './context';
import { ApiError } from './errors';
import { DAILY_BUCKET_PREFIX, type BucketRule } from './rate-limit';
import type { Site } from './registry';

export type WriteFamily = 'feedback' | 'complaint' | 'consent' | 'points';

/** How the refusal names what was refused. */
const WHAT: Record<WriteFamily, string> = {
  feedback: 'submissions',
  complaint: 'complaint messages and actions',
  consent: 'consent records',
  points: 'redemptions',
};

const MINUTES_PER_DAY = 24 * 60;

/** The bytes a request's files declare (each is checked against its data before anything is stored). */
export const uploadBytesOf = (files: ReadonlyArray<{ size: number }> | undefined): number =>
  (files ?? []).reduce((total, file) => total + file.size, 0);

/**
 * Takes what this write costs, or refuses it: a 429 with Retry-After when a
 * bucket is short (the outbox waits that long and sends again), a 413 when
 * the files alone are more than a day's allowance.
 */
export async function limitWrite(
  deps: AppDeps,
  site: Site,
  actor: Actor,
  address: string,
  family: WriteFamily,
  now: Date,
  uploadBytes = 0,
): Promise<void> {
  const limits = site.settings.rateLimits;
  const scope = `${family}:${site.id}`;
  const net = addressKey(address);
  const rules: BucketRule[] =
    actor.type === 'user'
      ? [{ key: `${scope}:user:${actor.id}`, perMinute: limits.userPerMinute }]
      : [
          { key: `${scope}:site`, perMinute: limits.sitePerMinute },
          { key: `${scope}:address:${net}`, perMinute: limits.addressPerMinute },
          { key: `${scope}:device:${actor.id}:${net}`, perMinute: limits.anonymousPerMinute },
        ];
  if (uploadBytes > 0) {
    if (uploadBytes > limits.uploadBytesPerDay)
      throw new ApiError(
        413,
        'payload_too_large',
        `these files (${uploadBytes} bytes) are more than may be uploaded in a day (${limits.uploadBytesPerDay} bytes)`,
      );
    const sender = actor.type === 'user' ? `user:${actor.id}` : `address:${net}`;
    rules.push({
      key: `${DAILY_BUCKET_PREFIX}upload:${site.id}:${sender}`,
      perMinute: limits.uploadBytesPerDay / MINUTES_PER_DAY,
      capacity: limits.uploadBytesPerDay,
      cost: uploadBytes,
    });
  }
  const result = await deps.limiter.take(rules, now.getTime());
  if (!result.ok) {
    throw new ApiError(
      429,
      'rate_limited',
      `too many ${WHAT[family]}; try again in ${result.retryAfterSeconds} s`,
      { retryAfter: result.retryAfterSeconds },
      { [HEADERS.retryAfter]: String(result.retryAfterSeconds) },
    );
  }
}
