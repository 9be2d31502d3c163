/**
 * What the routes and the complaint lifecycle do with a user's points: earn
 * by a trigger, read the summary and the history, redeem a reward and undo
 * it, and the staff's penalties and adjustments. Each runs in one ledger
 * transaction (ledger.ts) and tells the user's live stream the balance moved.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type {
  EntryReason,
  PointsHistory,
  PointsSummary,
  Redemption,
  RedemptionList,
  Reward,
  Trigger,
} from '../../contract/points';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import type { PointsEntryRow, PointsRedemptionsTable } from '../db/schema';
import { ApiError, notFound } from '../errors';
import { insertLiveEvents } from '../live-events';
import type { Site } from '../registry';
import { voidHostCode } from './host-codes';
import type { ResolvedPoints } from './settings';
import {
  credit,
  debit,
  giveBack,
  inAccount,
  openAccount,
  readAccount,
  saveAccount,
  toWire,
  withAccount,
  type Account,
  type LedgerRules,
  type Written,
} from './ledger';

export function rulesOf(site: Site): LedgerRules {
  return { points: site.settings.points, timezone: site.settings.timezone };
}

/** The live stream's audience of a signed-in user (as complaints/lifecycle.ts names it). */
const audience = (user: string) => `user:${user}`;

/** Tells the user's open widgets to read their points again. */
export async function publishPoints(tx: DbExecutor, account: Account, at: string): Promise<void> {
  await insertLiveEvents(tx, [
    {
      site: account.site,
      audience: audience(account.user),
      topic: 'points.changed',
      payload_json: JSON.stringify({ balance: account.balance, pending: account.pending }),
      created_at: at,
    },
  ]);
}

/**
 * Points for a contribution, inside the caller's transaction (the staff
 * decision or the rating that earns them commits with them). Nothing when the
 * site's rules turn the trigger off; a source seen before changes nothing.
 */
export async function earnIn(
  tx: DbExecutor,
  site: Site,
  user: string,
  trigger: Trigger,
  source: string,
  reason: EntryReason,
  now: Date,
): Promise<Written | undefined> {
  const rule = site.settings.points.earn[trigger];
  if (!rule) return undefined;
  const rules = rulesOf(site);
  const account = await openAccount(tx, { site: site.id, user }, rules, now);
  const written = await credit(tx, account, rules, { kind: 'earn', points: rule.points, source, reason, trigger }, now);
  await saveAccount(tx, account);
  if (written.created) await publishPoints(tx, account, now.toISOString());
  return written;
}

const SOON_MS = 30 * 24 * 3_600_000;

async function rewardsOf(deps: AppDeps, site: Site): Promise<Reward[]> {
  // A retired reward is not offered: left out, as a retired category is from the form, rather than shown as "none left".
  const catalogue = site.settings.points.catalogue.filter((r) => !r.retired);
  if (!catalogue.length) return [];
  // Whether a pool has a code left, not how many: one step down the pool's index each, however many codes were uploaded.
  const left = new Set<string>();
  for (const reward of catalogue) {
    if (reward.source !== 'pool') continue;
    const code = await deps.db
      .selectFrom('points_codes')
      .select('code')
      .where('site', '=', site.id)
      .where('reward', '=', reward.id)
      .where('status', '=', 'available')
      .limit(1)
      .executeTakeFirst();
    if (code) left.add(reward.id);
  }
  return catalogue.map((r) => ({
    id: r.id,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    points: r.points,
    // The host's webhook issues the others: available while the site has one (the host answers 409 when it has none left).
    available: r.source === 'pool' ? left.has(r.id) : site.settings.webhook !== null,
    undoHours: r.undoHours,
  }));
}

/**
 * The account as it stands, read without a write, when time has brought
 * nothing to work in since it was last opened: no pending entry confirmed,
 * no lot with points left expired. Otherwise (or for a new account)
 * undefined, and the caller opens it with `withAccount`.
 */
async function standingAccount(
  tx: DbExecutor,
  key: { site: string; user: string },
  at: string,
): Promise<Account | undefined> {
  const account = await readAccount(tx, key);
  if (!account) return undefined;
  if (at <= account.settledAt) return account;
  const due = await tx
    .selectFrom('points_entries')
    .select('id')
    .where('site', '=', key.site)
    .where('user_id', '=', key.user)
    .where('confirms_at', '>', account.settledAt)
    .where('confirms_at', '<=', at)
    .limit(1)
    .executeTakeFirst();
  const expired = await tx
    .selectFrom('points_lots')
    .select('entry_id')
    .where('site', '=', key.site)
    .where('user_id', '=', key.user)
    .where('remaining', '>', sql.lit(0))
    .where('expires_at', '<=', at)
    .limit(1)
    .executeTakeFirst();
  return due || expired ? undefined : account;
}

/**
 * Reads the account as of `now`. Most reads find nothing come due: one
 * snapshot, no lock and no write. Otherwise the ledger works it in first.
 */
async function readAsOfNow<T>(
  deps: AppDeps,
  site: Site,
  key: { site: string; user: string },
  now: Date,
  read: (tx: DbExecutor, account: Account) => Promise<T>,
): Promise<T> {
  const standing = await deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const account = await standingAccount(tx, key, now.toISOString());
      return account && { value: await read(tx, account) };
    });
  return standing ? standing.value : withAccount(deps.db, key, rulesOf(site), now, read);
}

export async function readSummary(deps: AppDeps, site: Site, user: string): Promise<PointsSummary> {
  const now = deps.now();
  const key = { site: site.id, user };
  const read = async (tx: DbExecutor, account: Account) => {
    const soon = await tx
      .selectFrom('points_lots')
      .select(['remaining', 'expires_at'])
      .where('site', '=', site.id)
      .where('user_id', '=', user)
      // A literal, so SQLite plans it once with the index of live lots (points_lots_account, db/migrations/005-points.ts).
      .where('remaining', '>', sql.lit(0))
      .where('expires_at', '<=', new Date(now.getTime() + SOON_MS).toISOString())
      .orderBy('expires_at')
      .limit(20)
      .execute();
    return { account: { ...account }, soon };
  };
  const { account, soon } = await readAsOfNow(deps, site, key, now, read);
  const levels = site.settings.points.levels;
  const reached = levels.filter((l) => l.threshold <= account.lifetime);
  return {
    balance: account.balance,
    pending: account.pending,
    expiringSoon: soon.map((l) => ({ points: l.remaining, at: l.expires_at })),
    level: levels.length
      ? { current: reached.at(-1) ?? null, next: levels[reached.length] ?? null, lifetime: account.lifetime }
      : null,
    earn: Object.entries(site.settings.points.earn).map(([trigger, rule]) => ({
      trigger: trigger as Trigger,
      points: rule.points,
      dailyCap: rule.dailyCap,
    })),
    rewards: await rewardsOf(deps, site),
    asOf: now.toISOString(),
  };
}

const HISTORY_PAGE = 50;

/** Newest first; the cursor is the last item's `createdAt|id`. */
export async function readHistory(
  deps: AppDeps,
  site: Site,
  user: string,
  cursor: string | undefined,
  staff = false,
): Promise<PointsHistory & { notes?: Record<string, { note: string | null; staff: string | null }> }> {
  const now = deps.now();
  // Worked in first, so expiries and confirmations up to now are in the history.
  await withAccount(deps.db, { site: site.id, user }, rulesOf(site), now, async () => undefined);
  let query = deps.db.selectFrom('points_entries').selectAll().where('site', '=', site.id).where('user_id', '=', user);
  if (cursor) {
    const [at, id] = cursor.split('|');
    if (!at || !id) throw new ApiError(400, 'invalid_request', 'cursor is not one this server gave');
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_PAGE + 1)
    .execute();
  const page = rows.slice(0, HISTORY_PAGE);
  const last = page.at(-1);
  return {
    items: await toWire(deps.db, page, now),
    nextCursor: rows.length > HISTORY_PAGE && last ? `${last.created_at}|${last.id}` : null,
    ...(staff ? { notes: Object.fromEntries(page.map((r) => [r.id, { note: r.note, staff: r.staff }])) } : {}),
  };
}

type RedemptionRow = PointsRedemptionsTable;

function redemptionOf(site: Site, row: RedemptionRow, balance: number): Redemption {
  const reward = site.settings.points.catalogue.find((r) => r.id === row.reward);
  return {
    id: row.id,
    reward: { id: row.reward, name: reward?.name ?? row.reward },
    points: row.points,
    code: row.code,
    status: row.status,
    createdAt: row.created_at,
    undoUntil: row.undo_until,
    balance,
  };
}

/**
 * A reward the site offers, to redeem: a 404 when its catalogue has none of
 * that id; a 409 `reward_unavailable` (`details.reason: "retired"`) when it
 * is retired, such as one a widget showed, or an outbox held, before the
 * site retired it: refused like an empty pool, spending nothing.
 */
export function rewardOf(site: Site, id: string): ResolvedPoints['catalogue'][number] {
  const reward = site.settings.points.catalogue.find((r) => r.id === id);
  if (!reward) throw notFound(`no reward "${id}" in this site's catalogue`);
  if (reward.retired)
    throw new ApiError(409, 'reward_unavailable', `the reward "${id}" is no longer offered`, {
      reward: id,
      reason: 'retired',
    });
  return reward;
}

/** The user's codes, newest first (the last 100), each with the balance as of now. */
export async function readRedemptions(deps: AppDeps, site: Site, user: string): Promise<RedemptionList> {
  return readAsOfNow(deps, site, { site: site.id, user }, deps.now(), async (tx, account) => {
    const rows = await tx
      .selectFrom('points_redemptions')
      .selectAll()
      .where('site', '=', site.id)
      .where('user_id', '=', user)
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    return { items: rows.map((row) => redemptionOf(site, row, account.balance)) };
  });
}

/** Takes the oldest available code of a pool reward, or a 409 naming the reward. */
export async function takeCode(tx: DbExecutor, site: Site, rewardId: string, at: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = await tx
      .selectFrom('points_codes')
      .select('code')
      .where('site', '=', site.id)
      .where('reward', '=', rewardId)
      .where('status', '=', 'available')
      .orderBy('added_at')
      .orderBy('code')
      .limit(1)
      .executeTakeFirst();
    if (!next) break;
    // Another instance may take the same code first: the update then changes nothing, and the next one is tried.
    const taken = await tx
      .updateTable('points_codes')
      .set({ status: 'issued', issued_at: at })
      .where('site', '=', site.id)
      .where('reward', '=', rewardId)
      .where('code', '=', next.code)
      .where('status', '=', 'available')
      .executeTakeFirst();
    if (taken.numUpdatedRows === 1n) return next.code;
  }
  throw new ApiError(409, 'reward_unavailable', `no code is left for the reward "${rewardId}"`, { reward: rewardId });
}

/**
 * Redeems a reward for the user: spends its points and gives a code, in one
 * transaction (an empty pool spends nothing). The caller's idempotency key
 * (made when the user confirmed) is the spend's source, so a retry of the
 * same confirmation spends once.
 */
export async function redeemIn(
  tx: DbExecutor,
  deps: AppDeps,
  site: Site,
  user: string,
  rewardId: string,
  key: string,
  issued?: string,
): Promise<Redemption> {
  const reward = rewardOf(site, rewardId);
  if (reward.source === 'webhook' && issued === undefined)
    throw new Error(`the reward "${rewardId}" needs the code the host issued (host-codes.ts)`);
  const now = deps.now();
  const at = now.toISOString();
  const rules = rulesOf(site);
  const account = await openAccount(tx, { site: site.id, user }, rules, now);
  const spent = await debit(
    tx,
    account,
    {
      kind: 'spend',
      points: reward.points,
      source: `redeem:${key}`,
      reason: { code: 'redemption', reward: { id: reward.id, name: reward.name } },
    },
    now,
  );
  const code = issued ?? (await takeCode(tx, site, reward.id, at));
  const row: RedemptionRow = {
    id: randomUUID(),
    site: site.id,
    user_id: user,
    reward: reward.id,
    points: reward.points,
    code,
    status: 'active',
    entry_id: spent.entry.id,
    created_at: at,
    undo_until: reward.undoHours > 0 ? new Date(now.getTime() + reward.undoHours * 3_600_000).toISOString() : null,
    undone_at: null,
  };
  await tx.insertInto('points_redemptions').values(row).execute();
  await saveAccount(tx, account);
  await publishPoints(tx, account, at);
  return redemptionOf(site, row, account.balance);
}

/** Undoes a redemption while the reward's rules allow: the code is voided and the points go back where they came from. */
export async function undoRedemption(deps: AppDeps, site: Site, user: string, id: string): Promise<Redemption> {
  const now = deps.now();
  return withAccount(deps.db, { site: site.id, user }, rulesOf(site), now, async (tx, account) => {
    const row = await tx
      .selectFrom('points_redemptions')
      .selectAll()
      .where('id', '=', id)
      .where('site', '=', site.id)
      .where('user_id', '=', user)
      .executeTakeFirst();
    if (!row) throw notFound('no redemption with this id belongs to you');
    if (row.status === 'undone') return redemptionOf(site, row, account.balance);
    if (!row.undo_until || now.toISOString() > row.undo_until || !row.entry_id) {
      throw new ApiError(
        409,
        'conflict',
        row.undo_until ? `this redemption could be undone until ${row.undo_until}` : 'this reward cannot be undone',
      );
    }
    const spend = await tx
      .selectFrom('points_entries')
      .selectAll()
      .where('id', '=', row.entry_id)
      .executeTakeFirstOrThrow();
    const reward = site.settings.points.catalogue.find((r) => r.id === row.reward);
    await giveBack(
      tx,
      account,
      spend,
      {
        source: `undo:${row.id}`,
        reason: { code: 'redemption_undone', reward: { id: row.reward, name: reward?.name ?? row.reward } },
      },
      now,
    );
    const at = now.toISOString();
    if (reward?.source === 'webhook') await voidHostCode(tx, site, row.reward, row.code, 'undone', now.toISOString());
    else
      await tx
        .updateTable('points_codes')
        .set({ status: 'void' })
        .where('site', '=', site.id)
        .where('reward', '=', row.reward)
        .where('code', '=', row.code)
        .execute();
    await tx
      .updateTable('points_redemptions')
      .set({ status: 'undone', undone_at: at })
      .where('id', '=', row.id)
      .execute();
    await publishPoints(tx, account, at);
    return redemptionOf(site, { ...row, status: 'undone', undone_at: at }, account.balance);
  });
}

export interface StaffEntryInput {
  user: string;
  points: number;
  reason: string;
  note: string | null;
  staff: string;
  /** the member's name and the request's Idempotency-Key: the entry's source, unique per user */
  key: string;
  kind: 'penalty' | 'adjustment';
}

/**
 * A penalty (takes at most the balance) or a manual adjustment, by a staff
 * member, in a transaction the caller holds (with the request's idempotency
 * row). An entry of the same source that exists already is returned as it
 * is (`created: false`) and nothing changes.
 */
export async function staffEntryIn(
  tx: DbExecutor,
  deps: AppDeps,
  site: Site,
  input: StaffEntryInput,
): Promise<{ written: Written; balance: number }> {
  const now = deps.now();
  return inAccount(tx, { site: site.id, user: input.user }, rulesOf(site), now, (tx, account) =>
    writeStaffEntry(tx, site, account, input, now),
  );
}

/** The same in a transaction of its own (the demo's seed). */
export async function staffEntry(
  deps: AppDeps,
  site: Site,
  input: StaffEntryInput,
): Promise<{ written: Written; balance: number }> {
  const now = deps.now();
  return withAccount(deps.db, { site: site.id, user: input.user }, rulesOf(site), now, (tx, account) =>
    writeStaffEntry(tx, site, account, input, now),
  );
}

async function writeStaffEntry(
  tx: DbExecutor,
  site: Site,
  account: Account,
  input: StaffEntryInput,
  now: Date,
): Promise<{ written: Written; balance: number }> {
  const rules = rulesOf(site);
  const common = { source: `${input.kind}:${input.key}`, note: input.note, staff: input.staff };
  const written =
    input.kind === 'penalty'
      ? await debit(
          tx,
          account,
          { ...common, kind: 'penalty', points: input.points, reason: { code: 'penalty', text: input.reason } },
          now,
        )
      : input.points > 0
        ? await credit(
            tx,
            account,
            { ...rules, points: { ...rules.points, pendingHours: 0 } },
            { ...common, kind: 'earn', points: input.points, reason: { code: 'adjustment', text: input.reason } },
            now,
          )
        : await debit(
            tx,
            account,
            {
              ...common,
              kind: 'reversal',
              points: -input.points,
              reason: { code: 'adjustment', text: input.reason },
            },
            now,
          );
  if (written.created) await publishPoints(tx, account, now.toISOString());
  return { written, balance: account.balance };
}

/**
 * What the staff request that made `entry` asked for: the points (a
 * penalty's or a negative adjustment's shortfall added back to what it
 * took), the reason and the note. Entries made before staff requests kept
 * their hash have nothing else to tell a retry from another request under
 * the same key.
 */
export function askedByStaffEntry(entry: PointsEntryRow): { points: number; reason: string; note: string | null } {
  const reason = (JSON.parse(entry.reason_json) as { text?: string }).text ?? '';
  const points =
    entry.kind === 'penalty'
      ? -entry.points + entry.shortfall
      : entry.kind === 'reversal'
        ? entry.points - entry.shortfall
        : entry.points;
  return { points, reason, note: entry.note };
}
