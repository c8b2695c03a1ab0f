import { Money, Ratio } from "../shared/money";

/**
 * Sane appraisal bids (SPEC §7, issue 15): a bid above a policy-set multiple of the job's
 * reference fee is refused (¥999,999,999,999 against ¥8,000 was a typo or a trap); a bid
 * far from the market — below 0.2 × or above 3 × the reference fee — is accepted but
 * carries a warning the SME and the bank see next to it. Pure: the same rule for the bid
 * form, API v1 and the job's view.
 */

/** Below this share of the reference fee a bid is far below the market. */
export const FAR_BELOW_SHARE = "0.2";
/** Above this multiple of the reference fee a bid is far above the market. */
export const FAR_ABOVE_MULTIPLE = "3";

export const BID_WARNINGS = ["FAR_BELOW_MARKET", "FAR_ABOVE_MARKET"] as const;
export type BidWarning = (typeof BID_WARNINGS)[number];

/** The warnings in Chinese (the page translates the same codes through its catalogue). */
export const BID_WARNING_MESSAGES: Record<BidWarning, string> = {
  FAR_BELOW_MARKET: `报价远低于参考费用（不足 ${FAR_BELOW_SHARE} 倍）`,
  FAR_ABOVE_MARKET: `报价远高于参考费用（超过 ${FAR_ABOVE_MULTIPLE} 倍）`,
};

/**
 * The highest fee a bid may ask: the reference fee × the policy's multiple (half-up to
 * the fen). Null when the job has no reference fee to measure against (a zero fee set by
 * policy): then nothing is refused by this rule.
 */
export function bidCeiling(referenceFee: Money, multiple: string): Money | null {
  return referenceFee.isPositive() ? referenceFee.times(multiple) : null;
}

/** Why `fee` cannot be bid, or null: above the ceiling (the ceiling itself is allowed). */
export function bidFeeError(fee: Money, ceiling: Money | null, multiple: string): string | null {
  if (ceiling === null || fee.compare(ceiling) <= 0) return null;
  return `报价不能超过 ${ceiling.format()}（参考评估费的 ${multiple} 倍）`;
}

/** Whether `fee` lies far from the market: strictly below 0.2 × or strictly above 3 × the reference fee. */
export function bidWarning(fee: Money, referenceFee: Money): BidWarning | null {
  if (!referenceFee.isPositive()) return null;
  const share = fee.ratioTo(referenceFee);
  if (share.compare(Ratio.parse(FAR_BELOW_SHARE)) < 0) return "FAR_BELOW_MARKET";
  if (share.compare(Ratio.parse(FAR_ABOVE_MULTIPLE)) > 0) return "FAR_ABOVE_MARKET";
  return null;
}
