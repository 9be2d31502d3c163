/**
 * PostgreSQL statements prepared once per connection when they recur, as
 * PgJDBC does by default (prepareThreshold 5): Kysely sends every query as
 * an unnamed statement, which PostgreSQL parses and plans again each time,
 * and on the staff queue's read that took more of the database's CPU than
 * running it (a plan of a UNION ALL of ordered reads: ~1 ms). A statement
 * whose text a connection has run PREPARE_AFTER times is sent named from
 * then on: parsed once, and after its first few runs PostgreSQL may keep a
 * generic plan when it costs no more than the plans made for the values
 * (plan_cache_mode auto).
 *
 * Statements without values are left as they are (sent as simple queries,
 * they may hold several commands, which a prepared statement cannot).
 * Bounded: at most MAX_NAMED named statements per connection (later texts
 * stay unnamed), and the counts of texts not named yet are forgotten past
 * MAX_COUNTED (texts with many forms, such as multi-row inserts, never fill
 * memory). A named statement that PostgreSQL refuses to run again because
 * a table under it changed (0A000, "cached plan must not change result
 * type": another instance migrated), or no longer has (26000), fails that
 * one query and is prepared afresh under a new name from then on.
 *
 * A pooler that does not keep a session's prepared statements (PgBouncer in
 * transaction mode before 1.21) does not go with this.
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

const PREPARE_AFTER = 5;
const MAX_NAMED = 200;
const MAX_COUNTED = 2000;
/** The statement's plan no longer fits its tables (0A000), or the session lost it (26000: a pooler discarded it). */
const STALE = new Set(['0A000', '26000']);

interface Statements {
  /** text → name, for the texts sent named on this connection */
  named: Map<string, string>;
  /** text → runs so far, for the texts not named yet */
  counted: Map<string, number>;
  /** names given on this connection, so a renamed text never reuses one */
  given: number;
}

export function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = preparing(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function preparing(client: pg.PoolClient): PostgresPoolClient {
  const statements: Statements = { named: new Map(), counted: new Map(), given: 0 };
  const query = async (sql: string, parameters: ReadonlyArray<unknown>) => {
    // Only statements with values: one without goes as a simple query, which may hold several commands.
    const name = parameters.length ? nameFor(statements, sql) : undefined;
    const values = [...parameters];
    if (name === undefined) return client.query(sql, values);
    try {
      return await client.query({ name, text: sql, values });
    } catch (error) {
      if (STALE.has(String((error as { code?: unknown }).code))) statements.named.delete(sql);
      throw error;
    }
  };
  // Kysely passes SQL text and values, or a cursor (streamed reads), which goes through as it is.
  const either = (sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown =>
    typeof sqlOrCursor === 'string' ? query(sqlOrCursor, parameters ?? []) : client.query(sqlOrCursor as never);
  return {
    query: either as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}

/** The name to send `sql` under on this connection, or undefined to send it unnamed. */
function nameFor(statements: Statements, sql: string): string | undefined {
  const known = statements.named.get(sql);
  if (known !== undefined) return known;
  if (statements.named.size >= MAX_NAMED) return undefined;
  const runs = (statements.counted.get(sql) ?? 0) + 1;
  if (runs < PREPARE_AFTER) {
    if (statements.counted.size >= MAX_COUNTED) statements.counted.clear();
    statements.counted.set(sql, runs);
    return undefined;
  }
  statements.counted.delete(sql);
  const name = `uc_${++statements.given}`;
  statements.named.set(sql, name);
  return name;
}
