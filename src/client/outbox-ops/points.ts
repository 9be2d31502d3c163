/**
 * How the outbox sends a redemption or its undo. Loaded when one is sent,
 * with the points API; the tabs are told the server's redemption (the widget
 * shows its code).
 */
import type { PointsWriteItem } from '../../storage/records';
import { BackendError } from '../errors';
import type { Delivery, SendContext } from '../outbox-handler';
import { pointsApiOf } from '../rest-points';

export async function send(item: PointsWriteItem, { backend, credentials }: SendContext): Promise<Delivery> {
  const api = pointsApiOf(backend);
  if (!api) throw new BackendError('invalid_request', 'this backend keeps no points');
  const redemption =
    item.op === 'points.redeem'
      ? await api.redeem(item.site, item.reward ?? '', credentials)
      : await api.undo(item.site, item.redemptionId ?? '', credentials);
  return { news: { redemption } };
}
