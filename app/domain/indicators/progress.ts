import { addMonths, dateColumn } from "../shared/calendar";
import { Ratio } from "../shared/money";
import type { IndicatorDefinition } from "./definitions";

/**
 * The maths of an indicator (issue 17 §3), exact: every figure is a Ratio (bigint
 * numerator and denominator); rounding happens only when a page or an export prints it.
 * Pure; days are calendar dates "YYYY-MM-DD" in the county's time zone.
 */

export type IndicatorStatus = "ACHIEVED" | "ON_TRACK" | "BEHIND" | "NO_DATA";

export type Target = Pick<IndicatorDefinition, "baseline" | "baselineDate" | "target" | "direction" | "pathway"> & {
  /** The plan's last day: the linear path reaches the target here. */
  end: string;
};

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (negative when `to` is earlier); leap days count. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateColumn(to).getTime() - dateColumn(from).getTime()) / DAY_MS);
}

const ratio = (decimal: string) => Ratio.parseDecimal(decimal);

/** Whether `value` has reached the target in the indicator's direction. */
export function reached(t: Pick<Target, "target" | "direction">, value: Ratio): boolean {
  const c = value.compare(ratio(t.target));
  return t.direction === "UP" ? c >= 0 : c <= 0;
}

/**
 * (value − baseline) ÷ (target − baseline), exact and unclamped: below the baseline it is
 * negative, past the target above 1. A target equal to the baseline leaves nothing to
 * cover: progress is 1 when the value is there (or beyond, in the direction), else 0.
 */
export function progressOf(t: Pick<Target, "baseline" | "target" | "direction">, value: Ratio): Ratio {
  const span = ratio(t.target).minus(ratio(t.baseline));
  if (span.isZero()) return reached(t, value) ? Ratio.of(1) : Ratio.of(0);
  return value.minus(ratio(t.baseline)).dividedBy(span).reduced();
}

/** Progress for a bar: clamped to [0, 1]. */
export function clampedProgress(progress: Ratio): Ratio {
  if (progress.compare(Ratio.of(0)) < 0) return Ratio.of(0);
  if (progress.compare(Ratio.of(1)) > 0) return Ratio.of(1);
  return progress;
}

/**
 * The value the plan expects on `day`. LINEAR: the straight line in days from the
 * baseline (on its date) to the target (on the plan's last day); before the baseline
 * date it is the baseline, after the end the target. ANNUAL: the target, every day.
 */
export function expectedOn(t: Target, day: string): Ratio {
  const baseline = ratio(t.baseline);
  const target = ratio(t.target);
  if (t.pathway === "ANNUAL") return target;
  const total = daysBetween(t.baselineDate, t.end);
  const elapsed = Math.min(Math.max(daysBetween(t.baselineDate, day), 0), total);
  if (total <= 0) return target;
  return baseline.plus(target.minus(baseline).times(Ratio.of(elapsed, total))).reduced();
}

/**
 * ACHIEVED once the target is reached (early or not); ON_TRACK when the value is at least
 * (UP) or at most (DOWN) the expected value of the day; BEHIND otherwise; NO_DATA without a value.
 */
export function statusOn(t: Target, day: string, value: Ratio | null): IndicatorStatus {
  if (value === null) return "NO_DATA";
  if (reached(t, value)) return "ACHIEVED";
  const c = value.compare(expectedOn(t, day));
  return (t.direction === "UP" ? c >= 0 : c <= 0) ? "ON_TRACK" : "BEHIND";
}

export type DatedValue = { day: string; value: Ratio };

/** How far back the forecast's trend looks. */
export const FORECAST_WINDOW_MONTHS = 6;

/**
 * The value at the plan's end if the last six months' trend goes on: the slope of the
 * least-squares line through the dated values from six months before `day` up to `day`
 * (month-end snapshots and today's value), carried forward from the latest value to the
 * plan's last day. Anchored at the latest value, not at the line's own end, so that a
 * recent step (a loan, a conversion) is not pulled back by the months before it. Exact.
 * Null with fewer than two values at different days in the window, or for an ANNUAL
 * target (each year stands alone). On or after the plan's end it is the value itself.
 */
export function forecastAtEnd(t: Target, day: string, points: readonly DatedValue[]): Ratio | null {
  if (t.pathway === "ANNUAL") return null;
  const windowStart = addMonths(day, -FORECAST_WINDOW_MONTHS);
  const inWindow = points.filter((p) => p.day >= windowStart && p.day <= day);
  if (day >= t.end) {
    const last = [...inWindow].sort((a, b) => a.day.localeCompare(b.day)).at(-1);
    return last ? last.value : null;
  }
  const distinctDays = new Set(inWindow.map((p) => p.day));
  if (distinctDays.size < 2) return null;
  // x in days from the window's start; exact sums.
  const n = BigInt(inWindow.length);
  const xs = inWindow.map((p) => Ratio.of(daysBetween(windowStart, p.day)));
  const sumX = xs.reduce((a, x) => a.plus(x), Ratio.of(0));
  const sumY = inWindow.reduce((a, p) => a.plus(p.value), Ratio.of(0));
  const sumXX = xs.reduce((a, x) => a.plus(x.times(x)), Ratio.of(0));
  const sumXY = inWindow.reduce((a, p, i) => a.plus(xs[i].times(p.value)), Ratio.of(0));
  const N = Ratio.of(n);
  const denominator = N.times(sumXX).minus(sumX.times(sumX));
  const slope = N.times(sumXY).minus(sumX.times(sumY)).dividedBy(denominator);
  const latest = [...inWindow].sort((a, b) => a.day.localeCompare(b.day)).at(-1)!;
  return latest.value.plus(slope.times(Ratio.of(daysBetween(latest.day, t.end)))).reduced();
}

/** The last day of every month from `from`'s month to `to`'s month, inclusive ("2024-01-31", "2024-02-29", …). */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    out.push(`${y}-${String(m).padStart(2, "0")}-${String(last).padStart(2, "0")}`);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}
