/**
 * The ops the outbox can send, each to the module of the feature that owns
 * it, loaded with import() when an item of that op is first sent: the outbox
 * itself knows no feature, and a page delivers any queued item (one the
 * tracker queued, on a page with only the form) by loading its handler then.
 *
 * A new op is registered here, with its stored shape in the OutboxItem union
 * (src/storage/records.ts) and its handler in ./outbox-ops/. The table's type
 * holds the two together: an op of the union without a handler, or a handler
 * for an op the union does not have, does not compile.
 */
import { isKnownItem, type OutboxItem, type QueuedItem } from '../storage/records';
import type { OpHandler } from './outbox-handler';

type OutboxOps = { [Op in OutboxItem['op']]: () => Promise<OpHandler<Extract<OutboxItem, { op: Op }>>> };

const feedback = () => import('./outbox-ops/feedback');
const complaints = () => import('./outbox-ops/complaints');
const points = () => import('./outbox-ops/points');

const OUTBOX_OPS: OutboxOps = {
  'feedback.submit': feedback,
  'feedback.withdraw': feedback,
  'complaint.action': complaints,
  'complaint.message': complaints,
  'points.redeem': points,
  'points.undo': points,
  'consent.record': () => import('./outbox-ops/consent'),
};

/** How an outbox finds the handler of an item: undefined for an op it does not know (kept, held, never dropped). */
export type OpsOf = (item: QueuedItem) => (() => Promise<OpHandler<QueuedItem>>) | undefined;

/**
 * The site runtime's ops. One cast: TypeScript cannot tie an item's op to its own entry of the table.
 * (The staff runtime has a table of its own, so no staff code is in the end user's pages.)
 */
export const siteOps: OpsOf = (item) =>
  isKnownItem(item) ? (OUTBOX_OPS[item.op] as () => Promise<OpHandler<QueuedItem>>) : undefined;
