import { z } from "zod";
import { text, INT32_MAX } from "~/domain/shared/text";
import { dateSchema, yuanSchema } from "../financing/schemas";
import { APPRAISAL_METHODS } from "./assignment";

/** Bodies of the appraisal market's API (SPEC §11). */

export const bidInputSchema = z.object({
  fee: yuanSchema("报价"),
  days: z.coerce.number({ error: "请填写交付天数" }).int({ error: "交付天数应为整数" }).min(1, { error: "交付天数至少 1 天" }).max(365, { error: "交付天数最多 365 天" }),
  method: z.enum(APPRAISAL_METHODS, { error: "评估方法应为 INCOME（收益法）、MARKET（市场法）或 COST（成本法）" }),
  note: text().trim().max(1000, { error: "备注最多 1000 字" }).default(""),
});
export type BidInput = z.output<typeof bidInputSchema>;

const version = z.coerce.number({ error: "version 应为正整数" }).int().max(INT32_MAX).min(1, { error: "version 应为正整数" });

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
  rate: z.object({ stars: z.coerce.number({ error: "请选择 1–5 星" }).int({ error: "请选择 1–5 星" }).min(1, { error: "请选择 1–5 星" }).max(5, { error: "请选择 1–5 星" }) }),
};
export type JobActionName = keyof typeof jobActionBodySchemas;
export const isJobActionName = (name: string): name is JobActionName => Object.hasOwn(jobActionBodySchemas, name);
