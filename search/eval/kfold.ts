/**
 * K-fold cross-validation of a choice among a few candidate configurations: on each fold,
 * the candidate with the best mean objective on the other k − 1 folds is chosen and its
 * per-query values on the held-out fold are kept. Pooled over the folds, those held-out
 * values estimate how well "tune on what we have" does on queries the tuning never saw.
 */
import { mean } from "./metrics";
import { seededRandom, shuffled } from "./random";

/**
 * The fold (0 … k − 1) of each of n items: a seeded shuffle dealt round-robin, so fold
 * sizes differ by at most one and the same (n, k, seed) always gives the same folds.
 */
export function assignFolds(n: number, k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2: ${k}`);
  if (n < k) throw new RangeError(`${n} items cannot fill ${k} folds`);
  const folds = new Array<number>(n);
  shuffled(
    Array.from({ length: n }, (_, i) => i),
    seededRandom(seed),
  ).forEach((item, position) => (folds[item] = position % k));
  return folds;
}

export type FoldChoice = {
  fold: number;
  /** Index of the chosen candidate. */
  chosen: number;
  /** Its mean objective on the training folds (what it was chosen by). */
  trainingObjective: number;
  /** The held-out items of this fold. */
  heldOut: number[];
};

/**
 * `objective[c][i]` is candidate c's value on item i (higher is better). Ties go to the
 * earlier candidate, so list the incumbent first: a challenger must do strictly better.
 */
export function crossValidate(objective: readonly (readonly number[])[], folds: readonly number[]): FoldChoice[] {
  if (objective.length === 0) throw new RangeError("no candidates");
  for (const values of objective) if (values.length !== folds.length) throw new RangeError("every candidate needs a value per item");
  const k = Math.max(...folds) + 1;
  const choices: FoldChoice[] = [];
  for (let fold = 0; fold < k; fold++) {
    const training: number[] = [];
    const heldOut: number[] = [];
    folds.forEach((f, i) => (f === fold ? heldOut : training).push(i));
    let chosen = 0;
    let best = Number.NEGATIVE_INFINITY;
    objective.forEach((values, c) => {
      const score = mean(training.map((i) => values[i]));
      if (score > best) {
        best = score;
        chosen = c;
      }
    });
    choices.push({ fold, chosen, trainingObjective: best, heldOut });
  }
  return choices;
}

/** The pooled held-out values: item i takes the value of the candidate chosen without it. */
export function heldOutValues<T>(values: readonly (readonly T[])[], choices: readonly FoldChoice[]): T[] {
  const pooled = new Array<T>(values[0]?.length ?? 0);
  for (const { chosen, heldOut } of choices) for (const i of heldOut) pooled[i] = values[chosen][i];
  return pooled;
}
