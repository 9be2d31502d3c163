/**
 * What the points widget puts in the outbox: a redemption or its undo. The
 * outbox sends them with the handler in ./outbox-ops/points.ts.
 */
import type { PointsWriteItem } from '../storage/records';
import type { Outbox } from './outbox';

/** Queues a redemption (the user confirmed it) or its undo; its id is the idempotency key, so it counts once. */
export async function sendPointsWrite(
  outbox: Outbox,
  site: string,
  write: { op: 'points.redeem'; reward: string } | { op: 'points.undo'; redemptionId: string },
): Promise<PointsWriteItem> {
  return outbox.enqueue<PointsWriteItem>({ ...(await outbox.newItem(site)), ...write });
}
