import { Ratio } from "../shared/money";
import { premiumRateEligible, rateEligible } from "../subsidies/rules";
import type { FinancingPolicy } from "./policy";

/**
 * What a bank or an insurer must know before it quotes (SPEC §8): an annual rate above
 * multiple × LPR costs the SME its interest subsidy, a premium rate above the premium
 * limit its premium subsidy. The eligibility rules are the subsidies' own (rules.ts);
 * this gives the limits as the forms show them and the warning for a typed rate. Pure,
 * and safe in the browser (the forms warn as the rate is typed).
 */

export type SubsidyLimits = {
  /** The highest annual rate that keeps the interest subsidy (lpr × maxRateOverLpr), a decimal string. */
  interestRate: string;
  /** The highest premium rate that keeps the premium subsidy, a decimal string. */
  premiumRate: string;
  lpr: string;
  maxRateOverLpr: string;
  policyRef: string;
};

type LimitRules = Pick<FinancingPolicy, "lpr" | "interestSubsidy" | "premiumSubsidy" | "ref">;

export function subsidyLimitsOf(policy: LimitRules): SubsidyLimits {
  return {
    interestRate: Ratio.parse(policy.lpr).times(Ratio.parse(policy.interestSubsidy.maxRateOverLpr)).toDecimalString(2),
    premiumRate: policy.premiumSubsidy.maxPremiumRate,
    lpr: policy.lpr,
    maxRateOverLpr: policy.interestSubsidy.maxRateOverLpr,
    policyRef: policy.ref,
  };
}

/** The rate the bank is about to approve loses the SME's interest subsidy (at the limit it keeps it). */
export function losesInterestSubsidy(annualRate: string, limits: Pick<SubsidyLimits, "lpr" | "maxRateOverLpr">): boolean {
  return !rateEligible(annualRate, { lpr: limits.lpr, interestSubsidy: { maxRateOverLpr: limits.maxRateOverLpr } as FinancingPolicy["interestSubsidy"] });
}

/** The premium rate the insurer is about to quote loses the SME's premium subsidy (at the limit it keeps it). */
export function losesPremiumSubsidy(premiumRate: string, limits: Pick<SubsidyLimits, "premiumRate">): boolean {
  return !premiumRateEligible(premiumRate, { premiumSubsidy: { maxPremiumRate: limits.premiumRate } as FinancingPolicy["premiumSubsidy"] });
}
