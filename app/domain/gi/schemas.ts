import { z } from "zod";
import type { GiKind } from "~/generated/prisma/enums";
import { checkDate } from "../patents/dates";
import { fromChecked, INT32_MAX, optionalText, requiredText, text } from "../shared/text";
import { CERTIFICATE_PREFIX_PATTERN } from "./certificate-number";
import { GI_APPLICATION_STATUSES, type GiAction } from "./machine";
import { protectedAreaError } from "./protected-area";

/**
 * Input of GI products and special-mark applications (issue 16 §1–§3, §9), shared by API v1
 * and the pages. Pure (no server imports): forms use the same schemas. Every message is
 * Chinese and names its field; the use cases parse whole bodies so that one answer names
 * every bad field.
 */

export const GI_KINDS = ["PROTECTED_PRODUCT", "CERTIFICATION_MARK", "COLLECTIVE_MARK"] as const satisfies readonly GiKind[];

export const GI_KIND_NAMES: Record<GiKind, string> = {
  PROTECTED_PRODUCT: "地理标志保护产品",
  CERTIFICATION_MARK: "地理标志证明商标",
  COLLECTIVE_MARK: "集体商标",
};

/** An enterprise's annual output is a whole number of kilograms, more than 0; past 100,000 t it is a typo. */
export const ANNUAL_OUTPUT_MAX_KG = 100_000_000;
export const DESCRIPTION_MAX = 2_000;
export const NOTE_MAX = 1_000;

const dateField = (label: string) => text({ error: `请填写${label}` }).transform(fromChecked((s) => (s.trim() ? checkDate(s, label) : { ok: false as const, reason: `请填写${label}` })));

/** The `version` the caller last read (numbers or numeric strings, as forms send them). */
export const giVersionSchema = z.coerce
  .number({ error: "请提供当前版本号（version，正整数）" })
  .int({ error: "version 应为正整数" })
  .min(1, { error: "version 应为正整数" })
  .max(INT32_MAX, { error: "version 应为正整数" });

/** true, or what a checkbox or a form sends for it ("on", "true", "1"). */
const commitmentSchema = z.preprocess(
  (v) => (v === "on" || v === "true" || v === "1" || v === 1 ? true : v),
  z.literal(true, { error: "请承诺按质量标准组织生产" }),
);

const annualOutputSchema = z.preprocess(
  (v) => {
    if (v === "" || v === null) return undefined;
    if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    return v;
  },
  z
    .number({ error: (issue) => (issue.input === undefined ? "请填写年产量（千克）" : "年产量应为整数（千克）") })
    .int({ error: "年产量应为整数（千克）" })
    .min(1, { error: "年产量须大于 0 千克" })
    .max(ANNUAL_OUTPUT_MAX_KG, { error: `年产量不能超过 ${ANNUAL_OUTPUT_MAX_KG.toLocaleString("en-US")} 千克` }),
);

/** An application to use a product's special mark (the evidence files come separately). */
export const giApplicationInputSchema = z.object({
  productId: requiredText("地理标志产品", 64, "请选择地理标志产品"),
  productionAddress: requiredText("生产地址", 200),
  town: requiredText("生产地所在乡镇（街道）", 50, "请选择生产地所在乡镇（街道）"),
  annualOutputKg: annualOutputSchema,
  description: requiredText("生产情况说明", DESCRIPTION_MAX),
  commitment: commitmentSchema,
});
export type GiApplicationInput = z.output<typeof giApplicationInputSchema>;

/** Each action's body: the `version` the caller saw plus the action's fields. */
export const giActionBodySchemas = {
  "request-supplement": z.object({ version: giVersionSchema, note: requiredText("需补充的材料", NOTE_MAX, "请说明需补充的材料") }),
  resubmit: z.object({ version: giVersionSchema, note: optionalText("补充说明", NOTE_MAX) }),
  approve: z.object({ version: giVersionSchema, announcementNumber: requiredText("公告号", 64, "请填写核准公告号"), announcedOn: dateField("公告日期") }),
  reject: z.object({ version: giVersionSchema, reason: requiredText("不予核准的理由", NOTE_MAX) }),
  revoke: z.object({ version: giVersionSchema, reason: requiredText("撤销理由", NOTE_MAX), revokedOn: dateField("撤销日期") }),
} satisfies Record<GiAction, z.ZodType>;
export type GiActionBody<A extends GiAction> = z.output<(typeof giActionBodySchemas)[A]>;

/** A list of towns as JSON sends it, or one form value, or several (a multi-select). */
const townsSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,，、\s]+/).filter(Boolean) : v),
  z.array(text({ error: "乡镇（街道）名称应为文字" }).trim(), { error: "请至少选择一个保护范围内的乡镇（街道）" }).superRefine((towns, ctx) => {
    const error = protectedAreaError(towns);
    if (error) ctx.addIssue({ code: "custom", message: error });
  }),
);

/** A GI product as GOVERNMENT keeps it; `version` when updating (stale → 409). */
export const giProductInputSchema = z.object({
  name: requiredText("产品名称", 50),
  kind: z.enum(GI_KINDS, { error: "请选择类别：地理标志保护产品、地理标志证明商标或集体商标" }),
  registrationNumber: requiredText("注册号或公告号", 64),
  protectedTowns: townsSchema,
  qualityStandard: requiredText("质量标准", 200),
  notes: optionalText("备注", NOTE_MAX),
  certificatePrefix: text({ error: "请填写证书编号前缀" })
    .trim()
    .toUpperCase()
    .regex(CERTIFICATE_PREFIX_PATTERN, { error: "证书编号前缀应为 2–10 位大写字母或数字，以字母开头，如 ZSGI" }),
  version: giVersionSchema.optional(),
});
export type GiProductInput = z.output<typeof giProductInputSchema>;

/** `?status=&productId=` of the application list. */
export const giListQuerySchema = z.object({
  status: z.enum(GI_APPLICATION_STATUSES, { error: "状态应为 SUBMITTED、SUPPLEMENT_REQUESTED、APPROVED、REJECTED 或 REVOKED" }).optional(),
  productId: text().trim().min(1).max(64).optional(),
});
