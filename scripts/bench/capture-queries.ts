/**
 * The queries a server function runs, captured through a Kysely plugin and
 * compiled with their parameters, for the floors of sections h and j
 * (queue-floor-server.ts runs them straight through the driver) and for
 * EXPLAIN.
 */
import {
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { Database } from '../../src/server/db/schema';
import type { CapturedQuery } from './queue-floor-server';

/** Records the queries run through it (not the subqueries it is also shown). */
export class CaptureQueries implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  private readonly shown = new WeakMap<object, RootOperationNode>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.shown.set(args.queryId, args.node);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.shown.get(args.queryId);
    if (node) this.nodes.push(node);
    return Promise.resolve(args.result);
  }
}

/** Runs `read` on `db` and answers the queries it ran, compiled, in order. */
export async function captureQueries(
  db: Kysely<Database>,
  read: (db: Kysely<Database>) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const capture = new CaptureQueries();
  await read(db.withPlugin(capture));
  return capture.nodes.map((node) => {
    const compiled = db.getExecutor().compileQuery(node, createQueryId());
    return { sql: compiled.sql, parameters: compiled.parameters };
  });
}
