import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "~/utils/db.server";
import { actorOf } from "../../../test/factories/patents";
import { createLoans } from "../../../test/factories/financing";
import { addMonths, shanghaiDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { awardSubsidy } from "../subsidies/award-subsidy.server";
import { DEFAULT_POLICY_DOCUMENT, DEFAULT_POLICY_REF } from "./policy";
import { getPolicy, getPolicyInForce, listPolicyVersions, publishPolicyVersion } from "./policy-store.server";

const today = shanghaiDate(new Date());
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The default document with a different premium-subsidy ratio. */
function documentWithPremiumRatio(ratio: string) {
  const doc = structuredClone(DEFAULT_POLICY_DOCUMENT);
  doc.rules.premiumSubsidy.ratio = ratio;
  doc.sources.premiumSubsidy = "县政府 2026 年第 3 号文：保费补贴比例调整";
  return doc;
}

/** A premium paid today on a fresh loan, and the award the subsidy worker's use case makes for it. */
async function premiumAward(smeId: string) {
  const { applicationIds, insurerId } = await createLoans({ smeId });
  const payment = await db.payment.create({
    data: { applicationId: applicationIds[0], kind: "PREMIUM", payerId: smeId, payeeId: insurerId, amountFen: 1_700_000n, method: "OFFLINE", status: "PAID", paidAt: new Date() },
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
    const refused = await publishPolicyVersion(gov, bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ZodError);
    expect((refused as ZodError).issues.map((i) => i.path.join(".")).sort()).toEqual(["rules.lossSharing.countyFund", "rules.lpr", "sources.countyFund"]);
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
