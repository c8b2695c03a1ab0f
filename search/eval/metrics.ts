/**
 * Known-item retrieval metrics: each query has exactly one right answer, and what counts
 * is the rank at which it comes back (1-based, or null when it is not in the first
 * `depth` results). Per-query values are kept, not only their means, so that intervals
 * (bootstrap.ts) and cross-validation (kfold.ts) can be computed from them.
 */

/** The 1-based rank of `expected` among the first `depth` ids, or null when it is not there. */
export function rankOf(ids: readonly string[], expected: string, depth = 10): number | null {
  const position = ids.slice(0, depth).indexOf(expected);
  return position === -1 ? null : position + 1;
}

export const METRICS = ["recallAt1", "recallAt10", "mrrAt10"] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABELS: Record<Metric, string> = { recallAt1: "R@1", recallAt10: "R@10", mrrAt10: "MRR@10" };

/** One query's values of every metric, from the rank of its right answer. */
export function queryMetrics(rank: number | null): Record<Metric, number> {
  return {
    recallAt1: rank === 1 ? 1 : 0,
    recallAt10: rank !== null && rank <= 10 ? 1 : 0,
    mrrAt10: rank !== null && rank <= 10 ? 1 / rank : 0,
  };
}

/** Per-query values of every metric, one array per metric, in the order of `ranks`. */
export function perQuery(ranks: readonly (number | null)[]): Record<Metric, number[]> {
  const values: Record<Metric, number[]> = { recallAt1: [], recallAt10: [], mrrAt10: [] };
  for (const rank of ranks) {
    const one = queryMetrics(rank);
    for (const metric of METRICS) values[metric].push(one[metric]);
  }
  return values;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The mean of every metric over the queries. */
export function meanMetrics(ranks: readonly (number | null)[]): Record<Metric, number> {
  const values = perQuery(ranks);
  return { recallAt1: mean(values.recallAt1), recallAt10: mean(values.recallAt10), mrrAt10: mean(values.mrrAt10) };
}
