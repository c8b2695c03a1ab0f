import { z } from "zod";
import { text, INT32_MAX } from "~/domain/shared/text";
import { dateSchema, yuanSchema } from "../financing/schemas";
import { APPRAISAL_METHODS } from "./assignment";

/** Bodies of the appraisal market's API (SPEC §11) and of its forms: one parse names every bad field. */

/**
 * A whole number as JSON sends it (10) or as a form or a client types it ("10", " 10 ");
 * nothing else — not true, "", "1e1", "0x10" or 10.5, which `z.coerce.number` would take.
 */
export const wholeNumber = (required: string, invalid: string) =>
  z
    .union([z.number(), text()], { error: required })
    .transform((v, ctx) => {
      const digits = typeof v === "number" ? (Number.isSafeInteger(v) ? String(v) : "") : v.trim();
      if (digits === "" && typeof v === "string") ctx.addIssue({ code: "custom", message: required });
      else if (!/^-?\d{1,15}$/.test(digits)) ctx.addIssue({ code: "custom", message: invalid });
      else return Number(digits);
      return z.NEVER;
    });

export const bidInputSchema = z.object({
  fee: yuanSchema("报价"),
  days: wholeNumber("请填写交付天数", "交付天数应为整数").pipe(z.number().min(1, { error: "交付天数至少 1 天" }).max(365, { error: "交付天数最多 365 天" })),
  method: z.enum(APPRAISAL_METHODS, { error: "评估方法应为 INCOME（收益法）、MARKET（市场法）或 COST（成本法）" }),
  note: text({ error: "备注应为文字" }).trim().max(1000, { error: "备注最多 1000 字" }).default(""),
});
export type BidInput = z.output<typeof bidInputSchema>;

const version = wholeNumber("version 应为正整数", "version 应为正整数").pipe(z.number().max(INT32_MAX, { error: "version 应为正整数" }).min(1, { error: "version 应为正整数" }));

export const reportInputSchema = z.object({
  version,
  values: z.array(z.object({ assetId: text().min(1), value: yuanSchema("评估值") }), { error: "请填写每项资产的评估值" }).min(1, { error: "请填写每项资产的评估值" }),
  method: z.enum(APPRAISAL_METHODS, { error: "评估方法应为 INCOME（收益法）、MARKET（市场法）或 COST（成本法）" }),
  validUntil: dateSchema("报告有效期"),
});
export type ReportInput = z.output<typeof reportInputSchema>;

export const jobActionBodySchemas = {
  "close-bidding": z.object({}).loose(),
  "accept-assignment": z.object({ version }),
  "decline-assignment": z.object({ version, reason: text().trim().max(500).optional() }),
  "submit-report": reportInputSchema,
  rate: z.object({ stars: wholeNumber("请选择 1–5 星", "请选择 1–5 星").pipe(z.number().min(1, { error: "请选择 1–5 星" }).max(5, { error: "请选择 1–5 星" })) }),
};
export type JobActionName = keyof typeof jobActionBodySchemas;
export const isJobActionName = (name: string): name is JobActionName => Object.hasOwn(jobActionBodySchemas, name);
