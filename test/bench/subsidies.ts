/**
 * npm run bench:subsidies — interest-subsidy awards (SPEC §8) decided by the real worker
 * process on a fresh database:
 *  - BENCH_SUBSIDIES (or the first argument; default 10,000) repayments on disbursed loans,
 *    inserted in bulk, each with its `subsidies.award` outbox row committed before the
 *    worker starts;
 *  - the worker process (`workers/index.ts`, production settings) then dispatches the
 *    outbox to BullMQ and awards one event at a time, as in production;
 *  - prints awards/s from the first dispatch to the last award, next to a no-op BullMQ
 *    job's rate on the same Redis (as bench:pipeline measures it), and their ratio;
 *  - checks exactly one award per repayment, each 0.50 × interest, and the budget's used
 *    amount equal to their sum.
 *
 *   BENCH_SUBSIDIES=1000 npm run bench:subsidies     (a quick run)
 *
 * The worker runs as its own process rather than as a Worker inside this script: that is
 * how production runs it (its own event loop, Prisma pool, the dispatcher and every
 * queue's Worker side by side, the configured concurrency of 1 for `subsidies`), and this
 * script's polling does not share its event loop.
 */
import { noopJobsPerSecond } from "./noop-rate";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { adminUrl, dropDatabase, quoteIdent, withAdmin } from "../setup/pg-admin";
import { deleteRedisKeys } from "../setup/redis-keys";

const EVENTS = Number(process.argv[2] ?? process.env.BENCH_SUBSIDIES ?? 10_000);
if (!Number.isSafeInteger(EVENTS) || EVENTS < 1) throw new Error(`BENCH_SUBSIDIES must be a positive integer, not ${process.argv[2] ?? process.env.BENCH_SUBSIDIES}`);
const YEAR = 2026;
const REPAYMENTS_PER_LOAN = 50;
const LOANS_PER_SME = 10;

async function main() {
  const database = `ipb_bench_subsidies_${randomBytes(4).toString("hex")}`;
  const redisPrefix = `ipbbench_${randomBytes(3).toString("hex")}`;
  const env = { ...process.env, DATABASE_URL: adminUrl(database), REDIS_PREFIX: redisPrefix, LOG_LEVEL: "warn" };
  Object.assign(process.env, env);
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  let worker: ChildProcess | undefined;
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "pipe" });
    const { db, disconnectDb } = await import("~/utils/db.server");
    const { createLoans, createRepayments, emitInterestAwards } = await import("../factories/financing");

    // Loans of 50 repayments, 10 loans per SME: an SME's 500 awards of at most ~100.00
    // stay far below its 200,000.00 yearly cap, and the budget is set so it cannot bind:
    // every event is a full award, decided the same way.
    const setupStarted = performance.now();
    await db.subsidyBudget.create({ data: { year: YEAR, amountFen: 100_000_000_00n } });
    const repaymentIds: string[] = [];
    for (let loan = 0; repaymentIds.length < EVENTS; ) {
      const loans = await createLoans({ count: LOANS_PER_SME, disbursedOn: `${YEAR}-01-05` });
      for (const applicationId of loans.applicationIds) {
        const count = Math.min(REPAYMENTS_PER_LOAN, EVENTS - repaymentIds.length);
        if (count === 0) break;
        const base = loan++ * REPAYMENTS_PER_LOAN;
        const ids = await createRepayments(applicationId, count, {
          paidOn: (i) => new Date(Date.UTC(YEAR, 0, 5 + i * 7)).toISOString().slice(0, 10), // 01-05 … 12-21: in the year and the 12-month window
          interestFen: (i) => 10_001n + BigInt(((base + i) * 101) % 9_000), // 100.01 … 190.00, odd and even fen
        });
        repaymentIds.push(...ids);
      }
    }
    // The events, in batches of 2,000 per transaction (emit writes one row per call).
    for (let i = 0; i < repaymentIds.length; i += 2_000) await emitInterestAwards(repaymentIds.slice(i, i + 2_000));
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      env: { ...env, NODE_ENV: "production", SESSION_SECRET: randomBytes(32).toString("hex") },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    const child = worker;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const started = performance.now();
    for (;;) {
      const awarded = await db.subsidyAward.count();
      if (awarded >= EVENTS) break;
      if (performance.now() - started > 30 * 60_000) throw new Error(`${awarded} of ${EVENTS} awards after 30 minutes`);
      if (worker.exitCode !== null) throw new Error(`the worker process exited (${worker.exitCode}) after ${awarded} awards`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Both instants as the worker recorded them: its dispatcher stamps dispatchedAt, its award insert createdAt.
    const [span] = await db.$queryRaw<{ firstDispatch: Date; lastAward: Date }[]>`
      SELECT (SELECT min("dispatchedAt") FROM "OutboxMessage" WHERE "jobName" = 'subsidies.award') AS "firstDispatch",
             (SELECT max("createdAt") FROM "SubsidyAward") AS "lastAward"`;
    const awardSeconds = (span.lastAward.getTime() - span.firstDispatch.getTime()) / 1000;
    const wallSeconds = (performance.now() - started) / 1000;

    // The checks: one award per repayment, each half its interest (half-up), used = their sum.
    const [check] = await db.$queryRaw<{ awards: bigint; events: bigint; wrong: bigint; sum: bigint; expected: bigint }[]>`
      SELECT count(*) AS awards,
             count(DISTINCT a."sourceEvent") AS events,
             count(*) FILTER (WHERE a."amountFen" <> (r."interestFen" + 1) / 2 OR cardinality(a."flags") > 0) AS wrong,
             coalesce(sum(a."amountFen"), 0)::bigint AS sum,
             coalesce(sum((r."interestFen" + 1) / 2), 0)::bigint AS expected
      FROM "SubsidyAward" a JOIN "PledgeRepayment" r ON a."sourceEvent" = 'repayment:' || r."id"`;
    const budget = await db.subsidyBudget.findUniqueOrThrow({ where: { year: YEAR } });
    const totalAwards = await db.subsidyAward.count();
    await disconnectDb();

    // A clean stop (SIGTERM), so the no-op jobs have the machine and Redis to themselves.
    if (worker.pid) process.kill(-worker.pid, "SIGTERM");
    await exited;
    const noop = await noopJobsPerSecond(`${redisPrefix}_noop`, EVENTS);
    const awardRate = EVENTS / awardSeconds;
    const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`;

    console.log(`\nbench:subsidies — ${EVENTS.toLocaleString("en")} repayment events, worker process (production settings, subsidies concurrency 1)`);
    console.log(`setup (loans, repayments, outbox rows): ${setupSeconds.toFixed(1)} s`);
    console.log(`awards: ${awardRate.toFixed(1)} awards/s (${EVENTS} in ${awardSeconds.toFixed(2)} s from the first dispatch to the last award; ${wallSeconds.toFixed(2)} s wall clock from spawning the worker)`);
    console.log(`no-op BullMQ job: ${noop.toFixed(1)} jobs/s on the same Redis (concurrency 1) — ratio awards/no-op ${(awardRate / noop).toFixed(3)}`);
    const ok = totalAwards === EVENTS && Number(check.awards) === EVENTS && Number(check.events) === EVENTS && check.wrong === 0n && check.sum === budget.usedFen && check.sum === check.expected;
    console.log(
      `check: ${totalAwards} awards (${check.events} distinct repayments, ${check.wrong} not 0.50 × interest); sum ${yuan(check.sum)} (expected ${yuan(check.expected)}), budget used ${yuan(budget.usedFen)} → ${ok ? "OK" : "FAILED"}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    if (worker?.pid && worker.exitCode === null) {
      try {
        process.kill(-worker.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 1_500));
    await dropDatabase(database);
    await deleteRedisKeys(redisPrefix);
  }
}

await main();
