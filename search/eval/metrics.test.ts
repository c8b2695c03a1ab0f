import { describe, expect, it } from "vitest";
import { mean, meanMetrics, perQuery, queryMetrics, rankOf } from "./metrics";

describe("rankOf", () => {
  it("is the 1-based rank within the depth, else null", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
    expect(rankOf(ids, "d0")).toBe(1);
    expect(rankOf(ids, "d9")).toBe(10);
    expect(rankOf(ids, "d10")).toBeNull();
    expect(rankOf(ids, "d10", 20)).toBe(11);
    expect(rankOf(ids, "missing")).toBeNull();
  });
});

describe("queryMetrics", () => {
  it("scores a known item by its rank", () => {
    expect(queryMetrics(1)).toEqual({ recallAt1: 1, recallAt10: 1, mrrAt10: 1 });
    expect(queryMetrics(4)).toEqual({ recallAt1: 0, recallAt10: 1, mrrAt10: 0.25 });
    expect(queryMetrics(10)).toEqual({ recallAt1: 0, recallAt10: 1, mrrAt10: 0.1 });
    expect(queryMetrics(11)).toEqual({ recallAt1: 0, recallAt10: 0, mrrAt10: 0 });
    expect(queryMetrics(null)).toEqual({ recallAt1: 0, recallAt10: 0, mrrAt10: 0 });
  });
});

describe("perQuery and meanMetrics", () => {
  it("keep per-query values in order and average them", () => {
    const ranks = [1, 2, null, 5];
    expect(perQuery(ranks)).toEqual({ recallAt1: [1, 0, 0, 0], recallAt10: [1, 1, 0, 1], mrrAt10: [1, 0.5, 0, 0.2] });
    const means = meanMetrics(ranks);
    expect(means.recallAt1).toBeCloseTo(0.25);
    expect(means.recallAt10).toBeCloseTo(0.75);
    expect(means.mrrAt10).toBeCloseTo(1.7 / 4);
  });

  it("has no mean of nothing", () => {
    expect(mean([])).toBeNaN();
  });
});
