import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { lossShares } from "../financing/loss-sharing";
import { loanCap, premium } from "../financing/loan-terms";
import { DEFAULT_FINANCING_POLICY as policy, type FinancingPolicy } from "../financing/policy";
import { appraisalFeeSubsidy, applyBudget, interestSubsidy, premiumRateEligible, premiumSubsidy, rateEligible, windowEnd } from "./rules";

const yuan = Money.parseYuan;
const text = (m: Money) => m.toYuanString();

/** A repayment inside the window of a loan disbursed on 2026-03-01 at the worked example's rate. */
const repayment = (over: Partial<Parameters<typeof interestSubsidy>[0]> = {}) => ({
  interest: yuan("2817.99"),
  annualRate: "0.0385",
  disbursedOn: "2026-03-01",
  paidOn: "2026-04-01",
  awardedThisYear: Money.zero,
  ...over,
});

describe("SPEC §8 worked example", () => {
  it("holds exactly with the default policy ZS-FIN@2024-1", () => {
    expect(policy.ref).toBe("ZS-FIN@2024-1");

    // invention 3,000,000.00 × 0.25 + utility model 800,000.00 × 0.15 → loan cap 870,000.00
    const assets = [
      { assetType: "INVENTION" as const, appraisedValue: yuan("3000000.00") },
      { assetType: "UTILITY_MODEL" as const, appraisedValue: yuan("800000.00") },
    ];
    expect(text(loanCap(assets, yuan("870000.00"), policy))).toBe("870000.00");
    expect(text(loanCap(assets, yuan("1000000.00"), policy))).toBe("870000.00");
    expect(text(loanCap(assets, yuan("99999999.99"), policy))).toBe("870000.00");

    // bank approves 850,000.00 at 0.0385 for 12 months; insurer rate 0.02 → premium 17,000.00
    const approved = yuan("850000.00");
    expect(approved.compare(loanCap(assets, yuan("1000000.00"), policy))).toBeLessThanOrEqual(0);
    const prem = premium(approved, "0.02", 12);
    expect(text(prem)).toBe("17000.00");

    // premium subsidy 0.50 × 17,000.00 → 8,500.00
    expect(premiumRateEligible("0.02", policy)).toBe(true);
    const ps = premiumSubsidy({ premiumPaid: prem, premiumRate: "0.02", awardedThisYear: Money.zero }, policy);
    expect(text(ps.computed)).toBe("8500.00");
    expect(ps.flags).toEqual([]);

    // appraisal fee 12,000.00 → subsidy 12,000.00 at disbursement
    const af = appraisalFeeSubsidy({ feePaid: yuan("12000.00") }, policy);
    expect(text(af.computed)).toBe("12000.00");
    expect(af.flags).toEqual([]);

    // 0.0385 ≤ 1.4 × 0.0300 = 0.0420: eligible; interest 2,817.99 × 0.50 = 1,408.995 → 1,409.00
    expect(rateEligible("0.0385", policy)).toBe(true);
    const is = interestSubsidy(repayment(), policy);
    expect(text(is.computed)).toBe("1409.00");
    expect(is.computed.fen).toBe(140_900n);
    expect(is.flags).toEqual([]);

    // the eligibility bound is inclusive at 0.0420 and 0.0421 earns nothing
    expect(rateEligible("0.0420", policy)).toBe(true);
    expect(rateEligible("0.042", policy)).toBe(true);
    expect(rateEligible("0.0421", policy)).toBe(false);
    const atBound = interestSubsidy(repayment({ annualRate: "0.0420" }), policy);
    expect(text(atBound.computed)).toBe("1409.00");
    expect(atBound.flags).toEqual([]);
    const above = interestSubsidy(repayment({ annualRate: "0.0421" }), policy);
    expect(above.computed.isZero()).toBe(true);
    expect(above.flags).toEqual(["RATE_INELIGIBLE"]);

    // default: outstanding 600,000.00, recoveries 100,000.00 → L 500,000.00 = 300,000 + 100,000 + 100,000
    const shares = lossShares({ outstanding: yuan("600000.00"), recovered: yuan("100000.00"), fundBalance: yuan("5000000.00") }, policy);
    expect(text(shares.loss)).toBe("500000.00");
    expect(text(shares.insurer)).toBe("300000.00");
    expect(text(shares.fundDue)).toBe("100000.00");
    expect(text(shares.fund)).toBe("100000.00");
    expect(text(shares.bank)).toBe("100000.00");
    expect(shares.flags).toEqual([]);
  });
});

describe("rateEligible", () => {
  it("compares the annual rate exactly with multiple × LPR (no float error at the bound)", () => {
    expect(rateEligible("0.0300", policy)).toBe(true);
    expect(rateEligible("0", policy)).toBe(true);
    expect(rateEligible("0.041999999999", policy)).toBe(true);
    expect(rateEligible("0.042000000001", policy)).toBe(false);
    expect(rateEligible(" 0.0420 ", policy)).toBe(true);
  });

  it("follows the policy's LPR and multiple", () => {
    const other = { lpr: "0.0345", interestSubsidy: { ...policy.interestSubsidy, maxRateOverLpr: "1.3" } };
    // 1.3 × 0.0345 = 0.04485
    expect(rateEligible("0.04485", other)).toBe(true);
    expect(rateEligible("0.04486", other)).toBe(false);
  });

  it("refuses a malformed rate rather than guessing", () => {
    expect(() => rateEligible("3.85%", policy)).toThrow();
  });
});

describe("premiumRateEligible", () => {
  it("is eligible up to and including the maximum premium rate 0.05", () => {
    expect(premiumRateEligible("0.05", policy)).toBe(true);
    expect(premiumRateEligible("0.0500", policy)).toBe(true);
    expect(premiumRateEligible("0.049999", policy)).toBe(true);
    expect(premiumRateEligible("0.050001", policy)).toBe(false);
    expect(premiumRateEligible("0.06", policy)).toBe(false);
  });
});

describe("windowEnd", () => {
  it("is the disbursement date plus the window months, clamped to month ends", () => {
    expect(windowEnd("2026-03-01", 12)).toBe("2027-03-01");
    expect(windowEnd("2026-01-31", 1)).toBe("2026-02-28");
    expect(windowEnd("2024-02-29", 12)).toBe("2025-02-28");
    expect(windowEnd("2026-08-31", policy.interestSubsidy.windowMonths)).toBe("2027-08-31");
  });
});

describe("interestSubsidy", () => {
  it("counts repayments from the disbursement date to the window end, both inclusive", () => {
    expect(text(interestSubsidy(repayment({ paidOn: "2026-03-01" }), policy).computed)).toBe("1409.00");
    expect(text(interestSubsidy(repayment({ paidOn: "2027-03-01" }), policy).computed)).toBe("1409.00");
    for (const paidOn of ["2026-02-28", "2027-03-02", "2028-01-01"]) {
      const out = interestSubsidy(repayment({ paidOn }), policy);
      expect(out.computed.isZero(), paidOn).toBe(true);
      expect(out.flags, paidOn).toEqual(["OUTSIDE_WINDOW"]);
    }
  });

  it("clamps the window at month ends (disbursed 2024-02-29 → window ends 2025-02-28)", () => {
    const base = { disbursedOn: "2024-02-29" };
    expect(interestSubsidy(repayment({ ...base, paidOn: "2025-02-28" }), policy).flags).toEqual([]);
    expect(interestSubsidy(repayment({ ...base, paidOn: "2025-03-01" }), policy).flags).toEqual(["OUTSIDE_WINDOW"]);
  });

  it("earns nothing on zero or negative interest", () => {
    for (const interest of [Money.zero, yuan("-1.00")]) {
      const out = interestSubsidy(repayment({ interest }), policy);
      expect(out.computed.isZero()).toBe(true);
      expect(out.flags).toEqual(["NOTHING_PAID"]);
    }
  });

  it("checks the rate before the window and the window before the amount (one reason each)", () => {
    expect(interestSubsidy(repayment({ annualRate: "0.05", paidOn: "2030-01-01", interest: Money.zero }), policy).flags).toEqual(["RATE_INELIGIBLE"]);
    expect(interestSubsidy(repayment({ paidOn: "2030-01-01", interest: Money.zero }), policy).flags).toEqual(["OUTSIDE_WINDOW"]);
  });

  it("rounds each line half-up to the fen", () => {
    expect(text(interestSubsidy(repayment({ interest: Money.fromFen(1) }), policy).computed)).toBe("0.01");
    expect(text(interestSubsidy(repayment({ interest: Money.fromFen(3) }), policy).computed)).toBe("0.02");
    expect(text(interestSubsidy(repayment({ interest: yuan("0.02") }), policy).computed)).toBe("0.01");
  });

  it("cuts an award to what is left of the 200,000.00 yearly cap (after rounding) and flags YEARLY_CAP", () => {
    const nearly = interestSubsidy(repayment({ interest: yuan("10000.00"), awardedThisYear: yuan("199999.00") }), policy);
    expect(text(nearly.computed)).toBe("1.00");
    expect(nearly.flags).toEqual(["YEARLY_CAP"]);

    // 2,817.99 × 0.5 rounds to 1,409.00 first; exactly 1,409.00 left fits without a flag
    const exact = interestSubsidy(repayment({ awardedThisYear: yuan("198591.00") }), policy);
    expect(text(exact.computed)).toBe("1409.00");
    expect(exact.flags).toEqual([]);
    const oneFenShort = interestSubsidy(repayment({ awardedThisYear: yuan("198591.01") }), policy);
    expect(text(oneFenShort.computed)).toBe("1408.99");
    expect(oneFenShort.flags).toEqual(["YEARLY_CAP"]);

    for (const awarded of ["200000.00", "250000.00"]) {
      const spent = interestSubsidy(repayment({ awardedThisYear: yuan(awarded) }), policy);
      expect(text(spent.computed)).toBe("0.00");
      expect(spent.flags).toEqual(["YEARLY_CAP"]);
    }

    const huge = interestSubsidy(repayment({ interest: yuan("1000000.00") }), policy);
    expect(text(huge.computed)).toBe("200000.00");
    expect(huge.flags).toEqual(["YEARLY_CAP"]);
  });

  it("uses the ratio and cap of the policy version it is given", () => {
    const other: FinancingPolicy = { ...policy, interestSubsidy: { ...policy.interestSubsidy, ratio: "0.30", yearlyCapPerEnterprise: "500.00" } };
    // 2,817.99 × 0.30 = 845.397 → 845.40, capped at 500.00
    expect(text(interestSubsidy(repayment(), other).computed)).toBe("500.00");
    expect(text(interestSubsidy(repayment({ interest: yuan("1000.01") }), other).computed)).toBe("300.00"); // 300.003
  });
});

describe("premiumSubsidy", () => {
  const paid = (premiumPaid: string, over: { premiumRate?: string; awardedThisYear?: Money } = {}) =>
    premiumSubsidy({ premiumPaid: yuan(premiumPaid), premiumRate: over.premiumRate ?? "0.02", awardedThisYear: over.awardedThisYear ?? Money.zero }, policy);

  it("pays half the premium when the premium rate is at most 0.05", () => {
    expect(text(paid("17000.00").computed)).toBe("8500.00");
    expect(text(paid("17000.00", { premiumRate: "0.05" }).computed)).toBe("8500.00");
    expect(text(paid("0.03").computed)).toBe("0.02"); // 0.015 → 0.02
  });

  it("earns nothing above the maximum premium rate or without a premium", () => {
    expect(paid("17000.00", { premiumRate: "0.0501" })).toEqual({ computed: Money.zero, flags: ["PREMIUM_RATE_INELIGIBLE"] });
    expect(paid("0.00")).toEqual({ computed: Money.zero, flags: ["NOTHING_PAID"] });
  });

  it("keeps within the 20,000.00 yearly cap per enterprise", () => {
    const big = paid("50000.00");
    expect(text(big.computed)).toBe("20000.00");
    expect(big.flags).toEqual(["YEARLY_CAP"]);
    const second = paid("17000.00", { awardedThisYear: yuan("15000.00") });
    expect(text(second.computed)).toBe("5000.00");
    expect(second.flags).toEqual(["YEARLY_CAP"]);
    const fits = paid("10000.00", { awardedThisYear: yuan("15000.00") });
    expect(text(fits.computed)).toBe("5000.00");
    expect(fits.flags).toEqual([]);
  });
});

describe("appraisalFeeSubsidy", () => {
  const fee = (feePaid: string) => appraisalFeeSubsidy({ feePaid: yuan(feePaid) }, policy);

  it("pays the fee up to 50,000.00 per loan", () => {
    expect(fee("12000.00")).toEqual({ computed: yuan("12000.00"), flags: [] });
    expect(fee("50000.00")).toEqual({ computed: yuan("50000.00"), flags: [] });
    expect(fee("50000.01")).toEqual({ computed: yuan("50000.00"), flags: ["LOAN_CAP"] });
    expect(fee("0.01")).toEqual({ computed: yuan("0.01"), flags: [] });
  });

  it("earns nothing without a fee", () => {
    expect(fee("0.00")).toEqual({ computed: Money.zero, flags: ["NOTHING_PAID"] });
  });
});

describe("applyBudget", () => {
  const outcome = (computed: string, flags: Parameters<typeof applyBudget>[0]["flags"] = []) => ({ computed: yuan(computed), flags });

  it("lets an award through whole when it fits, also exactly", () => {
    expect(applyBudget(outcome("1409.00"), yuan("500000.00"))).toEqual({ amount: yuan("1409.00"), flags: [] });
    expect(applyBudget(outcome("1409.00"), yuan("1409.00"))).toEqual({ amount: yuan("1409.00"), flags: [] });
  });

  it("cuts an award larger than what is left to what is left and flags BUDGET_LIMITED", () => {
    expect(applyBudget(outcome("1409.00"), yuan("1408.99"))).toEqual({ amount: yuan("1408.99"), flags: ["BUDGET_LIMITED"] });
    expect(applyBudget(outcome("20000.00", ["YEARLY_CAP"]), yuan("100.00"))).toEqual({ amount: yuan("100.00"), flags: ["YEARLY_CAP", "BUDGET_LIMITED"] });
  });

  it("grants nothing once the budget is spent (BUDGET_EXHAUSTED), never a negative amount", () => {
    expect(applyBudget(outcome("1409.00"), Money.zero)).toEqual({ amount: Money.zero, flags: ["BUDGET_EXHAUSTED"] });
    expect(applyBudget(outcome("1409.00"), yuan("-5.00"))).toEqual({ amount: Money.zero, flags: ["BUDGET_EXHAUSTED"] });
  });

  it("passes a zero outcome through with its own reason and no budget flag", () => {
    expect(applyBudget({ computed: Money.zero, flags: ["RATE_INELIGIBLE"] }, Money.zero)).toEqual({ amount: Money.zero, flags: ["RATE_INELIGIBLE"] });
    expect(applyBudget({ computed: Money.zero, flags: ["YEARLY_CAP"] }, yuan("10.00"))).toEqual({ amount: Money.zero, flags: ["YEARLY_CAP"] });
  });

  it("does not mutate the outcome's flags", () => {
    const o = outcome("10.00", ["YEARLY_CAP"]);
    applyBudget(o, yuan("1.00"));
    expect(o.flags).toEqual(["YEARLY_CAP"]);
  });
});
