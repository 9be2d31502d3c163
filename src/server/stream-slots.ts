/**
 * The cap on open live streams per audience, shared by every instance behind
 * a load balancer: each open stream holds one of its audience's
 * STREAMS_PER_AUDIENCE numbered slots, a row in the database (migration
 * `007-stream-slots`) whose primary key is (site, audience, slot), so a sixth
 * stream finds every number held whichever instance it reaches.
 *
 * Taking, renewing and freeing a slot are one statement each: the database
 * makes each atomic (PostgreSQL locks the conflicting row, SQLite has one
 * writer), so no transaction stays open across the network and the same
 * statements serve both dialects. A slot is leased, not owned: its stream
 * renews it while open, and the slots of an instance that crashed lapse
 * after SLOT_LEASE_MS, so the cap heals by itself; the sweep deletes lapsed
 * rows.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/** Open streams per audience: one per browser is the design, a few browsers per user are normal. */
export const STREAMS_PER_AUDIENCE = 5;
/**
 * How long a slot stays held without renewal: how long a crashed instance's
 * streams still count. Four renewals fit in it, so a busy event loop or a
 * slow query does not cost an open stream its place, and instances' clocks
 * may differ by up to SLOT_LEASE_MS − SLOT_RENEW_MS before one takes a slot
 * another still renews.
 */
export const SLOT_LEASE_MS = 60_000;
/** How often an open stream renews its slot. */
export const SLOT_RENEW_MS = 15_000;

export interface StreamSlot {
  site: string;
  audience: string;
  slot: number;
  /** Random per stream: a slot that lapsed and went to another stream is no longer this one's to renew or free. */
  holder: string;
}

/**
 * Takes the lowest slot of the audience that is free (never taken, freed, or
 * lapsed), or undefined when every one is held. Two instances racing for one
 * number both run the same upsert; the database lets one of them have it and
 * the other goes on to the next number.
 */
export async function takeStreamSlot(
  db: Kysely<Database>,
  site: string,
  audience: string,
  nowMs: number,
): Promise<StreamSlot | undefined> {
  const holder = randomUUID();
  for (let slot = 0; slot < STREAMS_PER_AUDIENCE; slot++) {
    const taken = await db
      .insertInto('stream_slots')
      .values({ site, audience, slot, holder, expires_ms: nowMs + SLOT_LEASE_MS })
      .onConflict((oc) =>
        oc
          .columns(['site', 'audience', 'slot'])
          .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_ms: eb.ref('excluded.expires_ms') }))
          .where('stream_slots.expires_ms', '<=', nowMs),
      )
      .executeTakeFirst();
    if (taken.numInsertedOrUpdatedRows === 1n) return { site, audience, slot, holder };
  }
  return undefined;
}

/** Extends the slot's lease from `nowMs`; false when it lapsed and another stream has taken it. */
export async function renewStreamSlot(db: Kysely<Database>, held: StreamSlot, nowMs: number): Promise<boolean> {
  const renewed = await db
    .updateTable('stream_slots')
    .set({ expires_ms: nowMs + SLOT_LEASE_MS })
    .where('site', '=', held.site)
    .where('audience', '=', held.audience)
    .where('slot', '=', held.slot)
    .where('holder', '=', held.holder)
    .executeTakeFirst();
  return renewed.numUpdatedRows === 1n;
}

/** Frees the slot at once (the stream ended), unless another stream holds it by now. */
export async function freeStreamSlot(db: Kysely<Database>, held: StreamSlot): Promise<void> {
  await db
    .deleteFrom('stream_slots')
    .where('site', '=', held.site)
    .where('audience', '=', held.audience)
    .where('slot', '=', held.slot)
    .where('holder', '=', held.holder)
    .execute();
}

/** How many streams the audience has open at `nowMs`, through every instance together (tests, diagnostics). */
export async function openStreamCount(
  db: Kysely<Database>,
  site: string,
  audience: string,
  nowMs: number,
): Promise<number> {
  const row = await db
    .selectFrom('stream_slots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site', '=', site)
    .where('audience', '=', audience)
    .where('expires_ms', '>', nowMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes slots whose lease lapsed (their instance went away without freeing them); the sweep calls it. */
export async function deleteLapsedStreamSlots(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('stream_slots').where('expires_ms', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
