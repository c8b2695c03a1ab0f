import { Ratio } from "./money";

/**
 * Rates for people are percentages ("3.85%"); the books and API v1 keep exact decimal
 * strings ("0.0385", SPEC §8). The conversion is done on the digits, never through a
 * floating-point number: "3.85" is 385/10000 exactly.
 */

const PERCENT_PATTERN = /^(\d{1,2})(?:\.(\d{1,4}))?\s*[%％]?$/;

export const PERCENT_FORMAT_MESSAGE = "请输入百分数，如 3.85（即 3.85%，最多 4 位小数）";

/**
 * "3.85", "3.85%", "3.85 %" or "3.85％" → "0.0385" (at least two decimals: "2" → "0.02").
 * Percentages from 0 to 99.9999 with at most four decimals; anything else → null.
 */
export function percentToDecimal(text: string): string | null {
  const m = PERCENT_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, int, frac = ""] = m;
  // percent digits scaled by 10^4 → the decimal has 6 places.
  const scaled = BigInt(int) * 10_000n + BigInt(frac.padEnd(4, "0"));
  const digits = scaled.toString().padStart(7, "0");
  const decimals = digits.slice(-6).replace(/0+$/, "").padEnd(2, "0");
  return `${digits.slice(0, -6)}.${decimals}`;
}

/** "0.0385" → "3.85%", "0.02" → "2%", "0.1" → "10%". Exact for any decimal the books hold. */
export function formatPercent(decimal: string, options: { sign?: boolean } = {}): string {
  const text = Ratio.parse(decimal).times(Ratio.of(100)).toDecimalString(0);
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return options.sign === false ? trimmed : `${trimmed}%`;
}
