/**
 * Calendar dates of the county (Asia/Shanghai, UTC+8 all year): the dates that decide
 * budget years, yearly caps and policy versions in force.
 */

/** The calendar date of an instant in Asia/Shanghai (UTC+8, no daylight saving): "2026-03-01". */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The year a date ("2026-03-01") belongs to: the budget year and the cap year. */
export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/** A calendar date plus whole months; a day past the end of the target month becomes its last day (01-31 + 1 → 02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Midnight UTC of a calendar date, as Prisma stores `@db.Date` columns. */
export function dateColumn(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/** A `@db.Date` column back to its calendar date. */
export function isoDateOf(column: Date): string {
  return column.toISOString().slice(0, 10);
}

/** Whether a calendar date ("2026-03-02") is a working day: Monday to Friday (public holidays are not modelled). */
export function isWorkingDay(isoDate: string): boolean {
  const weekday = dateColumn(isoDate).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The calendar date `days` working days (Monday–Friday) after `isoDate`, not counting
 * `isoDate` itself: an inquiry on Friday with 5 working days is due the next Friday, one
 * on Saturday or Sunday also the next Friday. `days` ≥ 0; 0 gives `isoDate` itself.
 */
export function addWorkingDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addWorkingDays: days must be a whole number ≥ 0, not ${days}`);
  let at = dateColumn(isoDate).getTime();
  for (let left = days; left > 0; ) {
    at += 86_400_000;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return isoDateOf(new Date(at));
}
