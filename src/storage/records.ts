/**
 * The shapes usercare keeps on the device. Everything read back from
 * IndexedDB is checked with these (another tab, an older version or the user
 * may have changed it), and the types come from the schemas.
 */
import * as z from 'zod/mini';
import { FieldValue, Kind, Locale, Slug } from '../contract/common';
import { ErrorCode, FieldError } from '../contract/errors';
import { Receipt } from '../contract/feedback';
import type { ConsentRecord } from '../contract/consent';

export const DraftFile = z.object({
  id: z.string(),
  field: Slug,
  name: z.string(),
  type: z.string(),
  size: z.number(),
  blob: z.instanceof(Blob),
});
export type DraftFile = z.infer<typeof DraftFile>;

/** What a user is writing, saved as they type. Keyed by `draftKey(site, form, sub)`. */
export const Draft = z.object({
  key: z.string(),
  site: Slug,
  form: Slug,
  kind: z.optional(Kind),
  category: z.optional(z.string()),
  fields: z.record(z.string(), FieldValue),
  files: z.array(DraftFile),
  remember: z.boolean(),
  /** ms since epoch by this device's clock; only compares drafts with each other */
  updatedAt: z.number(),
  /** the tab that wrote it, so a tab ignores its own broadcast */
  tab: z.string(),
});
export type Draft = z.infer<typeof Draft>;

// One-value z.enum()s rather than z.literal(): the same check and the same issue
// (invalid_value with the allowed values), without a second schema kind in the bundle.
export const Actor = z.union([
  z.object({ type: z.enum(['user']), sub: z.string() }),
  z.object({ type: z.enum(['device']), id: z.string() }),
]);
export type Actor = z.infer<typeof Actor>;

export const OUTBOX_STATES = ['pending', 'held', 'failed'] as const;

export const StoredError = z.object({
  code: ErrorCode,
  message: z.string(),
  status: z.optional(z.number()),
  fields: z.optional(z.array(FieldError)),
});
export type StoredError = z.infer<typeof StoredError>;

const OutboxCommon = {
  /** the idempotency key, made before the first send and reused by every retry */
  id: z.string(),
  site: Slug,
  endpoint: z.string(),
  actor: Actor,
  state: z.enum(OUTBOX_STATES),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  createdAt: z.number(),
  lastError: z.optional(StoredError),
  /**
   * Fields any item may carry, whatever its op, so the outbox can tell the tabs about it without
   * knowing the op: the draft it came from (a refusal gives the text back) and the complaint it is about.
   */
  draftKey: z.optional(z.string()),
  complaintId: z.optional(z.string()),
};

/** A submission on its way: the draft's content, moved here in the same transaction that deletes the draft. */
export const SubmitItem = z.object({
  ...OutboxCommon,
  op: z.enum(['feedback.submit']),
  draft: Draft,
  locale: Locale,
  clientSubmittedAt: z.string(),
});
export type SubmitItem = z.infer<typeof SubmitItem>;

export const WithdrawItem = z.object({
  ...OutboxCommon,
  op: z.enum(['feedback.withdraw']),
  submissionId: z.string(),
  accessKey: z.optional(z.string()),
});
export type WithdrawItem = z.infer<typeof WithdrawItem>;

/** A complaint action (confirm, dispute, rate…) or message on its way, made when the user confirms it. */
export const ComplaintWriteItem = z.object({
  ...OutboxCommon,
  op: z.enum(['complaint.action', 'complaint.message']),
  complaintId: z.string(),
  body: z.object({
    action: z.optional(z.string()),
    text: z.optional(z.string()),
    reason: z.optional(z.string()),
    score: z.optional(z.number()),
    comment: z.optional(z.string()),
    version: z.optional(z.number()),
    accessKey: z.optional(z.string()),
    /** files sent with a message, kept as Blobs until delivered */
    files: z.optional(z.array(DraftFile)),
  }),
});
export type ComplaintWriteItem = z.infer<typeof ComplaintWriteItem>;

/** A consent decision's proof on its way (POST /v1/consents). The item's id is the record's id: one key for both. */
export const ConsentItem = z.object({
  ...OutboxCommon,
  op: z.enum(['consent.record']),
  record: z.custom<ConsentRecord>((value) => typeof value === 'object' && value !== null),
});
export type ConsentItem = z.infer<typeof ConsentItem>;

/** A reward redeemed, or a redemption undone, on its way; made when the user confirms, so a double click sends once. */
export const PointsWriteItem = z.object({
  ...OutboxCommon,
  op: z.enum(['points.redeem', 'points.undo']),
  /** points.redeem */
  reward: z.optional(z.string()),
  /** points.undo */
  redemptionId: z.optional(z.string()),
});
export type PointsWriteItem = z.infer<typeof PointsWriteItem>;

/** The items this version can send: each op has its handler in the outbox's table (src/client/outbox-table.ts). */
const KNOWN_ITEMS = [SubmitItem, WithdrawItem, ComplaintWriteItem, ConsentItem, PointsWriteItem] as const;
const KNOWN_OPS: readonly string[] = KNOWN_ITEMS.flatMap((item) => item.shape.op.options);

// A plain union accepts and returns the same items as z.discriminatedUnion('op', …)
// (the `op` literals exclude each other) and costs the bundle ~450 B gzip less;
// records are only ever checked for success, so the differing issues never show.
export const OutboxItem = z.union(KNOWN_ITEMS);
export type OutboxItem = z.infer<typeof OutboxItem>;

const UnknownOpFields = z.object({ ...OutboxCommon, op: z.string() });
export type UnknownOpItem = z.infer<typeof UnknownOpFields> & { readonly [field: string]: unknown };
/**
 * An item whose op this version does not know: a newer usercare sharing the database queued it. Its
 * common fields are checked (the outbox holds it, and says why), and it is returned exactly as stored,
 * with every field and every nested field, so holding it loses nothing a version that knows the op needs.
 */
export const UnknownOpItem = z.custom<UnknownOpItem>(
  (value) => UnknownOpFields.safeParse(value).success && !KNOWN_OPS.includes((value as UnknownOpItem).op),
);

/** Every item in the outbox, whatever its op: what the outbox itself reads, so none is lost from its sight. */
export const QueuedItem = z.union([OutboxItem, UnknownOpItem]);
export type QueuedItem = OutboxItem | UnknownOpItem;

/** Whether this version can send the item. A queued item of a known op has that op's shape (QueuedItem checks it). */
export function isKnownItem(item: QueuedItem): item is OutboxItem {
  return KNOWN_OPS.includes(item.op);
}

/**
 * What the tabs are told about an item, whatever its op: the draft it came from and the complaint it
 * is about, each only when it has one. A submission carries its whole draft rather than its key (as
 * items have since the first version), so its key is read from there.
 */
export function itemReferences(item: QueuedItem): { draftKey?: string; complaintId?: string } {
  const draftKey = item.draftKey ?? (item as { draft?: { key?: unknown } }).draft?.key;
  return {
    ...(typeof draftKey === 'string' ? { draftKey } : {}),
    ...(item.complaintId ? { complaintId: item.complaintId } : {}),
  };
}

/** What the device remembers of a delivered submission: the tracker finds the user's own items by these. */
export const SubmissionRecord = z.object({
  id: z.string(),
  site: Slug,
  endpoint: z.string(),
  trackingNumber: z.string(),
  accessKey: z.optional(z.string()),
  receipt: Receipt,
  draftKey: z.string(),
  /** the outbox item it was delivered from, so a withdrawal asked for while it was being sent finds it */
  itemId: z.optional(z.string()),
  withdrawn: z.optional(z.boolean()),
});
export type SubmissionRecord = z.infer<typeof SubmissionRecord>;

/** Contact details the user asked this device to remember (off by default). */
export const RememberedContact = z.record(z.string(), z.string());

/**
 * Whose draft it is: a signed-in user's (the host token's `sub`) or, without one, this device's. The
 * device's key is the one every draft had before drafts belonged to users (`site/form`), so drafts an
 * older version kept are still found; a user's adds `/user:<sub>`, which no site or form id can contain.
 */
export function draftKey(site: string, form: string, sub?: string): string {
  return `${site}/${form}${sub === undefined ? '' : `/user:${sub}`}`;
}

/** Whose draft a key names: the user's `sub`, or undefined for the device's. */
export function draftOwner(key: string): string | undefined {
  const at = key.indexOf('/user:');
  return at < 0 ? undefined : key.slice(at + '/user:'.length);
}
