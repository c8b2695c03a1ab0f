/**
 * Percentile bootstrap interval of a mean: resample the per-query values with replacement
 * `resamples` times, take the mean of each resample, and report the central `confidence`
 * share of those means. Seeded, so the same values and seed always print the same interval.
 *
 * The interval says how much a figure would move on another sample of queries of the
 * same kind; two rankings whose intervals overlap heavily are not shown to differ. For a
 * before/after comparison on the same queries, bootstrap the per-query differences (a
 * paired interval: much narrower, as both sides see the same hard queries).
 */
import { mean } from "./metrics";
import { randomIndex, seededRandom } from "./random";

export type Interval = { mean: number; low: number; high: number };

export type BootstrapOptions = { resamples?: number; confidence?: number; seed?: number };

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = {}): Interval {
  const { resamples = 1000, confidence = 0.95, seed = 1 } = options;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1): ${confidence}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer: ${resamples}`);
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomIndex(random, n)];
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const tail = (1 - confidence) / 2;
  return { mean: mean(values), low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
}
