/**
 * Token buckets for anonymous submissions: one per site (all clients
 * together) and one per client (device id + IP), sized from the site's
 * settings.
 *
 * In memory, per server instance: with N instances behind a load balancer a
 * client gets up to N× the limit. That is acceptable for now; a shared limiter
 * (a table or Redis) can replace this class behind the same `take` call.
 */
export interface BucketRule {
  key: string;
  perMinute: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxBuckets = 100_000) {}

  /** Takes one token from every bucket, or from none when any is empty (a refused request costs nothing). */
  take(rules: readonly BucketRule[], nowMs: number): TakeResult {
    const states = rules.map((rule) => ({ rule, bucket: this.refill(rule, nowMs) }));
    const empty = states.filter(({ bucket }) => bucket.tokens < 1);
    if (empty.length) {
      // Seconds until every empty bucket has a whole token again.
      const wait = Math.max(...empty.map(({ rule, bucket }) => ((1 - bucket.tokens) * 60) / rule.perMinute));
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    }
    for (const { bucket } of states) bucket.tokens -= 1;
    return { ok: true };
  }

  private refill(rule: BucketRule, nowMs: number): Bucket {
    let bucket = this.buckets.get(rule.key);
    if (!bucket) {
      if (this.buckets.size >= this.maxBuckets) this.evictFull(nowMs);
      bucket = { tokens: rule.perMinute, updatedMs: nowMs };
      this.buckets.set(rule.key, bucket);
    }
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(rule.perMinute, bucket.tokens + (elapsed / 60_000) * rule.perMinute);
    bucket.updatedMs = nowMs;
    return bucket;
  }

  /** Forgets buckets idle for a minute or more (they would be full again anyway), so memory stays bounded. */
  private evictFull(nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (nowMs - bucket.updatedMs >= 60_000) this.buckets.delete(key);
    // Still full of active clients: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxBuckets) {
      const keys = [...this.buckets.keys()].slice(0, Math.floor(this.maxBuckets / 2));
      for (const key of keys) this.buckets.delete(key);
    }
  }
}
