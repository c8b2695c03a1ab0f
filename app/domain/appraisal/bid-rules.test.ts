import { describe, expect, it } from "vitest";
import { Money } from "../shared/money";
import { bidCeiling, bidFeeError, bidWarning, BID_WARNING_MESSAGES } from "./bid-rules";

const yuan = (s: string) => Money.parseYuan(s);
const reference = yuan("8000.00");

describe("the bid ceiling: reference fee × the policy's multiple", () => {
  const ceiling = bidCeiling(reference, "10");
  it("is 80,000.00 for a reference fee of 8,000.00 and the default multiple 10", () => {
    expect(ceiling?.toYuanString()).toBe("80000.00");
    expect(bidCeiling(yuan("8000.01"), "1.5")?.toYuanString()).toBe("12000.02"); // 12,000.015 rounds half-up
  });
  it("accepts the ceiling exactly and refuses the ceiling + 0.01", () => {
    expect(bidFeeError(yuan("80000.00"), ceiling, "10")).toBeNull();
    expect(bidFeeError(yuan("80000.01"), ceiling, "10")).toBe("报价不能超过 ¥80,000.00（参考评估费的 10 倍）");
  });
  it("refuses ¥999,999,999,999 against a reference fee of ¥8,000", () => {
    expect(bidFeeError(yuan("999999999999"), ceiling, "10")).toMatch(/报价不能超过/);
  });
  it("has no ceiling when the reference fee is zero (nothing to measure against)", () => {
    expect(bidCeiling(Money.zero, "10")).toBeNull();
    expect(bidFeeError(yuan("999999999999"), null, "10")).toBeNull();
  });
});

describe("bids far from the market: below 0.2 × or above 3 × the reference fee", () => {
  it("warns strictly below 0.2 × (1,600.00 of 8,000.00)", () => {
    expect(bidWarning(yuan("1599.99"), reference)).toBe("FAR_BELOW_MARKET");
    expect(bidWarning(yuan("1600.00"), reference)).toBeNull();
  });
  it("warns strictly above 3 × (24,000.00 of 8,000.00)", () => {
    expect(bidWarning(yuan("24000.00"), reference)).toBeNull();
    expect(bidWarning(yuan("24000.01"), reference)).toBe("FAR_ABOVE_MARKET");
  });
  it("does not warn near the market, nor without a reference fee", () => {
    expect(bidWarning(yuan("8000.00"), reference)).toBeNull();
    expect(bidWarning(yuan("1.00"), Money.zero)).toBeNull();
  });
  it("says it in Chinese", () => {
    expect(BID_WARNING_MESSAGES.FAR_BELOW_MARKET).toBe("报价远低于参考费用（不足 0.2 倍）");
    expect(BID_WARNING_MESSAGES.FAR_ABOVE_MARKET).toBe("报价远高于参考费用（超过 3 倍）");
  });
});
