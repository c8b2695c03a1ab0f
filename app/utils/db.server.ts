import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { countStatementsOn } from "./sql-count.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Connection = { pool: pg.Pool; client: PrismaClient };
const globalForDb = globalThis as unknown as { __ipbDb?: Connection };

/**
 * pg 8.x deprecates queueing a query on a client that is still running one (removed in
 * pg 9). Prisma's pg adapter sends a transaction's independent queries on its one client
 * and pg runs them in order, so nothing is wrong — but Node prints the notice once per
 * process, on every start, and it reads like a failure. Exactly that notice is dropped;
 * every other warning is printed as before.
 */
const PG_QUEUE_NOTICE = "Calling client.query() when the client is already executing a query";
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === "string" ? warning : warning?.message;
  if (text?.includes(PG_QUEUE_NOTICE)) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

function connect(): Connection {
  // One pool per process, shared by Prisma and by the few prepared statements below.
  const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 10 });
  if (getEnv().IPB_COUNT_SQL) countStatementsOn(pool);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { pool, client };
}

const connection = (globalForDb.__ipbDb ??= connect());

/** One client per process (kept across dev reloads). */
export const db: PrismaClient = connection.client;

/**
 * A read that every request makes, as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of on every call (for a join, planning costs several
 * times what running it does; ADR 0006). Prisma sends every query unnamed, so it would
 * plan each time. Runs outside any Prisma transaction: use it only for reads that need none.
 * `name` must be unique per statement text.
 */
export async function queryPrepared<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await connection.pool.query<Row>({ name, text, values });
  return result.rows;
}

export async function disconnectDb() {
  await db.$disconnect();
}
