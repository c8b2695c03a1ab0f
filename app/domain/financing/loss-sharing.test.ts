import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { lossShares, shareBackRecovery } from "./loss-sharing";
import { DEFAULT_FINANCING_POLICY as policy } from "./policy";

const yuan = Money.parseYuan;
const BIG_BALANCE = yuan("100000000.00");

/** The shares as yuan strings, for readable expectations. */
function shares(outstanding: string, recovered: string, fundBalance: Money = BIG_BALANCE) {
  const s = lossShares({ outstanding: yuan(outstanding), recovered: yuan(recovered), fundBalance }, policy);
  return { loss: s.loss.toYuanString(), insurer: s.insurer.toYuanString(), fundDue: s.fundDue.toYuanString(), fund: s.fund.toYuanString(), bank: s.bank.toYuanString(), flags: s.flags };
}

describe("lossShares", () => {
  it("gives the SPEC §8 worked example: L = 600,000 − 100,000 → insurer 300,000, fund 100,000, bank 100,000", () => {
    expect(shares("600000.00", "100000.00")).toEqual({
      loss: "500000.00",
      insurer: "300000.00",
      fundDue: "100000.00",
      fund: "100000.00",
      bank: "100000.00",
      flags: [],
    });
  });

  it("pays the fund's share when the balance covers it exactly", () => {
    expect(shares("600000.00", "100000.00", yuan("100000.00"))).toMatchObject({ fund: "100000.00", bank: "100000.00", flags: [] });
  });

  it("has no loss when recoveries cover the outstanding principal (never a negative L)", () => {
    for (const recovered of ["600000.00", "700000.00"]) {
      expect(shares("600000.00", recovered)).toEqual({ loss: "0.00", insurer: "0.00", fundDue: "0.00", fund: "0.00", bank: "0.00", flags: [] });
    }
  });

  it("caps the fund at 1,000,000.00 per loan; the excess falls to the bank (FUND_CAPPED)", () => {
    expect(shares("6000000.00", "0.00")).toEqual({
      loss: "6000000.00",
      insurer: "3600000.00",
      fundDue: "1200000.00",
      fund: "1000000.00",
      bank: "1400000.00",
      flags: ["FUND_CAPPED"],
    });
    // exactly at the cap: not capped
    expect(shares("5000000.00", "0.00")).toMatchObject({ fundDue: "1000000.00", fund: "1000000.00", bank: "1000000.00", flags: [] });
  });

  it("never pays more than the fund's balance; the shortfall falls to the bank (FUND_SHORTFALL)", () => {
    expect(shares("600000.00", "100000.00", yuan("30000.00"))).toEqual({
      loss: "500000.00",
      insurer: "300000.00",
      fundDue: "100000.00",
      fund: "30000.00",
      bank: "170000.00",
      flags: ["FUND_SHORTFALL"],
    });
    expect(shares("600000.00", "100000.00", Money.zero)).toMatchObject({ fund: "0.00", bank: "200000.00", flags: ["FUND_SHORTFALL"] });
    // a negative balance is treated as empty
    expect(shares("600000.00", "100000.00", yuan("-50.00"))).toMatchObject({ fund: "0.00", bank: "200000.00", flags: ["FUND_SHORTFALL"] });
  });

  it("flags both when the cap and then the balance bind", () => {
    expect(shares("6000000.00", "0.00", yuan("500000.00"))).toMatchObject({ fundDue: "1200000.00", fund: "500000.00", bank: "1900000.00", flags: ["FUND_CAPPED", "FUND_SHORTFALL"] });
    // balance exactly the cap: only capped
    expect(shares("6000000.00", "0.00", yuan("1000000.00"))).toMatchObject({ fund: "1000000.00", flags: ["FUND_CAPPED"] });
  });

  it("rounds each share half-up to the fen and lets the bank bear the rest", () => {
    // L = 0.01: insurer 0.006 → 0.01, fund 0.002 → 0.00, bank 0.00
    expect(shares("0.01", "0.00")).toMatchObject({ insurer: "0.01", fund: "0.00", bank: "0.00" });
    // L = 0.03: insurer 0.018 → 0.02, fund 0.006 → 0.01, bank 0.00
    expect(shares("0.03", "0.00")).toMatchObject({ insurer: "0.02", fund: "0.01", bank: "0.00" });
    // L = 1,234.57: insurer 740.742 → 740.74, fund 246.914 → 246.91, bank 246.92
    expect(shares("1234.57", "0.00")).toMatchObject({ insurer: "740.74", fund: "246.91", bank: "246.92" });
    // exact lines need no rounding: 0.25 × 0.6 = 0.15, 0.25 × 0.2 = 0.05
    expect(shares("0.25", "0.00")).toMatchObject({ insurer: "0.15", fund: "0.05", bank: "0.05" });
  });

  it("uses the policy version's ratios and cap", () => {
    const other = { ...policy, lossSharing: { insurer: "0.50", countyFund: "0.30" }, countyFund: { capPerLoan: "50000.00" } };
    const s = lossShares({ outstanding: yuan("600000.00"), recovered: yuan("100000.00"), fundBalance: BIG_BALANCE }, other);
    expect([s.insurer, s.fundDue, s.fund, s.bank].map((x) => x.toYuanString())).toEqual(["250000.00", "150000.00", "50000.00", "200000.00"]);
    expect(s.flags).toEqual(["FUND_CAPPED"]);
  });
});

describe("shareBackRecovery", () => {
  it("shares a later recovery in the proportions the loss was borne in (worked example: 60:20:20)", () => {
    const s = lossShares({ outstanding: yuan("600000.00"), recovered: yuan("100000.00"), fundBalance: BIG_BALANCE }, policy);
    const back = shareBackRecovery(yuan("50000.00"), s);
    expect([back.insurer, back.fund, back.bank].map((x) => x.toYuanString())).toEqual(["30000.00", "10000.00", "10000.00"]);
  });

  it("uses the shares actually borne, not the policy ratios, after a shortfall", () => {
    const s = lossShares({ outstanding: yuan("600000.00"), recovered: yuan("100000.00"), fundBalance: yuan("30000.00") }, policy);
    // insurer 300,000 / 500,000 = 0.6; fund 30,000 / 500,000 = 0.06; bank the rest
    const back = shareBackRecovery(yuan("10000.00"), s);
    expect([back.insurer, back.fund, back.bank].map((x) => x.toYuanString())).toEqual(["6000.00", "600.00", "3400.00"]);
  });

  it("rounds each part half-up and gives the bank the rest, so the parts sum to the recovery", () => {
    const s = lossShares({ outstanding: yuan("600000.00"), recovered: yuan("100000.00"), fundBalance: BIG_BALANCE }, policy);
    // 0.05 × 0.6 = 0.03; 0.05 × 0.2 = 0.01; bank 0.01
    const tiny = shareBackRecovery(yuan("0.05"), s);
    expect([tiny.insurer, tiny.fund, tiny.bank].map((x) => x.toYuanString())).toEqual(["0.03", "0.01", "0.01"]);
    // 0.03 × 0.6 = 0.018 → 0.02; 0.03 × 0.2 = 0.006 → 0.01; bank 0.00
    const odd = shareBackRecovery(yuan("0.03"), s);
    expect([odd.insurer, odd.fund, odd.bank].map((x) => x.toYuanString())).toEqual(["0.02", "0.01", "0.00"]);
  });

  it("leaves the whole recovery with the bank when there was no loss to share", () => {
    const back = shareBackRecovery(yuan("1234.56"), { loss: Money.zero, insurer: Money.zero, fund: Money.zero });
    expect([back.insurer, back.fund, back.bank].map((x) => x.toYuanString())).toEqual(["0.00", "0.00", "1234.56"]);
  });
});
