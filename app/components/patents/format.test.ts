import { describe, expect, it } from "vitest";
import { priceText } from "./format";

const t = (key: string, params?: Record<string, string | number>) => `${key}:${params?.amount}`;

describe("priceText", () => {
  it("reads 万元 in Chinese from 1 万 up, rounded half-up to 0.01 万, without zero decimals", () => {
    expect(priceText("680000.00", "zh", t)).toBe("patents.price.wan:68");
    expect(priceText("685000.00", "zh", t)).toBe("patents.price.wan:68.5");
    expect(priceText("123456.78", "zh", t)).toBe("patents.price.wan:12.35");
    expect(priceText("10049.99", "zh", t)).toBe("patents.price.wan:1");
    expect(priceText("10050.00", "zh", t)).toBe("patents.price.wan:1.01");
  });

  it("reads grouped 元 below 1 万 and always in English", () => {
    expect(priceText("9999.99", "zh", t)).toBe("patents.price.yuan:9,999.99");
    expect(priceText("8500.00", "zh", t)).toBe("patents.price.yuan:8,500");
    expect(priceText("0.10", "zh", t)).toBe("patents.price.yuan:0.1");
    expect(priceText("680000.00", "en", t)).toBe("patents.price.yuan:680,000");
    expect(priceText("1234567.80", "en", t)).toBe("patents.price.yuan:1,234,567.8");
  });
});
