/**
 * What the staff console puts in its outbox: every staff write that must not
 * be lost or sent twice (a reply, a lifecycle action, a note, an assignment,
 * a category, a third party's outcome), stored with its idempotency key before the first send, in the
 * staff runtime's own database. Operator code only: the end user's outbox
 * table does not know these ops (src/client/outbox-table.ts).
 */
import * as z from 'zod/mini';
import { Slug } from '../../contract/common';
import { OUTBOX_STATES, StoredError } from '../../storage/records';

export const STAFF_OPS = [
  'staff.action',
  'staff.message',
  'staff.note',
  'staff.assign',
  'staff.category',
  'staff.third_party_outcome',
] as const;
export type StaffOp = (typeof STAFF_OPS)[number];

/** What every outbox item has (records.ts); a staff item's actor is always the principal that made it. */
const ItemCommon = {
  id: z.string(),
  site: Slug,
  endpoint: z.string(),
  actor: z.object({ type: z.enum(['user']), sub: z.string() }),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  createdAt: z.number(),
  lastError: z.optional(StoredError),
};

/** One staff write on its way. `body` is the request's body as the route takes it (src/contract/staff.ts and complaint-requests.ts). */
export const StaffWriteItem = z.object({
  ...ItemCommon,
  op: z.enum(STAFF_OPS),
  complaintId: z.string(),
  body: z.record(z.string(), z.unknown()),
  /** the draft it came from (a reply, a note, a ruling, a third party's outcome), so a refusal gives the text back */
  draftKey: z.optional(z.string()),
});
export type StaffWriteItem = z.infer<typeof StaffWriteItem>;

/** Where each op goes, under /v1/staff/complaints/{id}/. */
export const STAFF_OP_PATHS: Record<StaffOp, string> = {
  'staff.action': 'actions',
  'staff.message': 'messages',
  'staff.note': 'notes',
  'staff.assign': 'assignee',
  'staff.category': 'category',
  'staff.third_party_outcome': 'third-party-outcome',
};
