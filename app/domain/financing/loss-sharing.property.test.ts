import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { lossShares, shareBackRecovery } from "./loss-sharing";
import { DEFAULT_FINANCING_POLICY as policy, type FinancingPolicy } from "./policy";

/**
 * Property tests of loss sharing on default (SPEC §8): the shares always sum to L exactly
 * and none is negative; the county fund never pays more than its per-loan cap nor its
 * balance, and the flags say exactly when those bind; a later recovery is shared back
 * without losing or inventing a fen. Expectations are recomputed on bigints.
 */

const m = (f: bigint) => Money.fromFen(f);
const fen = (min: bigint, max: bigint) => fc.bigInt({ min, max });
/** Half-up rounding of f × num / den, f ≥ 0, den > 0. */
const halfUp = (f: bigint, num: bigint, den: bigint) => (f * num * 2n + den) / (2n * den);
const min = (...xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
const max = (...xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));

const CAP = Money.parseYuan(policy.countyFund.capPerLoan).fen;

/** Outstanding principal, recoveries and fund balance: up to 100,000,000.00, balances sometimes negative. */
const scenario = fc.record({
  outstanding: fen(0n, 10n ** 10n),
  recovered: fc.oneof(fen(0n, 10n ** 6n), fen(0n, 10n ** 10n)),
  fundBalance: fc.oneof(fen(-(10n ** 6n), 10n ** 6n), fen(0n, 2n * CAP), fen(0n, 10n ** 10n)),
});

/** A decimal share with ≤ 6 places as scaled integer (× 10^6) and text. */
const text6 = (scaled: bigint) => `${scaled / 1_000_000n}.${String(scaled % 1_000_000n).padStart(6, "0")}`;

function checkShares(input: { outstanding: bigint; recovered: bigint; fundBalance: bigint }, p: Pick<FinancingPolicy, "lossSharing" | "countyFund">, ratios: { insurer: bigint; fund: bigint; cap: bigint }) {
  const s = lossShares({ outstanding: m(input.outstanding), recovered: m(input.recovered), fundBalance: m(input.fundBalance) }, p);
  const loss = max(0n, input.outstanding - input.recovered);
  const balance = max(0n, input.fundBalance);
  const fundDue = halfUp(loss, ratios.fund, 1_000_000n);

  expect(s.loss.fen).toBe(loss);
  expect(s.insurer.fen).toBe(halfUp(loss, ratios.insurer, 1_000_000n));
  expect(s.fundDue.fen).toBe(fundDue);
  // the shares sum to L exactly
  expect(s.insurer.fen + s.fund.fen + s.bank.fen).toBe(loss);
  // the fund pays its due up to the cap and the balance, never more
  expect(s.fund.fen).toBe(min(fundDue, ratios.cap, balance));
  expect(s.fund.fen <= ratios.cap).toBe(true);
  expect(s.fund.fen <= balance).toBe(true);
  // flags exactly when the cap / the balance bind
  const capped = fundDue > ratios.cap;
  const short = min(fundDue, ratios.cap) > balance;
  expect(s.flags).toEqual([...(capped ? ["FUND_CAPPED"] : []), ...(short ? ["FUND_SHORTFALL"] : [])]);
  return s;
}

describe("lossShares with the default policy (60:20:20, cap 1,000,000.00)", () => {
  it("sums to L exactly, no share is negative, the fund stays within cap and balance, flags exactly when binding", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const s = checkShares(input, policy, { insurer: 600_000n, fund: 200_000n, cap: CAP });
        for (const share of [s.loss, s.insurer, s.fundDue, s.fund, s.bank]) expect(share.isNegative()).toBe(false);
        // what the fund does not pay, the bank bears
        expect(s.bank.fen).toBe(s.loss.fen - s.insurer.fen - s.fund.fen);
        expect(s.bank.fen >= s.loss.fen - s.insurer.fen - s.fundDue.fen).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("binds the cap and the balance in the corner cases (exactly at, one fen over)", () => {
    // L = 5,000,000.00 makes the fund's due exactly the cap; a few fen either side round to the cap or cross it
    const corners = [5n * 10n ** 8n - 1n, 5n * 10n ** 8n, 5n * 10n ** 8n + 1n, 5n * 10n ** 8n + 3n, 5n * 10n ** 8n + 5n];
    fc.assert(
      fc.property(fc.constantFrom(...corners), fc.constantFrom(CAP - 1n, CAP, CAP + 1n, 0n, -1n), (outstanding, fundBalance) => {
        checkShares({ outstanding, recovered: 0n, fundBalance }, policy, { insurer: 600_000n, fund: 200_000n, cap: CAP });
      }),
    );
  });
});

describe("lossShares with any published policy", () => {
  /** Shares the schema accepts with insurer + fund < 1 (strictly: the bank keeps a positive ratio). */
  const ratiosBelowOne = fc
    .tuple(fen(0n, 1_000_000n), fen(0n, 1_000_000n))
    .filter(([a, b]) => a + b < 1_000_000n)
    .map(([insurer, fund]) => ({ insurer, fund }));

  it("sums to L, no share is negative, fund within cap and balance, flags exact (insurer + fund < 1)", () => {
    fc.assert(
      fc.property(scenario, ratiosBelowOne, fen(0n, 10n ** 9n), (input, ratios, cap) => {
        const p = { lossSharing: { insurer: text6(ratios.insurer), countyFund: text6(ratios.fund) }, countyFund: { capPerLoan: m(cap).toYuanString() } };
        const s = checkShares(input, p, { ...ratios, cap });
        for (const share of [s.insurer, s.fund, s.bank]) expect(share.isNegative()).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("still sums to L when insurer + fund = 1 exactly (the schema allows it)", () => {
    fc.assert(
      fc.property(scenario, fen(0n, 1_000_000n), (input, insurer) => {
        const ratios = { insurer, fund: 1_000_000n - insurer, cap: 10n ** 12n };
        const p = { lossSharing: { insurer: text6(ratios.insurer), countyFund: text6(ratios.fund) }, countyFund: { capPerLoan: m(ratios.cap).toYuanString() } };
        checkShares(input, p, ratios);
      }),
    );
  });

  // Insurer + fund = 1 is allowed: both shares round half-up, so the fund takes at most what the insurer leaves.
  it("never gives the bank a negative share, also when insurer + fund = 1 (0.50 / 0.50, odd-fen L)", () => {
    const p = { lossSharing: { insurer: "0.50", countyFund: "0.50" }, countyFund: { capPerLoan: "1000000.00" } };
    fc.assert(
      fc.property(fen(0n, 10n ** 8n), (k) => {
        const s = lossShares({ outstanding: m(2n * k + 1n), recovered: Money.zero, fundBalance: m(10n ** 12n) }, p);
        expect(s.bank.isNegative()).toBe(false);
      }),
    );
  });
});

describe("shareBackRecovery", () => {
  it("splits any recovery into parts that sum to it exactly, each in the proportion borne, none negative (default policy)", () => {
    fc.assert(
      fc.property(scenario, fen(0n, 10n ** 10n), (input, amount) => {
        const s = lossShares({ outstanding: m(input.outstanding), recovered: m(input.recovered), fundBalance: m(input.fundBalance) }, policy);
        const back = shareBackRecovery(m(amount), s);
        expect(back.insurer.fen + back.fund.fen + back.bank.fen).toBe(amount);
        if (s.loss.isPositive()) {
          expect(back.insurer.fen).toBe(halfUp(amount, s.insurer.fen, s.loss.fen));
          expect(back.fund.fen).toBe(halfUp(amount, s.fund.fen, s.loss.fen));
        } else {
          expect(back.bank.fen).toBe(amount);
        }
        for (const part of [back.insurer, back.fund, back.bank]) expect(part.isNegative()).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  // When the recorded shares leave the bank nothing (insurer 0.01 + fund 0.01 of L 0.02), a 0.01
  // recovery would round both parts up: the fund's part is limited to what the insurer leaves.
  it("never gives the bank a negative part of a recovery, also when the bank bore nothing", () => {
    fc.assert(
      fc.property(fen(1n, 10n ** 8n), fen(0n, 10n ** 8n), (half, k) => {
        const shares = { loss: m(2n * half), insurer: m(half), fund: m(half) };
        const back = shareBackRecovery(m(2n * k + 1n), shares);
        expect(back.bank.isNegative()).toBe(false);
      }),
    );
  });

  it("sums to the recovery for any recorded shares, and gives it all to the bank when nothing was lost", () => {
    const shares = fc
      .record({ loss: fen(-(10n ** 6n), 10n ** 10n), a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }) })
      .map(({ loss, a, b }) => {
        const positive = loss > 0n ? loss : 0n;
        const insurer = (positive * BigInt(Math.floor(a * 1000))) / 1000n;
        const fund = ((positive - insurer) * BigInt(Math.floor(b * 1000))) / 1000n;
        return { loss: m(loss), insurer: m(insurer), fund: m(fund) };
      });
    fc.assert(
      fc.property(shares, fen(-(10n ** 8n), 10n ** 10n), (s, amount) => {
        const back = shareBackRecovery(m(amount), s);
        expect(back.insurer.fen + back.fund.fen + back.bank.fen).toBe(amount);
        if (!s.loss.isPositive()) expect(back).toEqual({ insurer: Money.zero, fund: Money.zero, bank: m(amount) });
      }),
    );
  });
});
