/**
 * The one way the portal writes money, rates and dates for people, and reads money and
 * rates they type (issue 19). Pages and e-mails use these, never their own `toFixed` or
 * `Intl` calls:
 * - money: exact `¥1,000,000.00` in ledgers, forms and tables (`formatMoney`); in summaries
 *   (cards, headings, notices) `formatMoneySummary`: below 1 万元 exact in 元, from 1 万元
 *   in 万元, from 1 亿元 in 亿元, up to two decimals, trailing zeros dropped;
 * - rates: percentages with the precision the rule has (`formatRate`: 0.0385 → 3.85%,
 *   0.012345 → 1.2345%);
 * - dates: in text `2026年12月5日` (`formatDate`), in tables `2026-12-05` (`formatDateCell`),
 *   with the time `2026-12-05 14:30` (`formatDateTime`); always Asia/Shanghai (SPEC §0).
 * English equivalents: `¥1.5 million`, `5 Dec 2026`.
 */
import { checkYuan } from "~/domain/patents/amounts";
import { Money } from "~/domain/shared/money";
import { formatPercent, percentToDecimal } from "~/domain/shared/percent";

type MoneyLike = Money | bigint | number | string;

/** A Money from fen (bigint or integer number) or a yuan string ("850000.00"). */
function toMoney(value: MoneyLike): Money {
  if (value instanceof Money) return value;
  if (typeof value === "string") return Money.parseYuan(value);
  return Money.fromFen(value);
}

/** Exact, for ledgers, forms and tables: `¥1,000,000.00`, `-¥12.30`. */
export function formatMoney(value: MoneyLike): string {
  const money = toMoney(value);
  const text = money.format();
  return money.isNegative() ? `-${text.slice(1)}` : text;
}

/**
 * For summaries, by one rule: below 1 万元 exact in 元 (`9,999.99元`), from 1 万元 in 万元
 * (`35万元`, `12.35万元`), from 1 亿元 in 亿元 (`1.5亿元`), rounded half-up to two decimals of
 * the unit, trailing zeros dropped. A rounding that reaches the next unit takes it
 * (99,999,999.99 元 is `1亿元`, not `10,000万元`). English: `¥350,000.00` below a million, then `¥1.5 million`,
 * `¥2.35 billion`.
 */
export function formatMoneySummary(value: MoneyLike, locale = "zh-CN"): string {
  const money = toMoney(value);
  if (!locale.startsWith("en")) return money.summary();
  const abs = money.isNegative() ? -money.fen : money.fen;
  const sign = money.isNegative() ? "-" : "";
  const [million, billion] = [100_000_000n, 100_000_000_000n]; // fen
  if (abs >= billion || (abs >= million && money.magnitudeIn(million) === "1,000")) return `${sign}¥${money.magnitudeIn(billion)} billion`;
  if (abs >= million) return `${sign}¥${money.magnitudeIn(million)} million`;
  return formatMoney(money);
}

/**
 * What people type as an amount, exactly — `500000`, `1,000,000`, `¥1,000,000.00`, `50万`,
 * `50万元`, `1.5亿`, `12.5元`, full-width digits, a leading minus — read by the domain's one
 * amount reader (`checkYuan`, which the forms, API v1 and imports use). The result is whole
 * fen (`1.234567万` is 12,345.67 元; `0.001` is refused). Null when it is not an amount.
 */
export function parseMoneyInput(text: string): Money | null {
  const checked = checkYuan(text, "金额", { negative: true });
  return checked.ok ? Money.parseYuan(checked.value) : null;
}

/** A rate the books hold as a decimal string, as a percentage with the precision it has: `0.0385` → `3.85%`, `0.012345` → `1.2345%`. */
export function formatRate(decimal: string): string {
  return formatPercent(decimal);
}

/** A typed rate (`3.85`, `3.85%`, `3.85％`, up to 4 decimals) as the decimal the books hold (`0.0385`), or null. */
export function parseRateInput(text: string): string | null {
  return percentToDecimal(text.replace(/\s+/g, ""));
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // China has no daylight saving time

/** The calendar parts of an instant in Asia/Shanghai. */
function shanghaiParts(value: Date | string): { y: number; m: number; d: number; hh: number; mm: number } {
  const local = new Date(new Date(value).getTime() + SHANGHAI_OFFSET_MS);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), hh: local.getUTCHours(), mm: local.getUTCMinutes() };
}

/** A calendar date ("2026-12-05", as the books keep it) or an instant. */
function partsOf(value: Date | string) {
  const day = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (day) return { y: Number(day[1]), m: Number(day[2]), d: Number(day[3]), hh: 0, mm: 0 };
  return shanghaiParts(value);
}

const pad = (n: number) => String(n).padStart(2, "0");
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** In text: `2026年12月5日` (English `5 Dec 2026`). */
export function formatDate(value: Date | string, locale = "zh-CN"): string {
  const { y, m, d } = partsOf(value);
  return locale.startsWith("en") ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${y}年${m}月${d}日`;
}

/** In tables: `2026-12-05`, whatever the language. */
export function formatDateCell(value: Date | string): string {
  const { y, m, d } = partsOf(value);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** In tables, with the time: `2026-12-05 14:30`; without it (`withTime` false) as `formatDateCell`. */
export function formatDateTime(value: Date | string, _locale?: string, withTime = true): string {
  if (!withTime) return formatDateCell(value);
  const { y, m, d, hh, mm } = partsOf(value);
  return `${y}-${pad(m)}-${pad(d)} ${pad(hh)}:${pad(mm)}`;
}

/**
 * How long something has waited, for a work queue: whole days from one day on, whole
 * hours from one hour on, else minutes (at least 1). `now` comes from the loader so the
 * server and the browser show the same.
 */
export function ageOf(since: Date | string, now: number): { unit: "days" | "hours" | "minutes"; n: number } {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes >= 24 * 60) return { unit: "days", n: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 60) return { unit: "hours", n: Math.floor(minutes / 60) };
  return { unit: "minutes", n: Math.max(1, minutes) };
}

const UPPER_DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const UPPER_PLACES = ["", "拾", "佰", "仟"];
const UPPER_SECTIONS = ["", "万", "亿", "万亿"];

/** 0–9999 in uppercase numerals: inner zeros read once (壹仟零壹拾), trailing ones not at all. */
function sectionInWords(section: number): string {
  let out = "";
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(section / 10 ** place) % 10;
    if (digit === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += UPPER_DIGITS[digit] + UPPER_PLACES[place];
  }
  return out;
}

/**
 * An amount in words, as a confirmation or a voucher writes it (大写金额):
 * ¥1,000,000.00 → 人民币壹佰万元整, ¥10,001.50 → 人民币壹万零壹元伍角,
 * ¥0.05 → 人民币伍分, -¥3.20 → 人民币负叁元贰角. Up to 9,999 万亿 元.
 */
export function amountInWords(value: MoneyLike): string {
  const fen = toMoney(value).fen;
  const abs = fen < 0n ? -fen : fen;
  const yuan = abs / 100n;
  const jiao = Number((abs / 10n) % 10n);
  const fenDigit = Number(abs % 10n);
  let integer = "";
  let needZero = false;
  const sections: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10_000n) sections.push(Number(rest % 10_000n));
  if (sections.length > UPPER_SECTIONS.length) throw new RangeError(`amount too large for words: ${formatMoney(fen)}`);
  for (let k = sections.length - 1; k >= 0; k--) {
    const section = sections[k];
    if (section === 0) {
      if (integer) needZero = true;
      continue;
    }
    if (integer && (needZero || section < 1000)) integer += "零";
    integer += sectionInWords(section) + UPPER_SECTIONS[k];
    needZero = false;
  }
  let words = integer ? `${integer}元` : "";
  if (jiao === 0 && fenDigit === 0) words = words ? `${words}整` : "零元整";
  else if (fenDigit === 0) words += `${UPPER_DIGITS[jiao]}角`;
  else if (jiao === 0) words += `${integer ? "零" : ""}${UPPER_DIGITS[fenDigit]}分`;
  else words += `${UPPER_DIGITS[jiao]}角${UPPER_DIGITS[fenDigit]}分`;
  return `人民币${fen < 0n ? "负" : ""}${words}`;
}
