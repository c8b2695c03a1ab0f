import { describe, expect, it } from "vitest";
import { formatPercent, percentToDecimal } from "./percent";

describe("percentToDecimal", () => {
  it.each([
    ["3.85", "0.0385"],
    ["3.85%", "0.0385"],
    [" 3.85 % ", "0.0385"],
    ["3.85％", "0.0385"],
    ["4.2", "0.042"],
    ["2", "0.02"],
    ["10", "0.10"],
    ["0.5", "0.005"],
    ["5.0001", "0.050001"],
    ["99.9999", "0.999999"],
    ["0", "0.00"],
    ["07.10", "0.071"],
  ])("%s → %s exactly", (input, decimal) => {
    expect(percentToDecimal(input)).toBe(decimal);
  });

  it.each(["", "abc", "3.85.1", "100", "3.12345", "-1", "1e2", "0.0385%%", "<b>3</b>"])("refuses %j", (input) => {
    expect(percentToDecimal(input)).toBeNull();
  });

  it("keeps the digits of every four-decimal percentage (no float drift)", () => {
    for (let i = 0; i < 10_000; i += 7) {
      const pct = `4.${String(i).padStart(4, "0")}`;
      const decimal = percentToDecimal(pct) as string;
      expect(formatPercent(decimal, { sign: false })).toBe(pct.replace(/0+$/, "").replace(/\.$/, ""));
    }
  });
});

describe("formatPercent", () => {
  it.each([
    ["0.0385", "3.85%"],
    ["0.02", "2%"],
    ["0.0200", "2%"],
    ["0.1", "10%"],
    ["0.042", "4.2%"],
    ["0.050001", "5.0001%"],
    ["1.4", "140%"],
  ])("%s → %s", (decimal, text) => {
    expect(formatPercent(decimal)).toBe(text);
  });
  it("can leave the sign out (for an input's value)", () => {
    expect(formatPercent("0.0385", { sign: false })).toBe("3.85");
  });
});
