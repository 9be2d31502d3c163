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
