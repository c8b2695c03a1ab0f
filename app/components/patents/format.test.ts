import { describe, expect, it } from "vitest";
import { priceText } from "./format";

describe("priceText: a price by the one summary rule (app/utils/format.ts)", () => {
  it("reads 万元 in Chinese from 1 万 up, rounded half-up to 0.01 万, without zero decimals", () => {
    expect(priceText("680000.00", "zh-CN")).toBe("68万元");
    expect(priceText("685000.00", "zh-CN")).toBe("68.5万元");
    expect(priceText("123456.78", "zh-CN")).toBe("12.35万元");
    expect(priceText("10049.99", "zh-CN")).toBe("1万元");
    expect(priceText("10050.00", "zh-CN")).toBe("1.01万元");
  });

  it("reads grouped 元 below 1 万, and yuan with separators in English", () => {
    expect(priceText("9999.99", "zh-CN")).toBe("9,999.99元");
    expect(priceText("8500.00", "zh-CN")).toBe("8,500元");
    expect(priceText("0.10", "zh-CN")).toBe("0.1元");
    expect(priceText("680000.00", "en")).toBe("¥680,000.00");
    expect(priceText("1234567.80", "en")).toBe("¥1.23 million");
  });
});
