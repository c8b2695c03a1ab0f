// Subsidy awards against the year's budget (SPEC §8) on real PostgreSQL and Redis: 50
// concurrent awards for a budget that covers 30½, replays that never pay twice (called
// directly and delivered again through the outbox and BullMQ), the rate and window rules,
// and the real worker process killed with SIGKILL in the middle of 1,000 repayment events.
// Each test draws on its own budget year, so the tests do not depend on one another.
import { afterAll, describe, expect, it } from "vitest";
import type { SubsidyAward } from "~/generated/prisma/client";
import { closeQueues, getQueue } from "~/domain/shared/queue-producer.server";
import { Money } from "~/domain/shared/money";
import { db } from "~/utils/db.server";
import { createLoans, createRepayments, emitInterestAwards, interestEventOf } from "../../../test/factories/financing";
import { killWorkerProcesses, startWorkerProcess } from "../../../test/fixtures/worker-process";
import { waitFor } from "../../../test/setup/wait-for";
import { awardSubsidy } from "./award-subsidy.server";

const POLICY = "ZS-FIN@2024-1";

/** 0.50 × interest, rounded half-up to the fen — computed here without the Money type. */
const halfUp = (interestFen: bigint) => (interestFen + 1n) / 2n;

/** A calendar date plus `days`. */
function plusDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function awardsOfYear(year: number): Promise<SubsidyAward[]> {
  return db.subsidyAward.findMany({ where: { year }, orderBy: { id: "asc" } });
}

const sumFen = (awards: { amountFen: bigint }[]) => awards.reduce((s, a) => s + a.amountFen, 0n);

/** The events of `count` repayments for each application. */
async function repaymentEvents(applicationIds: string[], perApplication: number, rows: Parameters<typeof createRepayments>[2]) {
  const events: ReturnType<typeof interestEventOf>[] = [];
  for (const applicationId of applicationIds) {
    for (const id of await createRepayments(applicationId, perApplication, rows)) events.push(interestEventOf({ id, applicationId }));
  }
  return events;
}

describe("awardSubsidy against the year's budget", () => {
  it("50 concurrent awards against a budget that covers 30: the budget is spent exactly, never more; a replay changes nothing", async () => {
    const year = 2026;
    const A = 100_000n; // one award: 1,000.00 = 0.50 × interest 2,000.00
    const budgetFen = 30n * A + A / 2n; // 30,500.00
    await db.subsidyBudget.create({ data: { year, amountFen: budgetFen } });
    // One SME for all 50 events (5 loans × 10 repayments): its yearly cap of 200,000.00
    // is far above the 30,500.00 the budget can ever grant, so only the budget binds.
    const loans = await createLoans({ count: 5, disbursedOn: "2026-01-10" });
    const events = await repaymentEvents(loans.applicationIds, 10, { paidOn: (i) => plusDays("2026-02-10", i * 7), interestFen: 2n * A });
    expect(events).toHaveLength(50);

    const first = await Promise.all(events.map((e) => awardSubsidy(e)));
    expect(first.every((r) => r.created)).toBe(true);

    const awards = await awardsOfYear(year);
    expect(awards).toHaveLength(50);
    expect(new Set(awards.map((a) => a.sourceEvent))).toEqual(new Set(events.map((e) => e.sourceEvent)));
    expect(awards.every((a) => a.kind === "INTEREST" && a.baseFen === 2n * A && a.computedFen === A && a.policyVersion === POLICY && a.smeId === loans.smeId)).toBe(true);

    const full = awards.filter((a) => a.amountFen === A);
    const limited = awards.filter((a) => a.flags.includes("BUDGET_LIMITED"));
    const exhausted = awards.filter((a) => a.flags.includes("BUDGET_EXHAUSTED"));
    expect(full).toHaveLength(30);
    expect(full.every((a) => a.flags.length === 0 && a.status === "UNPAID")).toBe(true);
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ amountFen: A / 2n, computedFen: A, flags: ["BUDGET_LIMITED"], status: "UNPAID" });
    expect(exhausted).toHaveLength(19);
    expect(exhausted.every((a) => a.amountFen === 0n && a.computedFen === A && a.status === "NONE" && a.flags.length === 1)).toBe(true);

    // Decided one at a time under the budget lock: every full award before the cut one, every empty one after it.
    const lastFull = Math.max(...full.map((a) => a.createdAt.getTime()));
    const firstEmpty = Math.min(...exhausted.map((a) => a.createdAt.getTime()));
    expect(limited[0].createdAt.getTime()).toBeGreaterThanOrEqual(lastFull);
    expect(limited[0].createdAt.getTime()).toBeLessThanOrEqual(firstEmpty);

    const budget = await db.subsidyBudget.findUniqueOrThrow({ where: { year } });
    expect(budget.amountFen).toBe(budgetFen);
    expect(budget.usedFen).toBe(budgetFen);
    expect(sumFen(awards)).toBe(budgetFen);
    expect(Money.fromFen(budget.amountFen - budget.usedFen).toYuanString()).toBe("0.00");
    const audited = () => db.auditEvent.count({ where: { action: "subsidy.award", orgId: loans.smeId } });
    expect(await audited()).toBe(50);

    // Every event delivered again, all at once: the awards it already made come back, nothing is written.
    const replay = await Promise.all(events.map((e) => awardSubsidy(e)));
    expect(replay.every((r) => !r.created)).toBe(true);
    expect(replay.map((r) => r.award.id)).toEqual(first.map((r) => r.award.id));
    expect(await awardsOfYear(year)).toEqual(awards);
    expect(await db.subsidyBudget.findUniqueOrThrow({ where: { year } })).toEqual(budget);
    expect(await audited()).toBe(50);
  });

  it("an event delivered three times at once is awarded once (and a year's budget opens at the policy default)", async () => {
    const year = 2027;
    const loans = await createLoans({ count: 2, disbursedOn: "2027-01-05" });
    const events = await repaymentEvents(loans.applicationIds, 10, { paidOn: (i) => plusDays("2027-02-01", i * 10), interestFen: (i) => 281_799n + BigInt(i) });
    const repayments = await db.pledgeRepayment.findMany({ where: { applicationId: { in: loans.applicationIds } } });
    const interestOf = new Map(repayments.map((r) => [`repayment:${r.id}`, r.interestFen]));

    const deliveries = [...events, ...events, ...events];
    const results = await Promise.all(deliveries.map((e) => awardSubsidy(e)));

    const awards = await awardsOfYear(year);
    expect(awards).toHaveLength(20);
    for (const award of awards) {
      const mine = results.filter((r) => r.award.sourceEvent === award.sourceEvent);
      expect(mine).toHaveLength(3);
      expect(mine.filter((r) => r.created)).toHaveLength(1);
      expect(mine.every((r) => r.award.id === award.id)).toBe(true);
      expect(award.amountFen).toBe(halfUp(interestOf.get(award.sourceEvent)!));
    }
    // No budget row for the year yet: the first award opened it at the policy's default.
    const budget = await db.subsidyBudget.findUniqueOrThrow({ where: { year } });
    expect(budget).toMatchObject({ amountFen: 50_000_000n, policyVersion: POLICY, usedFen: sumFen(awards) });
  });

  it("pays interest subsidy up to 1.4 × LPR (0.0420), not at 0.0421", async () => {
    const at = (annualRate: string, smeId?: string) => createLoans({ annualRate, disbursedOn: "2030-01-15", smeId });
    const eligible = await at("0.0420");
    const ineligible = await at("0.0421", eligible.smeId);
    const rows = { paidOn: "2030-06-15", interestFen: 281_799n }; // the SPEC §8 example: 2,817.99
    const [paid] = await repaymentEvents(eligible.applicationIds, 1, rows);
    const [refused] = await repaymentEvents(ineligible.applicationIds, 1, rows);

    const { award: yes } = await awardSubsidy(paid);
    const { award: no } = await awardSubsidy(refused);
    expect(yes).toMatchObject({ baseFen: 281_799n, computedFen: 140_900n, amountFen: 140_900n, flags: [], status: "UNPAID", policyVersion: POLICY });
    expect(Money.fromFen(yes.amountFen).toYuanString()).toBe("1409.00"); // 1,408.995 rounds up
    expect(no).toMatchObject({ baseFen: 281_799n, computedFen: 0n, amountFen: 0n, flags: ["RATE_INELIGIBLE"], status: "NONE", policyVersion: POLICY });
  });

  it("pays for repayments within 12 months of disbursement (the last day included), not the day after", async () => {
    const loans = await createLoans({ disbursedOn: "2030-01-15" });
    const [lastDay, dayAfter] = await repaymentEvents(loans.applicationIds, 2, { paidOn: (i) => (i === 0 ? "2031-01-15" : "2031-01-16"), interestFen: 100_001n });

    const { award: inside } = await awardSubsidy(lastDay);
    const { award: outside } = await awardSubsidy(dayAfter);
    expect(inside).toMatchObject({ year: 2031, computedFen: 50_001n, amountFen: 50_001n, flags: [], status: "UNPAID" });
    expect(outside).toMatchObject({ year: 2031, baseFen: 100_001n, computedFen: 0n, amountFen: 0n, flags: ["OUTSIDE_WINDOW"], status: "NONE" });
    expect((await db.subsidyBudget.findUniqueOrThrow({ where: { year: 2031 } })).usedFen).toBe(50_001n);
  });
});

// ——— The real worker process (workers/index.ts), as worker-kill.integration.test.ts runs it ———

afterAll(async () => {
  killWorkerProcesses();
  await closeQueues();
});

describe("the subsidies worker killed with SIGKILL", () => {
  const YEAR = 2028;
  const EVENTS = 1_000;
  const REPLAYED = 200;

  it(`ends with exactly one award for each of ${EVENTS} repayments, also for events delivered twice`, async () => {
    // A budget that cannot bind, and 4 SMEs × 5 loans × 50 repayments: each SME gets 250
    // awards of at most ~65.00, far below its 200,000.00 yearly cap. Every award is then
    // exactly half its interest, and any double payment shows in the budget's used amount.
    await db.subsidyBudget.create({ data: { year: YEAR, amountFen: 10_000_000_000n } });
    const events: ReturnType<typeof interestEventOf>[] = [];
    for (let sme = 0; sme < 4; sme++) {
      const loans = await createLoans({ count: 5, disbursedOn: "2028-01-10" });
      events.push(
        ...(await repaymentEvents(loans.applicationIds, 50, {
          paidOn: (i) => plusDays("2028-01-10", i * 7), // up to 2028-12-24: in the year and the window
          interestFen: (i) => 10_001n + BigInt(sme * 997 + i * 101), // odd and even fen: half-up rounding shows
        })),
      );
    }
    expect(events).toHaveLength(EVENTS);
    const repaymentIds = events.map((e) => e.sourceEvent.slice("repayment:".length));
    await emitInterestAwards(repaymentIds);
    // Every fifth event emitted a second time (a producer that retried): a second job for the same event.
    await emitInterestAwards(repaymentIds.filter((_, i) => i % 5 === 0));
    const jobs = EVENTS + REPLAYED;
    expect(await db.outboxMessage.count({ where: { jobName: "subsidies.award", dispatchedAt: null } })).toBe(jobs);

    const awardCount = () => db.subsidyAward.count({ where: { year: YEAR } });
    const started = Date.now();
    const first = startWorkerProcess();
    await waitFor(async () => (await awardCount()) >= 100, { what: "the first 100 awards", intervalMs: 20 });
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull(); // killed, no clean shutdown
    const beforeKill = await awardCount();
    expect(beforeKill, `the worker finished before it could be killed:\n${first.output()}`).toBeLessThan(EVENTS);
    const leftInRedis = await getQueue("subsidies").getJobCounts("active", "wait");
    const leftInOutbox = await db.outboxMessage.count({ where: { dispatchedAt: null } });
    console.info(`killed after ${beforeKill} awards (${Date.now() - started} ms); left: ${JSON.stringify(leftInRedis)} in Redis, ${leftInOutbox} in the outbox`);

    const second = startWorkerProcess();
    await waitFor(async () => (await awardCount()) >= EVENTS, { what: `all ${EVENTS} awards`, timeoutMs: 300_000, intervalMs: 200 });
    await waitFor(
      async () => {
        if ((await db.outboxMessage.count({ where: { dispatchedAt: null } })) > 0) return false;
        const counts = await getQueue("subsidies").getJobCounts("wait", "active", "delayed", "prioritized");
        return Object.values(counts).every((n) => n === 0);
      },
      { what: "an empty outbox and an idle queue" },
    );
    console.info(`${EVENTS} awards and ${REPLAYED} replays done in ${Date.now() - started} ms`);
    second.child.kill("SIGTERM");
    expect(await second.exited, second.output()).toBe(0);

    // Exactly one award per repayment, however often its event was delivered.
    const perEvent = await db.subsidyAward.groupBy({ by: ["sourceEvent"], where: { year: YEAR }, _count: { _all: true } });
    expect(perEvent).toHaveLength(EVENTS);
    expect(perEvent.every((g) => g._count._all === 1)).toBe(true);
    expect(new Set(perEvent.map((g) => g.sourceEvent))).toEqual(new Set(events.map((e) => e.sourceEvent)));

    // Each exactly 0.50 × its interest, half-up; the budget's used amount is their sum (nothing paid twice).
    const repayments = await db.pledgeRepayment.findMany({ where: { id: { in: repaymentIds } }, select: { id: true, interestFen: true } });
    const interestOf = new Map(repayments.map((r) => [`repayment:${r.id}`, r.interestFen]));
    const awards = await awardsOfYear(YEAR);
    const wrong = awards.filter((a) => a.amountFen !== halfUp(interestOf.get(a.sourceEvent)!) || a.flags.length > 0 || a.status !== "UNPAID");
    expect(wrong).toEqual([]);
    const expectedSum = repayments.reduce((s, r) => s + halfUp(r.interestFen), 0n);
    expect(sumFen(awards)).toBe(expectedSum);
    expect((await db.subsidyBudget.findUniqueOrThrow({ where: { year: YEAR } })).usedFen).toBe(expectedSum);
    expect(await db.auditEvent.count({ where: { action: "subsidy.award", entityId: { in: [...new Set(events.map((e) => e.applicationId))] } } })).toBe(EVENTS);

    // Every delivery, first or repeated, ran to completion; none failed.
    const counts = await getQueue("subsidies").getJobCounts("completed", "failed");
    expect(counts).toEqual({ completed: jobs, failed: 0 });
  }, 600_000);
});
