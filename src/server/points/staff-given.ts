/**
 * Points staff give or take as the outcome of something decided, inside the
 * decision's own transaction: a confirmed report's penalty or warning for
 * the user it was about, and a complaint's compensation (points, a reward's
 * code, or both) or penalty. Each ledger entry's source is the feedback or
 * complaint it came from, so it exists once whatever retries.
 */
import { randomUUID } from 'node:crypto';
import type { ComplaintPointsKind, EntryReason } from '../../contract/points';
import type { DbExecutor } from '../blobs';
import type { Site } from '../registry';
import { publishPoints, rulesOf, takeCode } from './accounts';
import { credit, debit, inAccount, openAccount, saveAccount, type Written } from './ledger';

/**
 * Locks the accounts of `users` in one order (and works in what came due),
 * before a transaction touches more than one: two decisions locking the same
 * two accounts the other way round would otherwise wait on each other.
 */
export async function lockAccounts(tx: DbExecutor, site: Site, users: readonly string[], now: Date): Promise<void> {
  for (const user of [...new Set(users)].sort()) {
    const account = await openAccount(tx, { site: site.id, user }, rulesOf(site), now);
    await saveAccount(tx, account);
  }
}

export interface Taking {
  user: string;
  /** 0 for a warning */
  points: number;
  reason: EntryReason;
  source: string;
  note: string | null;
  staff: string;
}

/** A penalty entry (a warning is one of 0 points): takes at most the balance, the rest is its shortfall. */
export async function takeIn(
  tx: DbExecutor,
  site: Site,
  taking: Taking,
  now: Date,
): Promise<{ written: Written; balance: number }> {
  return inAccount(tx, { site: site.id, user: taking.user }, rulesOf(site), now, async (tx, account) => {
    const written = await debit(
      tx,
      account,
      {
        kind: 'penalty',
        points: taking.points,
        source: taking.source,
        reason: taking.reason,
        note: taking.note,
        staff: taking.staff,
      },
      now,
    );
    if (written.created) await publishPoints(tx, account, now.toISOString());
    return { written, balance: account.balance };
  });
}

export interface Giving {
  user: string;
  points: number;
  /** a pool reward of the catalogue: one of its codes goes to the user, as a redemption of 0 points */
  reward: string | null;
  reason: EntryReason;
  source: string;
  note: string | null;
  staff: string;
}

/** A compensation entry (counts at once) and the reward's code, when there is one. */
export async function giveIn(
  tx: DbExecutor,
  site: Site,
  giving: Giving,
  now: Date,
): Promise<{ written: Written; balance: number; code: string | null }> {
  const rules = rulesOf(site);
  return inAccount(tx, { site: site.id, user: giving.user }, rules, now, async (tx, account) => {
    const written = await credit(
      tx,
      account,
      rules,
      {
        kind: 'compensation',
        points: giving.points,
        source: giving.source,
        reason: giving.reason,
        note: giving.note,
        staff: giving.staff,
      },
      now,
    );
    let code: string | null = null;
    if (written.created && giving.reward) {
      const at = now.toISOString();
      code = await takeCode(tx, site, giving.reward, at);
      await tx
        .insertInto('points_redemptions')
        .values({
          id: randomUUID(),
          site: site.id,
          user_id: giving.user,
          reward: giving.reward,
          points: 0,
          code,
          status: 'active',
          entry_id: null,
          created_at: at,
          undo_until: null,
          undone_at: null,
        })
        .execute();
    }
    if (written.created) await publishPoints(tx, account, now.toISOString());
    return { written, balance: account.balance, code };
  });
}

/** The ledger source of what a complaint gave or took: one of each kind. */
export const complaintSource = (complaintId: string, kind: ComplaintPointsKind) => `complaint:${complaintId}:${kind}`;

/** A reward a complaint may give: one of the catalogue's pool rewards not retired (a webhook's codes are the host's to issue). */
export function givableReward(site: Site, id: string) {
  return site.settings.points.catalogue.find((r) => r.id === id && r.source === 'pool' && !r.retired);
}
