import { describe, expect, it } from "vitest";
import { ageOf } from "./format";

const now = Date.parse("2026-12-05T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("ageOf", () => {
  it.each([
    [0, { unit: "minutes", n: 1 }],
    [59 * 60_000, { unit: "minutes", n: 59 }],
    [60 * 60_000, { unit: "hours", n: 1 }],
    [5 * 3_600_000 + 59 * 60_000, { unit: "hours", n: 5 }],
    [24 * 3_600_000 - 1, { unit: "hours", n: 23 }],
    [24 * 3_600_000, { unit: "days", n: 1 }],
    [3 * 24 * 3_600_000 + 23 * 3_600_000, { unit: "days", n: 3 }],
    [-60_000, { unit: "minutes", n: 1 }],
  ])("%i ms → %o", (ms, age) => {
    expect(ageOf(ago(ms), now)).toEqual(age);
  });
});
