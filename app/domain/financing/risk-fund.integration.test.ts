import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { createLoans } from "../../../test/factories/financing";
import type { Actor } from "../shared/actor";
import { Money } from "../shared/money";
import { actOnPledgeApplication } from "./act-on-pledge-application.server";
import { getRiskFund, topUpRiskFund } from "./risk-fund.server";

/** The bank of a loan made by the factory (an org without members), acting through an API key. */
const bankActor = (orgId: string): Actor => ({ userId: null, apiKeyId: null, orgId, orgKind: "BANK", orgStatus: "ACTIVE", role: "MEMBER" });

async function move(actor: Actor, id: string, action: Parameters<typeof actOnPledgeApplication>[2], fields: object = {}) {
  const { version } = await db.pledgeApplication.findUniqueOrThrow({ where: { id } });
  return actOnPledgeApplication(actor, id, action, { version, ...fields });
}

/** A loan of `disbursed` fen defaulted with all of it outstanding, ready for the bank's claim. */
async function defaulted(disbursedFen: bigint) {
  const { bankId, applicationIds } = await createLoans({ approvedAmountFen: disbursedFen });
  const bank = bankActor(bankId);
  const yuan = Money.fromFen(disbursedFen).toYuanString();
  await move(bank, applicationIds[0], "declare-default", { date: "2026-06-01", outstandingPrincipal: yuan });
  return { bank, id: applicationIds[0] };
}

const balance = async (gov: Actor) => (await getRiskFund(gov, { page: 1, pageSize: 100 })).balance;

describe("the county risk-compensation fund", () => {
  it("pays no more than its balance: the shortfall falls to the bank, flagged; concurrent claims never overdraw it", async () => {
    const gov = await actorOf("GOVERNMENT");
    const a = await defaulted(50_000_000n);
    const b = await defaulted(50_000_000n);
    // L = 500,000.00 each: the fund owes 100,000.00 on each but holds 150,000.00.
    await topUpRiskFund(gov, { amount: "150000.00", note: "测试注资" });
    await Promise.all([move(a.bank, a.id, "claim-compensation"), move(b.bank, b.id, "claim-compensation")]);
    const shares = await db.lossShare.findMany({ where: { applicationId: { in: [a.id, b.id] } }, orderBy: { createdAt: "asc" } });
    expect(shares.map((s) => [s.insurerFen, s.fundFen, s.bankFen, s.flags])).toEqual([
      [30_000_000n, 10_000_000n, 10_000_000n, []],
      [30_000_000n, 5_000_000n, 15_000_000n, ["FUND_SHORTFALL"]],
    ]);
    expect(await balance(gov)).toBe("0.00");
    const ledger = (await getRiskFund(gov, { page: 1, pageSize: 100 })).entries.map((e) => [e.kind, e.amount, e.balanceAfter]);
    expect(ledger).toEqual([
      ["COMPENSATION", "-50000.00", "0.00"],
      ["COMPENSATION", "-100000.00", "50000.00"],
      ["TOP_UP", "150000.00", "150000.00"],
    ]);
    expect(await db.pledgeApplication.count({ where: { id: { in: [a.id, b.id] }, status: "COMPENSATED" } })).toBe(2);
  });

  it("pays at most its per-loan cap (1,000,000.00): the excess falls to the bank, flagged", async () => {
    const gov = await actorOf("GOVERNMENT");
    await topUpRiskFund(gov, { amount: "5000000.00" });
    // L = 6,000,000.00: insurer 3,600,000.00; the fund's 0.20·L = 1,200,000.00 is capped at 1,000,000.00.
    const loan = await defaulted(600_000_000n);
    await move(loan.bank, loan.id, "claim-compensation");
    expect(await db.lossShare.findUniqueOrThrow({ where: { applicationId: loan.id } })).toMatchObject({
      lossFen: 600_000_000n,
      insurerFen: 360_000_000n,
      fundDueFen: 120_000_000n,
      fundFen: 100_000_000n,
      bankFen: 140_000_000n,
      flags: ["FUND_CAPPED"],
      policyVersion: "ZS-FIN@2024-1",
    });
  });

  it("refuses a top-up by anyone but GOVERNMENT and a bad amount, changing nothing", async () => {
    const gov = await actorOf("GOVERNMENT");
    const bank = await actorOf("BANK");
    const before = await balance(gov);
    await expect(topUpRiskFund(bank, { amount: "100.00" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const amount of ["0", "-1.00", "1.005", "abc"]) await expect(topUpRiskFund(gov, { amount })).rejects.toThrow();
    expect(await balance(gov)).toBe(before);
    await expect(getRiskFund(bank)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
