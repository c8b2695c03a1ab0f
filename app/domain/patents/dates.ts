import { type Checked, fail, ok, toHalfWidth } from "./text";
import { shanghaiDate } from "../shared/calendar";
import { clock } from "../shared/clock";

/**
 * Calendar dates of the catalog (filing, grant, expiry) are plain `YYYY-MM-DD` strings:
 * they are legal dates in China, not instants, so they never go through a time zone.
 * Arithmetic runs on UTC midnight, which has no DST and no offset surprises.
 */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** China's Patent Law took effect on 1985-04-01: no filing date can be earlier. */
export const FIRST_FILING_DATE = "1985-04-01";

const DAY_MS = 86_400_000;

function utc(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split("-").map(Number);
  return [y, m, d];
}

/** True when `iso` is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(iso: string): boolean {
  if (!ISO_DATE.test(iso)) return false;
  const [y, m, d] = parts(iso);
  return isoOf(utc(y, m, d)) === iso;
}

/**
 * Reads the ways dates appear in spreadsheets and CNIPA exports — 2017-03-01, 2017/3/1,
 * 2017.3.1, 2017年3月1日, 20170301 — and returns `YYYY-MM-DD`. Times are refused rather
 * than truncated: "2017-03-01T16:00:00Z" is 2017-03-02 in China.
 */
export function checkDate(input: string, label = "日期"): Checked<string> {
  const text = toHalfWidth(input).trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return fail(`${label}格式不正确，应为 YYYY-MM-DD，如 2021-06-01`);
  const iso = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  if (!isIsoDate(iso)) return fail(`${label}不是有效的日期：${text}`);
  return ok(iso);
}

/** Today's date in China (UTC+8 all year), the day holders and the law count in. */
export function todayInChina(now: Date = clock.now()): string {
  return shanghaiDate(now);
}

/**
 * The same day `years` later. 29 February maps to 1 March in a non-leap year: the
 * period it ends then still covers the whole of 28 February.
 */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = parts(iso);
  return isoOf(utc(y + years, m, d));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((utc(ty, tm, td).getTime() - utc(fy, fm, fd).getTime()) / DAY_MS);
}
