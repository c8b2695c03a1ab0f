import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ratio } from "../shared/money";
import { clampedProgress, daysBetween, expectedOn, forecastAtEnd, monthEnds, progressOf, statusOn, type Target } from "./progress";

const plan: Target = { baseline: "1484", baselineDate: "2023-12-31", target: "1900", direction: "UP", pathway: "LINEAR", end: "2026-12-31" };
const r = (text: string) => Ratio.parseDecimal(text);
const dec = (x: Ratio | null, places = 6) => (x === null ? null : x.toFixed(places));

describe("progress", () => {
  it("is (value − baseline) / (target − baseline), exact", () => {
    expect(progressOf(plan, r("1692")).toFixed(4)).toBe("0.5000");
    const p = progressOf(plan, r("1500"));
    expect([p.numerator, p.denominator]).toEqual([1n, 26n]); // 16/416
  });

  it("is negative below the baseline, and clamps to 0 for display only", () => {
    const p = progressOf(plan, r("1400"));
    expect(p.compare(Ratio.of(0))).toBe(-1);
    expect(clampedProgress(p).isZero()).toBe(true);
  });

  it("exceeds 1 past the target, and clamps to 1 for display", () => {
    const p = progressOf(plan, r("2108"));
    expect(p.toFixed(2)).toBe("1.50");
    expect(clampedProgress(p).toFixed(0)).toBe("1");
  });

  it("with a target equal to the baseline is 1 when there and 0 when short", () => {
    const flat = { ...plan, baseline: "5", target: "5" };
    expect(progressOf(flat, r("5")).toFixed(0)).toBe("1");
    expect(progressOf(flat, r("7")).toFixed(0)).toBe("1");
    expect(progressOf(flat, r("4")).toFixed(0)).toBe("0");
    expect(expectedOn({ ...flat }, "2025-06-30").toFixed(0)).toBe("5");
    expect(statusOn(flat, "2024-02-01", r("5"))).toBe("ACHIEVED");
    expect(statusOn(flat, "2024-02-01", r("4"))).toBe("BEHIND");
  });

  it("works for a DOWN indicator", () => {
    const down: Target = { ...plan, baseline: "100", target: "40", direction: "DOWN" };
    expect(progressOf(down, r("70")).toFixed(2)).toBe("0.50");
    expect(statusOn(down, "2026-12-31", r("40"))).toBe("ACHIEVED");
    expect(statusOn(down, "2025-06-30", r("99"))).toBe("BEHIND");
    expect(statusOn(down, "2024-01-02", r("99"))).toBe("ON_TRACK");
  });
});

describe("expected value by linear time", () => {
  it("runs from the baseline on its date to the target on the plan's last day, counting the leap day", () => {
    expect(daysBetween("2023-12-31", "2026-12-31")).toBe(1096); // 2024 has 366 days
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(expectedOn(plan, "2023-12-31").toFixed(0)).toBe("1484");
    expect(expectedOn(plan, "2026-12-31").toFixed(0)).toBe("1900");
    // 2024-12-31 is day 366 of 1096: 1484 + 416 × 366 / 1096, exactly.
    const e = expectedOn(plan, "2024-12-31");
    expect(e.compare(r("1484").plus(Ratio.of(416n * 366n, 1096n)))).toBe(0);
    expect(dec(expectedOn(plan, "2024-02-29"), 4)).toBe(r("1484").plus(Ratio.of(416n * 60n, 1096n)).toFixed(4));
  });

  it("is the baseline before the baseline date and the target after the end", () => {
    expect(expectedOn(plan, "2023-06-01").toFixed(0)).toBe("1484");
    expect(expectedOn(plan, "2027-03-01").toFixed(0)).toBe("1900");
  });

  it("is the target on every day for an annual target", () => {
    const annual: Target = { ...plan, baseline: "0", target: "0.005", pathway: "ANNUAL" };
    expect(expectedOn(annual, "2024-01-15").toFixed(3)).toBe("0.005");
    expect(statusOn(annual, "2024-12-31", r("0.0049"))).toBe("BEHIND");
    expect(statusOn(annual, "2024-12-31", r("0.005"))).toBe("ACHIEVED");
  });

  it("never decreases with the day (UP) and never increases (DOWN)", () => {
    const day = fc.date({ min: new Date("2023-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(day, day, amount, amount, (a, b, x, y) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const up: Target = { ...plan, baseline: String(x < y ? x : y), target: String(x < y ? y : x) };
        const down: Target = { ...up, baseline: up.target, target: up.baseline, direction: "DOWN" };
        expect(expectedOn(up, early).compare(expectedOn(up, late))).toBeLessThanOrEqual(0);
        expect(expectedOn(down, early).compare(expectedOn(down, late))).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("stays between baseline and target", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 1600 }), (offset) => {
        const d = new Date(Date.UTC(2023, 11, 31 + offset)).toISOString().slice(0, 10);
        const e = expectedOn(plan, d);
        expect(e.compare(r("1484"))).toBeGreaterThanOrEqual(0);
        expect(e.compare(r("1900"))).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe("status", () => {
  it("is NO_DATA without a value", () => {
    expect(statusOn(plan, "2025-06-30", null)).toBe("NO_DATA");
  });

  it("is ACHIEVED when the target is reached early", () => {
    expect(statusOn(plan, "2024-03-31", r("1900"))).toBe("ACHIEVED");
  });

  it("is ON_TRACK on or above the line and BEHIND below it", () => {
    const expected = expectedOn(plan, "2025-06-30");
    const at = expected.toFixed(4);
    expect(statusOn(plan, "2025-06-30", expected)).toBe("ON_TRACK");
    expect(statusOn(plan, "2025-06-30", r(at).minus(Ratio.of(1)))).toBe("BEHIND");
    expect(statusOn(plan, "2025-06-30", r("1400"))).toBe("BEHIND");
  });
});

describe("forecast at the plan's end", () => {
  const points = (pairs: [string, string][]) => pairs.map(([day, value]) => ({ day, value: r(value) }));

  it("extends an exactly linear trend to the last day", () => {
    // +1 per day from 2026-01-31: the line is exact, so the forecast is too.
    const pts = points([
      ["2026-03-31", "59"],
      ["2026-04-30", "89"],
      ["2026-05-31", "120"],
    ]);
    expect(dec(forecastAtEnd(plan, "2026-05-31", pts), 0)).toBe(String(120 + daysBetween("2026-05-31", "2026-12-31")));
  });

  it("uses only the last six months", () => {
    const pts = points([
      ["2025-01-31", "0"], // outside the window: would pull the slope
      ["2026-03-31", "10"],
      ["2026-06-30", "10"],
    ]);
    expect(dec(forecastAtEnd(plan, "2026-06-30", pts), 0)).toBe("10");
  });

  it("is null with fewer than two days of data, and for an annual target", () => {
    expect(forecastAtEnd(plan, "2026-06-30", points([["2026-06-30", "5"]]))).toBeNull();
    expect(forecastAtEnd(plan, "2026-06-30", [])).toBeNull();
    expect(forecastAtEnd({ ...plan, pathway: "ANNUAL" }, "2026-06-30", points([["2026-05-31", "1"], ["2026-06-30", "2"]]))).toBeNull();
  });

  it("is the latest value once the plan has ended", () => {
    expect(dec(forecastAtEnd(plan, "2027-01-15", points([["2026-11-30", "1800"], ["2026-12-31", "1850"]])), 0)).toBe("1850");
  });

  it("carries the trend forward from the latest value, so a recent step is not pulled back", () => {
    // Five flat months then a step to 1: the least-squares line ends below 1, the forecast does not.
    const pts = points([
      ["2026-01-31", "0"],
      ["2026-02-28", "0"],
      ["2026-03-31", "0"],
      ["2026-04-30", "0"],
      ["2026-05-31", "1"],
      ["2026-06-15", "1"],
    ]);
    const f = forecastAtEnd(plan, "2026-06-15", pts)!;
    expect(f.compare(r("1"))).toBe(1);
  });

  it("is exact on a trend that does not divide evenly", () => {
    const f = forecastAtEnd(plan, "2026-06-30", points([["2026-04-30", "1"], ["2026-05-31", "2"], ["2026-06-30", "4"]]))!;
    // recompute by hand with rationals: the result carries its exact fraction
    expect(f.denominator > 1n).toBe(true);
    expect(f.compare(r("4"))).toBe(1);
  });
});

describe("month ends", () => {
  it("lists the last day of each month, leap February included", () => {
    expect(monthEnds("2024-01-01", "2024-03-15")).toEqual(["2024-01-31", "2024-02-29", "2024-03-31"]);
    expect(monthEnds("2025-11-01", "2026-01-31")).toEqual(["2025-11-30", "2025-12-31", "2026-01-31"]);
  });
});
