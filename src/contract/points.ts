/**
 * Points (rewards for good contributions, penalties, compensation for
 * outages): what the user's points widget reads and sends.
 * Only the server's ledger counts: nothing here carries a balance from the
 * browser, and a request naming one is refused like any unknown key.
 */
import * as z from 'zod/mini';
import { Instant, LocalizedText, SafeInt, Slug } from './common';

/** What an entry did to the account. */
export const ENTRY_KINDS = ['earn', 'spend', 'compensation', 'penalty', 'expiry', 'reversal'] as const;
export const EntryKind = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof EntryKind>;

/** What earns points by itself, as the site's rules name it. */
export const TRIGGERS = ['suggestion_accepted', 'complaint_rated', 'report_confirmed'] as const;
export const Trigger = z.enum(TRIGGERS);
export type Trigger = z.infer<typeof Trigger>;

/**
 * Why an entry exists, as the user reads it: a code the widget words in the
 * user's language, with what it refers to, and the text a staff member wrote
 * for a penalty or an adjustment.
 */
export const EntryReason = z.strictObject({
  code: z.enum([
    ...TRIGGERS,
    'compensation',
    'redemption',
    'redemption_undone',
    'expiry',
    'penalty',
    'adjustment',
    'reversal',
    /** points or a reward given from a complaint; a penalty over one (with `trackingNumber` and `text`) */
    'complaint_compensation',
    'complaint_penalty',
    /** a confirmed report's warning to the user it was about: no points, the reason in `text` */
    'warning',
  ]),
  /** written by staff (penalties, adjustments, warnings, what a complaint gave), shown as it is */
  text: z.optional(z.string()),
  /** the tracking number of the feedback or complaint it is for */
  trackingNumber: z.optional(z.string()),
  /** an outage's compensation names it */
  incident: z.optional(
    z.strictObject({ id: z.string(), service: z.string(), start: Instant, end: Instant, minutes: z.number() }),
  ),
  /** a redemption names its reward */
  reward: z.optional(z.strictObject({ id: z.string(), name: LocalizedText })),
  /** earn over the day's cap: how many points the cap held back */
  capped: z.optional(z.number()),
});
export type EntryReason = z.infer<typeof EntryReason>;

export const PointsEntry = z.strictObject({
  id: z.string(),
  kind: EntryKind,
  /** the entry's effect on the balance: positive adds, negative takes */
  points: z.number(),
  /** a penalty or reversal larger than the balance: what it could not take */
  shortfall: z.number(),
  status: z.enum(['pending', 'confirmed']),
  reason: EntryReason,
  createdAt: Instant,
  /** pending entries: when they count */
  confirmsAt: z.nullable(Instant),
  /** points that can expire: when what is left of them does */
  expiresAt: z.nullable(Instant),
  /** points that can expire: how many of them are still unspent */
  remaining: z.number(),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

export const Level = z.strictObject({ name: LocalizedText, threshold: z.number() });
export type Level = z.infer<typeof Level>;

/** A way to earn, from the site's rules. */
export const EarnRule = z.strictObject({ trigger: Trigger, points: z.number(), dailyCap: z.nullable(z.number()) });

export const Reward = z.strictObject({
  id: Slug,
  name: LocalizedText,
  description: z.optional(LocalizedText),
  points: z.number(),
  /** false when no code is left to give */
  available: z.boolean(),
  /** hours after redeeming during which the user may undo it; 0: never */
  undoHours: z.number(),
});
export type Reward = z.infer<typeof Reward>;

/** GET /v1/points?site=…: the account, worked out by the server at `asOf`. */
export const PointsSummary = z.strictObject({
  balance: z.number(),
  /** earned, not yet counted (confirms after the site's delay) */
  pending: z.number(),
  /** points that expire within the next 30 days, soonest first */
  expiringSoon: z.array(z.strictObject({ points: z.number(), at: Instant })),
  level: z.nullable(z.strictObject({ current: z.nullable(Level), next: z.nullable(Level), lifetime: z.number() })),
  earn: z.array(EarnRule),
  rewards: z.array(Reward),
  asOf: Instant,
});
export type PointsSummary = z.infer<typeof PointsSummary>;

/** GET /v1/points/history?site=…&cursor=…: newest first. */
export const PointsHistory = z.strictObject({ items: z.array(PointsEntry), nextCursor: z.nullable(z.string()) });
export type PointsHistory = z.infer<typeof PointsHistory>;

/** POST /v1/points/redemptions (Idempotency-Key made when the user confirms). */
export const RedeemRequest = z.strictObject({ site: Slug, reward: Slug });
export type RedeemRequest = z.infer<typeof RedeemRequest>;

export const Redemption = z.strictObject({
  id: z.string(),
  reward: z.strictObject({ id: z.string(), name: LocalizedText }),
  points: z.number(),
  /** the coupon code */
  code: z.string(),
  status: z.enum(['active', 'undone']),
  createdAt: Instant,
  /** until when the user may undo it; null: never */
  undoUntil: z.nullable(Instant),
  balance: z.number(),
});
export type Redemption = z.infer<typeof Redemption>;

/** GET /v1/points/redemptions?site=…: the user's codes, newest first (the last 100). */
export const RedemptionList = z.strictObject({ items: z.array(Redemption) });
export type RedemptionList = z.infer<typeof RedemptionList>;

/** POST /v1/points/redemptions/{id}/undo */
export const UndoRequest = z.strictObject({ site: Slug });

// ---- staff ------------------------------------------------------------------

const UserId = z.string().check(z.minLength(1), z.maxLength(200));
const StaffText = z.string().check(z.minLength(1), z.maxLength(500));
const Points = z.number().check(SafeInt, z.minimum(1), z.maximum(1_000_000));

/** POST /v1/staff/points/incidents: an outage of the platform's own service. */
export const IncidentRequest = z.strictObject({
  site: Slug,
  /** the staff's own id for it: applying the same incident again changes nothing */
  id: Slug,
  service: StaffText,
  start: Instant,
  end: Instant,
  /** the affected users; absent: every user usercare saw signed in during the outage */
  users: z.optional(z.array(UserId).check(z.maxLength(100_000))),
  note: z.optional(StaffText),
});
export type IncidentRequest = z.infer<typeof IncidentRequest>;

export const IncidentResult = z.strictObject({
  id: z.string(),
  minutes: z.number(),
  /** the tier that applied, by its upper bound in minutes (null: the open-ended last tier); null when no tier covers it */
  tier: z.nullable(
    z.strictObject({ upToMinutes: z.nullable(z.number()), points: z.number(), reward: z.nullable(z.string()) }),
  ),
  users: z.number(),
  /** entries made by this request; 0 when the incident had been applied before */
  compensated: z.number(),
});
export type IncidentResult = z.infer<typeof IncidentResult>;

/** GET /v1/staff/points/incidents?site=…: the incidents recorded, newest first, with what applying them did. */
export const IncidentList = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      service: z.string(),
      start: Instant,
      end: Instant,
      /** who recorded it: their principal, and the name they last acted under on the site */
      staff: z.string(),
      staffName: z.optional(z.string()),
      note: z.nullable(z.string()),
      recordedAt: Instant,
      result: IncidentResult,
    }),
  ),
});
export type IncidentList = z.infer<typeof IncidentList>;

/** POST /v1/staff/points/penalties: content confirmed prohibited. Takes at most the balance; `points` defaults to the site's rule. */
export const PenaltyRequest = z.strictObject({
  site: Slug,
  user: UserId,
  points: z.optional(Points),
  reason: StaffText,
  note: z.optional(StaffText),
});

/** POST /v1/staff/points/adjustments: by hand, always with a note saying why. */
export const AdjustmentRequest = z.strictObject({
  site: Slug,
  user: UserId,
  /** positive adds, negative takes (at most the balance) */
  points: z.number().check(
    SafeInt,
    z.minimum(-1_000_000),
    z.maximum(1_000_000),
    z.refine((n) => n !== 0, 'must not be 0'),
  ),
  reason: StaffText,
  note: StaffText,
});

/** The answer to a penalty or an adjustment. */
export const StaffEntryResult = z.strictObject({ entry: PointsEntry, balance: z.number() });
export type StaffEntryResult = z.infer<typeof StaffEntryResult>;

// The code pools' requests and answers are in points-codes.ts: only staff pages load them.

/** What a complaint can give or take, once each: compensation (points, a reward or both) and a penalty. */
export const COMPLAINT_POINTS_KINDS = ['compensation', 'penalty'] as const;
export const ComplaintPointsKind = z.enum(COMPLAINT_POINTS_KINDS);
export type ComplaintPointsKind = z.infer<typeof ComplaintPointsKind>;

/**
 * POST /v1/staff/complaints/{id}/points: compensation to the user who
 * complained (points, a pool reward's code, or both), or a penalty (points,
 * the site's `penaltyPoints` when left out, at most the balance) to that
 * user or to the `user` named. Once per complaint and kind.
 */
export const ComplaintPointsRequest = z.strictObject({
  kind: ComplaintPointsKind,
  points: z.optional(Points),
  /** compensation only: a reward of the catalogue given from its code pool */
  reward: z.optional(Slug),
  /** why, shown to the user in their points history */
  reason: StaffText,
  /** penalty only: whom it takes from, when not the one who complained */
  user: z.optional(UserId),
  /** for staff only */
  note: z.optional(StaffText),
});
export type ComplaintPointsRequest = z.infer<typeof ComplaintPointsRequest>;

/** What a complaint gave or took, as the complaint view shows it. */
export const ComplaintPointsGiven = z.object({
  kind: ComplaintPointsKind,
  user: z.string(),
  /** added (compensation) or taken (penalty) */
  points: z.number(),
  reward: z.nullable(z.object({ id: z.string(), name: LocalizedText })),
  reason: z.string(),
  by: z.object({ principal: z.string(), name: z.string() }),
  at: Instant,
});
export type ComplaintPointsGiven = z.infer<typeof ComplaintPointsGiven>;

export const ComplaintPointsResult = z.strictObject({
  id: z.string(),
  given: ComplaintPointsGiven,
  entry: PointsEntry,
  /** the reward's coupon code, when one was given */
  code: z.nullable(z.string()),
  balance: z.number(),
});
export type ComplaintPointsResult = z.infer<typeof ComplaintPointsResult>;

/**
 * POST /v1/staff/points/incidents/preview (the incident's facts, as they
 * would be issued): who would get what, issuing nothing.
 */
export const IncidentPreview = z.strictObject({
  id: z.string(),
  minutes: z.number(),
  tier: IncidentResult.shape.tier,
  /** every tier of the site, the one that applies with the users it would reach */
  tiers: z.array(
    z.strictObject({
      upToMinutes: z.nullable(z.number()),
      points: z.number(),
      reward: z.nullable(z.string()),
      applies: z.boolean(),
      users: z.number(),
    }),
  ),
  /** the users affected: those listed, or everyone seen signed in during it */
  users: z.number(),
  /** of them, compensated for this incident already: issuing gives them nothing more */
  compensated: z.number(),
  /** `new`, `issued` (with these facts: issuing again changes nothing) or `conflict` (with other facts: a 409) */
  recorded: z.enum(['new', 'issued', 'conflict']),
});
export type IncidentPreview = z.infer<typeof IncidentPreview>;
