/**
 * Token buckets: what users and devices write (src/server/write-limits.ts)
 * and tracking-number lookups. The buckets are rows in the database
 * (migration `006-rate-buckets`), so several instances behind a load
 * balancer share them: a client gets the limit once, not once per instance.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export interface BucketRule {
  key: string;
  /** tokens added back per minute */
  perMinute: number;
  /** tokens when full: `perMinute` unless said (a daily allowance is bigger than a minute's refill) */
  capacity?: number;
  /** tokens this request takes: 1 unless said (an upload takes its bytes) */
  cost?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A bucket left alone this long has refilled completely: its row can go. */
export const BUCKET_IDLE_MS = 60_000;
/**
 * Buckets whose keys start with this hold a day's allowance (upload bytes)
 * and take a day to refill: the sweep keeps them that long.
 */
export const DAILY_BUCKET_PREFIX = 'daily:';
const DAY_MS = 24 * 60 * 60_000;

export class RateLimiter {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes each rule's cost from its bucket, or nothing from any when one
   * cannot pay (a refused request costs nothing). The rows are locked in key order (an
   * UPDATE: PostgreSQL holds the row lock, SQLite serialises writers), so two
   * instances taking from the same buckets wait for each other, never deadlock.
   */
  async take(rules: readonly BucketRule[], nowMs: number): Promise<TakeResult> {
    const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.db.transaction().execute(async (tx) => {
      const states: Array<{ rule: BucketRule; tokens: number; at: number }> = [];
      for (const rule of sorted) {
        // One statement makes the bucket (full) or locks the one there, and reads it.
        const row = await tx
          .insertInto('rate_buckets')
          .values({ key: rule.key, tokens: capacityOf(rule), updated_ms: nowMs })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ updated_ms: eb.ref('rate_buckets.updated_ms') })))
          .returning(['tokens', 'updated_ms'])
          .executeTakeFirstOrThrow();
        const elapsed = Math.max(0, nowMs - Number(row.updated_ms));
        // Never back in time: another instance's clock may be ahead of ours.
        const at = Math.max(nowMs, Number(row.updated_ms));
        states.push({
          rule,
          at,
          tokens: Math.min(capacityOf(rule), Number(row.tokens) + (elapsed / 60_000) * rule.perMinute),
        });
      }
      const short = states.filter(({ rule, tokens }) => tokens < costOf(rule));
      if (short.length) {
        // Seconds until every short bucket can pay again.
        const wait = Math.max(...short.map(({ rule, tokens }) => ((costOf(rule) - tokens) * 60) / rule.perMinute));
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) } as const;
      }
      for (const { rule, tokens, at } of states) {
        await tx
          .updateTable('rate_buckets')
          .set({ tokens: tokens - costOf(rule), updated_ms: at })
          .where('key', '=', rule.key)
          .execute();
      }
      return { ok: true } as const;
    });
  }

  /** Deletes buckets idle long enough to be full again; the sweep calls it. */
  async forgetIdle(nowMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('rate_buckets')
      .where((eb) =>
        eb.or([
          eb.and([eb('key', 'not like', `${DAILY_BUCKET_PREFIX}%`), eb('updated_ms', '<', nowMs - BUCKET_IDLE_MS)]),
          eb.and([eb('key', 'like', `${DAILY_BUCKET_PREFIX}%`), eb('updated_ms', '<', nowMs - DAY_MS)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const capacityOf = (rule: BucketRule) => rule.capacity ?? rule.perMinute;
const costOf = (rule: BucketRule) => rule.cost ?? 1;
