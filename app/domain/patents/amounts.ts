import { Money, Ratio } from "~/domain/shared/money";
import { type Checked, fail, ok, toHalfWidth } from "./text";

/**
 * Reading amounts people type: prices in 元 (also "¥850,000", "85万", "85.5万元") and
 * percentages ("5", "5.5%"). Results are canonical strings — yuan with two decimals
 * ("850000.00", what Money.parseYuan and the API use) and percentages with two decimals
 * ("5.50") — so that equal amounts are equal strings. Nothing here uses float arithmetic
 * on the value: JSON numbers are read through their shortest decimal text.
 */

const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;
/** Money.parseYuan's own limit: 13 integer digits. */
const MAX_YUAN_DIGITS = 13;

const stripLeadingZeros = (int: string) => int.replace(/^0+(?=\d)/, "");

const ONE_WAN = Money.parseYuan("10000");
/** What Money.parseYuan reads back: 13 integer digits of 元. */
const MAX_FEN = 10n ** 15n - 1n;

/** A JSON number as decimal text, or undefined for NaN, ±Infinity and exponent forms (1e21). */
function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  return NUMBER_TEXT.test(text) ? text : undefined;
}

const ONE_YI = Money.parseYuan("100000000");

/** An amount in 万 or 亿: 1 万 is 1,000,000 fen, so six decimals of 万 (ten of 亿) are still whole fen and the product is exact. */
function unitToMoney(text: string, label: string, unit: "万" | "亿"): Checked<Money> {
  const m = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`${label}应为金额，如 85 万或 850000.00`);
  const [, , frac = ""] = m;
  const places = unit === "万" ? 6 : 10;
  if (frac.length > places) return fail(`${label}精确到分即可：以“${unit}”为单位时最多 ${places} 位小数`);
  return ok((unit === "万" ? ONE_WAN : ONE_YI).times(text));
}

/** Thousands separators only where they group thousands ("1,000,000"); "1,00" is not an amount. */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * An amount in 元 as people type it — "850000", "850,000.00", "¥850,000", "85万", "85.5万元",
 * "1.5亿", full-width digits — or a JSON number → "850000.00", exactly (never through a
 * float). Positive or zero; with `negative`, a leading minus is read too (corrections).
 * Use `checkPositiveYuan` where zero makes no sense (asking prices). The one reader of
 * typed amounts: the forms, API v1 and imports all go through it.
 */
export function checkYuan(value: string | number, label = "金额", options: { negative?: boolean } = {}): Checked<string> {
  const raw = typeof value === "number" ? numberText(value) : value;
  if (raw === undefined) return fail(`${label}应为有效数字`);
  let text = toHalfWidth(raw)
    .replace(/\s/g, "")
    .replace(/^(?:RMB|CNY|¥|￥)/i, "")
    .replace(/元$/, "")
    .replace(/人民币$/, "");
  const negative = /^[-−]/.test(text);
  if (negative && !options.negative) return fail(`${label}不能为负数`);
  if (negative) text = text.slice(1).replace(/^(?:¥|￥)/, "");
  if (text === "") return fail(`${label}应为金额，如 850000.00`);
  if (text.includes(",")) {
    const number = text.replace(/[万亿]$/, "");
    if (!GROUPED.test(number)) return fail(`${label}的千位分隔符位置不对，如 1,000,000.00`);
    text = text.replace(/,/g, "");
  }

  let money: Money;
  if (text.endsWith("万") || text.endsWith("亿")) {
    const result = unitToMoney(text.slice(0, -1), label, text.endsWith("万") ? "万" : "亿");
    if (!result.ok) return result;
    money = result.value;
  } else {
    if (!NUMBER_TEXT.test(text) || text.startsWith("-")) return fail(`${label}应为金额（元），如 850000.00`);
    const [int, frac] = text.split(".");
    if ((frac ?? "").length > 2) return fail(`${label}最多保留两位小数（精确到分）`);
    const digits = stripLeadingZeros(int);
    if (digits.length > MAX_YUAN_DIGITS) return fail(`${label}过大`);
    money = Money.parseYuan(frac === undefined ? digits : `${digits}.${frac}`);
  }
  if (money.fen > MAX_FEN) return fail(`${label}过大`);
  return ok((negative ? Money.zero.minus(money) : money).toYuanString());
}

/** Like `checkYuan`, but zero is refused: a price of ¥0.00 is a mistake, not a gift. */
export function checkPositiveYuan(value: string | number, label = "金额"): Checked<string> {
  const result = checkYuan(value, label);
  if (result.ok && Money.parseYuan(result.value).isZero()) return fail(`${label}应大于 0`);
  return result;
}

/** A percentage 0–100 with at most two decimals ("5", "5.5%", 12.25) → "5.00". */
export function checkPercent(value: string | number, label = "比例"): Checked<string> {
  const raw = typeof value === "number" ? numberText(value) : value;
  if (raw === undefined) return fail(`${label}应为有效数字`);
  const text = toHalfWidth(raw).replace(/\s/g, "").replace(/%$/, "");
  if (text.startsWith("-")) return fail(`${label}不能为负数`);
  if (!NUMBER_TEXT.test(text)) return fail(`${label}应为 0–100 之间的数字，如 5 或 5.5`);
  const [int, frac] = text.split(".");
  if ((frac ?? "").length > 2) return fail(`${label}最多保留两位小数`);
  const digits = stripLeadingZeros(int);
  if (digits.length > 3) return fail(`${label}不能超过 100%`);
  const ratio = Ratio.parse(frac === undefined ? digits : `${digits}.${frac}`);
  if (ratio.compare(Ratio.of(100)) > 0) return fail(`${label}不能超过 100%`);
  return ok(ratio.toDecimalString(2));
}
