import { describe, expect, it } from "vitest";
import { checkPercent, checkPositiveYuan, checkYuan } from "./amounts";

const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "" : r.reason);

describe("checkYuan", () => {
  it.each<[string | number, string]>([
    ["850000.00", "850000.00"],
    ["850000", "850000.00"],
    ["1408.5", "1408.50"],
    [850000, "850000.00"],
    [1408.5, "1408.50"],
    [0.1, "0.10"],
    ["¥850,000.00", "850000.00"],
    ["￥ 850,000 元", "850000.00"],
    ["８５００００", "850000.00"],
    ["0", "0.00"],
    ["000012.30", "12.30"],
    ["85万", "850000.00"],
    ["85.5万元", "855000.00"],
    ["0.000001万", "0.01"],
    ["2000万", "20000000.00"],
  ])("reads %j as %s", (input, expected) => {
    expect(checkYuan(input, "价格")).toEqual({ ok: true, value: expected });
  });

  it("refuses negatives, NaN, exponents and sub-fen amounts", () => {
    expect(reason(checkYuan("-5", "价格"))).toBe("价格不能为负数");
    expect(reason(checkYuan(-5, "价格"))).toBe("价格不能为负数");
    expect(reason(checkYuan(Number.NaN, "价格"))).toBe("价格应为有效数字");
    expect(reason(checkYuan(Number.POSITIVE_INFINITY, "价格"))).toBe("价格应为有效数字");
    expect(reason(checkYuan(1e21, "价格"))).toBe("价格应为有效数字");
    expect(reason(checkYuan("1.005", "价格"))).toContain("最多保留两位小数");
    expect(reason(checkYuan(1.005, "价格"))).toContain("最多保留两位小数");
    expect(reason(checkYuan("0.0000001万", "价格"))).toContain("最多 6 位小数");
    expect(reason(checkYuan("八十五万", "价格"))).toContain("应为金额");
    expect(reason(checkYuan("abc", "价格"))).toContain("应为金额");
    expect(reason(checkYuan("12345678901234", "价格"))).toBe("价格过大");
  });

  it("checkPositiveYuan refuses zero", () => {
    expect(reason(checkPositiveYuan("0.00", "价格"))).toBe("价格应大于 0");
    expect(checkPositiveYuan("0.01", "价格")).toEqual({ ok: true, value: "0.01" });
  });
});

describe("checkPercent", () => {
  it.each<[string | number, string]>([
    ["5", "5.00"],
    ["5.5%", "5.50"],
    ["１２．２５％", "12.25"],
    [12.25, "12.25"],
    [0, "0.00"],
    ["100", "100.00"],
    ["007", "7.00"],
  ])("reads %j as %s", (input, expected) => {
    expect(checkPercent(input, "提成比例")).toEqual({ ok: true, value: expected });
  });

  it("refuses out-of-range and over-precise values", () => {
    expect(reason(checkPercent("100.01", "提成比例"))).toBe("提成比例不能超过 100%");
    expect(reason(checkPercent("1000", "提成比例"))).toBe("提成比例不能超过 100%");
    expect(reason(checkPercent("-1", "提成比例"))).toBe("提成比例不能为负数");
    expect(reason(checkPercent("5.125", "提成比例"))).toBe("提成比例最多保留两位小数");
    expect(reason(checkPercent("五", "提成比例"))).toContain("0–100");
    expect(reason(checkPercent(Number.NaN, "提成比例"))).toBe("提成比例应为有效数字");
  });
});

describe("checkYuan reads every way people write an amount", () => {
  it.each([
    ["1.5亿", "150000000.00"],
    ["1.5亿元", "150000000.00"],
    ["1,000,000", "1000000.00"],
    ["¥1,000,000.00", "1000000.00"],
    ["50万", "500000.00"],
    ["1,000万", "10000000.00"],
  ])("%s → %s", (text, yuan) => {
    expect(checkYuan(text)).toEqual({ ok: true, value: yuan });
  });

  it("refuses misplaced thousands separators (1,00 may be a decimal comma)", () => {
    expect(checkYuan("1,00").ok).toBe(false);
    expect(checkYuan("10,0000").ok).toBe(false);
  });

  it("reads a negative amount only where one is allowed (a correction)", () => {
    expect(checkYuan("-1,000.50").ok).toBe(false);
    expect(checkYuan("-1,000.50", "更正金额", { negative: true })).toEqual({ ok: true, value: "-1000.50" });
    expect(checkYuan("-¥1,000.50", "更正金额", { negative: true })).toEqual({ ok: true, value: "-1000.50" });
  });
});
