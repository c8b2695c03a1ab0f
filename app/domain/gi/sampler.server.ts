import { createHash } from "node:crypto";
import { sampleSize } from "./sampling";

/** The draw of algorithm "sha256-rank-v1" (documented in ./sampling.ts). Server only: it hashes with node:crypto. */
export function drawKey(seed: string, certificateNumber: string): string {
  return createHash("sha256").update(`${seed}:${certificateNumber}`, "utf8").digest("hex");
}

/** The sample: certificate numbers in draw order. Duplicates in the population are counted once. */
export function drawSample(seed: string, population: readonly string[], share: string): string[] {
  const unique = [...new Set(population)];
  const n = sampleSize(share, unique.length);
  return unique
    .map((c) => ({ c, key: drawKey(seed, c) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c < b.c ? -1 : a.c > b.c ? 1 : 0))
    .slice(0, n)
    .map((x) => x.c);
}
