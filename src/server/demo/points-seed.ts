/**
 * Demo points for `npm start`: code pools for the demo site's rewards, and a
 * points history for the demo user over the past months (contributions that
 * earned, the complaints they rated, an outage compensated, a coupon
 * redeemed, a penalty, points still pending and points about to expire).
 * Every entry is made by the same ledger functions the API uses, each with
 * the server's clock moved back to when it happened, in time order: the
 * ledger works in pending and expiring points as its clock moves forward
 * and never back, so an entry written out of order could stay pending for
 * good. That is also why the complaint seed runs without earning
 * (`withoutEarning`) and the points its ratings earn are given here, at the
 * ratings' times. Runs once: a demo user who has any points entry is left
 * alone.
 */
import { randomInt } from 'node:crypto';
import type { EntryReason, Trigger } from '../../contract/points';
import { zoneClock } from '../../sla/time-zone';
import type { AppDeps } from '../context';
import { DEMO_USER, demoPrincipal } from './identities';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { earnIn, readSummary, redeemIn, staffEntry } from '../points/accounts';
import { applyIncident } from '../points/incidents';
import { makeTrackingNumber } from '../tracking';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Codes put in each pool reward's pool. */
const CODES_PER_POOL = 36;
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/** The site as the complaint seed should see it: ratings earn nothing there (seedDemoPoints gives those points in time order). */
export function withoutEarning(site: Site): Site {
  return { ...site, settings: { ...site.settings, points: { ...site.settings.points, earn: {} } } };
}

export interface DemoPoints {
  /** the demo user's ledger entries */
  entries: number;
  /** codes put in the pools, and how many pools */
  codes: number;
  pools: number;
  /** the account as the seed left it, read at the server's time */
  balance: number;
  pending: number;
  expiringSoon: number;
  /** the first entry's instant */
  since: string;
}

interface Step {
  at: number;
  run: (deps: AppDeps) => Promise<unknown>;
}

/**
 * Contributions of the demo user that staff accepted, by days before the
 * seed and the site's wall-clock time. Suggestions and reports have no
 * submission in the demo, so their tracking numbers are made up.
 */
const CONTRIBUTIONS: ReadonlyArray<
  [daysAgo: number, time: string, trigger: Extract<Trigger, 'suggestion_accepted' | 'report_confirmed'>]
> = [
  // About a year ago: what is left of these expires within the month.
  [350, '10:20', 'suggestion_accepted'],
  [347, '15:45', 'suggestion_accepted'],
  [346, '11:05', 'report_confirmed'],
  [344, '17:30', 'suggestion_accepted'],
  // The past months.
  [120, '09:50', 'suggestion_accepted'],
  [95, '14:15', 'report_confirmed'],
  [75, '16:40', 'suggestion_accepted'],
  [52, '10:35', 'report_confirmed'],
  [12, '15:10', 'suggestion_accepted'],
];
/** Hours before the seed that the last suggestion was accepted: still pending when the site has a pending delay. */
const LATEST_HOURS_AGO = 3;

function makeCode(reward: string): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `DEMO-${reward.toUpperCase()}-${suffix}`;
}

/** Seeds the demo user's points on `site` and fills its reward pools, unless the user has points entries already; undefined when it did nothing. */
export async function seedDemoPoints(deps: AppDeps, site: Site): Promise<DemoPoints | undefined> {
  const existing = await deps.db
    .selectFrom('points_entries')
    .select('id')
    .where('site', '=', site.id)
    .where('user_id', '=', DEMO_USER)
    .executeTakeFirst();
  if (existing) return undefined;
  const now = deps.now().getTime();
  const timezone = site.settings.timezone;
  const clock = zoneClock(timezone);
  /** `time` on the site's calendar day `daysAgo` days before now. */
  const local = (daysAgo: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return clock.instantAt(clock.dayOf(now - daysAgo * DAY), h! * 60 + m!);
  };
  const catalogue = site.settings.points.catalogue;
  const staff = (who: 'agent' | 'admin') => demoPrincipal(who);
  const steps: Step[] = [];
  let codes = 0;
  const pools = catalogue.filter((r) => r.source === 'pool');

  // The shop opened its catalogue about four months ago, a few dozen codes a reward.
  steps.push({
    at: local(125, '10:00'),
    run: async (d) => {
      const at = d.now().toISOString();
      await d.db.transaction().execute(async (tx) => {
        for (const reward of pools) {
          for (let i = 0; i < CODES_PER_POOL; i++) {
            const result = await tx
              .insertInto('points_codes')
              .values({
                site: site.id,
                reward: reward.id,
                code: makeCode(reward.id),
                status: 'available',
                added_at: at,
                issued_at: null,
              })
              .onConflict((oc) => oc.columns(['site', 'reward', 'code']).doNothing())
              .executeTakeFirst();
            codes += Number(result.numInsertedOrUpdatedRows ?? 0n);
          }
        }
      });
    },
  });

  const contributions = [
    ...CONTRIBUTIONS.map(([daysAgo, time, trigger]) => ({ at: local(daysAgo, time), trigger })),
    { at: now - LATEST_HOURS_AGO * HOUR, trigger: 'suggestion_accepted' as const },
  ];
  contributions.forEach(({ at, trigger }, i) => {
    // Sent a few days before staff decided it, numbered the way the server numbers feedback.
    const reason: EntryReason = {
      code: trigger,
      trackingNumber: makeTrackingNumber(new Date(at - (2 + (i % 3)) * DAY), timezone),
    };
    steps.push({
      at,
      run: (d) =>
        d.db
          .transaction()
          .execute((tx) => earnIn(tx, site, DEMO_USER, trigger, `demo-feedback:${i + 1}`, reason, d.now())),
    });
  });

  // The demo user's rated complaints earn what rating earns, when they were rated (the source is the one the lifecycle uses).
  const rated = await deps.db
    .selectFrom('complaint_events')
    .innerJoin('submissions', 'submissions.id', 'complaint_events.submission_id')
    .select(['submissions.id', 'submissions.tracking_number', 'complaint_events.at'])
    .where('submissions.site', '=', site.id)
    .where('submissions.submitter_type', '=', 'user')
    .where('submissions.submitter_id', '=', DEMO_USER)
    .where('complaint_events.type', '=', 'rate')
    .execute();
  for (const r of rated) {
    steps.push({
      at: Date.parse(r.at),
      run: (d) =>
        d.db
          .transaction()
          .execute((tx) =>
            earnIn(
              tx,
              site,
              DEMO_USER,
              'complaint_rated',
              `complaint-rated:${r.id}`,
              { code: 'complaint_rated', trackingNumber: r.tracking_number },
              d.now(),
            ),
          ),
    });
  }

  // Two months ago the user redeemed a coupon (its undo window long over).
  const coupon = pools.find((r) => r.id === 'coupon-10') ?? pools[0];
  if (coupon) {
    steps.push({
      at: local(60, '20:15'),
      run: async (d) => {
        try {
          await d.db.transaction().execute((tx) => redeemIn(tx, d, site, DEMO_USER, coupon.id, 'demo-redemption-1'));
        } catch (error) {
          // Rules edited to earn less, or an empty pool: the demo goes without this redemption.
          if (!(error instanceof ApiError && error.status === 409)) throw error;
        }
      },
    });
  }

  // A penalty for a listing that broke the rules.
  steps.push({
    at: local(30, '16:40'),
    run: (d) =>
      staffEntry(d, site, {
        kind: 'penalty',
        user: DEMO_USER,
        points: 15,
        reason: '发布的商品信息含站外联系方式，已删除',
        note: '用户举报后核实',
        staff: staff('agent'),
        key: 'demo:penalty-1',
      }),
  });

  // Some weeks ago private messages were down for a little over two hours; staff recorded it that evening.
  const start = local(23, '14:10');
  const end = start + 2 * HOUR + 5 * MINUTE;
  steps.push({
    at: local(23, '19:30'),
    run: (d) =>
      applyIncident(
        d,
        site,
        {
          site: site.id,
          id: `demo-outage-${new Date(start).toISOString().slice(0, 10)}`,
          service: '私信与通知',
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
          users: [DEMO_USER],
          note: '消息服务故障，已恢复',
        },
        staff('admin'),
      ),
  });

  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    if (step.at > now) continue;
    const at = new Date(step.at);
    await step.run({ ...deps, now: () => at });
  }

  const summary = await readSummary(deps, site, DEMO_USER);
  const ledger = await deps.db
    .selectFrom('points_entries')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('since')])
    .where('site', '=', site.id)
    .where('user_id', '=', DEMO_USER)
    .executeTakeFirstOrThrow();
  return {
    entries: Number(ledger.n),
    codes,
    pools: pools.length,
    balance: summary.balance,
    pending: summary.pending,
    expiringSoon: summary.expiringSoon.reduce((n, e) => n + e.points, 0),
    since: ledger.since ?? new Date(now).toISOString(),
  };
}
