import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { createLoans } from "../../../test/factories/financing";
import { addMonths, shanghaiDate } from "../shared/calendar";
import { clock, fixedClock, pinClock, setClock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { awardSubsidy } from "../subsidies/award-subsidy.server";
import { DEFAULT_POLICY_DOCUMENT, DEFAULT_POLICY_REF } from "./policy";
import { getPolicy, getPolicyInForce, listPolicyVersions, publishPolicyVersion } from "./policy-store.server";

// These tests run on a day of their own (mid-June, Asia/Shanghai), whatever today's date
// or IPB_NOW: "next month" is then in the same year. The new-year case is the last describe.
const PINNED_AT = "2026-06-15T10:00:00+08:00";
const today = "2026-06-15";
const yesterday = "2026-06-14";
let unpin: () => void;
beforeAll(() => {
  unpin = pinClock(PINNED_AT);
});
afterAll(() => unpin());

/** The default document with a different premium-subsidy ratio. */
function documentWithPremiumRatio(ratio: string) {
  const doc = structuredClone(DEFAULT_POLICY_DOCUMENT);
  doc.rules.premiumSubsidy.ratio = ratio;
  doc.sources.premiumSubsidy = "县政府 2026 年第 3 号文：保费补贴比例调整";
  return doc;
}

/** A premium paid now (by the application's clock) on a fresh loan, and the award the subsidy worker's use case makes for it. */
async function premiumAward(smeId: string) {
  const { applicationIds, insurerId } = await createLoans({ smeId });
  const payment = await db.payment.create({
    data: { applicationId: applicationIds[0], kind: "PREMIUM", payerId: smeId, payeeId: insurerId, amountFen: 1_700_000n, method: "OFFLINE", status: "PAID", paidAt: clock.now() },
  });
  return (await awardSubsidy({ kind: "PREMIUM", applicationId: applicationIds[0], sourceEvent: `payment:${payment.id}` })).award;
}

describe("financing policy versions", () => {
  it("seeds ZS-FIN@2024-1 on first use and serves it as the version in force", async () => {
    const policy = await getPolicyInForce();
    expect(policy).toMatchObject({ ref: DEFAULT_POLICY_REF, effectiveFrom: "2024-01-01", lpr: "0.0300", premiumSubsidy: { ratio: "0.50" } });
    expect(policy.sources.lpr).toContain("LPR");
    expect(await getPolicy(DEFAULT_POLICY_REF)).toBe(policy);
  });

  it("refuses publishing by anyone but GOVERNMENT, a date in the past and a bad document, writing nothing", async () => {
    const before = await db.financingPolicyVersion.count();
    const sme = await actorOf("SME");
    const gov = await actorOf("GOVERNMENT");
    const input = { effectiveFrom: today, note: "调整保费补贴比例", ...documentWithPremiumRatio("0.40") };
    await expect(publishPolicyVersion(sme, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(publishPolicyVersion(gov, { ...input, effectiveFrom: yesterday })).rejects.toSatisfy((e) => e instanceof DomainError && Boolean(e.fieldErrors?.effectiveFrom));
    const bad = structuredClone(input);
    bad.rules.lossSharing = { insurer: "0.90", countyFund: "0.20" };
    bad.rules.lpr = "3%";
    bad.sources.countyFund = " ";
    bad.effectiveFrom = "9999-12-31";
    // Every bad field at once: the document's and the date's (at most two years ahead).
    const refused = await publishPolicyVersion(gov, bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(Object.keys((refused as DomainError).fieldErrors ?? {}).sort()).toEqual(["effectiveFrom", "rules.lossSharing.countyFund", "rules.lpr", "sources.countyFund"]);
    expect(await db.financingPolicyVersion.count()).toBe(before);
  });

  it("governs new awards from its effective date; an award already made keeps its version and amount", async () => {
    const gov = await actorOf("GOVERNMENT");
    const sme = await actorOf("SME");
    const old = await premiumAward(sme.orgId);
    expect(old).toMatchObject({ amountFen: 850_000n, policyVersion: DEFAULT_POLICY_REF });

    const published = await publishPolicyVersion(gov, { effectiveFrom: today, note: "调整保费补贴比例", ...documentWithPremiumRatio("0.40") });
    const year = today.slice(0, 4);
    expect(published.ref).toMatch(new RegExp(`^ZS-FIN@${year}-\\d+$`));
    expect((await getPolicyInForce(today)).ref).toBe(published.ref);
    expect((await getPolicyInForce(yesterday)).ref).toBe(DEFAULT_POLICY_REF);
    const versions = await listPolicyVersions();
    expect(versions.find((v) => v.inForce)?.ref).toBe(published.ref);
    // Published on the application's day (the pinned one), not the machine's.
    expect(versions.find((v) => v.ref === published.ref)?.publishedAt.slice(0, 10)).toBe(today);

    // A second version the same year takes the next number; one effective next month is not yet in force.
    const later = await publishPolicyVersion(gov, { effectiveFrom: addMonths(today, 1), note: "下月起执行", ...documentWithPremiumRatio("0.30") });
    expect(Number(later.version.split("-")[1])).toBe(Number(published.version.split("-")[1]) + 1);
    expect((await getPolicyInForce(today)).ref).toBe(published.ref);

    const fresh = await premiumAward(sme.orgId);
    // 17,000.00 × 0.40 = 6,800.00 under the new version; this SME's yearly cap (20,000.00) still has room.
    expect(fresh).toMatchObject({ amountFen: 680_000n, policyVersion: published.ref });
    expect(await db.subsidyAward.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ amountFen: 850_000n, policyVersion: DEFAULT_POLICY_REF });
  });

  it("never edits a published version, even in SQL", async () => {
    await getPolicyInForce();
    await expect(db.$executeRaw`UPDATE "FinancingPolicyVersion" SET "note" = 'changed' WHERE "ref" = ${DEFAULT_POLICY_REF}`).rejects.toThrow(/never edited/);
    expect((await db.financingPolicyVersion.findUniqueOrThrow({ where: { ref: DEFAULT_POLICY_REF } })).note).not.toBe("changed");
  });
});

describe("a policy published around the new year (Asia/Shanghai)", () => {
  // The same case, one minute apart: GOVERNMENT publishes a version effective today and
  // one effective next month, and an SME pays a premium. What the year decides (the
  // version's number, the version in force, the award's budget year, which date counts as
  // back-dating) must follow the county's calendar, not the machine's.
  async function runCase(at: string) {
    const restore = setClock(fixedClock(new Date(at)));
    try {
      const gov = await actorOf("GOVERNMENT");
      const sme = await actorOf("SME");
      const day = shanghaiDate(clock.now());
      const input = (effectiveFrom: string, ratio: string) => ({ effectiveFrom, note: "年末调整", ...documentWithPremiumRatio(ratio) });
      const backDated = await publishPolicyVersion(gov, input("2026-12-30", "0.40")).catch((e: unknown) => e);
      const lastDayOf2026 = await publishPolicyVersion(gov, input("2026-12-31", "0.40")).catch((e: unknown) => e);
      const todays = lastDayOf2026 instanceof DomainError ? await publishPolicyVersion(gov, input(day, "0.40")) : (lastDayOf2026 as Awaited<ReturnType<typeof publishPolicyVersion>>);
      const nextMonth = await publishPolicyVersion(gov, input(addMonths(day, 1), "0.30"));
      const award = await premiumAward(sme.orgId);
      return {
        day,
        backDatedRefused: backDated instanceof DomainError && Boolean(backDated.fieldErrors?.effectiveFrom),
        dec31Refused: lastDayOf2026 instanceof DomainError && Boolean(lastDayOf2026.fieldErrors?.effectiveFrom),
        todays: { ref: todays.ref, effectiveFrom: todays.effectiveFrom },
        nextMonth: { ref: nextMonth.ref, effectiveFrom: nextMonth.effectiveFrom },
        inForce: (await getPolicyInForce()).ref,
        award: { year: award.year, eventOn: award.eventOn.toISOString().slice(0, 10), policyVersion: award.policyVersion, amountFen: award.amountFen },
      };
    } finally {
      restore();
    }
  }

  it("numbers, applies and dates by the year of the instant: 2026-12-31 23:59 and 2027-01-01 00:00", async () => {
    expect(await runCase("2026-12-31T23:59:00+08:00")).toEqual({
      day: "2026-12-31",
      backDatedRefused: true,
      dec31Refused: false,
      // June's tests above took ZS-FIN@2026-1 and -2.
      todays: { ref: "ZS-FIN@2026-3", effectiveFrom: "2026-12-31" },
      nextMonth: { ref: "ZS-FIN@2027-1", effectiveFrom: "2027-01-31" },
      inForce: "ZS-FIN@2026-3",
      award: { year: 2026, eventOn: "2026-12-31", policyVersion: "ZS-FIN@2026-3", amountFen: 680_000n },
    });
    expect(await runCase("2027-01-01T00:00:00+08:00")).toEqual({
      day: "2027-01-01",
      backDatedRefused: true,
      // One minute later the last day of 2026 is in the past: publishing for it would back-date.
      dec31Refused: true,
      // 2027's second version: the first is the one published a minute ago for 31 January.
      todays: { ref: "ZS-FIN@2027-2", effectiveFrom: "2027-01-01" },
      nextMonth: { ref: "ZS-FIN@2027-3", effectiveFrom: "2027-02-01" },
      inForce: "ZS-FIN@2027-2",
      award: { year: 2027, eventOn: "2027-01-01", policyVersion: "ZS-FIN@2027-2", amountFen: 680_000n },
    });
  });
});
