import { z } from "zod";
import type { GiCheckResult, GiSpotCheckStatus } from "~/generated/prisma/enums";
import { checkDate } from "../patents/dates";
import { addMonths } from "../shared/calendar";
import { fieldErrorsOfIssues, validation, type FieldErrors } from "../shared/errors";
import { fromChecked, INT32_MAX, text } from "../shared/text";
import { shareError } from "./sampling";

/**
 * The annual GI spot check's rules (issue 16 §6), pure and browser-safe: what an opening,
 * a result, a rectification and a close accept, and what the page and the API show.
 *
 * Decisions (see also spot-checks.server.ts):
 * - A check is opened for a product and a year with a share and a seed; the population is
 *   the product's users active on the day it is opened (for a past year too: the check is
 *   made now, of the enterprises authorized now). Several checks per product and year are
 *   allowed (the county may check more often).
 * - A result (PASS, or FAIL with findings and a deadline) may be recorded and corrected
 *   while the check is OPEN; GOVERNMENT closes it explicitly once every sampled enterprise
 *   has a result. A closed check's results are final; a FAIL can still be marked
 *   rectified and is still flagged when overdue.
 * - Revocation is not done here: it is the application's own `revoke` action.
 */

export const GI_CHECK_RESULTS = ["PENDING", "PASS", "FAIL"] as const satisfies readonly GiCheckResult[];
export const GI_RECORDABLE_RESULTS = ["PASS", "FAIL"] as const;
export type GiRecordableResult = (typeof GI_RECORDABLE_RESULTS)[number];

export const GI_CHECK_RESULT_NAMES: Record<GiCheckResult, string> = { PENDING: "待检查", PASS: "合格", FAIL: "不合格" };
export const GI_SPOT_CHECK_STATUS_NAMES: Record<GiSpotCheckStatus, string> = { OPEN: "进行中", CLOSED: "已结束" };

export const EARLIEST_CHECK_YEAR = 2000;
export const SEED_MAX = 100;
export const FINDINGS_MAX = 2_000;
/** A rectification deadline lies after today and at most this many months ahead. */
export const RECTIFY_MAX_MONTHS = 12;

export const NO_POPULATION_MESSAGE = "该产品暂无有效的专用标志使用企业，无法抽查";

const version = z.coerce
  .number({ error: "version 应为正整数" })
  .int({ error: "version 应为正整数" })
  .min(1, { error: "version 应为正整数" })
  .max(INT32_MAX, { error: "version 应为正整数" });

const id = (label: string) => text({ error: `请选择${label}` }).trim().min(1, { error: `请选择${label}` }).max(64, { error: `${label}不存在` });

/**
 * A share as typed by a person or a program: "0.2", "0.20", 0.2, "20%", "12.5 %". Returns
 * the exact decimal string it stores ("0.2", "0.125", "1"), or the reason it cannot be one.
 */
export function parseShare(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof raw === "number" && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== "string" || raw.trim() === "") return { ok: false, reason: "请填写抽查比例，例如 20% 或 0.2" };
  const s = raw.trim().replace(/％/g, "%").replace(/\s+/g, "");
  let decimal: string;
  if (s.endsWith("%")) {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?%$/.exec(s);
    if (!m) return { ok: false, reason: "百分比格式不正确，例如 20% 或 12.5%（最多 2 位小数）" };
    // p % = p / 100: shift the decimal point two places, exactly (no floating point).
    const digits = `${m[1]}${(m[2] ?? "").padEnd(2, "0")}`.replace(/^0+(?=\d)/, "").padStart(5, "0");
    decimal = `${digits.slice(0, -4) || "0"}.${digits.slice(-4)}`;
  } else {
    decimal = s.startsWith(".") ? `0${s}` : s;
  }
  const error = shareError(decimal);
  if (error) return { ok: false, reason: s.endsWith("%") ? "抽查比例须大于 0% 且不超过 100%" : error };
  return { ok: true, value: canonicalShare(decimal) };
}

/** "0.2000" → "0.2", "1.00" → "1". */
export function canonicalShare(share: string): string {
  const [whole, frac = ""] = share.trim().split(".");
  const f = frac.replace(/0+$/, "");
  return f ? `${Number(whole)}.${f}` : String(Number(whole));
}

/** "0.2" → "20%", "0.125" → "12.5%": how the page shows a stored share. */
export function sharePercent(share: string): string {
  const [whole, frac = ""] = share.split(".");
  const tenThousandths = Number(whole) * 10_000 + Number(frac.padEnd(4, "0").slice(0, 4));
  const hundredths = String(tenThousandths).padStart(3, "0");
  const int = String(Number(hundredths.slice(0, -2)));
  const dec = hundredths.slice(-2).replace(/0+$/, "");
  return `${int}${dec ? `.${dec}` : ""}%`;
}

/** Opening a check: GOVERNMENT names the product, the year, the share and the seed. */
export function openSpotCheckSchema(thisYear: number) {
  return z.object({
    productId: id("地理标志产品"),
    year: z.coerce
      .number({ error: "请填写抽查年度" })
      .int({ error: "抽查年度应为四位年份" })
      .min(EARLIEST_CHECK_YEAR, { error: `抽查年度不能早于 ${EARLIEST_CHECK_YEAR} 年` })
      .max(thisYear, { error: `抽查年度不能晚于今年（${thisYear} 年）` }),
    share: z.unknown().transform((v, ctx) => {
      const parsed = parseShare(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.reason });
      return z.NEVER;
    }),
    seed: text({ error: "请填写随机种子" })
      .trim()
      .min(1, { error: "请填写随机种子" })
      .max(SEED_MAX, { error: `随机种子最多 ${SEED_MAX} 个字符` }),
  });
}
export type OpenSpotCheckInput = z.output<ReturnType<typeof openSpotCheckSchema>>;

const optionalText = (label: string, max: number) =>
  z
    .union([text({ error: `${label}应为文字` }), z.null()], { error: `${label}应为文字` })
    .optional()
    .transform((s) => (typeof s === "string" && s.trim() ? s.trim() : null))
    .refine((s) => s === null || s.length <= max, { error: `${label}最多 ${max} 字` });

const optionalDate = (label: string) =>
  z
    .union([text({ error: `${label}应为日期` }), z.null()], { error: `${label}应为日期` })
    .optional()
    .transform((s, ctx) => {
      if (typeof s !== "string" || !s.trim()) return null;
      return fromChecked((v) => checkDate(v, label))(s, ctx);
    });

/** Which sampled enterprise: the item's id or the application's (one is enough). */
const itemRef = {
  itemId: z.union([text(), z.null()]).optional().transform((s) => (typeof s === "string" && s.trim() ? s.trim() : null)),
  applicationId: z.union([text(), z.null()]).optional().transform((s) => (typeof s === "string" && s.trim() ? s.trim() : null)),
};

function refineItemRef(b: { itemId: string | null; applicationId: string | null }, ctx: z.RefinementCtx) {
  if (!b.itemId && !b.applicationId) ctx.addIssue({ code: "custom", path: ["itemId"], message: "请指明抽中的企业（itemId 或 applicationId）" });
}

/** A result: PASS, or FAIL with findings and a rectification deadline (checked against today by `resultErrors`). */
const recordResultShape = {
  ...itemRef,
  result: z.enum(GI_RECORDABLE_RESULTS, { error: "请选择检查结果（PASS 合格 或 FAIL 不合格）" }),
  findings: optionalText("检查发现", FINDINGS_MAX),
  rectifyBy: optionalDate("整改期限"),
  version,
};
export const recordResultSchema = z.object(recordResultShape).superRefine(refineItemRef);
export type RecordResultInput = z.output<typeof recordResultSchema>;

/** The rules of a result that need today: a FAIL's findings and deadline (after today, at most a year ahead). */
export function resultErrors(input: Pick<RecordResultInput, "result" | "findings" | "rectifyBy">, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (input.result !== "FAIL") return errors;
  if (!input.findings) errors.findings = ["不合格时请填写检查发现的问题"];
  if (!input.rectifyBy) errors.rectifyBy = ["不合格时请填写整改期限"];
  else if (input.rectifyBy <= today) errors.rectifyBy = [`整改期限应晚于今天（${today}）`];
  else if (input.rectifyBy > latestRectifyBy(today)) errors.rectifyBy = [`整改期限最长一年（不晚于 ${latestRectifyBy(today)}）`];
  return errors;
}

/**
 * A result body checked as a whole against today: every bad field in one answer (the
 * shape's errors and a FAIL's missing findings or bad deadline together).
 */
export function validateResult(raw: unknown, today: string): { ok: true; value: RecordResultInput } | { ok: false; errors: FieldErrors } {
  const parsed = recordResultSchema.safeParse(raw ?? {});
  if (parsed.success) {
    const errors = resultErrors(parsed.data, today);
    return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: parsed.data };
  }
  const errors = fieldErrorsOfIssues(parsed.error.issues);
  // The fields that did parse still say what a FAIL lacks.
  const body = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const field = <K extends keyof typeof recordResultShape>(k: K) => {
    const r = recordResultShape[k].safeParse(body[k]);
    return r.success ? (r.data as z.output<(typeof recordResultShape)[K]>) : undefined;
  };
  if (!errors.itemId && !errors.applicationId && !field("itemId") && !field("applicationId")) errors.itemId = ["请指明抽中的企业（itemId 或 applicationId）"];
  const result = field("result");
  if (result === "FAIL") {
    const more = resultErrors({ result, findings: field("findings") ?? null, rectifyBy: field("rectifyBy") ?? null }, today);
    for (const [k, v] of Object.entries(more)) if (!errors[k]) errors[k] = v;
  }
  return { ok: false, errors };
}

export function latestRectifyBy(today: string): string {
  return addMonths(today, RECTIFY_MAX_MONTHS);
}

/** Marking a FAIL rectified: the day it was (not in the future, not before the result was recorded). */
export const markRectifiedSchema = z
  .object({
    ...itemRef,
    rectifiedOn: text({ error: "请填写整改完成日期" }).transform(fromChecked((s) => checkDate(s, "整改完成日期"))),
    version,
  })
  .superRefine(refineItemRef);
export type MarkRectifiedInput = z.output<typeof markRectifiedSchema>;

export const closeSpotCheckSchema = z.object({ version });

/** Parses `raw` with `schema`; every bad field in one VALIDATION error (field errors keyed by path). */
export function parseOrThrow<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw validation(fieldErrorsOfIssues(parsed.error.issues));
  return parsed.data;
}

/** A FAIL past its deadline, not rectified (the flag the scheduled job sets once is separate). */
export function isOverdue(item: { result: GiCheckResult; rectifyBy: string | null; rectifiedOn: string | null }, today: string): boolean {
  return item.result === "FAIL" && item.rectifiedOn === null && item.rectifyBy !== null && item.rectifyBy < today;
}

/** Why the check cannot be closed now, or null: it is open and every sampled enterprise has a result. */
export function closeError(status: GiSpotCheckStatus, results: readonly GiCheckResult[]): string | null {
  if (status !== "OPEN") return "该抽查已结束";
  const pending = results.filter((r) => r === "PENDING").length;
  if (pending) return `还有 ${pending} 家企业未记录检查结果，不能结束抽查`;
  return null;
}

/** A check's progress: results recorded of the sample, and how many failed, are rectified, overdue. */
export function progressOf(items: readonly { result: GiCheckResult; rectifyBy: string | null; rectifiedOn: string | null }[], today: string) {
  return {
    sampled: items.length,
    recorded: items.filter((i) => i.result !== "PENDING").length,
    passed: items.filter((i) => i.result === "PASS").length,
    failed: items.filter((i) => i.result === "FAIL").length,
    rectified: items.filter((i) => i.result === "FAIL" && i.rectifiedOn !== null).length,
    overdue: items.filter((i) => isOverdue(i, today)).length,
  };
}

/** A seed the page proposes: 12 random characters anyone can type back (browser-safe Web Crypto). */
export function proposeSeed(random: (n: number) => Uint8Array = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  return [...random(12)].map((b) => alphabet[b % alphabet.length]).join("");
}
