import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before app/utils/db.server.ts creates the pool: this file's process counts (and logs) statements.
vi.hoisted(() => {
  process.env.IPB_COUNT_SQL = "log";
});

import { createApiKey } from "~/domain/identity/api-key-create.server";
import { systemActor } from "~/domain/shared/actor";
import { db, queryPrepared } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { newSqlTally, withSqlTally } from "~/utils/sql-count.server";
import { actorOf } from "../test/factories/patents";
import { startTestServer, type TestServer } from "../test/setup/http";
import { SQL_STATEMENTS_HEADER } from "./sql-count";

/** What `work` sends, counted in its own tally. */
async function tallyOf(work: () => Promise<unknown>) {
  const tally = newSqlTally({ log: true });
  await withSqlTally(tally, work);
  return { count: tally.statements, sql: tally.log ?? [] };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("IPB_COUNT_SQL: statements counted per request", () => {
  it("is off unless set to 1 or log", () => {
    const setting = (value?: string) => parseEnv({ NODE_ENV: "test", ...(value === undefined ? {} : { IPB_COUNT_SQL: value }) }).IPB_COUNT_SQL;
    expect(setting()).toBeNull();
    expect(setting("0")).toBeNull();
    expect(setting("1")).toBe("count");
    expect(setting("log")).toBe("log");
    expect(() => setting("yes")).toThrow(/IPB_COUNT_SQL/);
  });

  it("counts Prisma's statements outside and inside an interactive transaction, BEGIN and COMMIT included", async () => {
    const { count, sql } = await tallyOf(async () => {
      await db.organization.count();
      await db.$transaction(async (tx) => {
        await tx.organization.count();
        await tx.$executeRaw`SELECT 1`;
      });
    });
    expect(count).toBe(5);
    expect(sql[0]).toMatch(/^SELECT COUNT/i);
    expect(sql.slice(1)).toEqual(["BEGIN", expect.stringMatching(/^SELECT COUNT/i), "SELECT 1", "COMMIT"]);
  });

  it("counts the ROLLBACK of a transaction that fails, and queryPrepared", async () => {
    const { count, sql } = await tallyOf(async () => {
      await db
        .$transaction(async (tx) => {
          await tx.$executeRaw`SELECT 1`;
          throw new Error("refused");
        })
        .catch(() => {});
      await queryPrepared("sql_count_test_v1", "SELECT $1::int AS n", [1]);
    });
    expect(sql).toEqual(["BEGIN", "SELECT 1", "ROLLBACK", "SELECT $1::int AS n"]);
    expect(count).toBe(4);
  });

  it("gives each statement to the request that sent it while requests queue for the pool's 10 connections", async () => {
    // pg-pool runs a queued pool.query from the callback of whichever request released a
    // connection: 60 tallies at once, each with its own known number of statements.
    const expected = Array.from({ length: 60 }, (_, i) => (i % 5) + 1);
    const counts = await Promise.all(
      expected.map((n, i) =>
        tallyOf(async () => {
          if (i % 2 === 0) {
            for (let k = 0; k < n; k++) await db.$executeRaw`SELECT pg_sleep(0.002)`;
          } else {
            // n statements: BEGIN, n - 2 (at least one) inside, COMMIT; n = 1 or 2 outside a transaction.
            if (n <= 2) await Promise.all(Array.from({ length: n }, () => db.organization.count()));
            else await db.$transaction(async (tx) => { for (let k = 0; k < n - 2; k++) await tx.$executeRaw`SELECT pg_sleep(0.002)`; });
          }
        }).then((t) => t.count),
      ),
    );
    expect(counts).toEqual(expected);
    // And nothing counts where no tally is open.
    await db.organization.count();
  });

  it("answers every request with X-SQL-Statements", async () => {
    const health = await server.fetch("/healthz");
    expect(health.status).toBe(200);
    expect(health.headers.get(SQL_STATEMENTS_HEADER)).toBe("1");

    const sme = await actorOf("SME");
    const { key } = await createApiKey(systemActor(), { orgId: sme.orgId, name: "count" });
    const me = () => server.fetch("/api/v1/me", { headers: { Authorization: `Bearer ${key}` } });
    const first = await me();
    const second = await me();
    expect([first.status, second.status]).toEqual([200, 200]);
    // The same request sends the same statements, the first use of a key included: its
    // lastUsedAt write is part of the one statement that authenticates it.
    const [a, b] = [Number(first.headers.get(SQL_STATEMENTS_HEADER)), Number(second.headers.get(SQL_STATEMENTS_HEADER))];
    const { count: direct } = await tallyOf(async () => {
      const { authenticateApiKey } = await import("~/domain/identity/api-key-auth.server");
      const { getMe } = await import("~/domain/identity/org-queries.server");
      const principal = await authenticateApiKey(key);
      await getMe(principal!.actor);
    });
    expect(b).toBeGreaterThan(0);
    expect(a).toBe(b);
    expect(b).toBe(direct);

    const refused = await server.fetch("/api/v1/me", { headers: { Authorization: "Bearer ipb_unknownkeyunknownkeyunknownkey00" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get(SQL_STATEMENTS_HEADER)).toBe("0"); // a malformed key is refused before any lookup
  });
});
