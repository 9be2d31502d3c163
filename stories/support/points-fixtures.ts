/**
 * An in-memory points server for stories: a {@link PointsBackend} that keeps
 * one site's ledger the way the usercare server keeps it
 * (src/server/points/ledger.ts and accounts.ts), and answers its endpoints
 * with the same shapes, each answer checked with the contract's own schemas
 * (src/contract/points.ts) before it leaves, so a wrong fixture fails loudly
 * instead of showing something the server never would.
 *
 * The ledger is append-only entries, one lot per entry that added points,
 * and allocations saying which lot a spend, penalty or expiry took from:
 * earned points are pending for the site's delay, then count; points expire
 * twelve months after they count, oldest first, in an `expiry` entry dated
 * when it happened; spending takes the soonest-expiring lot first; undoing a
 * redemption gives back exactly what it took; earning is capped per day in
 * the site's time zone (Asia/Shanghai). Time needs no scheduler: every call
 * first works in what came due since the account was last opened, as the
 * server's `openAccount` does.
 *
 * The rich account is made like the demo seed makes the demo user's
 * (src/server/demo/points-seed.ts): each step of its year runs through the same
 * ledger functions the endpoints use, with the clock at the step's time, in
 * time order, so balance, pending, lifetime, lots and expiries follow from
 * the history instead of being written by hand.
 *
 * It is also a {@link Backend} (it takes no feedback), so it is the story's
 * provider's whole backend: the widget reads from it (`pointsApiOf` takes any
 * backend that implements PointsBackend) and the outbox delivers the
 * story's redemptions and undos to it.
 *
 * Nothing here imports Storybook, so the stories' browser test can load it.
 */
import type { PointsData } from '../../machines/points.machine';
import type { Backend, Credentials, WriteOptions } from '../../src/client/backend';
import { BackendError } from '../../src/client/errors';
import { tokenSubject } from '../../src/client/identity';
import { pageServices } from '../../src/client/page-services';
import type { PointsBackend } from '../../src/client/rest-points';
import type { LocalizedText } from '../../src/contract/common';
import type { SiteConfigPatch } from '../../src/config/schema';
import type * as z from 'zod/mini';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/contract/headers';
import {
  PointsHistory,
  PointsSummary,
  RedeemRequest,
  Redemption,
  RedemptionList,
  type EntryKind,
  type EntryReason,
  type PointsEntry,
  type Trigger,
} from '../../src/contract/points';

export type PointsFixtureLanguage = 'en' | 'zh-CN';

export interface PointsFixtureOptions {
  site: string;
  /** `rich` (the default): a year of points; `empty`: a user who has none yet */
  account?: 'rich' | 'empty';
  /** the language staff wrote penalties, adjustments and outage names in */
  language?: PointsFixtureLanguage;
  /**
   * Every call fails: `true` as a server that answers 503 `unavailable`,
   * `'network'` as RestBackend reports a request that never got an answer (offline).
   */
  failing?: boolean | 'network';
  /**
   * The first redemption meets a change made elsewhere a moment before and is
   * refused as the server refuses it: `insufficient_points` (the user redeemed
   * the same reward on their phone), `reward_unavailable` (other users took
   * the reward's last codes).
   */
  redeemRefuses?: 'insufficient_points' | 'reward_unavailable';
  /** Reads work but redemptions and undos never reach the server (RestBackend's `network`): the outbox keeps them. */
  writesUnreachable?: boolean;
  /** milliseconds each answer takes (default 120) */
  latencyMs?: number;
  now?: () => number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai: UTC+8 all year. */
const SHANGHAI = 8 * HOUR;
/** accounts.ts: "expiring soon" is within 30 days */
const SOON_MS = 30 * DAY;
/** accounts.ts HISTORY_PAGE */
const HISTORY_PAGE = 50;

/** The user the stories sign in. */
export const STORY_USER = 'story-user-chen-jing';

/** What RestBackend reports when the server answers 503 (the LoadFailed story shows it). */
export const UNAVAILABLE_MESSAGE = 'The usercare server is unavailable; try again in a few minutes.';
/** What RestBackend reports when a request never got an answer. */
export const NETWORK_MESSAGE = 'TypeError: Failed to fetch';

// ── the site's rules (registry settings.points, resolved) ─────────────────────

const PENDING_HOURS = 72;
const EXPIRY_MONTHS = 12;
const EARN: Readonly<Record<Trigger, { points: number; dailyCap: number | null }>> = {
  suggestion_accepted: { points: 50, dailyCap: 80 },
  complaint_rated: { points: 10, dailyCap: 30 },
  report_confirmed: { points: 20, dailyCap: 100 },
};
const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const LEVELS = [
  { name: text('Member', '会员'), threshold: 0 },
  { name: text('Contributor', '贡献者'), threshold: 200 },
  { name: text('Trusted contributor', '资深贡献者'), threshold: 1000 },
];
/** settings.ts DEFAULT_POINTS.tiers: up to 59 minutes 10 points, up to 240 minutes 50, longer 200. */
const TIERS = [
  { upToMinutes: 59, points: 10 },
  { upToMinutes: 240, points: 50 },
  { upToMinutes: null, points: 200 },
];

interface RewardSetting {
  id: string;
  name: LocalizedText;
  description?: LocalizedText;
  points: number;
  undoHours: number;
}

/** The rewards the stories show, by id. */
export const STORY_REWARDS = {
  coupon: 'coupon-10',
  tote: 'tote-bag',
  tea: 'tea-sampler',
} as const;

const CATALOGUE: readonly RewardSetting[] = [
  {
    id: STORY_REWARDS.coupon,
    name: text('10 yuan off your next order', '10 元无门槛优惠券'),
    description: text('For any order in the shop, valid for 30 days', '全店通用，30 天内有效'),
    points: 100,
    undoHours: 24,
  },
  {
    id: STORY_REWARDS.tea,
    name: text('Yunnan black tea sampler', '云南古树红茶试饮装'),
    description: text('Five 8 g packs from this year’s spring harvest', '今年春茶，8 克 × 5 袋'),
    points: 150,
    undoHours: 24,
  },
  {
    id: STORY_REWARDS.tote,
    name: text('Hand-printed canvas tote bag', '手工印花帆布袋'),
    points: 500,
    undoHours: 0,
  },
];

/**
 * The code pools as the shop uploaded them, issued oldest first. The tea
 * sampler had one code left when the rich account's user took it (and gave
 * it back: a voided code is not issued again); the others went to other users.
 */
export const STORY_CODES: Readonly<Record<string, readonly string[]>> = {
  [STORY_REWARDS.coupon]: [
    'QH10-7KQ2MX4D',
    'QH10-R8W4TCB2',
    'QH10-H3NPZ6E9',
    'QH10-M5D9QAK7',
    'QH10-P7TB2KW3',
    'QH10-C4GJ7SN8',
  ],
  [STORY_REWARDS.tea]: ['TEA-9XW2F8NQ'],
  [STORY_REWARDS.tote]: ['TOTE-2KD7M4RA', 'TOTE-6HP3T9XC'],
};

/** What staff wrote, in the language they wrote it. */
const STAFF_WORDS = {
  penalty: text(
    'A listing gave a phone number for dealing outside the platform; the listing was removed',
    '发布的商品信息含站外联系方式，已删除',
  ),
  adjustment: text('Goodwill for the late refund of order 20260301-8841', '订单 20260301-8841 退款延误，补偿积分'),
  outage: text('private messages', '私信与通知'),
} as const;

// ── the ledger ───────────────────────────────────────────────────────────────

interface Entry {
  id: string;
  kind: EntryKind;
  points: number;
  shortfall: number;
  source: string;
  trigger: Trigger | null;
  reason: EntryReason;
  createdAt: number;
  confirmsAt: number;
}

interface Lot {
  remaining: number;
  expiresAt: number;
}

interface Allocation {
  entryId: string;
  lotId: string;
  points: number;
}

interface StoredRedemption {
  id: string;
  reward: string;
  points: number;
  code: string;
  status: 'active' | 'undone';
  /** the spend; null for a coupon given as compensation */
  entryId: string | null;
  createdAt: number;
  undoUntil: number | null;
}

interface Account {
  user: string;
  balance: number;
  pending: number;
  lifetime: number;
  /** instants up to here are worked in */
  settledAt: number;
  entries: Entry[];
  /** by the id of the entry that added the points */
  lots: Map<string, Lot>;
  allocations: Allocation[];
  redemptions: StoredRedemption[];
}

const ADDS: ReadonlySet<EntryKind> = new Set(['earn', 'compensation']);
const iso = (ms: number) => new Date(ms).toISOString();

/** ledger.ts addMonths: 31 January + 1 month is the last day of February. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** The Shanghai calendar day of an instant, as a day number. */
const shanghaiDay = (ms: number) => Math.floor((ms + SHANGHAI) / DAY);

/** `UC20260312-7KQ2MX`: the day it was sent in the site's time zone, then six characters (tracking.ts). */
function trackingNumberOf(sentAt: number, suffix: string): string {
  return `UC${new Date(sentAt + SHANGHAI).toISOString().slice(0, 10).replaceAll('-', '')}-${suffix}`;
}

const refused = (
  code: 'insufficient_points' | 'reward_unavailable' | 'not_found' | 'conflict',
  message: string,
  status: number,
) => new BackendError(code, message, status);

/**
 * A JWT-shaped host token for `sub`, unsigned: the browser never verifies
 * one (identity.ts `tokenSubject` only reads whose it is); the server would,
 * and this fixture, standing in for it, reads `sub` and `exp`.
 */
export function storyToken(sub: string = STORY_USER, expiresAt: number = Date.now() + DAY): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub, name: 'Chen Jing', exp: Math.floor(expiresAt / 1000) })}.`;
}

function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The points of one site, for a story: `<uc-provider .backend=${fixture}>`.
 * Answers as the usercare server answers the points endpoints, from memory.
 */
export class StoryPointsBackend implements PointsBackend, Backend {
  readonly site: string;
  /** what the outbox and the widget's cache key go by */
  readonly endpoint: string;
  readonly language: PointsFixtureLanguage;
  private readonly failing: false | 'unavailable' | 'network';
  private redeemRefuses: PointsFixtureOptions['redeemRefuses'];
  private readonly writesUnreachable: boolean;
  private readonly latencyMs: number;
  private readonly now: () => number;
  private readonly accounts = new Map<string, Account>();
  /** codes not issued yet, oldest first */
  private readonly pools = new Map<string, string[]>();
  /** each redemption's key (per user) and request, with its answer: a retry gets the same answer and spends once */
  private readonly answered = new Map<string, { request: string; answer: Redemption }>();
  private made = 0;

  constructor(options: PointsFixtureOptions) {
    this.site = options.site;
    this.endpoint = `story:${options.site}`;
    this.language = options.language ?? 'en';
    this.failing = options.failing === 'network' ? 'network' : options.failing ? 'unavailable' : false;
    this.redeemRefuses = options.redeemRefuses;
    this.writesUnreachable = options.writesUnreachable ?? false;
    this.latencyMs = options.latencyMs ?? 120;
    this.now = options.now ?? Date.now;
    for (const [reward, codes] of Object.entries(STORY_CODES)) this.pools.set(reward, [...codes]);
    if ((options.account ?? 'rich') === 'rich') this.seedRich(STORY_USER);
    // Whatever the story's user did, the tea sampler's last codes have gone to other users since.
    this.pools.set(STORY_REWARDS.tea, []);
  }

  // ── PointsBackend ─────────────────────────────────────────────────────────

  /** GET /v1/points?site=… */
  async summary(site: string, credentials: Credentials): Promise<PointsSummary> {
    await this.answerDelay();
    const account = this.open(this.userOf(site, credentials.token), this.now());
    return checked(PointsSummary, 'GET /v1/points', this.summaryOf(account, this.now()));
  }

  /** GET /v1/points/history?site=…&cursor=…: newest first, 50 a page; the cursor is the last item's `createdAt|id`. */
  async history(site: string, cursor: string | null, credentials: Credentials): Promise<PointsHistory> {
    await this.answerDelay();
    const now = this.now();
    const account = this.open(this.userOf(site, credentials.token), now);
    let rows = [...account.entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    if (cursor) {
      const [at, id] = cursor.split('|');
      const after = at ? Date.parse(at) : Number.NaN;
      if (!id || Number.isNaN(after))
        throw new BackendError('invalid_request', 'cursor is not one this server gave', 400);
      rows = rows.filter((r) => r.createdAt < after || (r.createdAt === after && r.id < id));
    }
    const page = rows.slice(0, HISTORY_PAGE);
    const last = page.at(-1);
    return checked(PointsHistory, 'GET /v1/points/history', {
      items: page.map((entry) => this.toWire(account, entry, now)),
      nextCursor: rows.length > HISTORY_PAGE && last ? `${iso(last.createdAt)}|${last.id}` : null,
    });
  }

  /** GET /v1/points/redemptions?site=…: the user's codes, newest first (the last 100), each with the balance now. */
  async redemptions(site: string, credentials: Credentials): Promise<RedemptionList> {
    await this.answerDelay();
    const account = this.open(this.userOf(site, credentials.token), this.now());
    const items = [...account.redemptions].sort((a, b) => b.createdAt - a.createdAt).slice(0, 100);
    return checked(RedemptionList, 'GET /v1/points/redemptions', {
      items: items.map((r) => this.redemptionOf(r, account.balance)),
    });
  }

  /**
   * POST /v1/points/redemptions: the key is made when the user confirms, so a
   * double click or a retry spends once; the same key with another request is
   * a 422. A refusal spends nothing.
   */
  async redeem(site: string, reward: string, options: WriteOptions): Promise<Redemption> {
    await this.answerDelay();
    if (this.writesUnreachable) throw new BackendError('network', NETWORK_MESSAGE);
    const request = RedeemRequest.safeParse({ site, reward });
    if (!request.success) throw new BackendError('validation_failed', 'the request does not match the contract', 422);
    const key = this.keyOf(options);
    const user = this.userOf(site, options.token);
    const earlier = this.answered.get(`${user} ${key}`);
    const body = JSON.stringify(request.data);
    if (earlier && earlier.request !== body) {
      throw new BackendError(
        'idempotency_mismatch',
        'this Idempotency-Key was already used for a different request; make a new key for a new request',
        422,
      );
    }
    if (earlier) return structuredClone(earlier.answer);
    const now = this.now();
    const account = this.open(user, now);
    this.meetRace(account, reward, now);
    const answer = checked(Redemption, 'POST /v1/points/redemptions', this.redeemFor(account, reward, key, now));
    this.answered.set(`${user} ${key}`, { request: body, answer });
    return structuredClone(answer);
  }

  /** POST /v1/points/redemptions/{id}/undo: within the reward's undo window; undoing twice is undoing once. */
  async undo(site: string, redemptionId: string, options: WriteOptions): Promise<Redemption> {
    await this.answerDelay();
    if (this.writesUnreachable) throw new BackendError('network', NETWORK_MESSAGE);
    const now = this.now();
    const account = this.open(this.userOf(site, options.token), now);
    return checked(Redemption, 'POST /v1/points/redemptions/{id}/undo', this.undoFor(account, redemptionId, now));
  }

  // ── Backend: a points site's feedback is not these stories' business ─────────

  async submitFeedback(): Promise<never> {
    await this.answerDelay();
    throw new BackendError(
      'invalid_request',
      'the stories’ points server takes no feedback; the form’s stories run on LocalBackend',
      400,
    );
  }

  async withdrawFeedback(): Promise<never> {
    await this.answerDelay();
    throw new BackendError('invalid_request', 'the stories’ points server takes no feedback', 400);
  }

  /** Nothing to add to the page's config: the story's provider says what the site looks like. */
  async getSiteConfig(site: string): Promise<SiteConfigPatch> {
    await this.answerDelay();
    if (site !== this.site) throw new BackendError('not_found', `unknown site "${site}"`, 404);
    return {};
  }

  // ── the endpoints' checks ──────────────────────────────────────────────────

  /** routes/points.ts pointsUser: a site of this server and a signed-in user (an anonymous device has no points). */
  private userOf(site: string, token: string | undefined): string {
    if (site !== this.site) throw new BackendError('not_found', `unknown site "${site}"`, 404);
    if (!token)
      throw new BackendError(
        'unauthorized',
        'points belong to signed-in users: send the host token (Authorization: Bearer)',
        401,
      );
    const sub = tokenSubject(token);
    if (!sub) throw new BackendError('unauthorized', 'the host token is not valid for this site', 401);
    const expires = expiryOf(token);
    if (expires !== undefined && expires <= this.now())
      throw new BackendError('unauthorized', 'the host token has expired', 401);
    return sub;
  }

  private keyOf(options: WriteOptions): string {
    if (!options.idempotencyKey)
      throw new BackendError('invalid_request', 'the Idempotency-Key header is required for this request', 400);
    if (!IDEMPOTENCY_KEY_PATTERN.test(options.idempotencyKey))
      throw new BackendError('invalid_request', 'Idempotency-Key must be 16–128 letters, digits, - or _', 400);
    return options.idempotencyKey;
  }

  /** What happened elsewhere a moment before the story's redemption arrived (once). */
  private meetRace(account: Account, reward: string, now: number): void {
    const race = this.redeemRefuses;
    if (!race) return;
    this.redeemRefuses = undefined;
    if (race === 'insufficient_points') {
      // The user redeemed it on their phone (another key); what is left does not cover a second one.
      const setting = CATALOGUE.find((r) => r.id === reward);
      if (setting && account.balance >= setting.points) this.redeemFor(account, reward, 'redeemed-on-the-phone-1', now);
    } else {
      // Other users took the last codes.
      this.pools.set(reward, []);
    }
  }

  private async answerDelay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failing === 'unavailable') throw new BackendError('unavailable', UNAVAILABLE_MESSAGE, 503, undefined, 60);
    if (this.failing === 'network') throw new BackendError('network', NETWORK_MESSAGE);
  }

  // ── reading ──────────────────────────────────────────────────────────────────

  /** accounts.ts readSummary */
  private summaryOf(account: Account, now: number): PointsSummary {
    const soon = [...account.lots.values()]
      .filter((lot) => lot.remaining > 0 && lot.expiresAt <= now + SOON_MS)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, 20);
    const reached = LEVELS.filter((l) => l.threshold <= account.lifetime);
    return {
      balance: account.balance,
      pending: account.pending,
      expiringSoon: soon.map((lot) => ({ points: lot.remaining, at: iso(lot.expiresAt) })),
      level: { current: reached.at(-1) ?? null, next: LEVELS[reached.length] ?? null, lifetime: account.lifetime },
      earn: Object.entries(EARN).map(([trigger, rule]) => ({
        trigger: trigger as Trigger,
        points: rule.points,
        dailyCap: rule.dailyCap,
      })),
      rewards: CATALOGUE.map((r) => ({
        id: r.id,
        name: r.name,
        ...(r.description ? { description: r.description } : {}),
        points: r.points,
        available: (this.pools.get(r.id)?.length ?? 0) > 0,
        undoHours: r.undoHours,
      })),
      asOf: iso(now),
    };
  }

  /** ledger.ts toWire */
  private toWire(account: Account, entry: Entry, now: number): PointsEntry {
    const lot = account.lots.get(entry.id);
    return {
      id: entry.id,
      kind: entry.kind,
      points: entry.points,
      shortfall: entry.shortfall,
      status: entry.confirmsAt > now ? 'pending' : 'confirmed',
      reason: structuredClone(entry.reason),
      createdAt: iso(entry.createdAt),
      confirmsAt: entry.confirmsAt > entry.createdAt ? iso(entry.confirmsAt) : null,
      expiresAt: lot ? iso(lot.expiresAt) : null,
      remaining: lot?.remaining ?? 0,
    };
  }

  private redemptionOf(row: StoredRedemption, balance: number): Redemption {
    const reward = CATALOGUE.find((r) => r.id === row.reward);
    return {
      id: row.id,
      reward: { id: row.reward, name: reward?.name ?? row.reward },
      points: row.points,
      code: row.code,
      status: row.status,
      createdAt: iso(row.createdAt),
      undoUntil: row.undoUntil === null ? null : iso(row.undoUntil),
      balance,
    };
  }

  // ── writing: the ledger's functions (ledger.ts, accounts.ts) ───────────────

  /** openAccount: the account (made if need be), with what time did since it was last opened worked in. */
  private open(user: string, now: number): Account {
    let account = this.accounts.get(user);
    if (!account) {
      account = {
        user,
        balance: 0,
        pending: 0,
        lifetime: 0,
        settledAt: now,
        entries: [],
        lots: new Map(),
        allocations: [],
        redemptions: [],
      };
      this.accounts.set(user, account);
    }
    if (now > account.settledAt) this.settle(account, now);
    return account;
  }

  /** Pending entries that came due, then lots that expired, each at the instant it happened. */
  private settle(account: Account, until: number): void {
    const due = account.entries
      .filter((e) => e.confirmsAt > account.settledAt && e.confirmsAt <= until)
      .sort((a, b) => a.confirmsAt - b.confirmsAt || (a.id < b.id ? -1 : 1));
    for (const entry of due) {
      if (entry.points <= 0) continue;
      account.pending -= entry.points;
      this.addLot(account, entry);
    }
    this.expireDue(account, until);
    account.settledAt = until;
  }

  private addLot(account: Account, entry: Entry): void {
    account.lots.set(entry.id, { remaining: entry.points, expiresAt: addMonths(entry.confirmsAt, EXPIRY_MONTHS) });
    account.balance += entry.points;
    if (ADDS.has(entry.kind)) account.lifetime += entry.points;
  }

  private expireDue(account: Account, until: number): void {
    const lots = [...account.lots.entries()]
      .filter(([, lot]) => lot.remaining > 0 && lot.expiresAt <= until)
      .sort(([a, x], [b, y]) => x.expiresAt - y.expiresAt || (a < b ? -1 : 1));
    for (const [lotId, lot] of lots) {
      // A lot expires once; after an undo gave it points back it may expire again, as a new entry.
      const n = account.allocations.filter(
        (a) => a.lotId === lotId && account.entries.find((e) => e.id === a.entryId)?.kind === 'expiry',
      ).length;
      const entry = this.insert(account, {
        kind: 'expiry',
        points: -lot.remaining,
        shortfall: 0,
        source: n ? `expiry:${lotId}:${n}` : `expiry:${lotId}`,
        reason: { code: 'expiry' },
        at: lot.expiresAt,
      });
      account.allocations.push({ entryId: entry.id, lotId, points: lot.remaining });
      account.balance -= lot.remaining;
      lot.remaining = 0;
    }
  }

  private insert(
    account: Account,
    e: {
      kind: EntryKind;
      points: number;
      shortfall: number;
      source: string;
      reason: EntryReason;
      at: number;
      confirmsAt?: number;
      trigger?: Trigger;
    },
  ): Entry {
    // Ids sort in the order they were made, as the server's do: entries of one instant list in that order.
    const entry: Entry = {
      id: `pe-${(++this.made).toString(36).padStart(6, '0')}`,
      kind: e.kind,
      points: e.points,
      shortfall: e.shortfall,
      source: e.source,
      trigger: e.trigger ?? null,
      reason: e.reason,
      createdAt: e.at,
      confirmsAt: e.confirmsAt ?? e.at,
    };
    account.entries.push(entry);
    return entry;
  }

  /**
   * Adds points: an earning (pending for the site's delay, held to the
   * trigger's daily cap in the site's time zone) or a compensation or a
   * staff adjustment (both count at once). A source seen before changes nothing.
   */
  private credit(
    account: Account,
    e: {
      kind: 'earn' | 'compensation';
      points: number;
      source: string;
      reason: EntryReason;
      trigger?: Trigger;
      immediate?: boolean;
    },
    at: number,
  ): Entry {
    const existing = account.entries.find((x) => x.source === e.source);
    if (existing) return existing;
    at = Math.max(at, account.settledAt);
    let points = e.points;
    let reason = e.reason;
    if (e.trigger) {
      const cap = EARN[e.trigger].dailyCap;
      if (cap !== null) {
        const day = shanghaiDay(at);
        const used = account.entries
          .filter((x) => x.trigger === e.trigger && shanghaiDay(x.createdAt) === day)
          .reduce((n, x) => n + x.points, 0);
        const left = Math.max(0, cap - used);
        if (left < points) {
          reason = { ...reason, capped: points - left };
          points = left;
        }
      }
    }
    const pendingMs = e.kind === 'earn' && !e.immediate ? PENDING_HOURS * HOUR : 0;
    const confirmsAt = pendingMs && points > 0 ? at + pendingMs : at;
    const entry = this.insert(account, {
      kind: e.kind,
      points,
      shortfall: 0,
      source: e.source,
      reason,
      at,
      confirmsAt,
      ...(e.trigger ? { trigger: e.trigger } : {}),
    });
    if (points > 0) {
      if (confirmsAt > at) account.pending += points;
      else this.addLot(account, entry);
    }
    return entry;
  }

  /** Takes points, soonest-expiring lot first: a spend (all of them, or a 409 naming the balance), a penalty (at most the balance; the rest is its shortfall). */
  private debit(
    account: Account,
    e: { kind: 'spend' | 'penalty'; points: number; source: string; reason: EntryReason },
    at: number,
  ): Entry {
    const existing = account.entries.find((x) => x.source === e.source);
    if (existing) return existing;
    if (e.kind === 'spend' && e.points > account.balance) {
      throw refused('insufficient_points', `this needs ${e.points} points and the balance is ${account.balance}`, 409);
    }
    const taken = Math.min(e.points, account.balance);
    const entry = this.insert(account, {
      kind: e.kind,
      points: taken ? -taken : 0,
      shortfall: e.points - taken,
      source: e.source,
      reason: e.reason,
      at,
    });
    let need = taken;
    const lots = [...account.lots.entries()]
      .filter(([, lot]) => lot.remaining > 0)
      .sort(([a, x], [b, y]) => x.expiresAt - y.expiresAt || (a < b ? -1 : 1));
    for (const [lotId, lot] of lots) {
      if (need === 0) break;
      const take = Math.min(lot.remaining, need);
      account.allocations.push({ entryId: entry.id, lotId, points: take });
      lot.remaining -= take;
      need -= take;
    }
    if (need !== 0)
      throw new Error(
        `the story ledger of ${account.user}: the lots hold ${taken - need} of a balance of ${account.balance}`,
      );
    account.balance -= taken;
    return entry;
  }

  /** Gives back what an entry took, to the lots it took from (one whose time has come expires again at once), as a `reversal`. */
  private giveBack(account: Account, taken: Entry, e: { source: string; reason: EntryReason }, at: number): Entry {
    const existing = account.entries.find((x) => x.source === e.source);
    if (existing) return existing;
    const allocations = account.allocations.filter((a) => a.entryId === taken.id);
    const total = allocations.reduce((n, a) => n + a.points, 0);
    const entry = this.insert(account, {
      kind: 'reversal',
      points: total,
      shortfall: 0,
      source: e.source,
      reason: e.reason,
      at,
    });
    for (const allocation of allocations) account.lots.get(allocation.lotId)!.remaining += allocation.points;
    account.balance += total;
    this.expireDue(account, at);
    return entry;
  }

  /** accounts.ts redeemIn: the spend and the code together, or neither (a refusal changes nothing). */
  private redeemFor(account: Account, rewardId: string, key: string, at: number): Redemption {
    const reward = CATALOGUE.find((r) => r.id === rewardId);
    if (!reward) throw refused('not_found', `no reward "${rewardId}" in this site's catalogue`, 404);
    // The spend is checked before the code is taken, as on the server (debit, then takeCode).
    if (reward.points > account.balance) {
      throw refused(
        'insufficient_points',
        `this needs ${reward.points} points and the balance is ${account.balance}`,
        409,
      );
    }
    const pool = this.pools.get(reward.id) ?? [];
    if (!pool.length) throw refused('reward_unavailable', `no code is left for the reward "${reward.id}"`, 409);
    const spent = this.debit(
      account,
      {
        kind: 'spend',
        points: reward.points,
        source: `redeem:${key}`,
        reason: { code: 'redemption', reward: { id: reward.id, name: reward.name } },
      },
      at,
    );
    const row: StoredRedemption = {
      id: `rd-${(++this.made).toString(36).padStart(6, '0')}`,
      reward: reward.id,
      points: reward.points,
      code: pool.shift()!,
      status: 'active',
      entryId: spent.id,
      createdAt: at,
      undoUntil: reward.undoHours > 0 ? at + reward.undoHours * HOUR : null,
    };
    account.redemptions.push(row);
    return this.redemptionOf(row, account.balance);
  }

  /** accounts.ts undoRedemption: the code is voided (never issued again) and the points go back where they came from. */
  private undoFor(account: Account, id: string, at: number): Redemption {
    const row = account.redemptions.find((r) => r.id === id);
    if (!row) throw refused('not_found', 'no redemption with this id belongs to you', 404);
    if (row.status === 'undone') return this.redemptionOf(row, account.balance);
    const spend = row.entryId ? account.entries.find((e) => e.id === row.entryId) : undefined;
    if (row.undoUntil === null || at > row.undoUntil || !spend) {
      throw refused(
        'conflict',
        row.undoUntil !== null
          ? `this redemption could be undone until ${iso(row.undoUntil)}`
          : 'this reward cannot be undone',
        409,
      );
    }
    const reward = CATALOGUE.find((r) => r.id === row.reward);
    this.giveBack(
      account,
      spend,
      {
        source: `undo:${row.id}`,
        reason: { code: 'redemption_undone', reward: { id: row.reward, name: reward?.name ?? row.reward } },
      },
      at,
    );
    row.status = 'undone';
    return this.redemptionOf(row, account.balance);
  }

  // ── the rich account's year ────────────────────────────────────────────────

  /**
   * A year of a contributor's points, each step through the ledger at its own
   * time: suggestions and reports staff accepted (one over the day's cap),
   * complaints rated, points that expired, an outage compensated, a penalty, a
   * goodwill adjustment, a coupon redeemed long ago, a redemption undone, a
   * coupon redeemed three hours ago (still undoable) and a suggestion
   * accepted this morning (pending). It ends with 195 points, 45 of them
   * expiring within the month, 50 pending, and a lifetime of 460: a
   * Contributor, 540 points from Trusted contributor.
   */
  private seedRich(user: string): void {
    const now = this.now();
    /** `time` (Shanghai) on the day `daysAgo` days before today in Shanghai. */
    const local = (daysAgo: number, time: string) => {
      const [h, m] = time.split(':').map(Number);
      return (shanghaiDay(now) - daysAgo) * DAY - SHANGHAI + (h! * 60 + m!) * MINUTE;
    };
    const words = (w: Readonly<Record<PointsFixtureLanguage, string>>) => w[this.language];
    let contributions = 0;
    const earn = (trigger: Trigger, suffix: string) => (account: Account, at: number) =>
      this.credit(
        account,
        {
          kind: 'earn',
          trigger,
          points: EARN[trigger].points,
          source: `story-feedback:${++contributions}`,
          reason: { code: trigger, trackingNumber: trackingNumberOf(at - 3 * DAY, suffix) },
        },
        at,
      );
    const outageStart = local(90, '14:10');
    const outageEnd = outageStart + 125 * MINUTE;
    const minutes = Math.round(((outageEnd - outageStart) / MINUTE) * 100) / 100;
    const tier = TIERS.find((t) => t.upToMinutes === null || minutes <= t.upToMinutes)!;
    let undone: Redemption | undefined;

    const steps: Array<{ at: number; run: (account: Account, at: number) => unknown }> = [
      // Over a year ago: these points have expired.
      { at: local(420, '10:20'), run: earn('suggestion_accepted', '4FJ8QP') },
      // About a year ago: what is left of these expires within the month.
      { at: local(362, '15:45'), run: earn('suggestion_accepted', 'K2M7XD') },
      { at: local(358, '11:05'), run: earn('report_confirmed', 'T9RW3C') },
      { at: local(355, '09:40'), run: earn('complaint_rated', 'B6ZN4H') },
      { at: local(355, '20:15'), run: earn('complaint_rated', 'D3QK8M') },
      { at: local(352, '10:30'), run: earn('suggestion_accepted', 'P5XH2A') },
      // The same day's second accepted suggestion: 30 of its 50 fit under the day's cap of 80.
      { at: local(352, '16:50'), run: earn('suggestion_accepted', 'W8CT6N') },
      { at: local(350, '14:00'), run: earn('report_confirmed', 'G7JM3R') },
      { at: local(347, '17:30'), run: earn('suggestion_accepted', 'N4SD9K') },
      { at: local(343, '13:25'), run: earn('report_confirmed', 'H2PX7F') },
      // The past months.
      { at: local(200, '19:05'), run: earn('complaint_rated', 'R8W4TC') },
      { at: local(150, '11:45'), run: earn('report_confirmed', 'M5D9QA') },
      {
        at: local(90, '19:30'),
        run: (account, at) =>
          this.credit(
            account,
            {
              kind: 'compensation',
              points: tier.points,
              source: `incident:story-outage-${iso(outageStart).slice(0, 10)}`,
              reason: {
                code: 'compensation',
                incident: {
                  id: `story-outage-${iso(outageStart).slice(0, 10)}`,
                  service: words(STAFF_WORDS.outage),
                  start: iso(outageStart),
                  end: iso(outageEnd),
                  minutes,
                },
              },
            },
            at,
          ),
      },
      {
        at: local(45, '16:40'),
        run: (account, at) =>
          this.debit(
            account,
            {
              kind: 'penalty',
              points: 15,
              source: 'penalty:story-1',
              reason: { code: 'penalty', text: words(STAFF_WORDS.penalty) },
            },
            at,
          ),
      },
      // A coupon redeemed long ago: its undo window is over.
      {
        at: local(40, '20:15'),
        run: (account, at) => this.redeemFor(account, STORY_REWARDS.coupon, 'story-redemption-0001', at),
      },
      {
        at: local(30, '10:10'),
        run: (account, at) =>
          this.credit(
            account,
            {
              kind: 'earn',
              points: 20,
              immediate: true,
              source: 'adjustment:story-1',
              reason: { code: 'adjustment', text: words(STAFF_WORDS.adjustment) },
            },
            at,
          ),
      },
      { at: local(20, '15:10'), run: earn('suggestion_accepted', 'C4GJ7S') },
      // The tea sampler, redeemed and undone within the hour.
      {
        at: local(12, '21:00'),
        run: (account, at) => (undone = this.redeemFor(account, STORY_REWARDS.tea, 'story-redemption-0002', at)),
      },
      { at: local(12, '21:40'), run: (account, at) => undone && this.undoFor(account, undone.id, at) },
      // This morning: a suggestion accepted (pending for three days) and a coupon redeemed (undoable for a day).
      { at: now - 5 * HOUR, run: earn('suggestion_accepted', '7KQ2MX') },
      {
        at: now - 3 * HOUR,
        run: (account, at) => this.redeemFor(account, STORY_REWARDS.coupon, 'story-redemption-0003', at),
      },
    ];
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) step.run(this.open(user, step.at), step.at);
    this.open(user, now);
  }
}

/** An answer checked with the contract's schema, as RestBackend checks the server's: a fixture that breaks it fails loudly. */
function checked<S extends z.ZodMiniType>(schema: S, what: string, value: z.output<S>): z.output<S> {
  const parsed = schema.safeParse(structuredClone(value));
  if (!parsed.success) {
    const message = `the stories' points server broke the contract of ${what}: ${JSON.stringify(parsed.error.issues)}`;
    console.error(message);
    throw new Error(message);
  }
  return parsed.data;
}

/**
 * The widget's key for the device's copy of a user's points (uc-points-widget.ts
 * `cacheKey`): the backend's endpoint, the site, the user.
 */
export const pointsCacheKey = (endpoint: string, site: string, user: string) => `points ${endpoint} ${site} ${user}`;

/**
 * Leaves on this device the copy of the rich account a visit `ago`
 * milliseconds ago would have stored, through the page's own store, as the
 * widget stores it after a load (`putCache` with `cachedAt: null`, dated by
 * `storedAt`).
 */
export async function leaveDeviceCopy(
  site: string,
  ago: number,
  options: Pick<PointsFixtureOptions, 'language'> = {},
): Promise<PointsData> {
  const storedAt = Date.now() - ago;
  const then = new StoryPointsBackend({ site, latencyMs: 0, now: () => storedAt, ...options });
  const credentials = { token: storyToken(STORY_USER, storedAt + DAY) };
  const [summary, history, redemptions] = await Promise.all([
    then.summary(site, credentials),
    then.history(site, null, credentials),
    then.redemptions(site, credentials),
  ]);
  const data: PointsData = {
    summary,
    history: history.items,
    nextCursor: history.nextCursor,
    redemptions: redemptions.items,
    cachedAt: null,
  };
  await pageServices().store.putCache(pointsCacheKey(then.endpoint, site, STORY_USER), data, storedAt);
  return data;
}
