import { describe, expect, it } from "vitest";
import { Money, MoneyError, Ratio } from "./money";

describe("Money", () => {
  it("parses and prints yuan strings exactly", () => {
    expect(Money.parseYuan("850000.00").fen).toBe(85_000_000n);
    expect(Money.parseYuan("850000").toYuanString()).toBe("850000.00");
    expect(Money.parseYuan("0.5").toYuanString()).toBe("0.50");
    expect(Money.parseYuan("-12.3").toYuanString()).toBe("-12.30");
    expect(Money.fromFen(7).toYuanString()).toBe("0.07");
  });

  it("rejects malformed amounts", () => {
    for (const bad of ["", "abc", "1.234", "1,000.00", "1e5", "12.", ".5", "NaN"]) {
      expect(() => Money.parseYuan(bad), bad).toThrow(MoneyError);
    }
    expect(() => Money.fromFen(1.5)).toThrow(MoneyError);
  });

  it("rounds 1,408.995 half-up to 1,409.00 (floating point gives 1408.99)", () => {
    // the float path is wrong, which is why Money exists:
    expect((2817.99 * 0.5).toFixed(2)).toBe("1408.99");
    expect(Money.parseYuan("2817.99").times("0.50").toYuanString()).toBe("1409.00");
  });

  it("rounds half away from zero on negatives and below half down", () => {
    expect(Money.parseYuan("-2817.99").times("0.5").toYuanString()).toBe("-1409.00");
    expect(Money.fromFen(1).times("0.49").toYuanString()).toBe("0.00");
    expect(Money.fromFen(1).times("0.5").toYuanString()).toBe("0.01");
  });

  it("multiplies several factors exactly before rounding once (premium = amount × rate × months / 12)", () => {
    const premium = Money.parseYuan("850000.00").times("0.02", Ratio.of(12, 12));
    expect(premium.toYuanString()).toBe("17000.00");
    const odd = Money.parseYuan("100000.00").times("0.0385", Ratio.of(7, 12));
    expect(odd.toYuanString()).toBe("2245.83"); // 2245.8333…
  });

  it("computes the SPEC §8 worked example loan cap", () => {
    const cap = Money.sum([
      Money.parseYuan("3000000.00").times("0.25"),
      Money.parseYuan("800000.00").times("0.15"),
    ]);
    expect(cap.toYuanString()).toBe("870000.00");
    expect(Money.min(cap, Money.parseYuan("900000")).toYuanString()).toBe("870000.00");
  });

  it("formats for people in 元 and 万元", () => {
    expect(Money.parseYuan("1234567.8").format()).toBe("¥1,234,567.80");
    expect(Money.parseYuan("850000").formatWan()).toBe("85.00万元");
    expect(JSON.stringify({ a: Money.parseYuan("1") })).toBe('{"a":"1.00"}');
  });

  it("prints without trailing zero decimals, symbol or unit when asked", () => {
    expect(Money.parseYuan("850000").toYuanString({ trimZeros: true })).toBe("850000");
    expect(Money.parseYuan("12.50").toYuanString({ trimZeros: true })).toBe("12.5");
    expect(Money.parseYuan("12.05").toYuanString({ trimZeros: true })).toBe("12.05");
    expect(Money.parseYuan("-0.10").toYuanString({ trimZeros: true })).toBe("-0.1");
    expect(Money.zero.toYuanString({ trimZeros: true })).toBe("0");
    expect(Money.parseYuan("100").toYuanString({ trimZeros: true })).toBe("100");
    expect(Money.parseYuan("1234567.8").format({ symbol: false })).toBe("1,234,567.80");
    expect(Money.parseYuan("1234567.8").format({ symbol: false, trimZeros: true })).toBe("1,234,567.8");
    expect(Money.parseYuan("-8500").format({ trimZeros: true })).toBe("-¥8,500");
    expect(Money.parseYuan("685000").formatWan({ unit: false, trimZeros: true })).toBe("68.5");
    expect(Money.parseYuan("680000").formatWan({ unit: false, trimZeros: true })).toBe("68");
    expect(Money.parseYuan("10049.99").formatWan({ trimZeros: true })).toBe("1万元"); // 1.004999 万 → 1.00
    expect(Money.parseYuan("10050").formatWan({ unit: false })).toBe("1.01"); // half-up
  });

  it("divides one amount by another exactly", () => {
    expect(Money.parseYuan("8000").ratioTo(Money.parseYuan("10000")).compare(Ratio.parse("0.8"))).toBe(0);
    expect(Money.fromFen(121).ratioTo(Money.fromFen(100)).compare(Ratio.parse("1.2"))).toBe(1);
    expect(Money.fromFen(6).ratioTo(Money.fromFen(5)).compare(Ratio.parse("1.2"))).toBe(0);
    expect(() => Money.fromFen(1).ratioTo(Money.zero)).toThrow(MoneyError);
  });

  it("hands fen to integer minor-unit APIs as a safe number", () => {
    expect(Money.parseYuan("9999999999999.99").toFenNumber()).toBe(999_999_999_999_999);
    expect(Money.parseYuan("-0.07").toFenNumber()).toBe(-7);
    expect(() => Money.fromFen(2n ** 53n).toFenNumber()).toThrow(MoneyError);
  });

  it("adds, subtracts and compares", () => {
    const a = Money.parseYuan("0.10");
    const b = Money.parseYuan("0.20");
    expect(a.plus(b).toYuanString()).toBe("0.30");
    expect(a.minus(b).toYuanString()).toBe("-0.10");
    expect(a.compare(b)).toBe(-1);
    expect(Money.max(a, b)).toBe(b);
  });
});

describe("Ratio", () => {
  it("parses rates exactly and compares them", () => {
    expect(Ratio.parse("0.0385").compare(Ratio.parse("0.0300").times(Ratio.parse("1.4")))).toBe(-1);
    expect(Ratio.parse("0.0420").compare(Ratio.parse("0.03").times(Ratio.parse("1.4")))).toBe(0);
    expect(Ratio.parse("0.02").toDecimalString()).toBe("0.0200");
    expect(() => Ratio.parse("abc")).toThrow(MoneyError);
    expect(() => Ratio.of(1, 0)).toThrow(MoneyError);
  });
});
