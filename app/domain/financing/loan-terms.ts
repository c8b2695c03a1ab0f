import { Money, Ratio } from "../shared/money";
import type { FinancingPolicy } from "./policy";
import type { PledgeAssetType } from "~/generated/prisma/enums";

export type AppraisedAsset = { assetType: PledgeAssetType; appraisedValue: Money };

/**
 * Loan cap (SPEC §8): min(requested, Σ appraised value × max pledge rate of its type).
 * Each line is rounded half-up to the fen (as every computed line is), then summed; the
 * cap applies after rounding.
 */
export function loanCap(assets: readonly AppraisedAsset[], requested: Money, policy: FinancingPolicy): Money {
  const pledgeable = Money.sum(assets.map((a) => a.appraisedValue.times(policy.maxPledgeRates[a.assetType])));
  return Money.min(requested, pledgeable);
}

/** Premium (SPEC §8): approved amount × premium rate × term months / 12, rounded once. */
export function premium(approved: Money, premiumRate: string, termMonths: number): Money {
  return approved.times(premiumRate, Ratio.of(termMonths, 12));
}
