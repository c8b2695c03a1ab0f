import type { PatentType } from "../../../search/port";
import { type Checked, fail, ok, toHalfWidth } from "./text";

/**
 * Chinese patent application numbers (专利申请号), the format in force since 2003-10-01:
 * `CN` + 12 digits + `.` + check character, e.g. CN201710117081.7.
 *   digits 1–4  year the application was received (受理年份)
 *   digit  5    kind: 1 invention, 2 utility model, 3 design, 8 PCT invention entering the
 *               national phase, 9 PCT utility model entering the national phase
 *   digits 6–12 serial number
 *   check       Σ dᵢ·wᵢ mod 11 with weights 2,3,4,5,6,7,8,9,2,3,4,5; 10 is written X.
 * A granted patent's number on the certificate is the same number with a `ZL` prefix
 * (专利号 ZL201710117081.7), so we accept that too.
 */

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
export const APPLICATION_NUMBER_PATTERN = /^CN\d{12}\.[0-9X]$/;
/** The first year of the 12-digit format (introduced on 2003-10-01). */
const FIRST_YEAR = 2003;
const EXAMPLE = "CN201710117081.7";

const TYPE_BY_DIGIT: Record<string, PatentType> = {
  "1": "INVENTION",
  "8": "INVENTION",
  "2": "UTILITY_MODEL",
  "9": "UTILITY_MODEL",
  "3": "DESIGN",
};

/** The check character ("0"–"9" or "X") for the 12 digits of an application number. */
export function computeCheckDigit(twelveDigits: string): string {
  if (!/^\d{12}$/.test(twelveDigits)) throw new Error(`expected 12 digits, got "${twelveDigits}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelveDigits[i]) * WEIGHTS[i];
  const check = sum % 11;
  return check === 10 ? "X" : String(check);
}

/** The canonical application number for 12 digits (seeds and tests build valid numbers with it). */
export function withCheckDigit(twelveDigits: string): string {
  return `CN${twelveDigits}.${computeCheckDigit(twelveDigits)}`;
}

/** Upper-cases, converts full-width characters, drops spaces and the CN/ZL prefixes. */
function body(input: string): string {
  return toHalfWidth(input)
    .replace(/\s+/g, "")
    .toUpperCase()
    .replace(/[。·]/g, ".")
    .replace(/^(?:CN|ZL)+/, "");
}

/**
 * Validates leniently ("cn 2017 1 0117081.7", "ZL201710117081.7", full-width digits,
 * a missing dot) and returns the canonical `CN############.C`.
 */
export function checkApplicationNumber(input: string): Checked<string> {
  const text = body(input);
  if (text === "") return fail("请填写申请号");

  if (/^\d{12}\.?$/.test(text)) {
    const digits = text.slice(0, 12);
    return fail(`申请号缺少校验位：完整的申请号应为 ${withCheckDigit(digits)}`);
  }
  if (/^\d{8}\.?[0-9X]$/.test(text)) {
    return fail("暂不支持 2003 年 10 月以前的 8 位旧格式申请号（这类专利的保护期均已届满）");
  }
  const m = /^(\d{12})\.?([0-9X])$/.exec(text);
  if (!m) {
    const digits = text.replace(/\D/g, "");
    if (/^[\d.X]+$/.test(text)) {
      return fail(`申请号应为 12 位数字加 1 位校验位（如 ${EXAMPLE}），当前有 ${digits.length} 位数字`);
    }
    return fail(`申请号格式不正确，应形如 ${EXAMPLE}`);
  }
  const [, digits, check] = m;
  const year = Number(digits.slice(0, 4));
  if (year < FIRST_YEAR) return fail(`申请号前 4 位是申请年份，应不早于 ${FIRST_YEAR} 年（当前为 ${digits.slice(0, 4)}）`);
  if (!TYPE_BY_DIGIT[digits[4]]) {
    return fail(`申请号第 5 位表示专利类型，应为 1、2、3、8 或 9（当前为 ${digits[4]}）`);
  }
  const expected = computeCheckDigit(digits);
  if (check !== expected) return fail(`申请号校验位错误：应为 ${expected}（即 CN${digits}.${expected}）`);
  return ok(`CN${digits}.${check}`);
}

export function isApplicationNumber(input: string): boolean {
  return checkApplicationNumber(input).ok;
}

/** The canonical number, or throws with the Chinese reason (for trusted inputs such as seeds). */
export function normalizeApplicationNumber(input: string): string {
  const result = checkApplicationNumber(input);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

/**
 * The patent type the 5th digit encodes: 1/8 invention, 2/9 utility model, 3 design.
 * Accepts the same lenient spellings as `checkApplicationNumber` but not a wrong check digit.
 */
export function patentTypeFromApplicationNumber(input: string): Checked<PatentType> {
  const result = checkApplicationNumber(input);
  if (!result.ok) return result;
  return ok(TYPE_BY_DIGIT[result.value[6]]);
}

/* ------------------------------------------------------------------------------------ */

/**
 * Publication / grant-announcement numbers (公开号 / 授权公告号): `CN` + 6–10 digits +
 * a kind code, e.g. CN113914863A (invention application), CN113914863B (invention
 * grant), CN210123456U (utility model), CN305123456S (design). Older documents use
 * C (invention grant), Y (utility model) and D (design); an extra digit (A8, B9)
 * marks a corrected document. Validation is deliberately loose: only the shape.
 */
export const PUBLICATION_NUMBER_PATTERN = /^CN\d{6,10}[ABCDSUY]\d?$/;
const KIND_TYPES: Record<string, PatentType> = {
  A: "INVENTION",
  B: "INVENTION",
  C: "INVENTION",
  U: "UTILITY_MODEL",
  Y: "UTILITY_MODEL",
  S: "DESIGN",
  D: "DESIGN",
};

export function checkPublicationNumber(input: string): Checked<string> {
  const text = toHalfWidth(input).replace(/[\s.]+/g, "").toUpperCase();
  if (text === "") return fail("请填写公开（公告）号");
  if (/^[A-Z]{2}/.test(text) && !text.startsWith("CN")) {
    return fail(`仅支持中国专利的公开（公告）号（以 CN 开头），当前为 ${text.slice(0, 2)}`);
  }
  const value = text.startsWith("CN") ? text : `CN${text}`;
  if (/^CN\d{6,10}$/.test(value)) return fail(`公开（公告）号缺少文献种类代码，应形如 ${value}A 或 ${value}B`);
  if (!PUBLICATION_NUMBER_PATTERN.test(value)) {
    return fail("公开（公告）号格式不正确，应为 CN + 数字 + 文献种类代码（A、B、C、U、Y、S、D），如 CN113914863A");
  }
  return ok(value);
}

/** The patent type a (valid) publication number's kind code implies. */
export function patentTypeFromPublicationNumber(input: string): Checked<PatentType> {
  const result = checkPublicationNumber(input);
  if (!result.ok) return result;
  const kind = /([A-Z])\d?$/.exec(result.value)![1];
  return ok(KIND_TYPES[kind]);
}
