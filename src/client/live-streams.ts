import { askerOf } from './asker';
import type { Identity } from './identity';
import { LiveStream, type LiveListener } from './live-stream';
import type { PageServices } from './page-services';
import type { TabChannel } from './tab-channel';

export interface LiveSubscriber {
  /** The listeners, by topic ('*' for every topic, `ready` each time the stream has caught up). */
  topics: Record<string, LiveListener>;
  /** The server refused the sign-in the stream used. */
  onAuthRequired(): void;
  /** May the stream ask as this device when nobody is signed in? (Complaints: yes; points belong to a user.) */
  anonymous: boolean;
}

/**
 * The page's live streams: one LiveStream per endpoint and site, shared by
 * every element that listens, opened with the first subscriber and closed
 * with the last. It asks as whoever is signed in (or as the device, when a
 * subscriber may ask so) and connects again when identify() changes that.
 */
export class LiveStreams {
  private readonly open = new Map<string, { stream: LiveStream; subscribers: Set<LiveSubscriber> }>();

  constructor(
    private readonly identity: Identity,
    private readonly channel: TabChannel,
  ) {
    identity.onChange(() => {
      for (const { stream } of this.open.values()) stream.reconnect();
    });
  }

  /** Subscribes to the stream of `site` on `endpoint`; the function returned unsubscribes. */
  subscribe(endpoint: string, site: string, subscriber: LiveSubscriber): () => void {
    const key = `${endpoint} ${site}`;
    let entry = this.open.get(key);
    if (!entry) {
      const subscribers = new Set<LiveSubscriber>();
      const stream = new LiveStream({
        endpoint,
        site,
        channel: this.channel,
        credentials: async () =>
          (await askerOf(this.identity, { anonymous: [...subscribers].some((s) => s.anonymous) })).credentials,
        onAuthRequired: () => {
          for (const s of subscribers) s.onAuthRequired();
        },
      });
      entry = { stream, subscribers };
      this.open.set(key, entry);
    }
    const { stream, subscribers } = entry;
    subscribers.add(subscriber);
    const unsubscribes = Object.entries(subscriber.topics).map(([topic, listener]) =>
      stream.subscribe(topic, listener),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.open.get(key)?.stream === stream) {
        this.open.delete(key);
        stream.close();
      }
    };
  }
}

const pages = new WeakMap<PageServices, LiveStreams>();

/** The page's live streams (made on first use: only pages with a listening element load this module). */
export function liveStreamsOf(services: PageServices): LiveStreams {
  let streams = pages.get(services);
  if (!streams) pages.set(services, (streams = new LiveStreams(services.identity, services.channel)));
  return streams;
}
