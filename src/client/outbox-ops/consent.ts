/**
 * How the outbox sends the proof of a consent decision: to the server's
 * POST /v1/consents, or through a backend of the host's own that keeps
 * proof (ConsentBackend). One that keeps none (LocalBackend) refuses it for
 * good. The consent contract comes in with this chunk, so pages that never
 * send a proof do not carry it.
 */
import { ConsentReceipt } from '../../contract/consent';
import type { ConsentItem } from '../../storage/records';
import type { ConsentBackend } from '../backend';
import { BackendError } from '../errors';
import type { Delivery, SendContext } from '../outbox-handler';
import { RestBackend } from '../rest-backend';

export async function send(item: ConsentItem, { backend, credentials }: SendContext): Promise<Delivery> {
  if (backend instanceof RestBackend) {
    await backend.request('POST', '/v1/consents', ConsentReceipt, item.record, credentials);
    return {};
  }
  const keeper = backend as Partial<ConsentBackend>;
  if (!keeper.submitConsent) throw new BackendError('invalid_request', 'this backend does not keep proof of consent');
  await keeper.submitConsent(item.record, credentials);
  return {};
}
