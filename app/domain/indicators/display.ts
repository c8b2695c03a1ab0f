import { Money, Ratio } from "../shared/money";
import type { IndicatorUnit } from "./definitions";

/**
 * How an indicator's exact figure is printed, the same on the dashboard, the report,
 * the public page and in both exports (so that a reader can compare them): counts and
 * persons whole with separators, yuan with separators and two decimals, decimals with
 * two places, ratios in percent with two places. Half-up rounding. Pure.
 */
export function displayFigure(unit: IndicatorUnit, value: string): string {
  const exact = Ratio.parseDecimal(value);
  switch (unit) {
    case "COUNT":
    case "PERSONS":
      return groupThousands(exact.toFixed(0));
    case "YUAN":
      return Money.parseYuan(exact.toFixed(2)).format({ symbol: false });
    case "DECIMAL":
      return groupThousands(exact.toFixed(2));
    case "RATIO":
      return exact.times(Ratio.of(100)).toFixed(2);
  }
}

/** The figure with its unit label: "1,484 件", "2,000,000.00 元", "1.25 件/万人", "0.52%". */
export function displayFigureWithUnit(unit: IndicatorUnit, unitLabel: string, value: string): string {
  const figure = displayFigure(unit, value);
  return unit === "RATIO" ? `${figure}%` : `${figure} ${unitLabel}`;
}

function groupThousands(text: string): string {
  const negative = text.startsWith("-");
  const [int, frac] = (negative ? text.slice(1) : text).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${frac !== undefined ? `.${frac}` : ""}`;
}
