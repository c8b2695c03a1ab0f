import { describe, expect, it } from "vitest";
import { crossValidateFloor, largestFloorKeeping } from "./relevance-floor";

describe("largestFloorKeeping", () => {
  it("is the largest hundredth keeping the share asked at or above it", () => {
    const relevances = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    // 99 of 100 at or above 0.02; 100 at or above 0.01.
    expect(largestFloorKeeping(relevances, 0.99)).toBe(0.02);
    expect(largestFloorKeeping(relevances, 1)).toBe(0.01);
    expect(largestFloorKeeping(relevances, 0.5)).toBe(0.51);
  });

  it("is 0 when nothing can be kept otherwise, and for no data", () => {
    expect(largestFloorKeeping([0, 0, 0.5], 1)).toBe(0);
    expect(largestFloorKeeping([], 0.99)).toBe(0);
  });

  it("keeps everything at the floor itself (≥, not >)", () => {
    expect(largestFloorKeeping([0.3, 0.3, 0.3], 1)).toBe(0.3);
  });
});

describe("crossValidateFloor", () => {
  it("chooses each fold's floor without that fold's items", () => {
    const relevances = [0.9, 0.8, 0.7, 0.6, 0.1, 0.9, 0.8, 0.7, 0.6, 0.5];
    const folds = crossValidateFloor(relevances, 1, 5, 1);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap(({ heldOut }) => heldOut).sort((a, b) => a - b)).toEqual(relevances.map((_, i) => i));
    for (const { floor, heldOut } of folds) {
      const training = relevances.filter((_, i) => !heldOut.includes(i));
      expect(floor).toBe(Math.min(...training));
    }
  });
});
