import type { SubsidyFlag } from "~/generated/prisma/enums";
import { Money, Ratio } from "../shared/money";
import type { FinancingPolicy } from "../financing/policy";
import { addMonths } from "../shared/calendar";

/**
 * The subsidy rules of SPEC §8 as pure functions over exact money: what an event earns
 * by the policy in force on its date, before the year's budget; then what the budget
 * lets through. Each line rounds half-up to the fen; caps apply after rounding.
 */

export type SubsidyOutcome = { computed: Money; flags: SubsidyFlag[] };

type Rules = Pick<FinancingPolicy, "lpr" | "interestSubsidy" | "premiumSubsidy" | "appraisalFeeSubsidy">;

const nothing = (flag: SubsidyFlag): SubsidyOutcome => ({ computed: Money.zero, flags: [flag] });

/** The loan's rate qualifies for interest subsidy: annual rate ≤ multiple × LPR. */
export function rateEligible(annualRate: string, policy: Pick<FinancingPolicy, "lpr" | "interestSubsidy">): boolean {
  const limit = Ratio.parse(policy.lpr).times(Ratio.parse(policy.interestSubsidy.maxRateOverLpr));
  return Ratio.parse(annualRate).compare(limit) <= 0;
}

/** The premium rate qualifies for premium subsidy. */
export function premiumRateEligible(premiumRate: string, policy: Pick<FinancingPolicy, "premiumSubsidy">): boolean {
  return Ratio.parse(premiumRate).compare(Ratio.parse(policy.premiumSubsidy.maxPremiumRate)) <= 0;
}

/** The last day a repayment still counts: the disbursement date plus the window, clamped to month ends. */
export function windowEnd(disbursedOn: string, windowMonths: number): string {
  return addMonths(disbursedOn, windowMonths);
}

/** What is left of a yearly per-enterprise cap after this year's earlier awards of the kind. */
function withinYearlyCap(raw: Money, cap: Money, awardedThisYear: Money): SubsidyOutcome {
  const left = Money.max(Money.zero, cap.minus(awardedThisYear));
  return raw.compare(left) > 0 ? { computed: left, flags: ["YEARLY_CAP"] } : { computed: raw, flags: [] };
}

/**
 * Interest subsidy on one repayment: ratio × interest paid, when the loan's rate is
 * eligible and the repayment falls within the window after disbursement (both dates
 * inclusive), up to the yearly per-enterprise cap.
 */
export function interestSubsidy(
  input: { interest: Money; annualRate: string; disbursedOn: string; paidOn: string; awardedThisYear: Money },
  policy: Rules,
): SubsidyOutcome {
  const r = policy.interestSubsidy;
  if (!rateEligible(input.annualRate, policy)) return nothing("RATE_INELIGIBLE");
  if (input.paidOn < input.disbursedOn || input.paidOn > windowEnd(input.disbursedOn, r.windowMonths)) return nothing("OUTSIDE_WINDOW");
  if (!input.interest.isPositive()) return nothing("NOTHING_PAID");
  return withinYearlyCap(input.interest.times(r.ratio), Money.parseYuan(r.yearlyCapPerEnterprise), input.awardedThisYear);
}

/** Premium subsidy: ratio × premium paid when the premium rate is eligible, up to the yearly per-enterprise cap. */
export function premiumSubsidy(input: { premiumPaid: Money; premiumRate: string; awardedThisYear: Money }, policy: Rules): SubsidyOutcome {
  const r = policy.premiumSubsidy;
  if (!premiumRateEligible(input.premiumRate, policy)) return nothing("PREMIUM_RATE_INELIGIBLE");
  if (!input.premiumPaid.isPositive()) return nothing("NOTHING_PAID");
  return withinYearlyCap(input.premiumPaid.times(r.ratio), Money.parseYuan(r.yearlyCapPerEnterprise), input.awardedThisYear);
}

/** Appraisal-fee subsidy at disbursement: min(fee paid, cap per loan). */
export function appraisalFeeSubsidy(input: { feePaid: Money }, policy: Rules): SubsidyOutcome {
  if (!input.feePaid.isPositive()) return nothing("NOTHING_PAID");
  const cap = Money.parseYuan(policy.appraisalFeeSubsidy.capPerLoan);
  return input.feePaid.compare(cap) > 0 ? { computed: cap, flags: ["LOAN_CAP"] } : { computed: input.feePaid, flags: [] };
}

/**
 * What the year's budget lets through: all of it, or what is left (BUDGET_LIMITED), or
 * nothing once the budget is spent (BUDGET_EXHAUSTED). The balance never goes negative.
 */
export function applyBudget(outcome: SubsidyOutcome, remaining: Money): { amount: Money; flags: SubsidyFlag[] } {
  if (!outcome.computed.isPositive()) return { amount: Money.zero, flags: outcome.flags };
  if (outcome.computed.compare(remaining) <= 0) return { amount: outcome.computed, flags: outcome.flags };
  if (remaining.isPositive()) return { amount: remaining, flags: [...outcome.flags, "BUDGET_LIMITED"] };
  return { amount: Money.zero, flags: [...outcome.flags, "BUDGET_EXHAUSTED"] };
}
