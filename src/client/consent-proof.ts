/**
 * Proof of a consent decision goes through the outbox like every write that
 * must not be lost. Loaded by the banner only after a decision, so showing
 * the banner never waits for it.
 *
 * While a proof waits, its id is kept in localStorage (proofKey): on a later
 * visit with nothing to ask, the stub sees it and loads the banner's chunk,
 * which calls resumeProof. Without that, a site with only the banner would
 * never send a proof queued while offline. The banner passes the key, so this
 * chunk shares no module with it (a shared one is one more file to fetch).
 */
import type { ConsentRecord } from '../contract/consent';
import type { ConsentItem } from '../storage/records';
import { Outbox } from './outbox';
import { pageServices } from './page-services';
import { RestBackend } from './rest-backend';

const outboxes = new Map<string, Outbox>();

function forgetIfDone(marker: string, delivered: string): void {
  try {
    if (localStorage.getItem(marker) === delivered) localStorage.removeItem(marker);
  } catch {
    // storage blocked: there is no marker either
  }
}

/** The outbox for an endpoint, started: it also sends proof an earlier page could not. */
function consentOutbox(endpoint: string, marker: string): Outbox {
  let outbox = outboxes.get(endpoint);
  if (!outbox) {
    const services = pageServices();
    outbox = new Outbox({ ...services, backend: new RestBackend(endpoint) });
    // Delivered here or by another tab: the marker goes once its proof has arrived, or once the server
    // refused it for good (the outbox keeps the failed item and says why; loading the banner on every
    // later page would not change the answer).
    services.channel.subscribe((message) => {
      if (message.type === 'outbox.delivered' || message.type === 'outbox.failed') forgetIfDone(marker, message.id);
    });
    outbox.start();
    outboxes.set(endpoint, outbox);
  }
  return outbox;
}

/** Queues the proof of a consent decision; the record's id is its idempotency key, so it arrives once. */
export async function sendConsent(outbox: Outbox, record: ConsentRecord): Promise<ConsentItem> {
  return outbox.enqueue<ConsentItem>({
    ...(await outbox.newItem(record.site, { id: record.id })),
    op: 'consent.record',
    record,
  });
}

/** `marker`: the localStorage key (proofKey in src/consent/decision.ts) that says a proof waits. */
export async function queueProof(endpoint: string, record: ConsentRecord, marker: string): Promise<void> {
  try {
    localStorage.setItem(marker, record.id);
  } catch {
    // storage blocked: the outbox (IndexedDB, or memory) still sends it from this page
  }
  await sendConsent(consentOutbox(endpoint, marker), record);
}

/** Sends what an earlier page left; forgets the marker when its proof is no longer waiting. */
export async function resumeProof(endpoint: string, marker: string): Promise<void> {
  const outbox = consentOutbox(endpoint, marker);
  await outbox.flush();
  const waiting = localStorage.getItem(marker);
  const item = waiting ? await pageServices().store.getOutbox(waiting) : undefined;
  if (waiting && (!item || item.state === 'failed')) forgetIfDone(marker, waiting);
}
