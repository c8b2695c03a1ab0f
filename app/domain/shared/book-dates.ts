import { shanghaiDate } from "./calendar";
import { clock } from "./clock";

/**
 * Dates of the books (registration, disbursement, repayment, default, recovery, a payment's
 * receipt, a report): a fact that has happened, so never later than today in the county
 * (Asia/Shanghai, today inclusive) and never earlier than the step it follows. One rule
 * for pages, API and workers; each returns the field error in Chinese or null.
 */

/** Today in the county, by the application's clock. */
export function bookToday(now: Date = clock.now()): string {
  return shanghaiDate(now);
}

/** A step's date that must not be earlier than: the step's label and its date ("2026-03-01"). */
export type EarlierStep = { label: string; date: string | null | undefined };

/**
 * Why `date` ("YYYY-MM-DD", already well-formed) cannot be the date of `label`, or null:
 * after today, or before any of `after` (the step's own date is allowed: a loan can be
 * disbursed on the day of its registration).
 */
export function bookDateError(date: string, label: string, after: readonly EarlierStep[] = [], now: Date = clock.now()): string | null {
  const today = bookToday(now);
  if (date > today) return `${label}不能晚于今天（${today}）`;
  for (const step of after) {
    if (step.date && date < step.date) return `${label}不能早于${step.label}（${step.date}）`;
  }
  return null;
}

/** How far ahead a policy version may take effect: two years from today (a date further out is a typo, or a trap). */
export const POLICY_MAX_YEARS_AHEAD = 2;

/** The last date a version published today may take effect on: today + 2 years (02-29 → 02-28). */
export function latestEffectiveDate(now: Date = clock.now()): string {
  const today = bookToday(now);
  const [y, m, d] = today.split("-").map(Number);
  const target = new Date(Date.UTC(y + POLICY_MAX_YEARS_AHEAD, m - 1, 1));
  const last = new Date(Date.UTC(y + POLICY_MAX_YEARS_AHEAD, m, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
