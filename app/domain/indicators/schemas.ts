import { z } from "zod";
import { county } from "../identity/county";
import { checkYuan } from "../patents/amounts";
import { checkDate } from "../patents/dates";
import { type Checked, fail, ok, toHalfWidth } from "../patents/text";
import { Ratio } from "../shared/money";
import { fieldErrorsOfIssues, type FieldErrors } from "../shared/errors";
import { fromChecked, optionalText, requiredText, text } from "../shared/text";
import { entrySeries, type IndicatorPlan, type IndicatorUnit } from "./definitions";

/**
 * Input of statistic entries (issue 17 §2), shared by API v1 and the entry form. Pure (no
 * server imports). A value is checked against the unit of the series it is entered for,
 * so the schema is built from the plan; every message is Chinese and names its field, and
 * one answer names every bad field. The rule that needs today (not in the future) is the
 * use case's, with `bookDateError`.
 */

export const ENTRY_SOURCE_MAX = 200;
export const ENTRY_NOTE_MAX = 1_000;
/** No statistic of this platform describes a day before 2000. */
export const EARLIEST_ENTRY_DATE = "2000-01-01";
/** At most 15 integer digits (a county's figures are far below; more is a typo). */
const MAX_INTEGER_DIGITS = 15;

/** How many decimals a unit's entry may have, and whether zero is allowed. */
const UNIT_RULES: Record<IndicatorUnit, { decimals: number; positive: boolean; hint: string }> = {
  COUNT: { decimals: 0, positive: false, hint: "整数，如 1484" },
  PERSONS: { decimals: 0, positive: true, hint: "大于 0 的整数，如 153000" },
  YUAN: { decimals: 2, positive: false, hint: "金额（元），如 2000000.00 或 200万" },
  DECIMAL: { decimals: 4, positive: false, hint: "数字，最多 4 位小数，如 1.25" },
  RATIO: { decimals: 6, positive: false, hint: "小数比例，如 0.0052（即 0.52%）" },
};

/** A JSON number as decimal text, or undefined for NaN, ±Infinity and exponent forms (1e21). */
function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const s = String(value);
  return /^-?\d+(?:\.\d+)?$/.test(s) ? s : undefined;
}

/**
 * A value typed for a series of `unit` → its canonical exact decimal: COUNT / PERSONS whole
 * ("1484"), YUAN with two decimals ("2000000.00"; also "2,000,000", "200万", "¥2,000,000元"),
 * DECIMAL as typed without trailing zeros ("1.25"), RATIO a fraction ("0.0052"). Never
 * negative, never NaN or an exponent; thousands separators only in groups of three.
 */
export function checkIndicatorValue(unit: IndicatorUnit, value: string | number, label = "数值"): Checked<string> {
  const rule = UNIT_RULES[unit];
  const raw = typeof value === "number" ? numberText(value) : value;
  if (raw === undefined) return fail(`${label}应为有效数字：${rule.hint}`);
  if (unit === "YUAN") return checkYuan(raw, label);
  let s = toHalfWidth(raw).replace(/\s/g, "");
  if (s === "") return fail(`请填写${label}`);
  if (s.startsWith("-")) return fail(`${label}不能为负数`);
  if (unit === "RATIO" && s.endsWith("%")) {
    const percent = checkIndicatorValue("DECIMAL", s.slice(0, -1), label);
    return percent.ok ? ok(Ratio.parseDecimal(percent.value).dividedBy(Ratio.of(100)).toDecimalString(0)) : percent;
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return fail(`${label}应为${rule.hint}`);
  const [, int, frac = ""] = m;
  const digits = int.replace(/^0+(?=\d)/, "");
  if (digits.length > MAX_INTEGER_DIGITS) return fail(`${label}过大（最多 ${MAX_INTEGER_DIGITS} 位整数）`);
  const exact = Ratio.parseDecimal(`${digits}${frac ? `.${frac}` : ""}`);
  const trimmed = exact.toDecimalString(0);
  const decimalsUsed = trimmed.includes(".") ? trimmed.split(".")[1].length : 0;
  if (decimalsUsed > rule.decimals) return fail(rule.decimals === 0 ? `${label}应为整数` : `${label}最多保留 ${rule.decimals} 位小数`);
  if (rule.positive && exact.isZero()) return fail(`${label}应大于 0`);
  if (unit === "RATIO" && exact.compare(Ratio.of(1)) > 0) return fail(`${label}不能超过 1（即 100%）`);
  return ok(trimmed);
}

/** A stored value (Prisma Decimal's plain text) in the series' canonical form: "1484", "2000000.00", "1.25". */
export function canonicalEntryValue(unit: IndicatorUnit, stored: string): string {
  const exact = Ratio.parseDecimal(stored);
  if (unit === "COUNT" || unit === "PERSONS") return exact.toFixed(0);
  if (unit === "YUAN") return exact.toFixed(2);
  return exact.toDecimalString(0);
}

const asOfSchema = text({ error: "请填写统计截至日期" }).transform(
  fromChecked((s) => {
    if (!s.trim()) return fail("请填写统计截至日期");
    const checked = checkDate(s, "统计截至日期");
    if (checked.ok && checked.value < EARLIEST_ENTRY_DATE) return fail(`统计截至日期不能早于 ${EARLIEST_ENTRY_DATE}`);
    return checked;
  }),
);

/**
 * The fields of a statistic entry: `{ seriesKey, value, asOf, source, note?, replacesId? }`.
 * The value is only taken here (a string or a JSON number); `parseIndicatorEntry` checks it
 * against the series' unit. Forms and the OpenAPI document use this schema.
 */
export function indicatorEntryFieldsSchema(plan: IndicatorPlan = county.indicatorPlan) {
  const series = entrySeries(plan);
  const keys = series.map((s) => s.key) as [string, ...string[]];
  return z.object({
    seriesKey: z.enum(keys, { error: `请选择统计项目：${series.map((s) => s.name).join("、")}` }),
    value: z.union([text(), z.number()], { error: "请填写数值" }),
    asOf: asOfSchema,
    source: requiredText("数据来源", ENTRY_SOURCE_MAX),
    note: optionalText("备注", ENTRY_NOTE_MAX),
    replacesId: optionalText("被更正的记录", 64),
  });
}

export type IndicatorEntryInput = Omit<z.output<ReturnType<typeof indicatorEntryFieldsSchema>>, "value"> & {
  /** Canonical exact decimal in the series' unit ("1484", "2000000.00", "1.25"). */
  value: string;
};

/**
 * A whole entry body checked at once, so that one answer names every bad field: the
 * fields, and the value against the unit of the series it names (when the series is
 * known), and the day by `asOfError` (the use case's: not after today). The value comes
 * back canonical.
 */
export function parseIndicatorEntry(
  input: unknown,
  options: { plan?: IndicatorPlan; asOfError?: (asOf: string) => string | null } = {},
): { ok: true; value: IndicatorEntryInput } | { ok: false; errors: FieldErrors } {
  const plan = options.plan ?? county.indicatorPlan;
  const parsed = indicatorEntryFieldsSchema(plan).safeParse(input ?? {});
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
  if (!errors.asOf && options.asOfError) {
    const asOf = asOfSchema.safeParse((input as { asOf?: unknown } | null)?.asOf);
    const error = asOf.success ? options.asOfError(asOf.data) : null;
    if (error) errors.asOf = [error];
  }
  const raw = (input && typeof input === "object" ? input : {}) as { seriesKey?: unknown; value?: unknown };
  const series = entrySeries(plan).find((s) => s.key === raw.seriesKey);
  let value: string | null = null;
  if (series && !errors.value && (typeof raw.value === "string" || typeof raw.value === "number")) {
    const checked = checkIndicatorValue(series.unit, typeof raw.value === "string" ? raw.value.normalize("NFC") : raw.value, `${series.name}的数值`);
    if (checked.ok) value = checked.value;
    else errors.value = [checked.reason];
  }
  if (!parsed.success || value === null || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, value } };
}

/** `?seriesKey=` of the entry list. */
export function indicatorEntryListSchema(plan: IndicatorPlan = county.indicatorPlan) {
  const keys = entrySeries(plan).map((s) => s.key) as [string, ...string[]];
  return z.object({ seriesKey: z.enum(keys, { error: `统计项目应为 ${keys.join("、")} 之一` }).optional() });
}

/** `?asOf=` of the dashboard, the API and the exports: a day "YYYY-MM-DD" (today when absent). */
export const asOfQuerySchema = z.object({
  asOf: z.preprocess((v) => (v === "" ? undefined : v), text({ error: "统计截至日期应为一个日期，如 2026-11-30" }).trim().max(32, { error: "统计截至日期应为 YYYY-MM-DD，如 2026-11-30" }).optional()),
});
