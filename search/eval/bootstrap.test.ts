import { describe, expect, it } from "vitest";
import { bootstrapInterval, quantile } from "./bootstrap";

describe("quantile", () => {
  it("interpolates between neighbours of a sorted array", () => {
    const sorted = [0, 10, 20, 30, 40];
    expect(quantile(sorted, 0)).toBe(0);
    expect(quantile(sorted, 1)).toBe(40);
    expect(quantile(sorted, 0.5)).toBe(20);
    expect(quantile(sorted, 0.125)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe("bootstrapInterval", () => {
  const values = Array.from({ length: 200 }, (_, i) => (i % 10 < 9 ? 1 : 0));

  it("is deterministic for a seed and moves with another", () => {
    const once = bootstrapInterval(values, { seed: 3 });
    expect(bootstrapInterval(values, { seed: 3 })).toEqual(once);
    expect(bootstrapInterval(values, { seed: 4 })).not.toEqual(once);
  });

  it("brackets the mean, about as wide as the normal approximation says", () => {
    const { mean, low, high } = bootstrapInterval(values, { seed: 1, resamples: 2000 });
    expect(mean).toBeCloseTo(0.9);
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    // Standard error of a proportion of 0.9 over 200 queries: √(0.9·0.1/200) ≈ 0.0212.
    const halfWidth = 1.96 * Math.sqrt((0.9 * 0.1) / 200);
    expect(high - low).toBeGreaterThan(halfWidth * 2 * 0.8);
    expect(high - low).toBeLessThan(halfWidth * 2 * 1.2);
  });

  it("narrows as the confidence drops and collapses on constant values", () => {
    const wide = bootstrapInterval(values, { confidence: 0.95 });
    const narrow = bootstrapInterval(values, { confidence: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
    expect(bootstrapInterval([0.5, 0.5, 0.5])).toEqual({ mean: 0.5, low: 0.5, high: 0.5 });
  });

  it("rejects nonsense options and has no interval for no values", () => {
    expect(() => bootstrapInterval(values, { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapInterval(values, { resamples: 0 })).toThrow(RangeError);
    expect(bootstrapInterval([]).mean).toBeNaN();
  });
});
