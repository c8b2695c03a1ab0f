/**
 * The spot check's sample (issue 16 §6), drawn so that anyone can redraw it from what the
 * page shows: the seed, the population (certificate numbers of the active users when the
 * check was opened) and this algorithm.
 *
 * Algorithm "sha256-rank-v1":
 *   1. n = max(1, round-half-up(share × N)), capped at N (N = population size; 0 when N = 0).
 *   2. For each certificate number c, key(c) = SHA-256 of the UTF-8 string `<seed>:<c>`,
 *      as lowercase hex.
 *   3. Sort the population by key (ties, which SHA-256 makes practically impossible, by c);
 *      the first n are the sample, in that order.
 * The order of the input does not matter; the same seed and population give the same sample.
 */
export const SAMPLER_ALGORITHM = "sha256-rank-v1";

export const SAMPLER_DESCRIPTION =
  "抽样算法 sha256-rank-v1：样本量 n = max(1, 四舍五入(抽查比例 × 总体数))，且不超过总体数；对总体中每个证书编号 c 计算 SHA-256(\"种子:c\") 的十六进制值，按该值升序排列，取前 n 个。相同种子与总体必得相同样本，任何人可据此复核。";

/** Share as an exact decimal string in (0, 1]: "0.2", "0.25", "1". */
export const SHARE_PATTERN = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

/** Why `share` cannot be a sampling share, or null. */
export function shareError(share: string): string | null {
  if (!SHARE_PATTERN.test(share.trim())) return "抽查比例须为 0 到 1 之间的小数（最多 4 位），例如 0.2";
  if (Number(share) <= 0) return "抽查比例须大于 0";
  return null;
}

/** n = max(1, round-half-up(share × N)) capped at N, computed exactly (share has at most 4 decimals). */
export function sampleSize(share: string, population: number): number {
  if (population <= 0) return 0;
  const [whole, frac = ""] = share.trim().split(".");
  const tenThousandths = Number(whole) * 10_000 + Number(frac.padEnd(4, "0"));
  const scaled = tenThousandths * population; // share × N × 10 000, an exact integer
  const rounded = Math.floor((scaled + 5_000) / 10_000);
  return Math.min(population, Math.max(1, rounded));
}
