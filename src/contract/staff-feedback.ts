/**
 * The staff side of deciding feedback (the words are in feedback-decisions.ts):
 * the request, what a decision records, and the triage view's detail.
 */
import * as z from 'zod/mini';
import { SafeInt } from './common';
import { DECIDED_KINDS, Decided, FeedbackDecisionName } from './feedback-decisions';
import { PointsEntry } from './points';
import { StaffComplaintDetail } from './staff';

const UserId = z.string().check(z.minLength(1), z.maxLength(200));
const StaffText = z.string().check(z.minLength(1), z.maxLength(500));
const LongText = z.string().check(z.minLength(1), z.maxLength(5000));
const Points = z.number().check(SafeInt, z.minimum(1), z.maximum(1_000_000));

/**
 * A confirmed report's consequence for the user it was about: a penalty
 * (`points`, the site's `penaltyPoints` when left out; never more than the
 * balance) or a warning (no points), each with the reason that user reads.
 */
export const Sanction = z.strictObject({
  type: z.enum(['penalty', 'warning']),
  user: UserId,
  points: z.optional(Points),
  reason: StaffText,
});
export type Sanction = z.infer<typeof Sanction>;

/** POST /v1/staff/feedback/{id}/decision */
export const FeedbackDecisionRequest = z.strictObject({
  decision: FeedbackDecisionName,
  /** decline, dismiss (required): why, shown to the sender; optional with the others */
  reason: z.optional(LongText),
  /** answer (required): the answer to the question, shown to the sender */
  answer: z.optional(LongText),
  /** confirm only: what happens to the user the report was about */
  sanction: z.optional(Sanction),
  /** for staff only, never shown to the sender */
  note: z.optional(StaffText),
});
export type FeedbackDecisionRequest = z.infer<typeof FeedbackDecisionRequest>;

/** A decision as staff see it: the sender's view, who decided, and what it gave and took. */
export const StaffDecided = z.object({
  ...Decided.shape,
  by: z.object({ principal: z.string(), name: z.string() }),
  note: z.nullable(z.string()),
  /** what the sender earned (after the day's cap); null when nothing */
  points: z.nullable(z.number()),
  sanction: z.nullable(
    z.object({
      type: z.enum(['penalty', 'warning']),
      user: z.string(),
      /** the points taken (a warning: 0) and what the balance could not cover */
      points: z.number(),
      shortfall: z.number(),
    }),
  ),
});
export type StaffDecided = z.infer<typeof StaffDecided>;

/** The answer to a decision. */
export const FeedbackDecision = z.strictObject({
  id: z.string(),
  kind: z.enum(DECIDED_KINDS),
  decision: FeedbackDecisionName,
  /** the entry this decision earned the sender, when it earned one */
  points: z.nullable(PointsEntry),
  /** the penalty or warning entry of the reported user */
  sanction: z.nullable(z.strictObject({ type: z.enum(['penalty', 'warning']), user: z.string(), entry: PointsEntry })),
  decided: StaffDecided,
});
export type FeedbackDecision = z.infer<typeof FeedbackDecision>;

/**
 * GET /v1/staff/feedback/{id}: a suggestion, report, praise or question as
 * its triage view shows it: the submission as staff see it (contacts
 * masked), the decision once taken, and what deciding would do.
 */
export const StaffFeedbackDetail = z.object({
  ...StaffComplaintDetail.shape,
  kind: z.enum(DECIDED_KINDS),
  decision: z.nullable(StaffDecided),
  offers: z.object({
    /** the decisions this kind takes (none once decided) */
    decisions: z.array(FeedbackDecisionName),
    /** the points adopting or confirming earns the sender by the site's rules, before the day's cap; null: none (an anonymous sender, or the rule is off) */
    earn: z.nullable(z.number()),
    /** what a penalty takes when staff name no amount */
    penaltyPoints: z.number(),
  }),
});
export type StaffFeedbackDetail = z.infer<typeof StaffFeedbackDetail>;
