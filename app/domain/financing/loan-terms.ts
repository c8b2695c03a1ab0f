import { Money, Ratio } from "../shared/money";
import type { FinancingPolicy } from "./policy";
import type { PledgeAssetType } from "~/generated/prisma/enums";

export type AppraisedAsset = { assetType: PledgeAssetType; appraisedValue: Money };

/**
 * Loan cap (SPEC §8): min(requested, Σ appraised value × max pledge rate of its type).
 * Each line is rounded half-up to the fen (as every computed line is), then summed; the
 * cap applies after rounding.
 */
export function loanCap(assets: readonly AppraisedAsset[], requested: Money, policy: Pick<FinancingPolicy, "maxPledgeRates">): Money {
  const pledgeable = Money.sum(assets.map((a) => a.appraisedValue.times(policy.maxPledgeRates[a.assetType])));
  return Money.min(requested, pledgeable);
}

/** An asset of the application form: its kind as the SME declares it, and the value it expects (not stored). */
export type DeclaredAsset = { kind: "PATENT" | "TRADEMARK" | "GI_MARK"; patentType: "INVENTION" | "UTILITY_MODEL" | "DESIGN" | null; declaredValue: string };

/**
 * The estimate the application form shows before anything is appraised: the loan cap
 * rule applied to the values the SME declares (SPEC §8), labelled as an estimate on the
 * page. Rows without a valid value or (for a patent) without a known type are left out;
 * null when nothing can be estimated. Pure: the form computes it as the SME types.
 */
export function estimatedLoanCap(assets: readonly DeclaredAsset[], requested: string, policy: Pick<FinancingPolicy, "maxPledgeRates">): Money | null {
  const valued = assets.flatMap((a): AppraisedAsset[] => {
    const text = a.declaredValue.trim();
    if (!Money.isYuan(text) || !Money.parseYuan(text).isPositive()) return [];
    const assetType = a.kind === "PATENT" ? a.patentType : a.kind;
    return assetType ? [{ assetType, appraisedValue: Money.parseYuan(text) }] : [];
  });
  if (valued.length === 0) return null;
  const requestedText = requested.trim();
  // Without a valid amount requested, the cap is what the assets carry.
  const ceiling = Money.isYuan(requestedText) && Money.parseYuan(requestedText).isPositive() ? Money.parseYuan(requestedText) : Money.fromFen(10n ** 17n);
  return loanCap(valued, ceiling, policy);
}

/** Premium (SPEC §8): approved amount × premium rate × term months / 12, rounded once. */
export function premium(approved: Money, premiumRate: string, termMonths: number): Money {
  return approved.times(premiumRate, Ratio.of(termMonths, 12));
}
