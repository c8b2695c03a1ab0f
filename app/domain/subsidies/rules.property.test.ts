import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SubsidyFlag } from "~/generated/prisma/enums";
import { Money, Ratio } from "../shared/money";
import { addMonths } from "../shared/calendar";
import { DEFAULT_FINANCING_POLICY as policy, type FinancingPolicy } from "../financing/policy";
import { appraisalFeeSubsidy, applyBudget, interestSubsidy, premiumRateEligible, premiumSubsidy, rateEligible, type SubsidyOutcome } from "./rules";

/**
 * Property tests of the subsidy rules (SPEC §8) over exact fen amounts: caps are never
 * exceeded, yearly totals stay within the per-enterprise cap over any sequence of awards,
 * the budget never goes negative, and every line rounds half-up to the fen. Expectations
 * are recomputed independently on bigints.
 */

const fen = (a: bigint, b?: bigint) => (b === undefined ? fc.bigInt({ min: 0n, max: a }) : fc.bigInt({ min: a, max: b }));
const m = (f: bigint) => Money.fromFen(f);

const INTEREST_CAP = Money.parseYuan(policy.interestSubsidy.yearlyCapPerEnterprise).fen; // 200,000.00
const PREMIUM_CAP = Money.parseYuan(policy.premiumSubsidy.yearlyCapPerEnterprise).fen; // 20,000.00
const APPRAISAL_CAP = Money.parseYuan(policy.appraisalFeeSubsidy.capPerLoan).fen; // 50,000.00

/** Independent half-up rounding of f × num / den for f ≥ 0. */
const halfUp = (f: bigint, num: bigint, den: bigint) => (f * num * 2n + den) / (2n * den);
/** × 0.50, half-up. */
const half = (f: bigint) => halfUp(f, 1n, 2n);
const max0 = (x: bigint) => (x < 0n ? 0n : x);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** An eligible repayment inside the window (rate 0.0385, disbursed 2026-03-01, paid within 12 months). */
const eligibleRepayment = (interest: bigint, awardedThisYear: bigint) => ({
  interest: m(interest),
  annualRate: "0.0385",
  disbursedOn: "2026-03-01",
  paidOn: "2026-09-15",
  awardedThisYear: m(awardedThisYear),
});

/** A decimal with ≤ 6 places in [0, 1] as scaled integer and text. */
const text6 = (scaled: bigint) => `${scaled / 1_000_000n}.${String(scaled % 1_000_000n).padStart(6, "0")}`;
const fraction6 = fc.bigInt({ min: 0n, max: 1_000_000n }).map((scaled) => ({ scaled, text: text6(scaled) }));
/** A rate (× 10^6) anywhere in [0, 1], or within a few millionths of `bound`. */
const rateAroundBound = (bound: bigint) =>
  fc.oneof(fc.bigInt({ min: 0n, max: 1_000_000n }), fc.bigInt({ min: bound - 3n, max: bound + 3n })).map((scaled) => ({ scaled, text: text6(scaled) }));

describe("no single award exceeds its cap", () => {
  it("interest subsidy = min(round(0.50 × interest), cap − awarded this year), YEARLY_CAP exactly when the cap binds", () => {
    fc.assert(
      fc.property(fen(10n ** 10n), fen(3n * INTEREST_CAP), fc.integer({ min: -1, max: 2 }), (interest, randomAwarded, mode) => {
        // mode ≥ 0: what is left of the cap is exactly the raw award, one fen less or one fen more
        const awarded = mode < 0 ? randomAwarded : max0(INTEREST_CAP - half(interest) - 1n + BigInt(mode));
        const out = interestSubsidy(eligibleRepayment(interest, awarded), policy);
        if (interest === 0n) {
          expect(out).toEqual({ computed: Money.zero, flags: ["NOTHING_PAID"] });
          return;
        }
        const left = max0(INTEREST_CAP - awarded);
        expect(out.computed.fen).toBe(min(half(interest), left));
        expect(out.computed.fen <= left).toBe(true);
        expect(out.computed.isNegative()).toBe(false);
        expect(out.flags).toEqual(half(interest) > left ? ["YEARLY_CAP"] : []);
      }),
    );
  });

  it("premium subsidy = min(round(0.50 × premium), cap − awarded this year), YEARLY_CAP exactly when the cap binds", () => {
    fc.assert(
      fc.property(fen(10n ** 9n), fen(3n * PREMIUM_CAP), fc.integer({ min: -1, max: 2 }), rateAroundBound(50_000n), (premium, randomAwarded, mode, rate) => {
        const awarded = mode < 0 ? randomAwarded : max0(PREMIUM_CAP - half(premium) - 1n + BigInt(mode));
        const out = premiumSubsidy({ premiumPaid: m(premium), premiumRate: rate.text, awardedThisYear: m(awarded) }, policy);
        if (rate.scaled > 50_000n) {
          expect(out).toEqual({ computed: Money.zero, flags: ["PREMIUM_RATE_INELIGIBLE"] });
          return;
        }
        if (premium === 0n) {
          expect(out).toEqual({ computed: Money.zero, flags: ["NOTHING_PAID"] });
          return;
        }
        const left = max0(PREMIUM_CAP - awarded);
        expect(out.computed.fen).toBe(min(half(premium), left));
        expect(out.computed.fen <= left).toBe(true);
        expect(out.flags).toEqual(half(premium) > left ? ["YEARLY_CAP"] : []);
      }),
    );
  });

  it("appraisal-fee subsidy = min(fee, 50,000.00 per loan), LOAN_CAP exactly when the cap binds", () => {
    fc.assert(
      fc.property(fc.oneof(fen(10n ** 9n), fen(APPRAISAL_CAP - 2n, APPRAISAL_CAP + 2n)), (feePaid) => {
        const out = appraisalFeeSubsidy({ feePaid: m(feePaid) }, policy);
        if (feePaid === 0n) {
          expect(out.flags).toEqual(["NOTHING_PAID"]);
          return;
        }
        expect(out.computed.fen).toBe(min(feePaid, APPRAISAL_CAP));
        expect(out.computed.fen <= APPRAISAL_CAP).toBe(true);
        expect(out.flags).toEqual(feePaid > APPRAISAL_CAP ? ["LOAN_CAP"] : []);
      }),
    );
  });

  it("holds for any policy's ratio and cap: computed = min(half-up(amount × ratio), cap − awarded)", () => {
    fc.assert(
      fc.property(fen(10n ** 10n), fen(10n ** 8n), fen(2n * 10n ** 8n), fraction6, (amount, cap, awarded, ratio) => {
        const capText = m(cap).toYuanString();
        const custom: FinancingPolicy = {
          ...policy,
          interestSubsidy: { ...policy.interestSubsidy, ratio: ratio.text, yearlyCapPerEnterprise: capText },
          premiumSubsidy: { ...policy.premiumSubsidy, ratio: ratio.text, yearlyCapPerEnterprise: capText },
        };
        const raw = halfUp(amount, ratio.scaled, 1_000_000n);
        const left = max0(cap - awarded);
        const interest = interestSubsidy(eligibleRepayment(amount, awarded), custom);
        const premium = premiumSubsidy({ premiumPaid: m(amount), premiumRate: "0.01", awardedThisYear: m(awarded) }, custom);
        for (const out of [interest, premium]) {
          if (amount === 0n) {
            expect(out.flags).toEqual(["NOTHING_PAID"]);
            continue;
          }
          expect(out.computed.fen).toBe(min(raw, left));
          expect(out.flags).toEqual(raw > left ? ["YEARLY_CAP"] : []);
        }
      }),
    );
  });
});

describe("a year of awards to one enterprise", () => {
  it("never totals more than the yearly cap when each award is fed back into awardedThisYear (interest and premium)", () => {
    fc.assert(
      fc.property(fc.array(fen(3n * 10n ** 7n), { maxLength: 40 }), fc.array(fen(3n * 10n ** 6n), { maxLength: 40 }), (interests, premiums) => {
        let interestTotal = 0n;
        let rawInterest = 0n;
        for (const interest of interests) {
          const out = interestSubsidy(eligibleRepayment(interest, interestTotal), policy);
          expect(out.computed.isNegative()).toBe(false);
          interestTotal += out.computed.fen;
          rawInterest += half(interest);
          expect(interestTotal <= INTEREST_CAP).toBe(true);
          expect(interestTotal).toBe(min(rawInterest, INTEREST_CAP));
        }
        let premiumTotal = 0n;
        let rawPremium = 0n;
        for (const premium of premiums) {
          const out = premiumSubsidy({ premiumPaid: m(premium), premiumRate: "0.02", awardedThisYear: m(premiumTotal) }, policy);
          expect(out.computed.isNegative()).toBe(false);
          premiumTotal += out.computed.fen;
          rawPremium += half(premium);
          expect(premiumTotal <= PREMIUM_CAP).toBe(true);
          expect(premiumTotal).toBe(min(rawPremium, PREMIUM_CAP));
        }
      }),
    );
  });

  it("stays within the cap when what the budget granted (not what was computed) is fed back", () => {
    const event = fc.record({ enterprise: fc.integer({ min: 0, max: 3 }), interest: fen(2n * 10n ** 7n) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fen(10n ** 8n), (events, budget) => {
        const awarded = new Map<number, bigint>();
        let remaining = budget;
        for (const e of events) {
          const out = interestSubsidy(eligibleRepayment(e.interest, awarded.get(e.enterprise) ?? 0n), policy);
          const granted = applyBudget(out, m(remaining));
          remaining -= granted.amount.fen;
          awarded.set(e.enterprise, (awarded.get(e.enterprise) ?? 0n) + granted.amount.fen);
          expect(remaining >= 0n).toBe(true);
          expect(awarded.get(e.enterprise)! <= INTEREST_CAP).toBe(true);
        }
      }),
    );
  });
});

describe("the year's budget", () => {
  const flagsArb = fc.subarray<SubsidyFlag>(["YEARLY_CAP", "LOAN_CAP"]);
  const outcomeArb = fc.record({ computed: fen(10n ** 7n), flags: flagsArb }).map(({ computed, flags }): SubsidyOutcome => ({ computed: m(computed), flags }));

  it("never goes below zero, grants min(budget, Σ computed) in total, and limits at most one award", () => {
    fc.assert(
      fc.property(fc.array(outcomeArb, { maxLength: 60 }), fen(10n ** 8n), fc.option(fc.nat(), { nil: undefined }), (outcomes, randomBudget, prefix) => {
        // sometimes the budget is exactly what the first awards add up to: an exact fit
        const budget = prefix === undefined ? randomBudget : outcomes.slice(0, prefix % (outcomes.length + 1)).reduce((a, o) => a + o.computed.fen, 0n);
        let remaining = m(budget);
        let granted = 0n;
        let computed = 0n;
        let limited = 0;
        let spentBefore = budget === 0n;
        for (const outcome of outcomes) {
          const result = applyBudget(outcome, remaining);
          expect(result.amount.isNegative()).toBe(false);
          expect(result.amount.compare(outcome.computed)).toBeLessThanOrEqual(0);
          expect(result.amount.compare(remaining)).toBeLessThanOrEqual(0);
          // the outcome's own flags are kept, in order, before any budget flag
          expect(result.flags.slice(0, outcome.flags.length)).toEqual(outcome.flags);
          const budgetFlags = result.flags.slice(outcome.flags.length);
          if (!outcome.computed.isPositive()) expect(budgetFlags).toEqual([]);
          else if (outcome.computed.compare(remaining) <= 0) expect(budgetFlags).toEqual([]);
          else if (remaining.isPositive()) expect(budgetFlags).toEqual(["BUDGET_LIMITED"]);
          else expect(budgetFlags).toEqual(["BUDGET_EXHAUSTED"]);
          if (spentBefore && outcome.computed.isPositive()) expect(result.amount.isZero()).toBe(true);

          if (budgetFlags.includes("BUDGET_LIMITED")) limited++;
          remaining = remaining.minus(result.amount);
          granted += result.amount.fen;
          computed += outcome.computed.fen;
          expect(remaining.isNegative()).toBe(false);
          if (remaining.isZero()) spentBefore = true;
        }
        expect(granted).toBe(min(budget, computed));
        expect(remaining.fen).toBe(budget - granted);
        expect(limited).toBeLessThanOrEqual(1);
        if (limited === 1) expect(remaining.isZero()).toBe(true);
      }),
    );
  });
});

describe("half-up rounding to the fen", () => {
  it("gives odd-fen interest × 0.50 the upper fen (k + 0.5 fen → k + 1 fen) and even fen exactly half", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 7n }), (k) => {
        expect(interestSubsidy(eligibleRepayment(2n * k + 1n, 0n), policy).computed.fen).toBe(k + 1n);
        if (k > 0n) expect(interestSubsidy(eligibleRepayment(2n * k, 0n), policy).computed.fen).toBe(k);
        expect(premiumSubsidy({ premiumPaid: m(2n * k + 1n), premiumRate: "0.05", awardedThisYear: Money.zero }, policy).computed.fen).toBe(min(k + 1n, PREMIUM_CAP));
      }),
    );
  });

  it("rounds every tie (like 1,408.995) up: an odd-fen interest gives (interest + 1) / 2 fen", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 19_999_999n }), (k) => {
        const interest = 2n * k + 1n;
        const out = interestSubsidy(eligibleRepayment(interest, 0n), policy);
        // the exact half is k + 0.5 fen: a tie, which goes up
        expect(out.computed.fen * 2n).toBe(interest + 1n);
        expect(out.computed.compare(m(interest).times(Ratio.of(1, 2)))).toBe(0);
      }),
    );
  });
});

describe("eligibility", () => {
  it("rateEligible is exactly rate ≤ 1.4 × LPR (0.042000) at 6-decimal resolution", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 200_000n }), fc.bigInt({ min: 41_997n, max: 42_003n })), (scaled) => {
        const text = `0.${String(scaled).padStart(6, "0")}`;
        expect(rateEligible(text, policy)).toBe(scaled <= 42_000n);
        const out = interestSubsidy({ ...eligibleRepayment(100n, 0n), annualRate: text }, policy);
        expect(out.flags.includes("RATE_INELIGIBLE")).toBe(scaled > 42_000n);
      }),
    );
  });

  it("rateEligible follows any policy's LPR and multiple exactly", () => {
    fc.assert(
      fc.property(fraction6, fc.bigInt({ min: 0n, max: 5_000_000n }), fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: -2, max: 2 })), (lpr, multipleScaled, rateChoice) => {
        const p = { lpr: lpr.text, interestSubsidy: { ...policy.interestSubsidy, maxRateOverLpr: text6(multipleScaled) } };
        // the rate × 10^12: random in [0, 1], or the bound lpr × multiple itself give or take a 10^-12
        const bound = lpr.scaled * multipleScaled;
        const rate12 = typeof rateChoice === "bigint" ? rateChoice : max0(bound + BigInt(rateChoice));
        const rateText = `${rate12 / 10n ** 12n}.${String(rate12 % 10n ** 12n).padStart(12, "0")}`;
        expect(rateEligible(rateText, p)).toBe(rate12 <= bound);
      }),
    );
  });

  it("premiumRateEligible is exactly premium rate ≤ 0.05", () => {
    fc.assert(
      fc.property(rateAroundBound(50_000n), (rate) => {
        expect(premiumRateEligible(rate.text, policy)).toBe(rate.scaled <= 50_000n);
      }),
    );
  });

  it("a repayment counts exactly when disbursedOn ≤ paidOn ≤ disbursedOn + 12 months", () => {
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: -60, max: 420 }), fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }), (start, offset, nearEnd) => {
        const disbursedOn = day(start);
        // a random day, or a day within two of the window's end (or of the disbursement date)
        const endOffset = Math.round((Date.parse(addMonths(disbursedOn, 12)) - Date.parse(disbursedOn)) / 86_400_000);
        const paidOn = day(start + (nearEnd === undefined ? offset : offset % 2 === 0 ? endOffset + nearEnd : nearEnd));
        const inside = paidOn >= disbursedOn && paidOn <= addMonths(disbursedOn, 12);
        const out = interestSubsidy({ ...eligibleRepayment(1000n, 0n), disbursedOn, paidOn }, policy);
        expect(out.flags).toEqual(inside ? [] : ["OUTSIDE_WINDOW"]);
        expect(out.computed.fen).toBe(inside ? 500n : 0n);
      }),
    );
  });
});
