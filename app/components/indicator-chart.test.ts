import { describe, expect, it } from "vitest";
import { niceTicks, tickLabel } from "./indicator-chart";

describe("indicator chart axis", () => {
  it("covers the range in round steps, whole for counts", () => {
    for (const [min, max, whole] of [
      [1484, 1900, true],
      [0, 30, true],
      [0, 2, false],
      [0, 1.37, false],
      [12, 13, true],
    ] as const) {
      const ticks = niceTicks(min, max, whole);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(6);
      if (whole) for (const t of ticks) expect(Number.isInteger(t)).toBe(true);
    }
    expect(niceTicks(1484, 1900, true)).toEqual([1400, 1600, 1800, 2000]);
    expect(niceTicks(0, 3, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 2_000_000, false)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
    expect(niceTicks(0, 0.005, false)).toEqual([0, 0.002, 0.004, 0.006]);
  });

  it("draws something for a flat series", () => {
    expect(niceTicks(10, 10, true)).toEqual([10, 11]);
    expect(niceTicks(0, 0, false).length).toBeGreaterThan(1);
  });

  it("labels short: 万 for yuan, percent for a ratio, separators for counts", () => {
    expect(tickLabel("YUAN", 1_500_000)).toBe("150万");
    expect(tickLabel("YUAN", 5000)).toBe("5,000");
    expect(tickLabel("RATIO", 0.005)).toBe("0.5%");
    expect(tickLabel("COUNT", 1900)).toBe("1,900");
    expect(tickLabel("DECIMAL", 0.25)).toBe("0.25");
  });
});
