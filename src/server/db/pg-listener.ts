/**
 * The one connection per process that LISTENs for live-event notices on
 * PostgreSQL (see db/live-wakes.ts). It is not one of the pool's: a pooled
 * connection goes back to the pool and would stop listening, and a LISTEN
 * needs a session of its own (through PgBouncer, a direct or session-mode
 * address).
 *
 * A connection can end (the server restarts, an administrator terminates it)
 * or go quiet without ending (a half-open TCP connection): it is replaced,
 * with a growing jittered wait between tries, when it reports an error, ends,
 * or leaves a ping unanswered. Whatever committed while nobody listened is
 * not lost: every stream reads by its own cursor, so `onListening` (called
 * on each connect) wakes them all to read once, and until then they poll.
 */
import pg from 'pg';

/** The channel every instance notifies and listens on (payload: see live-events.ts). */
export const LIVE_CHANNEL = 'usercare_live';
/** How listeners show in pg_stat_activity, so an operator (or a test) can tell them from the pool's. */
export const LISTENER_APPLICATION_NAME = 'usercare-live-listener';

/** A query on the listening connection this often proves it still reaches the server. */
const PING_MS = 30_000;
/** …and one unanswered this long counts as a lost connection. */
const QUERY_TIMEOUT_MS = 10_000;
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

/** The server's log (context.ts's Log, restated: the database layer imports nothing above it). */
export type Log = (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;

export interface PgListenerOptions {
  url: string;
  /** A notice's payload, as sent. */
  onNotice(payload: string): void;
  /** Each time LISTEN is in place, the first time and after every reconnect. */
  onListening(): void;
  log: Log;
}

export class PgListener {
  private client: pg.Client | undefined;
  private started = false;
  private stopped = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private ping: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: PgListenerOptions) {}

  /** Connects, once; later calls do nothing. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: LISTENER_APPLICATION_NAME,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      this.lost(client, error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL && message.payload) this.options.onNotice(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    if (this.failures > 0) this.options.log('info', 'live notifications: listening again');
    this.failures = 0;
    clearInterval(this.ping);
    this.ping = setInterval(() => void client.query('select 1').catch(onLost), PING_MS);
    this.ping.unref();
    this.options.onListening();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client === client) {
      this.client = undefined;
      clearInterval(this.ping);
    }
    void client.end().catch(() => {});
    if (this.stopped) return;
    // Said once per outage; the streams poll meanwhile.
    if (this.failures === 0)
      this.options.log('warn', 'live notifications: the listening connection was lost; streams poll until it is back', {
        error: error instanceof Error ? error.message : String(error ?? 'ended'),
      });
    const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.failures);
    this.failures += 1;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), wait / 2 + Math.random() * (wait / 2));
    this.retry.unref();
  }
}
