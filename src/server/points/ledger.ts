/**
 * The points ledger of one user on one site. Every change is an append-only
 * entry, idempotent by its source; the balance is what the confirmed entries
 * add up to, cached on the account row in the same transaction.
 *
 * Time needs no scheduler: `openAccount` locks the account and works in
 * whatever came due since it was last opened (pending entries that now count,
 * points that have expired, each dated when it happened), so every read and
 * write sees the ledger as of `now`.
 *
 * Spending, penalties and reversals take from the lots (the points earned,
 * one lot per entry that added some) oldest expiry first, recording what
 * they took from which lot; undoing a redemption gives exactly that back.
 * The balance never goes below 0: a penalty or reversal takes at most the
 * balance and records what it could not take as its shortfall.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EntryKind, EntryReason, PointsEntry, Trigger } from '../../contract/points';
import { zoneClock } from '../../sla/time-zone';
import type { DbExecutor } from '../blobs';
import { isUniqueViolation } from '../db/open';
import type { Database, PointsEntryRow } from '../db/schema';
import { ApiError } from '../errors';
import type { ResolvedPoints } from './settings';

export interface Account {
  site: string;
  user: string;
  balance: number;
  pending: number;
  lifetime: number;
  /** instants up to here are worked in */
  settledAt: string;
}

export interface LedgerRules {
  points: ResolvedPoints;
  timezone: string;
}

/** An entry to add; `points` is the amount asked for (positive), the kind decides its sign. */
export interface NewEntry {
  kind: EntryKind;
  points: number;
  source: string;
  reason: EntryReason;
  trigger?: Trigger;
  note?: string | null;
  staff?: string | null;
}

export interface Written {
  entry: PointsEntryRow;
  /** false: an entry of this source existed already and nothing changed */
  created: boolean;
}

const ADDS: ReadonlySet<EntryKind> = new Set(['earn', 'compensation']);

let made = 0;
/**
 * Entry ids sort in the order this process made them (time, then a counter,
 * then randomness against other instances): the history lists entries of
 * one instant, such as a penalty right after an adjustment, in that order.
 */
function entryId(): string {
  made = (made + 1) % 1_679_616;
  return `${Date.now().toString(36).padStart(9, '0')}${made.toString(36).padStart(4, '0')}${randomUUID().slice(0, 13)}`;
}

function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

/**
 * Runs `work` on the user's account in one transaction, as of `now`. The
 * account row is locked first (an UPDATE, so PostgreSQL holds its row lock
 * to the end and SQLite serialises writers anyway): two requests on one
 * account run one after the other, never both against the same balance.
 */
export async function withAccount<T>(
  db: Kysely<Database>,
  key: { site: string; user: string },
  rules: LedgerRules,
  now: Date,
  work: (tx: DbExecutor, account: Account) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute((tx) => inAccount(tx, key, rules, now, work));
    } catch (error) {
      // Two first requests of a new account may race on inserting it; the loser tries again.
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/**
 * `work` on the account inside a transaction the caller holds (one that
 * also stores an idempotency row, say): opened and locked first, saved
 * after. The caller retries a lost race on making a new account.
 */
export async function inAccount<T>(
  tx: DbExecutor,
  key: { site: string; user: string },
  rules: LedgerRules,
  now: Date,
  work: (tx: DbExecutor, account: Account) => Promise<T>,
): Promise<T> {
  const account = await openAccount(tx, key, rules, now);
  const result = await work(tx, account);
  await saveAccount(tx, account);
  return result;
}

/** Locks the account (making it if need be) and works in what time has done since it was last opened. */
export async function openAccount(
  tx: DbExecutor,
  key: { site: string; user: string },
  rules: LedgerRules,
  now: Date,
): Promise<Account> {
  const at = now.toISOString();
  await tx
    .insertInto('points_accounts')
    .values({ site: key.site, user_id: key.user, balance: 0, pending: 0, lifetime: 0, settled_at: at, version: 0 })
    .onConflict((oc) => oc.columns(['site', 'user_id']).doNothing())
    .execute();
  await tx
    .updateTable('points_accounts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('site', '=', key.site)
    .where('user_id', '=', key.user)
    .execute();
  const account = await readAccount(tx, key);
  if (!account) throw new Error(`points account ${key.site}/${key.user} vanished inside its transaction`);
  if (at > account.settledAt) await settle(tx, account, rules, at);
  return account;
}

/** The account's cached figures as stored, without working anything in; undefined for a user with none yet. */
export async function readAccount(tx: DbExecutor, key: { site: string; user: string }): Promise<Account | undefined> {
  const row = await tx
    .selectFrom('points_accounts')
    .select(['balance', 'pending', 'lifetime', 'settled_at'])
    .where('site', '=', key.site)
    .where('user_id', '=', key.user)
    .executeTakeFirst();
  return (
    row && {
      site: key.site,
      user: key.user,
      balance: row.balance,
      pending: row.pending,
      lifetime: row.lifetime,
      settledAt: row.settled_at,
    }
  );
}

/** Writes the account's cached figures; `withAccount` does it for its work, callers of `openAccount` after theirs. */
export async function saveAccount(tx: DbExecutor, account: Account): Promise<void> {
  await tx
    .updateTable('points_accounts')
    .set({
      balance: account.balance,
      pending: account.pending,
      lifetime: account.lifetime,
      settled_at: account.settledAt,
    })
    .where('site', '=', account.site)
    .where('user_id', '=', account.user)
    .execute();
}

/** Pending entries that came due, then lots that expired, each worked in at the instant it happened. */
async function settle(tx: DbExecutor, account: Account, rules: LedgerRules, until: string): Promise<void> {
  const due = await tx
    .selectFrom('points_entries')
    .selectAll()
    .where('site', '=', account.site)
    .where('user_id', '=', account.user)
    .where('confirms_at', '>', account.settledAt)
    .where('confirms_at', '<=', until)
    .orderBy('confirms_at')
    .orderBy('id')
    .execute();
  for (const entry of due) {
    if (entry.points <= 0) continue;
    account.pending -= entry.points;
    await addLot(tx, account, entry, rules);
  }
  await expireDue(tx, account, until);
  account.settledAt = until;
}

async function addLot(tx: DbExecutor, account: Account, entry: PointsEntryRow, rules: LedgerRules): Promise<void> {
  await tx
    .insertInto('points_lots')
    .values({
      entry_id: entry.id,
      site: account.site,
      user_id: account.user,
      remaining: entry.points,
      expires_at: addMonths(entry.confirms_at, rules.points.expiryMonths),
    })
    .execute();
  account.balance += entry.points;
  if (ADDS.has(entry.kind)) account.lifetime += entry.points;
}

/** What is left of lots whose time is up goes, in an `expiry` entry dated when it expired. */
async function expireDue(tx: DbExecutor, account: Account, until: string): Promise<void> {
  const lots = await tx
    .selectFrom('points_lots')
    .select(['entry_id', 'remaining', 'expires_at'])
    .where('site', '=', account.site)
    .where('user_id', '=', account.user)
    .where('remaining', '>', 0)
    .where('expires_at', '<=', until)
    .orderBy('expires_at')
    .orderBy('entry_id')
    .execute();
  for (const lot of lots) {
    // A lot expires once; after an undo gave it points back it may expire again, as a new entry.
    const earlier = await tx
      .selectFrom('points_allocations')
      .innerJoin('points_entries', 'points_entries.id', 'points_allocations.entry_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('points_allocations.lot_id', '=', lot.entry_id)
      .where('points_entries.kind', '=', 'expiry')
      .executeTakeFirstOrThrow();
    const n = Number(earlier.n);
    const entry = await insertEntry(tx, account, {
      kind: 'expiry',
      points: -lot.remaining,
      shortfall: 0,
      source: n ? `expiry:${lot.entry_id}:${n}` : `expiry:${lot.entry_id}`,
      reason: { code: 'expiry' },
      at: lot.expires_at,
    });
    await tx
      .insertInto('points_allocations')
      .values({ entry_id: entry.id, lot_id: lot.entry_id, points: lot.remaining })
      .execute();
    await tx.updateTable('points_lots').set({ remaining: 0 }).where('entry_id', '=', lot.entry_id).execute();
    account.balance -= lot.remaining;
  }
}

async function insertEntry(
  tx: DbExecutor,
  account: Account,
  e: {
    kind: EntryKind;
    points: number;
    shortfall: number;
    source: string;
    reason: EntryReason;
    at: string;
    confirmsAt?: string;
    trigger?: Trigger;
    note?: string | null;
    staff?: string | null;
  },
): Promise<PointsEntryRow> {
  const row: PointsEntryRow = {
    id: entryId(),
    site: account.site,
    user_id: account.user,
    kind: e.kind,
    points: e.points,
    shortfall: e.shortfall,
    source: e.source,
    trigger_name: e.trigger ?? null,
    reason_json: JSON.stringify(e.reason),
    note: e.note ?? null,
    staff: e.staff ?? null,
    created_at: e.at,
    confirms_at: e.confirmsAt ?? e.at,
  };
  await tx.insertInto('points_entries').values(row).execute();
  return row;
}

/** The entry already made for this source, if any. */
export async function entryBySource(
  tx: DbExecutor,
  account: Pick<Account, 'site' | 'user'>,
  source: string,
): Promise<PointsEntryRow | undefined> {
  return tx
    .selectFrom('points_entries')
    .selectAll()
    .where('site', '=', account.site)
    .where('user_id', '=', account.user)
    .where('source', '=', source)
    .executeTakeFirst();
}

/**
 * Adds points: an earning (pending for the site's delay, and held to the
 * trigger's daily cap in the site's timezone) or a compensation (counts at
 * once). A source seen before changes nothing.
 */
export async function credit(
  tx: DbExecutor,
  account: Account,
  rules: LedgerRules,
  e: NewEntry,
  now: Date,
): Promise<Written> {
  const existing = await entryBySource(tx, account, e.source);
  if (existing) return { entry: existing, created: false };
  // Never before what the account has worked in (a server whose clock is behind another's): an entry
  // pending until then would otherwise never be picked up.
  if (now.toISOString() < account.settledAt) now = new Date(account.settledAt);
  const at = now.toISOString();
  let points = e.points;
  let reason = e.reason;
  if (e.trigger) {
    const cap = rules.points.earn[e.trigger]?.dailyCap ?? null;
    if (cap !== null) {
      const clock = zoneClock(rules.timezone);
      const day = clock.dayOf(now.getTime());
      const used = await tx
        .selectFrom('points_entries')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('n'))
        .where('site', '=', account.site)
        .where('user_id', '=', account.user)
        .where('trigger_name', '=', e.trigger)
        .where('created_at', '>=', new Date(clock.startOfDay(day)).toISOString())
        .where('created_at', '<', new Date(clock.startOfDay(day + 1)).toISOString())
        .executeTakeFirstOrThrow();
      const left = Math.max(0, cap - Number(used.n));
      if (left < points) {
        reason = { ...reason, capped: points - left };
        points = left;
      }
    }
  }
  const pendingMs = e.kind === 'earn' ? rules.points.pendingHours * 3_600_000 : 0;
  const confirmsAt = pendingMs && points > 0 ? new Date(now.getTime() + pendingMs).toISOString() : at;
  const entry = await insertEntry(tx, account, { ...e, points, shortfall: 0, reason, at, confirmsAt });
  if (points > 0) {
    if (confirmsAt > at) account.pending += points;
    else await addLot(tx, account, entry, rules);
  }
  return { entry, created: true };
}

/**
 * Takes points: a spend (all of them, or a 409 naming the balance), a
 * penalty or a reversal (at most the balance; the rest is its shortfall).
 */
export async function debit(
  tx: DbExecutor,
  account: Account,
  e: NewEntry & { kind: 'spend' | 'penalty' | 'reversal' },
  now: Date,
): Promise<Written> {
  const existing = await entryBySource(tx, account, e.source);
  if (existing) return { entry: existing, created: false };
  if (e.kind === 'spend' && e.points > account.balance) {
    throw new ApiError(
      409,
      'insufficient_points',
      `this needs ${e.points} points and the balance is ${account.balance}`,
      {
        balance: account.balance,
        needed: e.points,
      },
    );
  }
  const taken = Math.min(e.points, account.balance);
  const entry = await insertEntry(tx, account, {
    ...e,
    points: taken ? -taken : 0,
    shortfall: e.points - taken,
    at: now.toISOString(),
  });
  let need = taken;
  const lots = await tx
    .selectFrom('points_lots')
    .select(['entry_id', 'remaining'])
    .where('site', '=', account.site)
    .where('user_id', '=', account.user)
    .where('remaining', '>', 0)
    .orderBy('expires_at')
    .orderBy('entry_id')
    .execute();
  for (const lot of lots) {
    if (need === 0) break;
    const take = Math.min(lot.remaining, need);
    await tx
      .insertInto('points_allocations')
      .values({ entry_id: entry.id, lot_id: lot.entry_id, points: take })
      .execute();
    await tx
      .updateTable('points_lots')
      .set({ remaining: lot.remaining - take })
      .where('entry_id', '=', lot.entry_id)
      .execute();
    need -= take;
  }
  if (need !== 0)
    throw new Error(
      `points ledger of ${account.site}/${account.user}: the lots hold ${taken - need} of a balance of ${account.balance}`,
    );
  account.balance -= taken;
  return { entry, created: true };
}

/**
 * Gives back what an entry took, to the lots it took from (a lot whose time
 * has come meanwhile expires again at once), as a `reversal` entry.
 */
export async function giveBack(
  tx: DbExecutor,
  account: Account,
  taken: PointsEntryRow,
  e: Pick<NewEntry, 'source' | 'reason' | 'note' | 'staff'>,
  now: Date,
): Promise<Written> {
  const existing = await entryBySource(tx, account, e.source);
  if (existing) return { entry: existing, created: false };
  const allocations = await tx
    .selectFrom('points_allocations')
    .select(['lot_id', 'points'])
    .where('entry_id', '=', taken.id)
    .execute();
  const total = allocations.reduce((n, a) => n + a.points, 0);
  const entry = await insertEntry(tx, account, {
    kind: 'reversal',
    points: total,
    shortfall: 0,
    ...e,
    at: now.toISOString(),
  });
  for (const allocation of allocations) {
    await tx
      .updateTable('points_lots')
      .set((eb) => ({ remaining: eb('remaining', '+', allocation.points) }))
      .where('entry_id', '=', allocation.lot_id)
      .execute();
  }
  account.balance += total;
  await expireDue(tx, account, now.toISOString());
  return { entry, created: true };
}

/** An entry as the user reads it. */
export async function toWire(tx: DbExecutor, rows: readonly PointsEntryRow[], now: Date): Promise<PointsEntry[]> {
  const ids = rows.map((r) => r.id);
  const lots = ids.length
    ? await tx
        .selectFrom('points_lots')
        .select(['entry_id', 'remaining', 'expires_at'])
        .where('entry_id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(lots.map((l) => [l.entry_id, l]));
  const at = now.toISOString();
  return rows.map((r) => {
    const lot = byId.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      points: r.points,
      shortfall: r.shortfall,
      status: r.confirms_at > at ? 'pending' : 'confirmed',
      reason: JSON.parse(r.reason_json) as EntryReason,
      createdAt: r.created_at,
      confirmsAt: r.confirms_at > r.created_at ? r.confirms_at : null,
      expiresAt: lot?.expires_at ?? null,
      remaining: lot?.remaining ?? 0,
    };
  });
}
