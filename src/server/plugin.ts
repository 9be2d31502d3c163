/**
 * A plug-in of the server: something startServer runs besides the API, in
 * up to four steps. The demo (src/server/demo) is the one there is. The
 * server only knows this shape and never imports a plug-in, so a server
 * started without one carries none of its code.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AppDeps, Log } from './context';
import type { Database } from './db/schema';

export interface PluginStart {
  /** Where the registry file is read from. */
  dataDir: string;
  /** The server's own origin (`http://host:port`), known once it listens. */
  origin: string;
  log: Log;
}

export interface ServerPlugin {
  /** Before the registry is read: may write one where there is none. */
  beforeRegistry?(start: PluginStart): void;
  /**
   * Once the registry file is imported into the database and before the
   * sites are read from it: may publish to the sites' configuration.
   */
  configure?(start: PluginStart & { db: Kysely<Database>; at: string }): Promise<void>;
  /** Routes of its own, mounted after the API's and before the static files. */
  mount?(app: Hono, deps: AppDeps): void;
  /** Data of its own, written before the server answers its first request. */
  seed?(deps: AppDeps): Promise<void>;
}
