import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";

/**
 * SQL statements counted per HTTP request (IPB_COUNT_SQL, off by default; ADR 0014).
 *
 * Counted where a statement leaves for PostgreSQL: `query` of the pool's clients, which
 * every path ends in — Prisma outside a transaction (the adapter calls `pool.query`), an
 * interactive transaction (the adapter checks a client out and sends BEGIN, each statement
 * and COMMIT/ROLLBACK on it), and queryPrepared. Each call is one statement.
 *
 * Which request a statement belongs to is the async context of the code that sent it.
 * `pool.query` is the exception: it waits for a free client and sends the statement from
 * the pool's callback, which runs in the context of whichever request released that client
 * (pg-pool keeps no async context). So `pool.query` is counted when it is called, and the
 * client's `query` it makes later is not counted again.
 *
 * When the setting is off nothing here is installed: no patched method, no middleware.
 */

export type SqlTally = { statements: number; log: string[] | null };

const tallies = new AsyncLocalStorage<SqlTally>();
/** Statements sent by pool.query: already counted when pool.query was called. */
const sentByPool = new WeakSet<object>();

export function newSqlTally(options: { log?: boolean } = {}): SqlTally {
  return { statements: 0, log: options.log ? [] : null };
}

/** Runs `fn` with `tally`: every statement sent from its async context adds one. */
export function withSqlTally<T>(tally: SqlTally, fn: () => T): T {
  return tallies.run(tally, fn);
}

function count(query: unknown) {
  const tally = tallies.getStore();
  if (!tally) return;
  tally.statements++;
  if (tally.log) tally.log.push(statementText(query));
}

function statementText(query: unknown): string {
  const text = typeof query === "string" ? query : ((query as { text?: unknown } | null)?.text ?? "");
  return String(text).replace(/\s+/g, " ").trim().slice(0, 400);
}

type QueryFn = (...args: unknown[]) => unknown;

/** Makes `pool` count its statements into the caller's tally. Call once, right after creating it. */
export function countStatementsOn(pool: pg.Pool) {
  const poolQuery = pool.query.bind(pool) as QueryFn;
  (pool as unknown as { query: QueryFn }).query = (first: unknown, ...rest: unknown[]) => {
    count(first);
    // pg-pool hands its first argument to the client's query as it is: mark it as counted.
    const config = typeof first === "string" ? { text: first } : first;
    if (config && typeof config === "object") sentByPool.add(config);
    return poolQuery(config, ...rest);
  };
  pool.on("connect", (client) => {
    const clientQuery = client.query.bind(client) as QueryFn;
    (client as unknown as { query: QueryFn }).query = (first: unknown, ...rest: unknown[]) => {
      if (!(first && typeof first === "object" && sentByPool.has(first))) count(first);
      return clientQuery(first, ...rest);
    };
  });
}
