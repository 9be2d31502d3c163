/**
 * The staff side's runtime, apart from the end user's on the same origin (a
 * back office is often the shop's own domain): its own IndexedDB database
 * (drafts and the outbox of staff writes, never a copy of complaint data),
 * its own tab channel, its own locks and its own live stream. The staff
 * token lives in its identity, in memory only. A shop tab on the same origin
 * therefore never hears what the console loads, and its outbox never holds
 * up a staff write.
 */
import { DEFAULT_CONFIG } from '../../config/defaults';
import { mergeConfig } from '../../config/merge';
import type { SiteConfig } from '../../config/schema';
import { validateConfig } from '../../config/validate';
import type { Locale } from '../../contract/common';
import type { QueueChange } from '../../contract/staff';
import { createTranslator, loadCatalog, type Translator } from '../../i18n/index';
import { IdbStore } from '../../storage/idb-store';
import { ResilientStore } from '../../storage/resilient-store';
import { randomId } from '../ids';
import { LiveStream, type LiveListener } from '../live-stream';
import type { Outbox } from '../outbox';
import { TabChannel } from '../tab-channel';
import { createTabLock, type LockRunner } from '../tab-lock';
import { StaffApi } from './staff-api';
import { purgeStaffDrafts, STAFF_DB_NAME } from './staff-drafts';
import { StaffIdentity } from './staff-identity';
import { staffOps } from './staff-ops';
import { PresenceReporter } from './presence-reporter';
import { StaffPresence } from './staff-presence';

/** The back-office tag's `data-endpoint` and `data-site`. */
export interface StaffSite {
  endpoint: string;
  site: string;
}

export interface StaffRuntime {
  endpoint: string;
  site: string;
  tab: string;
  api: StaffApi;
  identity: StaffIdentity;
  store: ResilientStore;
  channel: TabChannel;
  lock: LockRunner;
  /** The staff outbox, started on first use. */
  outbox(): Promise<Outbox>;
  /** Listens to the site's staff stream (opened with the first listener, closed with the last). */
  listen(topics: Record<string, LiveListener>, onAuthRequired: () => void): () => void;
  /**
   * Follows one submission over the staff stream: `changed` when someone other
   * than `principal` changed it (their own writes come back in the answers);
   * an expired sign-in asks the host again.
   */
  follow(id: string, principal: string, changed: () => void): () => void;
  /** Who else of the staff is on each complaint now (the queue's rows and the complaint's view read it). */
  presence: StaffPresence;
  /** What an open view of complaint `id` tells the others (start it when shown, close it when left). */
  reportPresence(id: string): PresenceReporter;
  /** The site's public config (forms, categories, field labels), once loaded; the console names things by it. */
  config(): Promise<SiteConfig | undefined>;
  translator(locale: Locale): Promise<Translator>;
  /** The host signed the person out: their drafts go, the token is forgotten. */
  signOut(): Promise<void>;
}

/** The tab channel's name for staff news: a shop tab's channel (`usercare`) never carries it. */
export const STAFF_CHANNEL = 'usercare-staff';

export function createStaffRuntime({ endpoint, site }: StaffSite): StaffRuntime {
  const tab = randomId();
  // The API reads the token through the identity, which signs in through the API: the first is made first.
  const api: StaffApi = new StaffApi(endpoint, site, () => identity.currentToken());
  const identity = new StaffIdentity(api);
  const store = new ResilientStore(typeof indexedDB === 'undefined' ? undefined : new IdbStore(STAFF_DB_NAME));
  const channel = new TabChannel(tab, STAFF_CHANNEL);
  const lock = createTabLock(tab);

  let outbox: Promise<Outbox> | undefined;
  let last: string | undefined;
  identity.onChange(() => {
    const principal = identity.sub;
    // Another person on this device: the last one's drafts go before the new one types anything.
    if (principal && principal !== last) void purgeStaffDrafts(principal);
    if (principal) last = principal;
  });

  let stream: { live: LiveStream; listeners: Set<() => void>; onAuth: Set<() => void> } | undefined;
  identity.onChange(() => stream?.live.reconnect());

  const presence = new StaffPresence({
    listen: (topics, onAuthRequired) => runtime.listen(topics, onAuthRequired),
    principal: () => identity.sub,
    expire: () => identity.expire(),
    current: () => api.presentOnSite().then((list) => list.items),
  });
  let presenceOf = identity.sub;
  identity.onChange(() => {
    if (identity.sub !== presenceOf) presence.clear();
    presenceOf = identity.sub;
  });

  let config: Promise<SiteConfig | undefined> | undefined;
  const translators = new Map<Locale, Promise<Translator>>();

  const runtime: StaffRuntime = {
    endpoint: api.rest.endpoint,
    site,
    tab,
    api,
    identity,
    store,
    channel,
    lock,
    presence,
    reportPresence: (id) => new PresenceReporter(id, api, presence),
    outbox: () =>
      (outbox ??= import('../outbox').then(({ Outbox }) => {
        const started = new Outbox({
          store,
          backend: api.rest,
          identity,
          channel,
          lock,
          lockName: `usercare-staff-outbox ${api.rest.endpoint}`,
          ops: staffOps,
        });
        started.start();
        return started;
      })),
    follow(id, principal, changed) {
      return this.listen(
        {
          'queue.changed': (event) => {
            const change = event.data as Partial<QueueChange> | null;
            if (change?.id === id && change.by !== principal) changed();
          },
        },
        () => identity.expire(),
      );
    },
    listen(topics, onAuthRequired) {
      if (!stream) {
        const onAuth = new Set<() => void>();
        const live = new LiveStream({
          endpoint: api.rest.endpoint,
          site,
          path: '/v1/staff/stream',
          name: `usercare-staff:stream:${site}`,
          channel,
          credentials: () => {
            const token = identity.currentToken();
            if (!token) throw new Error('no staff member signed in');
            return { token };
          },
          onAuthRequired: () => {
            identity.expire();
            for (const listener of onAuth) listener();
          },
        });
        stream = { live, listeners: new Set(), onAuth };
      }
      const current = stream;
      const unsubscribes = Object.entries(topics).map(([topic, listener]) => current.live.subscribe(topic, listener));
      const mine = () => {};
      current.listeners.add(mine);
      current.onAuth.add(onAuthRequired);
      return () => {
        for (const unsubscribe of unsubscribes) unsubscribe();
        current.listeners.delete(mine);
        current.onAuth.delete(onAuthRequired);
        if (current.listeners.size === 0 && stream === current) {
          stream = undefined;
          current.live.close();
        }
      };
    },
    config: () =>
      (config ??= api.siteConfig().then(
        (patch) => {
          const result = validateConfig(mergeConfig(DEFAULT_CONFIG, patch, { site }));
          return result.ok ? result.config : undefined;
        },
        () => undefined,
      )),
    translator(locale) {
      let pending = translators.get(locale);
      if (!pending) {
        pending = loadCatalog(locale).then((catalog) => createTranslator(locale, catalog));
        translators.set(locale, pending);
      }
      return pending;
    },
    async signOut() {
      const principal = identity.sub;
      identity.signOut();
      last = undefined;
      if (principal) await purgeStaffDrafts(undefined);
    },
  };
  return runtime;
}
