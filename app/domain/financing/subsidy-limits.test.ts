import { describe, expect, it } from "vitest";
import { DEFAULT_FINANCING_POLICY as policy } from "./policy";
import { losesInterestSubsidy, losesPremiumSubsidy, subsidyLimitsOf } from "./subsidy-limits";

const limits = subsidyLimitsOf(policy);

describe("subsidy limits of the policy in force", () => {
  it("are 1.4 × LPR = 0.042 for the annual rate and 0.05 for the premium rate (ZS-FIN@2024-1)", () => {
    expect(limits).toMatchObject({ interestRate: "0.042", premiumRate: "0.05", policyRef: "ZS-FIN@2024-1" });
  });

  it("follow another version's LPR and multiple exactly", () => {
    const other = subsidyLimitsOf({ ...policy, lpr: "0.0345", interestSubsidy: { ...policy.interestSubsidy, maxRateOverLpr: "1.3" }, ref: "ZS-FIN@2026-1" });
    expect(other.interestRate).toBe("0.04485");
    expect(losesInterestSubsidy("0.04485", other)).toBe(false);
    expect(losesInterestSubsidy("0.044851", other)).toBe(true);
  });
});

describe("losesInterestSubsidy", () => {
  it.each([
    ["0.0385", false],
    ["0.042", false],
    ["0.0420", false],
    ["0.042000", false],
    ["0.0421", true],
    ["0.042001", true],
    ["0.05", true],
  ])("annual rate %s → loses: %s", (rate, loses) => {
    expect(losesInterestSubsidy(rate, limits)).toBe(loses);
  });
});

describe("losesPremiumSubsidy", () => {
  it.each([
    ["0.02", false],
    ["0.05", false],
    ["0.0500", false],
    ["0.0501", true],
    ["0.050001", true],
    ["0.2", true],
  ])("premium rate %s → loses: %s", (rate, loses) => {
    expect(losesPremiumSubsidy(rate, limits)).toBe(loses);
  });
});
