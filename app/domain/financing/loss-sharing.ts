import type { LossShareFlag } from "~/generated/prisma/enums";
import { Money } from "../shared/money";
import type { FinancingPolicy } from "./policy";

export type LossShares = {
  /** L = outstanding principal − recoveries (never below zero). */
  loss: Money;
  insurer: Money;
  /** What the county fund owes by its ratio, before its per-loan cap and its balance. */
  fundDue: Money;
  fund: Money;
  bank: Money;
  flags: LossShareFlag[];
};

/**
 * Loss sharing on default (SPEC §8): the insurer and the county fund take their ratios of
 * L, each rounded half-up to the fen; the fund pays no more than its per-loan cap nor its
 * balance, and what it cannot pay falls to the bank (flagged); the bank bears the rest, so
 * the shares always sum to L exactly.
 */
export function lossShares(input: { outstanding: Money; recovered: Money; fundBalance: Money }, policy: Pick<FinancingPolicy, "lossSharing" | "countyFund">): LossShares {
  const loss = Money.max(Money.zero, input.outstanding.minus(input.recovered));
  const insurer = loss.times(policy.lossSharing.insurer);
  const fundDue = loss.times(policy.lossSharing.countyFund);
  const cap = Money.parseYuan(policy.countyFund.capPerLoan);
  const flags: LossShareFlag[] = [];
  // Both ratios round half-up: when they add up to 1 the two could exceed L by a fen; the fund takes at most what the insurer leaves.
  let fund = Money.min(fundDue, loss.minus(insurer));
  if (fund.compare(cap) > 0) {
    fund = cap;
    flags.push("FUND_CAPPED");
  }
  const balance = Money.max(Money.zero, input.fundBalance);
  if (fund.compare(balance) > 0) {
    fund = balance;
    flags.push("FUND_SHORTFALL");
  }
  return { loss, insurer, fundDue, fund, bank: loss.minus(insurer).minus(fund), flags };
}

/**
 * A recovery after compensation, shared back in the proportions the loss was actually
 * borne in (insurer / L and fund / L, each rounded half-up; the bank the rest). With no
 * loss to share, the bank keeps it all.
 */
export function shareBackRecovery(amount: Money, shares: { loss: Money; insurer: Money; fund: Money }): { insurer: Money; fund: Money; bank: Money } {
  if (!shares.loss.isPositive()) return { insurer: Money.zero, fund: Money.zero, bank: amount };
  const insurer = amount.times(shares.insurer.ratioTo(shares.loss));
  const fund = Money.min(amount.times(shares.fund.ratioTo(shares.loss)), amount.minus(insurer));
  return { insurer, fund, bank: amount.minus(insurer).minus(fund) };
}
