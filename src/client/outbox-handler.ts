/** What an outbox handler (src/client/outbox-ops/) is given and gives back; the table in outbox-table.ts maps each op to one. */
import type { QueuedItem, SubmissionRecord } from '../storage/records';
import type { UcStore } from '../storage/store';
import type { Backend, WriteOptions } from './backend';
import type { TabMessage } from './tab-channel';

/** What a handler is given to send one item. */
export interface SendContext {
  backend: Backend;
  store: UcStore;
  /** the item's id as idempotency key, and the credentials of the user or device that made it */
  credentials: WriteOptions;
}

/** What the outbox does once the server has the item: besides deleting it, keep `record`, and tell the tabs `news`. */
export interface Delivery {
  /** kept in the same transaction that deletes the item */
  record?: SubmissionRecord;
  /** said with `outbox.delivered`, beside the item's id and references */
  news?: Pick<Extract<TabMessage, { type: 'outbox.delivered' }>, 'receipt' | 'redemption'>;
}

/** A handler module: sends an item of its ops, or throws a BackendError (retried or not, as the error says). */
export interface OpHandler<Item extends QueuedItem> {
  send(item: Item, context: SendContext): Promise<Delivery>;
}
