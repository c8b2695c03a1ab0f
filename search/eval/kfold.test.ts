import { describe, expect, it } from "vitest";
import { assignFolds, crossValidate, heldOutValues } from "./kfold";

describe("assignFolds", () => {
  it("deals every item to one of k folds of near-equal size, the same for a seed", () => {
    const folds = assignFolds(23, 5, 9);
    expect(folds).toHaveLength(23);
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
    expect(sizes.sort()).toEqual([4, 4, 5, 5, 5]);
    expect(assignFolds(23, 5, 9)).toEqual(folds);
    expect(assignFolds(23, 5, 10)).not.toEqual(folds);
  });

  it("shuffles: folds are not contiguous runs of the input", () => {
    const folds = assignFolds(100, 5, 1);
    expect(folds.slice(0, 20).every((f) => f === folds[0])).toBe(false);
  });

  it("rejects k < 2 and fewer items than folds", () => {
    expect(() => assignFolds(10, 1, 1)).toThrow(RangeError);
    expect(() => assignFolds(3, 5, 1)).toThrow(RangeError);
  });
});

describe("crossValidate", () => {
  // Items 0–3 in fold 0, 4–7 in fold 1.
  const folds = [0, 0, 0, 0, 1, 1, 1, 1];

  it("chooses on the other folds and reports on the held-out one", () => {
    // Candidate 1 is better on fold 1 only, candidate 0 on fold 0 only.
    const objective = [
      [1, 1, 1, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1, 1, 1, 1],
    ];
    const choices = crossValidate(objective, folds);
    // Fold 0 is held out → trained on fold 1 → candidate 1, which does badly on fold 0.
    expect(choices.map((c) => c.chosen)).toEqual([1, 0]);
    expect(choices[0].heldOut).toEqual([0, 1, 2, 3]);
    expect(choices[0].trainingObjective).toBe(1);
    // Overfitting shows: each fold gets the candidate that is wrong for it.
    expect(heldOutValues(objective, choices)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("keeps the earlier candidate on ties", () => {
    const objective = [
      [1, 0, 1, 0, 1, 0, 1, 0],
      [0, 1, 0, 1, 0, 1, 0, 1],
    ];
    expect(crossValidate(objective, folds).map((c) => c.chosen)).toEqual([0, 0]);
  });

  it("pools any per-item values by the choices", () => {
    const objective = [
      [0, 0, 0, 0, 1, 1, 1, 1],
      [1, 1, 1, 1, 0, 0, 0, 0],
    ];
    const ranks = [
      ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"],
      ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"],
    ];
    const choices = crossValidate(objective, folds);
    expect(choices.map((c) => c.chosen)).toEqual([0, 1]);
    expect(heldOutValues(ranks, choices)).toEqual(["a0", "a1", "a2", "a3", "b4", "b5", "b6", "b7"]);
  });

  it("needs a value per item for every candidate", () => {
    expect(() => crossValidate([[1, 2]], folds)).toThrow(RangeError);
    expect(() => crossValidate([], folds)).toThrow(RangeError);
  });
});
