import { describe, expect, it } from "vitest";
import { randomIndex, seededRandom, shuffled } from "./random";

describe("seededRandom", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it("stays in [0, 1) and spreads evenly", () => {
    const random = seededRandom(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      counts[randomIndex(() => x, 10)]++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });
});

describe("shuffled", () => {
  it("permutes a copy, deterministically for a seed", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const once = shuffled(items, seededRandom(5));
    expect(shuffled(items, seededRandom(5))).toEqual(once);
    expect([...once].sort((x, y) => x - y)).toEqual(items);
    expect(once).not.toEqual(items);
    expect(items[0]).toBe(0);
  });
});
