/**
 * Live updates: ONE authenticated event stream per browser. Every tab makes
 * (through its page services) one LiveStream per stream; the tab holding the
 * tab lock `usercare:stream:<site>` (src/client/tab-lock.ts: a Web Lock, or
 * a localStorage lease on plain-http pages) reads `GET /v1/stream` with
 * fetch (an EventSource cannot send a token) and relays each event to the
 * other tabs over the page's TabChannel; the others just listen. When the
 * leader closes (or its tab goes away) the lock passes to the next tab, which
 * resumes from the last event id the leader stored. In a rare lease race two
 * tabs stream for a few seconds, and the event ids keep anyone from hearing
 * an event twice. Without BroadcastChannel (very old engines) tabs cannot
 * hear each other, so every tab streams for itself.
 *
 * Nothing here throws into the host page: failures are retried with backoff,
 * a 401 stops and calls `onAuthRequired`, and at most one console.error is
 * logged per LiveStream.
 */
import { HEADERS } from '../contract/headers';
import type { Credentials } from './backend';
import { tokenSubject } from './identity';
import { randomId } from './ids';
import { TabChannel, type TabMessage } from './tab-channel';
import { holdTabLock, type TabLockHold } from './tab-lock-hold';

import type { LiveEvent } from './live-event';

export type { LiveEvent };

export type LiveListener = (event: LiveEvent) => void;

/**
 * A `ready` that did not resume from a cursor this device kept (none stored for this identity, or the
 * server's events were reset): a change made before it, after what is shown was read, was never heard.
 */
export const startedUnheard = (event: LiveEvent): boolean =>
  event.topic === 'ready' && (event.data as { resumed?: unknown } | null)?.resumed !== true;

export type LiveStreamStatus =
  /** another tab holds the stream; events arrive relayed */
  | 'following'
  | 'connecting'
  /** this tab reads the stream and it has caught up */
  | 'open'
  /** waiting (with backoff) before trying again */
  | 'retrying'
  /** navigator.onLine is false; tries again on `online` */
  | 'offline'
  /** the server said 401; waits for reconnect() after the host signs the user in again */
  | 'auth-required'
  /** the server refused for good (unknown site, origin not allowed); waits for reconnect() */
  | 'refused'
  | 'closed';

export interface LiveStreamOptions {
  /** The API's base URL, as for RestBackend. */
  endpoint: string;
  site: string;
  /** Who is asking, read at every connect (a token may have been renewed since). */
  credentials: () => Credentials | Promise<Credentials>;
  /** The server refused the credentials (expired or forged token): the host should sign the user in again. Called in every tab. */
  onAuthRequired?: () => void;
  fetch?: typeof fetch;
  /** The page's channel between tabs (its page services'); a LiveStream made on its own opens one of its own. */
  channel?: TabChannel;
  /** The stream's path on the endpoint (default the user's `/v1/stream`; the staff console reads `/v1/staff/stream`). */
  path?: string;
  /** Its tab lock's name and what tab messages about it carry (default `usercare:stream:<site>`). */
  name?: string;
}

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
/** How many recent ids are remembered to drop an event heard twice (a handover, the server's reorder window). */
const SEEN_IDS = 256;

type Attempt =
  /** the stream had caught up and then ended (server restart, token lifetime, network) */
  | { outcome: 'ended' }
  | { outcome: 'failed'; retryAfterMs?: number }
  | { outcome: 'auth' }
  | { outcome: 'refused'; status: number }
  /** this tab stopped it: close(), offline, reconnect(), lost the lease */
  | { outcome: 'aborted' };

export class LiveStream {
  private readonly options: LiveStreamOptions;
  private readonly channel: TabChannel;
  /** The stream's name: its tab lock, and what tab messages about it carry. */
  private readonly name: string;
  private readonly ownChannel: boolean;
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private statusValue: LiveStreamStatus = 'following';
  private leading = false;
  private closed = false;
  private loggedError = false;
  /** Whose cursor `lastId` is: `user:<sub>` or `device:<id>` (a cursor of another audience means nothing). */
  private cursor: { who: string; lastId: number } | undefined;
  private readonly seen: number[] = [];
  private connection: AbortController | undefined;
  private hold: TabLockHold | undefined;
  private unsubscribe: (() => void) | undefined;
  private wakeUp: (() => void) | undefined;
  private attempts = 0;
  /** Counts lead() calls, so a loop from before a step-down never runs beside a newer one. */
  private term = 0;
  private readonly onOnline = () => this.wake();
  private readonly onOffline = () => this.connection?.abort();

  constructor(options: LiveStreamOptions) {
    this.options = { ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
    this.name = options.name ?? `usercare:stream:${options.site}`;
    this.ownChannel = !options.channel;
    this.channel = options.channel ?? new TabChannel(randomId());
    try {
      this.unsubscribe = this.channel.subscribe((message) => this.hear(message));
      globalThis.addEventListener?.('online', this.onOnline);
      globalThis.addEventListener?.('offline', this.onOffline);
      if (this.channel.connected)
        this.hold = holdTabLock(this.name, this.channel.tab, this.channel, {
          onAcquired: () => void this.lead(),
          onLost: () => this.stepDown(),
        });
      else void this.lead();
    } catch (error) {
      this.reportOnce('live updates could not start', error);
    }
  }

  get status(): LiveStreamStatus {
    return this.statusValue;
  }

  /** True while this tab is the one reading the stream. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Events of `topic` ('*' for every topic) from whichever tab holds the stream. Returns the unsubscribe. */
  subscribe(topic: string, listener: LiveListener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Try now: after the host signed the user in again, or came back from a refusal. Any tab may call it. */
  reconnect(): void {
    if (this.closed) return;
    if (this.leading) {
      this.attempts = 0;
      this.connection?.abort();
      this.wake();
    } else this.post({ type: 'live.reconnect', stream: this.name });
  }

  /** Stops listening; a leader aborts its fetch and releases the lock so another tab takes over. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leading = false;
    this.setStatus('closed');
    this.connection?.abort();
    this.hold?.release();
    this.wake();
    globalThis.removeEventListener?.('online', this.onOnline);
    globalThis.removeEventListener?.('offline', this.onOffline);
    this.unsubscribe?.();
    if (this.ownChannel) this.channel.close();
    this.listeners.clear();
  }

  // ── the leader's stream ──────────────────────────────────────────────

  /** Another tab took the lease (this one was frozen past its end, or both wrote at once). */
  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.connection?.abort();
    this.wake();
    this.setStatus('following');
  }

  /** Reads the stream until this tab stops leading, reconnecting with backoff. */
  private async lead(): Promise<void> {
    const term = ++this.term;
    const current = () => this.term === term && this.leading && !this.closed;
    this.leading = true;
    this.attempts = 0;
    try {
      while (current()) {
        if (typeof navigator !== 'undefined' && navigator.onLine === false) {
          this.setStatus('offline');
          await this.sleep(Infinity);
          continue;
        }
        const attempt = await this.connectOnce();
        if (!current()) break;
        let delayMs = 0;
        switch (attempt.outcome) {
          case 'ended':
            // It was working: come back soon, but not all tabs of all users at the same instant.
            this.attempts = 0;
            delayMs = jitter(BACKOFF_FIRST_MS);
            break;
          case 'failed':
            this.attempts += 1;
            delayMs =
              attempt.retryAfterMs ?? jitter(Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.attempts - 1)));
            break;
          case 'auth':
            this.setStatus('auth-required');
            this.authRequired();
            this.post({ type: 'live.auth-required', stream: this.name });
            delayMs = Infinity;
            break;
          case 'refused':
            this.setStatus('refused');
            this.reportOnce(`live updates refused by the server (HTTP ${attempt.status}); waiting for reconnect()`);
            delayMs = Infinity;
            break;
          case 'aborted':
            break;
        }
        if (delayMs > 0) {
          if (attempt.outcome !== 'auth' && attempt.outcome !== 'refused') this.setStatus('retrying');
          await this.sleep(delayMs);
        }
      }
    } catch (error) {
      this.reportOnce('live updates stopped', error);
    } finally {
      if (this.term === term) {
        this.connection?.abort();
        if (!this.closed) this.setStatus('following');
      }
    }
  }

  private async connectOnce(): Promise<Attempt> {
    const connection = new AbortController();
    this.connection = connection;
    this.setStatus('connecting');
    try {
      const credentials = await this.options.credentials();
      const who = credentials.token
        ? `user:${tokenSubject(credentials.token) ?? '?'}`
        : `device:${credentials.deviceId ?? ''}`;
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (credentials.token) headers['Authorization'] = `Bearer ${credentials.token}`;
      else if (credentials.deviceId) headers[HEADERS.device] = credentials.deviceId;
      const resumeFrom = this.resumeIdFor(who);
      if (resumeFrom !== undefined) headers['Last-Event-ID'] = String(resumeFrom);
      if (connection.signal.aborted) return { outcome: 'aborted' };

      const fetchImpl = this.options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
      const response = await fetchImpl(
        `${this.options.endpoint}${this.options.path ?? '/v1/stream'}?site=${encodeURIComponent(this.options.site)}`,
        {
          headers,
          cache: 'no-store',
          signal: connection.signal,
        },
      );
      if (response.status === 401) return { outcome: 'auth' };
      if (!response.ok || !response.body || !/^text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) {
        void response.body?.cancel().catch(() => {});
        const retryAfter = Number(response.headers.get(HEADERS.retryAfter));
        const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
        // 408, 429 and 5xx pass; any other 4xx (unknown site, origin not allowed, bad request) would be refused again.
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
          return { outcome: 'refused', status: response.status };
        return retryAfterMs === undefined ? { outcome: 'failed' } : { outcome: 'failed', retryAfterMs };
      }

      let caughtUp = false;
      const parser = new SseParser((message) => {
        const event = toLiveEvent(message);
        if (!event) return;
        if (event.topic === 'ready') {
          caughtUp = true;
          this.attempts = 0;
          this.setStatus('open');
        }
        this.accept(who, event);
        this.post({ type: 'live.event', stream: this.name, who, event });
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        // The connection broke or this tab aborted it: decided below.
      }
      if (connection.signal.aborted) return { outcome: 'aborted' };
      return caughtUp ? { outcome: 'ended' } : { outcome: 'failed' };
    } catch {
      // fetch rejects on network errors and on abort; a throwing credentials callback is one more reason to retry later.
      return connection.signal.aborted ? { outcome: 'aborted' } : { outcome: 'failed' };
    } finally {
      connection.abort();
      if (this.connection === connection) this.connection = undefined;
    }
  }

  // ── events, here and from other tabs ─────────────────────────────────

  private hear(message: TabMessage): void {
    if (this.closed || !('stream' in message) || message.stream !== this.name) return;
    switch (message.type) {
      case 'live.event':
        if (!this.leading) this.accept(message.who, message.event);
        break;
      case 'live.auth-required':
        if (!this.leading) this.authRequired();
        break;
      case 'live.reconnect':
        if (this.leading) this.reconnect();
        break;
    }
  }

  /** Moves the cursor and delivers the event here, unless it was heard already. */
  private accept(who: string, event: LiveEvent): void {
    if (event.topic === 'ready') {
      // The server's word on where this audience stands (lower than ours after a database reset).
      this.setCursor(who, event.id);
    } else {
      if (this.seen.includes(event.id)) return;
      this.seen.push(event.id);
      if (this.seen.length > SEEN_IDS) this.seen.shift();
      // A row committed late (PostgreSQL) can arrive below the cursor; the cursor never goes back for it.
      if (!this.cursor || this.cursor.who !== who || event.id > this.cursor.lastId) this.setCursor(who, event.id);
    }
    for (const topic of [event.topic, '*']) {
      for (const listener of [...(this.listeners.get(topic) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          this.reportOnce(`a live "${event.topic}" listener failed`, error);
        }
      }
    }
  }

  /** Kept in localStorage too, so the tab that leads next resumes where this one stopped. */
  private setCursor(who: string, lastId: number): void {
    this.cursor = { who, lastId };
    if (!this.leading) return;
    try {
      localStorage.setItem(this.cursorKey(), JSON.stringify(this.cursor));
    } catch {
      // Storage blocked: this tab's memory is all there is.
    }
  }

  private resumeIdFor(who: string): number | undefined {
    let stored: { who?: unknown; lastId?: unknown } | undefined;
    try {
      stored = JSON.parse(localStorage.getItem(this.cursorKey()) ?? 'null') ?? undefined;
    } catch {
      stored = undefined;
    }
    if (stored?.who === who && typeof stored.lastId === 'number') return stored.lastId;
    return this.cursor?.who === who ? this.cursor.lastId : undefined;
  }

  private cursorKey(): string {
    return `usercare:live-cursor:${this.options.site}`;
  }

  private authRequired(): void {
    try {
      this.options.onAuthRequired?.();
    } catch (error) {
      this.reportOnce('onAuthRequired failed', error);
    }
  }

  private post(message: TabMessage): void {
    this.channel.post(message, { others: true });
  }

  // ── small things ─────────────────────────────────────────────────────

  private setStatus(status: LiveStreamStatus): void {
    if (this.closed && status !== 'closed') return;
    this.statusValue = status;
  }

  /** Waits `ms` (Infinity: until woken); close(), reconnect() and `online` wake it early. */
  private sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = Number.isFinite(ms) ? setTimeout(finish, ms) : undefined;
      this.wakeUp = finish;
      function finish() {
        clearTimeout(timer);
        done();
      }
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  private reportOnce(message: string, error?: unknown): void {
    if (this.loggedError) return;
    this.loggedError = true;
    console.error(`usercare: ${message}`, ...(error === undefined ? [] : [error]));
  }
}

/** Full jitter around `ms`: between half and all of it, so tabs of many users do not reconnect in step. */
function jitter(ms: number): number {
  return ms / 2 + Math.random() * (ms / 2);
}

function toLiveEvent(message: SseMessage): LiveEvent | undefined {
  const id = Number(message.id);
  if (!message.id || !Number.isSafeInteger(id) || id < 0) return undefined;
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // Not JSON: passed on as text.
  }
  return { id, topic: message.event, data };
}

export interface SseMessage {
  /** The last `id:` seen on the stream so far (as EventSource's lastEventId). */
  id: string | undefined;
  /** `event:`, or 'message' when none was given. */
  event: string;
  /** The `data:` lines joined with newlines. */
  data: string;
}

/**
 * The text/event-stream format (HTML Living Standard, "Server-sent events"):
 * lines end with CRLF, LF or CR (a CR at the end of a chunk waits to see
 * whether an LF follows), `:` starts a comment, a blank line dispatches.
 * Feed it decoded text in chunks of any size.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastId: string | undefined;

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(text: string): void {
    const buffer = this.buffer + text;
    let start = 0;
    const breaks = /\r\n|\r|\n/g;
    for (let match = breaks.exec(buffer); match; match = breaks.exec(buffer)) {
      // A lone CR as the last character may be the first half of a CRLF split across chunks.
      if (match[0] === '\r' && match.index === buffer.length - 1) break;
      this.line(buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.buffer = buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    // `retry:` and unknown fields: the reconnect policy is ours, not the server's.
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return;
    this.onMessage({ id: this.lastId, event, data: data.join('\n') });
  }
}
