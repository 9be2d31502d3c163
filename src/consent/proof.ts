/**
 * Proof of a consent decision goes through the outbox like every write that
 * must not be lost. Loaded by the banner only after a decision, so showing
 * the banner never waits for it.
 */
import type { ConsentRecord } from '../contract/consent';
import { Outbox } from '../client/outbox';
import { RestBackend } from '../client/rest-backend';
import { pageServices } from '../client/page-services';

const outboxes = new Map<string, Outbox>();

/** The outbox for an endpoint, started: it also sends proof an earlier page could not. */
export function consentOutbox(endpoint: string): Outbox {
  let outbox = outboxes.get(endpoint);
  if (!outbox) {
    outbox = new Outbox({ ...pageServices(), backend: new RestBackend(endpoint) });
    outbox.start();
    outboxes.set(endpoint, outbox);
  }
  return outbox;
}

export function queueProof(endpoint: string, record: ConsentRecord): Promise<unknown> {
  return consentOutbox(endpoint).sendConsent(record);
}
