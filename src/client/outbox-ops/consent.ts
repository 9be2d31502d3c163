/**
 * How the outbox sends the proof of a consent decision. A backend that keeps
 * no proof of consent (LocalBackend) refuses it for good.
 */
import type { ConsentItem } from '../../storage/records';
import type { ConsentBackend } from '../backend';
import { BackendError } from '../errors';
import type { Delivery, SendContext } from '../outbox-table';

export async function send(item: ConsentItem, { backend, credentials }: SendContext): Promise<Delivery> {
  const keeper = backend as Partial<ConsentBackend>;
  if (!keeper.submitConsent) throw new BackendError('invalid_request', 'this backend does not keep proof of consent');
  await keeper.submitConsent(item.record, credentials);
  return {};
}
