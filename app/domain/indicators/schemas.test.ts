import { describe, expect, it } from "vitest";
import { canonicalEntryValue, checkIndicatorValue, parseIndicatorEntry } from "./schemas";

describe("checkIndicatorValue", () => {
  it("takes each unit's canonical form", () => {
    expect(checkIndicatorValue("COUNT", "1,484")).toEqual({ ok: true, value: "1484" });
    expect(checkIndicatorValue("COUNT", 0)).toEqual({ ok: true, value: "0" });
    expect(checkIndicatorValue("COUNT", "007")).toEqual({ ok: true, value: "7" });
    expect(checkIndicatorValue("COUNT", "12.000")).toEqual({ ok: true, value: "12" });
    expect(checkIndicatorValue("PERSONS", " 153 000 ")).toEqual({ ok: true, value: "153000" });
    expect(checkIndicatorValue("YUAN", "50万")).toEqual({ ok: true, value: "500000.00" });
    expect(checkIndicatorValue("YUAN", "1,000,000")).toEqual({ ok: true, value: "1000000.00" });
    expect(checkIndicatorValue("YUAN", 12.5)).toEqual({ ok: true, value: "12.50" });
    expect(checkIndicatorValue("DECIMAL", "1.2500")).toEqual({ ok: true, value: "1.25" });
    expect(checkIndicatorValue("DECIMAL", "0.0001")).toEqual({ ok: true, value: "0.0001" });
    expect(checkIndicatorValue("RATIO", "0.52%")).toEqual({ ok: true, value: "0.0052" });
    expect(checkIndicatorValue("RATIO", "0.005")).toEqual({ ok: true, value: "0.005" });
    expect(checkIndicatorValue("COUNT", "999999999999999")).toEqual({ ok: true, value: "999999999999999" });
  });

  it("refuses negatives, NaN, exponents, too many decimals or digits, and zero persons", () => {
    for (const [unit, value] of [
      ["COUNT", "-1"],
      ["COUNT", "1.5"],
      ["COUNT", "1e3"],
      ["COUNT", 1e21],
      ["COUNT", Number.NaN],
      ["COUNT", Number.POSITIVE_INFINITY],
      ["COUNT", "1234567890123456"],
      ["COUNT", "1,48"],
      ["COUNT", ""],
      ["PERSONS", "0"],
      ["YUAN", "1.234"],
      ["YUAN", "-0.01"],
      ["DECIMAL", "1.23456"],
      ["RATIO", "1.5"],
    ] as const)
      expect(checkIndicatorValue(unit, value).ok, `${unit} ${String(value)}`).toBe(false);
  });
});

describe("canonicalEntryValue", () => {
  it("prints stored decimals by unit", () => {
    expect(canonicalEntryValue("COUNT", "1484")).toBe("1484");
    expect(canonicalEntryValue("YUAN", "2000000")).toBe("2000000.00");
    expect(canonicalEntryValue("DECIMAL", "1.2500")).toBe("1.25");
  });
});

describe("parseIndicatorEntry", () => {
  it("names every bad field at once, the value by the series' unit", () => {
    const result = parseIndicatorEntry({ seriesKey: "population", value: "0", asOf: "2026-12-05", source: "" }, { asOfError: (d) => (d > "2026-12-04" ? "统计截至日期不能晚于今天（2026-12-04）" : null) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["asOf", "source", "value"]);
  });

  it("returns the canonical value", () => {
    expect(parseIndicatorEntry({ seriesKey: "fiscal-expenditure", value: "2,150,000,000", asOf: "2025/12/31", source: "县财政局" })).toEqual({
      ok: true,
      value: { seriesKey: "fiscal-expenditure", value: "2150000000.00", asOf: "2025-12-31", source: "县财政局", note: undefined, replacesId: undefined },
    });
  });
});
