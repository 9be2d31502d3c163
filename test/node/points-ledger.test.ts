/**
 * The points ledger on random histories (fast-check; SQLite in a temp folder,
 * a fake clock moved by each step so pending points confirm and lots expire
 * between steps): earns with and without a daily cap, compensations, spends,
 * penalties, reversals, undone spends and replays, checked after every step
 * against a model of the account and against the ledger's own invariant
 * (balance = Σ confirmed entries = Σ lots left, never below 0). Besides:
 * a replayed source changes nothing, spending takes the soonest-expiring
 * points first, and the database refuses to change or remove an entry.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { TRIGGERS } from '../../src/contract/points';
import type { Trigger } from '../../src/contract/points';
import { migrateToLatest } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open';
import type { Db } from '../../src/server/db/open';
import type { PointsEntryRow } from '../../src/server/db/schema';
import { ApiError } from '../../src/server/errors';
import { credit, debit, giveBack, withAccount } from '../../src/server/points/ledger';
import type { Account, LedgerRules, Written } from '../../src/server/points/ledger';
import { DEFAULT_POINTS } from '../../src/server/points/settings';
import type { DbExecutor } from '../../src/server/blobs';

const KEY = { site: 's', user: 'u' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai has kept +8 all year since 1991: the model's days start at 16:00 UTC. */
const SHANGHAI = 8 * HOUR;

// ---- set-up -------------------------------------------------------------------

async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-points-'));
  const db = openDatabase({ file: join(dir, 'points.sqlite') });
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rulesWith(pendingHours: number, expiryMonths: number, caps: Record<Trigger, number | null>): LedgerRules {
  const earn = Object.fromEntries(
    TRIGGERS.map((t) => [t, { points: 10, dailyCap: caps[t] }]),
  ) as LedgerRules['points']['earn'];
  return { points: { ...DEFAULT_POINTS, pendingHours, expiryMonths, earn }, timezone: 'Asia/Shanghai' };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The model's own month arithmetic: same day of month and time, the month's last day when it has fewer. */
function plusMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

// ---- the model ----------------------------------------------------------------

interface ModelLot {
  id: string;
  points: number;
  remaining: number;
  expiresAt: number;
}

interface Model {
  exists: boolean;
  balance: number;
  pending: number;
  lifetime: number;
  settledAt: number;
  entries: number;
  lots: ModelLot[];
  /** pending earns not yet confirmed */
  waiting: Array<{ id: string; points: number; confirmsAt: number }>;
  /** points granted per trigger per Shanghai day */
  capUsed: Record<string, number>;
  /** what each spend, penalty or reversal took from which lot */
  taken: Record<string, Array<{ lot: string; points: number }>>;
  /** what each expiry took, as "lot:points" */
  expired: string[];
}

const emptyModel = (): Model => ({
  exists: false,
  balance: 0,
  pending: 0,
  lifetime: 0,
  settledAt: 0,
  entries: 0,
  lots: [],
  waiting: [],
  capUsed: {},
  taken: {},
  expired: [],
});

function expireModel(m: Model, until: number): void {
  for (const lot of m.lots) {
    if (lot.remaining > 0 && lot.expiresAt <= until) {
      m.balance -= lot.remaining;
      m.expired.push(`${lot.id}:${lot.remaining}`);
      lot.remaining = 0;
      m.entries += 1;
    }
  }
}

/** What opening the account at `now` does: make it, or work in what came due. */
function openModel(m: Model, now: number, expiryMonths: number): void {
  if (!m.exists) {
    Object.assign(m, { exists: true, settledAt: now });
    return;
  }
  if (now <= m.settledAt) return;
  const due = m.waiting.filter((w) => w.confirmsAt > m.settledAt && w.confirmsAt <= now);
  m.waiting = m.waiting.filter((w) => !due.includes(w));
  for (const w of due) {
    m.pending -= w.points;
    m.balance += w.points;
    m.lifetime += w.points;
    m.lots.push({ id: w.id, points: w.points, remaining: w.points, expiresAt: plusMonths(w.confirmsAt, expiryMonths) });
  }
  expireModel(m, now);
  m.settledAt = now;
}

/** Soonest expiry first (ties by lot id, as the database sorts text). */
function takeModel(m: Model, entryId: string, points: number): void {
  const order = m.lots
    .filter((l) => l.remaining > 0)
    .sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let need = points;
  const took: Array<{ lot: string; points: number }> = [];
  for (const lot of order) {
    if (need === 0) break;
    const take = Math.min(need, lot.remaining);
    lot.remaining -= take;
    need -= take;
    took.push({ lot: lot.id, points: take });
  }
  assert.equal(need, 0, 'the model ran out of lots');
  m.balance -= points;
  m.taken[entryId] = took;
}

// ---- commands -------------------------------------------------------------------

type Cmd =
  | { op: 'earn'; points: number; trigger: Trigger | null; wait: number }
  | { op: 'compensation'; points: number; wait: number }
  | { op: 'spend'; points: number; wait: number }
  | { op: 'penalty'; points: number; wait: number }
  | { op: 'reversal'; points: number; wait: number }
  | { op: 'undo'; pick: number; wait: number }
  | { op: 'replay'; pick: number; wait: number }
  | { op: 'look'; wait: number };

/** Zero, minutes, hours, days, or over a year: pending points confirm and lots expire between steps. */
const waitArb = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 180 }).map((n) => n * MINUTE), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 96 }).map((n) => n * HOUR), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 120 }).map((n) => n * DAY), weight: 2 },
  { arbitrary: fc.integer({ min: 121, max: 500 }).map((n) => n * DAY), weight: 1 },
);
const pointsArb = fc.integer({ min: 1, max: 120 });

const cmdArb = (withReplay: boolean): fc.Arbitrary<Cmd> =>
  fc.oneof(
    {
      arbitrary: fc.record({
        op: fc.constant('earn' as const),
        points: pointsArb,
        trigger: fc.option(fc.constantFrom(...TRIGGERS), { nil: null }),
        wait: waitArb,
      }),
      weight: 5,
    },
    { arbitrary: fc.record({ op: fc.constant('compensation' as const), points: pointsArb, wait: waitArb }), weight: 2 },
    {
      arbitrary: fc.record({
        op: fc.constant('spend' as const),
        points: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 300 })),
        wait: waitArb,
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        op: fc.constantFrom('penalty' as const, 'reversal' as const),
        points: fc.integer({ min: 1, max: 200 }),
        wait: waitArb,
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ op: fc.constant('undo' as const), pick: fc.nat(), wait: waitArb }), weight: 2 },
    {
      arbitrary: fc.record({ op: fc.constant('replay' as const), pick: fc.nat(), wait: waitArb }),
      weight: withReplay ? 2 : 0,
    },
    { arbitrary: fc.record({ op: fc.constant('look' as const), wait: waitArb }), weight: 1 },
  );

/** The rules that matter here, kept small so a counterexample reads well; `rulesOf` makes the ledger's rules of them. */
interface RuleChoice {
  pendingHours: number;
  expiryMonths: number;
  caps: Record<Trigger, number | null>;
}
const rulesArb: fc.Arbitrary<RuleChoice> = fc.record({
  pendingHours: fc.constantFrom(0, 0, 1, 24, 72),
  expiryMonths: fc.constantFrom(1, 2, 3, 12),
  caps: fc.record(
    Object.fromEntries(TRIGGERS.map((t) => [t, fc.option(fc.integer({ min: 1, max: 150 }), { nil: null })])) as Record<
      Trigger,
      fc.Arbitrary<number | null>
    >,
  ),
});
const rulesOf = (c: RuleChoice) => rulesWith(c.pendingHours, c.expiryMonths, c.caps);
/** fast-check prints the failing assertion under the smallest counterexample. */
const RUN = { includeErrorInReport: true } as const;

/** Month ends, a leap day and Shanghai midnight (16:00 UTC) are where dates go wrong. */
const startArb = fc.oneof(
  fc.constantFrom(
    Date.UTC(2026, 0, 31, 15, 30),
    Date.UTC(2027, 11, 31, 23, 59),
    Date.UTC(2028, 1, 29, 12),
    Date.UTC(2026, 7, 31, 16),
  ),
  fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2030, 0, 1) / MINUTE }).map((n) => n * MINUTE),
);

// ---- reading the database -----------------------------------------------------------

async function snapshot(db: Db) {
  const account = await db
    .selectFrom('points_accounts')
    .select(['balance', 'pending', 'lifetime', 'settled_at'])
    .where('site', '=', KEY.site)
    .where('user_id', '=', KEY.user)
    .executeTakeFirst();
  const entries = await db
    .selectFrom('points_entries')
    .selectAll()
    .where('site', '=', KEY.site)
    .where('user_id', '=', KEY.user)
    .orderBy('id')
    .execute();
  const lots = await db
    .selectFrom('points_lots')
    .selectAll()
    .where('site', '=', KEY.site)
    .where('user_id', '=', KEY.user)
    .orderBy('entry_id')
    .execute();
  const allocations = await db
    .selectFrom('points_allocations')
    .selectAll()
    .orderBy('entry_id')
    .orderBy('lot_id')
    .execute();
  return { account, entries, lots, allocations };
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

/** The ledger's invariant as the database holds it, and the cached row, lots and allocations as the model has them. */
async function checkAgainst(db: Db, m: Model, step: string): Promise<void> {
  const { account, entries, lots, allocations } = await snapshot(db);
  if (!account) {
    assert.equal(m.exists, false, `${step}: the account is missing`);
    assert.equal(entries.length, 0, `${step}: entries without an account`);
    return;
  }
  const settled = account.settled_at;
  assert.ok(account.balance >= 0, `${step}: balance ${account.balance} < 0`);
  assert.equal(
    account.balance,
    sum(entries.filter((e) => e.confirms_at <= settled).map((e) => e.points)),
    `${step}: balance ≠ Σ confirmed entries`,
  );
  assert.equal(account.balance, sum(lots.map((l) => l.remaining)), `${step}: balance ≠ Σ lots remaining`);
  assert.equal(
    account.pending,
    sum(entries.filter((e) => e.confirms_at > settled).map((e) => e.points)),
    `${step}: pending ≠ Σ entries not yet confirmed`,
  );
  for (const e of entries) assert.ok(e.shortfall >= 0, `${step}: negative shortfall on ${e.kind}`);
  for (const l of lots)
    assert.ok(l.remaining === 0 || l.expires_at > settled, `${step}: lot ${l.entry_id} outlived its expiry`);

  assert.deepEqual(
    account,
    { balance: m.balance, pending: m.pending, lifetime: m.lifetime, settled_at: iso(m.settledAt) },
    `${step}: cached account row`,
  );
  assert.equal(entries.length, m.entries, `${step}: number of entries`);
  const modelLots = [...m.lots].sort((a, b) => (a.id < b.id ? -1 : 1));
  assert.deepEqual(
    lots.map((l) => ({ id: l.entry_id, remaining: l.remaining, expiresAt: l.expires_at })),
    modelLots.map((l) => ({ id: l.id, remaining: l.remaining, expiresAt: iso(l.expiresAt) })),
    `${step}: lots`,
  );
  const kindOf = new Map(entries.map((e) => [e.id, e.kind]));
  const taken: Record<string, Array<{ lot: string; points: number }>> = {};
  const expired: string[] = [];
  for (const a of allocations) {
    if (kindOf.get(a.entry_id) === 'expiry') expired.push(`${a.lot_id}:${a.points}`);
    else (taken[a.entry_id] ??= []).push({ lot: a.lot_id, points: a.points });
  }
  const modelTaken = Object.fromEntries(
    Object.entries(m.taken)
      .filter(([, t]) => t.length > 0)
      .map(([id, t]) => [id, [...t].sort((a, b) => (a.lot < b.lot ? -1 : 1))]),
  );
  assert.deepEqual(taken, modelTaken, `${step}: what debits took from which lot`);
  assert.deepEqual(expired.sort(), [...m.expired].sort(), `${step}: what expired from which lot`);
}

// ---- running a history ------------------------------------------------------------

/**
 * An entry as compared across calls: a debit that took nothing hands back
 * `points: -0` from the call that wrote it and 0 when read again (the same
 * number in the database and in JSON).
 */
const same = (e: PointsEntryRow): PointsEntryRow => ({ ...e, points: e.points + 0 });

type Again = (tx: DbExecutor, account: Account, now: Date) => Promise<Written>;

interface Options {
  /** replay every step at once, at the same instant, and check nothing changed */
  replayEach: boolean;
}

/** Runs the steps from `start`, checking after each; returns the clock's last instant. */
async function runHistory(
  db: Db,
  choice: RuleChoice,
  start: number,
  cmds: readonly Cmd[],
  options: Options,
): Promise<number> {
  const rules = rulesOf(choice);
  const months = rules.points.expiryMonths;
  let m = emptyModel();
  let now = start;
  /** steps that wrote an entry: the call to make again, and the entry it wrote */
  const done: Array<{ again: Again; entry: PointsEntryRow }> = [];
  const spends: PointsEntryRow[] = [];
  const undone = new Map<string, PointsEntryRow>();
  const open = (at: Date, work: Again) => withAccount(db, KEY, rules, at, (tx, account) => work(tx, account, at));
  /** opens the account and does nothing, as reading the summary does */
  const look = (at: Date) => withAccount(db, KEY, rules, at, async () => undefined);

  const replayNow = async (again: Again, entry: PointsEntryRow, at: Date, step: string) => {
    const before = await snapshot(db);
    const written = await open(at, again);
    assert.equal(written.created, false, `${step}: a replay wrote an entry`);
    assert.deepEqual(same(written.entry), same(entry), `${step}: a replay returned another entry`);
    assert.deepEqual(await snapshot(db), before, `${step}: a replay changed the ledger`);
  };

  for (const [i, cmd] of cmds.entries()) {
    now += cmd.wait;
    const at = new Date(now);
    const step = `step ${i} (${cmd.op} at ${at.toISOString()})`;
    const source = `cmd:${i}`;
    const next: Model = structuredClone(m);
    openModel(next, now, months);
    let wrote: { again: Again; entry: PointsEntryRow } | undefined;

    switch (cmd.op) {
      case 'earn':
      case 'compensation': {
        const trigger = cmd.op === 'earn' ? cmd.trigger : null;
        const again: Again = (tx, account, t) =>
          credit(
            tx,
            account,
            rules,
            {
              kind: cmd.op,
              points: cmd.points,
              source,
              reason: { code: trigger ?? 'compensation' },
              ...(trigger ? { trigger } : {}),
            },
            t,
          );
        const written = await open(at, again);
        assert.equal(written.created, true, step);
        let granted = cmd.points;
        const cap = trigger ? (rules.points.earn[trigger]?.dailyCap ?? null) : null;
        if (trigger && cap !== null) {
          const day = `${trigger}|${Math.floor((now + SHANGHAI) / DAY)}`;
          granted = Math.min(cmd.points, Math.max(0, cap - (next.capUsed[day] ?? 0)));
          next.capUsed[day] = (next.capUsed[day] ?? 0) + granted;
        }
        const pendingMs = cmd.op === 'earn' && granted > 0 ? rules.points.pendingHours * HOUR : 0;
        const e = written.entry;
        assert.deepEqual(
          {
            kind: e.kind,
            points: e.points,
            shortfall: e.shortfall,
            trigger: e.trigger_name,
            reason: JSON.parse(e.reason_json) as unknown,
            createdAt: e.created_at,
            confirmsAt: e.confirms_at,
          },
          {
            kind: cmd.op,
            points: granted,
            shortfall: 0,
            trigger,
            reason: {
              code: trigger ?? 'compensation',
              ...(granted < cmd.points ? { capped: cmd.points - granted } : {}),
            },
            createdAt: iso(now),
            confirmsAt: iso(now + pendingMs),
          },
          `${step}: the entry written`,
        );
        next.entries += 1;
        if (granted > 0 && pendingMs > 0) {
          next.pending += granted;
          next.waiting.push({ id: e.id, points: granted, confirmsAt: now + pendingMs });
        } else if (granted > 0) {
          next.balance += granted;
          next.lifetime += granted;
          next.lots.push({ id: e.id, points: granted, remaining: granted, expiresAt: plusMonths(now, months) });
        }
        wrote = { again, entry: e };
        break;
      }
      case 'spend':
      case 'penalty':
      case 'reversal': {
        const kind = cmd.op;
        const again: Again = (tx, account, t) =>
          debit(
            tx,
            account,
            { kind, points: cmd.points, source, reason: { code: kind === 'spend' ? 'redemption' : kind } },
            t,
          );
        if (kind === 'spend' && cmd.points > next.balance) {
          const before = await snapshot(db);
          await assert.rejects(open(at, again), (error: unknown) => {
            assert.ok(error instanceof ApiError, `${step}: ${String(error)}`);
            assert.equal(error.status, 409);
            assert.equal(error.code, 'insufficient_points');
            assert.deepEqual(error.details, { balance: next.balance, needed: cmd.points });
            return true;
          });
          assert.deepEqual(await snapshot(db), before, `${step}: a refused spend changed the ledger`);
          // Nothing happened, not even the time worked in.
          await checkAgainst(db, m, step);
          continue;
        }
        const written = await open(at, again);
        assert.equal(written.created, true, step);
        const takes = Math.min(cmd.points, next.balance);
        const e = written.entry;
        assert.deepEqual(
          {
            kind: e.kind,
            points: e.points,
            shortfall: e.shortfall,
            createdAt: e.created_at,
            confirmsAt: e.confirms_at,
          },
          { kind, points: 0 - takes, shortfall: cmd.points - takes, createdAt: iso(now), confirmsAt: iso(now) },
          `${step}: the entry written`,
        );
        next.entries += 1;
        takeModel(next, e.id, takes);
        if (kind === 'spend') spends.push(e);
        wrote = { again, entry: e };
        break;
      }
      case 'undo': {
        const spend = spends[cmd.pick % Math.max(1, spends.length)];
        if (!spend) {
          await look(at);
          break;
        }
        const again: Again = (tx, account, t) =>
          giveBack(tx, account, spend, { source: `undo:${spend.source}`, reason: { code: 'redemption_undone' } }, t);
        const written = await open(at, again);
        const earlier = undone.get(spend.id);
        if (earlier) {
          assert.equal(written.created, false, `${step}: undoing a spend twice wrote a second entry`);
          assert.deepEqual(same(written.entry), same(earlier), step);
          break;
        }
        assert.equal(written.created, true, step);
        const took = next.taken[spend.id] ?? [];
        const total = sum(took.map((t) => t.points));
        assert.equal(total, -spend.points, `${step}: the spend's allocations add up to what it took`);
        const e = written.entry;
        assert.deepEqual(
          {
            kind: e.kind,
            points: e.points,
            shortfall: e.shortfall,
            createdAt: e.created_at,
            confirmsAt: e.confirms_at,
          },
          { kind: 'reversal', points: total, shortfall: 0, createdAt: iso(now), confirmsAt: iso(now) },
          `${step}: the entry written`,
        );
        next.entries += 1;
        for (const t of took) next.lots.find((l) => l.id === t.lot)!.remaining += t.points;
        next.balance += total;
        expireModel(next, now);
        undone.set(spend.id, e);
        wrote = { again, entry: e };
        break;
      }
      case 'replay': {
        const target = done[cmd.pick % Math.max(1, done.length)];
        if (!target) {
          await look(at);
          break;
        }
        const counted = next.entries;
        const written = await open(at, target.again);
        assert.equal(written.created, false, `${step}: a replay wrote an entry`);
        assert.deepEqual(same(written.entry), same(target.entry), `${step}: a replay returned another entry`);
        assert.equal(next.entries, counted);
        break;
      }
      case 'look':
        await look(at);
        break;
    }
    m = next;
    await checkAgainst(db, m, step);
    if (wrote) {
      done.push(wrote);
      if (options.replayEach) await replayNow(wrote.again, wrote.entry, at, `${step}, replayed at once`);
    }
  }
  return now;
}

// ---- the properties ----------------------------------------------------------------

describe('points ledger on random histories', () => {
  test('after every step the balance is never negative, equals the confirmed entries and the lots left, and the cached account matches a model', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        startArb,
        fc.array(cmdArb(true), { minLength: 1, maxLength: 30, size: 'max' }),
        async (choice, start, cmds) => {
          await withDatabase((db) => runHistory(db, choice, start, cmds, { replayEach: false }));
        },
      ),
      { ...RUN, numRuns: 80 },
    );
  });

  test('sending any step again with the same source changes nothing and returns the first entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        startArb,
        fc.array(cmdArb(false), { minLength: 1, maxLength: 15, size: 'max' }),
        async (choice, start, cmds) => {
          await withDatabase((db) => runHistory(db, choice, start, cmds, { replayEach: true }));
        },
      ),
      { ...RUN, numRuns: 40 },
    );
  });

  test('spending takes the soonest-expiring points first and expiry then takes only what is left of each lot', async () => {
    // Each earning may run under other rules (the site changed expiryMonths), so
    // the soonest to expire need not be the oldest earned.
    const earnArb = fc.record({
      points: fc.integer({ min: 1, max: 100 }),
      wait: fc.integer({ min: 1, max: 4 * 24 * 60 }).map((n) => n * MINUTE),
      months: fc.integer({ min: 1, max: 24 }),
    });
    await fc.assert(
      fc.asyncProperty(
        startArb,
        fc.array(earnArb, { minLength: 2, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (start, earns, share) => {
          await withDatabase(async (db) => {
            let now = start;
            const lots: Array<{ id: string; points: number; expiresAt: number }> = [];
            for (const [i, earn] of earns.entries()) {
              now += earn.wait;
              const rules = rulesWith(0, earn.months, {
                suggestion_accepted: null,
                complaint_rated: null,
                report_confirmed: null,
              });
              const at = new Date(now);
              const { entry } = await withAccount(db, KEY, rules, at, (tx, account) =>
                credit(
                  tx,
                  account,
                  rules,
                  { kind: 'compensation', points: earn.points, source: `earn:${i}`, reason: { code: 'compensation' } },
                  at,
                ),
              );
              lots.push({ id: entry.id, points: earn.points, expiresAt: plusMonths(now, earn.months) });
            }
            const total = sum(lots.map((l) => l.points));
            const spend = Math.max(1, Math.round(share * total));
            now += MINUTE;
            const at = new Date(now);
            const rules = rulesWith(0, 12, {
              suggestion_accepted: null,
              complaint_rated: null,
              report_confirmed: null,
            });
            const { entry } = await withAccount(db, KEY, rules, at, (tx, account) =>
              debit(tx, account, { kind: 'spend', points: spend, source: 'spend', reason: { code: 'redemption' } }, at),
            );

            // At most 24 days passed, less than the shortest month: nothing expired yet, and the spend went soonest expiry first.
            const order = [...lots].sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : 1));
            let need = spend;
            const expected = order.map((l) => {
              const take = Math.min(need, l.points);
              need -= take;
              return { ...l, remaining: l.points - take, took: take };
            });
            const rows = await db.selectFrom('points_lots').select(['entry_id', 'remaining', 'expires_at']).execute();
            const byId = new Map(rows.map((r) => [r.entry_id, r]));
            for (const l of expected) {
              assert.equal(byId.get(l.id)?.expires_at, iso(l.expiresAt));
              assert.equal(byId.get(l.id)?.remaining, l.remaining, `lot expiring ${iso(l.expiresAt)}`);
            }
            // A lot was touched only once every lot expiring before it was empty.
            for (const a of expected)
              for (const b of expected)
                if (a.expiresAt < b.expiresAt && b.remaining < b.points) assert.equal(a.remaining, 0);
            const allocations = await db
              .selectFrom('points_allocations')
              .select(['lot_id', 'points'])
              .where('entry_id', '=', entry.id)
              .orderBy('lot_id')
              .execute();
            assert.deepEqual(
              allocations,
              expected
                .filter((l) => l.took > 0)
                .map((l) => ({ lot_id: l.id, points: l.took }))
                .sort((a, b) => (a.lot_id < b.lot_id ? -1 : 1)),
            );

            // Then time passes lot by lot: each expiry takes what that lot has left and no more.
            for (const [k, lot] of expected.entries()) {
              now = Math.max(now, lot.expiresAt);
              const when = new Date(now);
              const account = await withAccount(db, KEY, rules, when, async (_tx, a) => ({ ...a }));
              const later = expected.slice(k + 1).filter((l) => l.expiresAt > now);
              assert.equal(
                account.balance,
                sum(later.map((l) => l.remaining)),
                `balance once the lot expiring ${iso(now)} is gone`,
              );
              const gone = await db
                .selectFrom('points_allocations')
                .innerJoin('points_entries', 'points_entries.id', 'points_allocations.entry_id')
                .select([
                  'points_allocations.points',
                  'points_entries.points as entryPoints',
                  'points_entries.created_at',
                ])
                .where('points_entries.kind', '=', 'expiry')
                .where('points_allocations.lot_id', '=', lot.id)
                .execute();
              assert.deepEqual(
                gone,
                lot.remaining > 0
                  ? [{ points: lot.remaining, entryPoints: -lot.remaining, created_at: iso(lot.expiresAt) }]
                  : [],
              );
            }
          });
        },
      ),
      { ...RUN, numRuns: 60 },
    );
  });

  test('the database refuses to change or remove an entry or an allocation, whatever the history', async () => {
    const statements = [
      sql`update points_entries set points = points + 1`,
      sql`delete from points_entries`,
      sql`update points_allocations set points = 0`,
      sql`delete from points_allocations`,
    ];
    await fc.assert(
      fc.asyncProperty(
        rulesArb,
        startArb,
        fc.array(cmdArb(false), { minLength: 1, maxLength: 8 }),
        async (choice, start, cmds) => {
          await withDatabase(async (db) => {
            const end = await runHistory(db, choice, start, cmds, { replayEach: false });
            // Then a lot and a spend from it, so there is an allocation to refuse changes to too.
            const rules = rulesOf(choice);
            const at = new Date(end + MINUTE);
            await withAccount(db, KEY, rules, at, (tx, account) =>
              credit(
                tx,
                account,
                rules,
                { kind: 'compensation', points: 100, source: 'last-earn', reason: { code: 'compensation' } },
                at,
              ),
            );
            await withAccount(db, KEY, rules, at, (tx, account) =>
              debit(
                tx,
                account,
                { kind: 'spend', points: 30, source: 'last-spend', reason: { code: 'redemption' } },
                at,
              ),
            );
            const before = await snapshot(db);
            for (const statement of statements)
              await assert.rejects(statement.execute(db), /append-only: (update|delete) refused/);
            assert.deepEqual(await snapshot(db), before);
          });
        },
      ),
      { ...RUN, numRuns: 20 },
    );
  });
});
