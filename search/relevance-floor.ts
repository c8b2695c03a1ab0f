/**
 * Choosing the relevance floor (issue 18, items 3 and 6) from data, not by hand: the
 * largest floor, on a grid of hundredths, that keeps at least `keep` of the known items'
 * relevances at or above it. Chosen per fold on the training folds and judged on the
 * held-out one (test/bench/search-quality.ts), so the figure printed is what a floor chosen
 * this way keeps of known items it never saw.
 */
import { assignFolds } from "./eval/kfold";

/** Floors tried: 0, 0.01, …, 1 (a finer grid would only fit the sample's noise). */
const STEPS = 100;

/** The largest floor of the grid keeping at least `keep` (0–1) of `relevances` at or above it; 0 when there are none. */
export function largestFloorKeeping(relevances: readonly number[], keep: number): number {
  if (relevances.length === 0) return 0;
  const needed = Math.ceil(keep * relevances.length - 1e-9);
  for (let step = STEPS; step > 0; step--) {
    const floor = step / STEPS;
    let above = 0;
    for (const relevance of relevances) if (relevance >= floor - 1e-12) above++;
    if (above >= needed) return floor;
  }
  return 0;
}

export type FloorFold = { fold: number; floor: number; heldOut: number[] };

/**
 * Per fold, the floor chosen on the other folds (`largestFloorKeeping`), and the held-out
 * items; folds as `assignFolds` deals them (the same seed gives the same folds as the
 * ranking's cross-validation).
 */
export function crossValidateFloor(relevances: readonly number[], keep: number, k: number, seed: number): FloorFold[] {
  const folds = assignFolds(relevances.length, k, seed);
  return Array.from({ length: k }, (_, fold) => {
    const training = relevances.filter((_, i) => folds[i] !== fold);
    const heldOut = relevances.flatMap((_, i) => (folds[i] === fold ? [i] : []));
    return { fold, floor: largestFloorKeeping(training, keep), heldOut };
  });
}
