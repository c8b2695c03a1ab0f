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

/** A JSON number as decimal text, or undefined for NaN, ±Infinity and exponent forms (1e21). */
function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  return NUMBER_TEXT.test(text) ? text : undefined;
}

function wanToMoney(text: string, label: string): Checked<Money> {
  const m = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`${label}应为金额，如 85 万或 850000.00`);
  const [, , frac = ""] = m;
  // 1 万 = 1,000,000 分, so six decimals of 万 are still whole fen: the product is exact.
  if (frac.length > 6) return fail(`${label}精确到分即可：以“万”为单位时最多 6 位小数`);
  return ok(ONE_WAN.times(text));
}

/**
 * A positive-or-zero amount in 元 from a string or a JSON number → "850000.00".
 * Use `checkPositiveYuan` where zero makes no sense (asking prices).
 */
export function checkYuan(value: string | number, label = "金额"): Checked<string> {
  const raw = typeof value === "number" ? numberText(value) : value;
  if (raw === undefined) return fail(`${label}应为有效数字`);
  let text = toHalfWidth(raw)
    .replace(/[\s,]/g, "")
    .replace(/^(?:RMB|CNY|¥|￥)/i, "")
    .replace(/元$/, "")
    .replace(/人民币$/, "");
  if (text.startsWith("-")) return fail(`${label}不能为负数`);
  if (text === "") return fail(`${label}应为金额，如 850000.00`);

  let money: Money;
  if (text.endsWith("万")) {
    text = text.slice(0, -1);
    const result = wanToMoney(text, label);
    if (!result.ok) return result;
    money = result.value;
  } else {
    if (!NUMBER_TEXT.test(text)) return fail(`${label}应为金额（元），如 850000.00`);
    const [int, frac] = text.split(".");
    if ((frac ?? "").length > 2) return fail(`${label}最多保留两位小数（精确到分）`);
    const digits = stripLeadingZeros(int);
    if (digits.length > MAX_YUAN_DIGITS) return fail(`${label}金额过大`);
    money = Money.parseYuan(frac === undefined ? digits : `${digits}.${frac}`);
  }
  return ok(money.toYuanString());
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
