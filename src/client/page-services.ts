/**
 * What a page has once, whatever the number of sites on it: the device's
 * store, the user's identity, the channel between tabs and the tab lock.
 * Every site's runtime and the consent proof's outbox share them.
 */
import { ResilientStore } from '../storage/resilient-store';
import { Identity } from './identity';
import { randomId } from './ids';
import { TabChannel } from './tab-channel';
import { createTabLock, type LockRunner } from './tab-lock';

/** One per page, whatever the number of sites on it: one database, one user, one channel between tabs. */
export interface PageServices {
  tab: string;
  store: ResilientStore;
  identity: Identity;
  channel: TabChannel;
  lock: LockRunner;
}

let services: PageServices | undefined;

export function pageServices(): PageServices {
  if (!services) {
    const tab = randomId();
    const store = new ResilientStore();
    services = { tab, store, identity: new Identity(store), channel: new TabChannel(tab), lock: createTabLock(tab) };
  }
  return services;
}
