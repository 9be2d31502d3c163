/**
 * What staff decide on feedback that is not a complaint (the guideline's
 * 二(二)1–2): a suggestion adopted (`accept`) or declined, a report confirmed
 * or dismissed, praise acknowledged, a question answered. A decision is
 * taken once; its reason or answer is shown to whoever sent the feedback,
 * in their tracker. Adopting a suggestion or confirming a report earns its
 * signed-in sender the points the site's rules give; a confirmed report may
 * also penalise or warn the user it was about. The words and the sender's
 * view are here (the tracker reads them); the staff request and answer are
 * in staff-feedback.ts.
 */
import * as z from 'zod/mini';
import { Instant } from './common';

export const FEEDBACK_DECISIONS = ['accept', 'decline', 'confirm', 'dismiss', 'acknowledge', 'answer'] as const;
export const FeedbackDecisionName = z.enum(FEEDBACK_DECISIONS);
export type FeedbackDecisionName = z.infer<typeof FeedbackDecisionName>;

/** The kinds decided this way: every kind but the complaint, which has its lifecycle. */
export const DECIDED_KINDS = ['suggestion', 'report', 'praise', 'question'] as const;
export type DecidedKind = (typeof DECIDED_KINDS)[number];

/** The decisions each kind takes, the one that rewards first. */
export const DECISIONS_OF: Record<DecidedKind, readonly FeedbackDecisionName[]> = {
  suggestion: ['accept', 'decline'],
  report: ['confirm', 'dismiss'],
  praise: ['acknowledge'],
  question: ['answer'],
};

/** The words a decision cannot go without: a refusal's reason and an answer, both shown to the sender. */
export const TEXT_NEEDED: Partial<Record<FeedbackDecisionName, 'reason' | 'answer'>> = {
  decline: 'reason',
  dismiss: 'reason',
  answer: 'answer',
};

/** The decision as its sender reads it in their tracker: what, the reason or answer, when (never who, by id). */
export const Decided = z.object({
  decision: FeedbackDecisionName,
  /** the reason or the answer, as staff wrote it (render as text) */
  text: z.nullable(z.string()),
  at: Instant,
});
export type Decided = z.infer<typeof Decided>;
