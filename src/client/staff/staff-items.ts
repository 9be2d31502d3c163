/**
 * What the staff console puts in its outbox: every staff write that must not
 * be lost or sent twice (a reply, a lifecycle action, a note, an assignment,
 * a category, a decision on feedback, what a complaint gives in points, an
 * outage issued, a third party's outcome), stored with its idempotency key
 * before the first send, in the staff runtime's own database. Operator code
 * only: the end user's outbox table does not know these ops
 * (src/client/outbox-table.ts).
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
  'staff.decision',
  'staff.points',
  'staff.incident',
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
  /** what it is about: the complaint or feedback (the view that shows it reads it again on delivery), or the incident's id */
  complaintId: z.string(),
  body: z.record(z.string(), z.unknown()),
  /** the draft it came from (a reply, a note, a ruling, a third party's outcome), so a refusal gives the text back */
  draftKey: z.optional(z.string()),
});
export type StaffWriteItem = z.infer<typeof StaffWriteItem>;

/** Where each op goes, for the item's `complaintId`. */
export const STAFF_OP_PATHS: Record<StaffOp, (id: string) => string> = {
  'staff.action': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/actions`,
  'staff.message': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/messages`,
  'staff.note': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/notes`,
  'staff.assign': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/assignee`,
  'staff.category': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/category`,
  'staff.decision': (id) => `/v1/staff/feedback/${encodeURIComponent(id)}/decision`,
  'staff.points': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/points`,
  // Idempotent by the incident's id (in the body): the same incident issued again changes nothing.
  'staff.incident': () => '/v1/staff/points/incidents',
  'staff.third_party_outcome': (id) => `/v1/staff/complaints/${encodeURIComponent(id)}/third-party-outcome`,
};
