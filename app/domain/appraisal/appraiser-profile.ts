import { z } from "zod";
import { text } from "~/domain/shared/text";
import { county } from "../identity/county";
import { APPRAISAL_METHODS, ASSET_TYPES } from "./assignment";
import { wholeNumber } from "./schemas";

/**
 * What an appraisal institution says of itself (SPEC §7): its qualification number
 * (资产评估机构备案编号), the methods it practises, how many jobs it takes at once and
 * where it serves. The asset types it is qualified for and its declared affiliations stay
 * with the platform's operator (`npm run admin -- appraiser:profile`), who checks them.
 * Shared by the page and API v1; pure, safe in the browser.
 */

/** Where an appraiser serves: the whole county, or some of its towns. */
export const SERVICE_AREAS = [county.name, ...county.towns] as const;
export const CAPACITY_MAX = 1000;

/** A 备案编号 as the finance department's list prints it: letters, digits, Chinese, brackets, hyphens and spaces — never markup. */
const FILING_NUMBER = /^[0-9A-Za-z\u4e00-\u9fff\-—–()（）〔〕[\]【】·.\s]+$/;

const stringList = (value: unknown) => (typeof value === "string" ? value.split(/[,，]/).map((s) => s.trim()).filter(Boolean) : value);

export const ownAppraiserProfileSchema = z.object({
  filingRecordNumber: text({ error: "请填写资产评估机构备案编号" })
    .trim()
    .min(1, { error: "请填写资产评估机构备案编号" })
    // One message a field: an empty number is "missing", not also "too short" and "bad characters".
    .refine((v) => v === "" || v.length >= 3, { error: "备案编号至少 3 位" })
    .refine((v) => v.length <= 64, { error: "备案编号最多 64 位" })
    .refine((v) => v === "" || FILING_NUMBER.test(v), { error: "备案编号只能包含数字、字母、汉字、括号和连字符" }),
  methods: z.preprocess(
    stringList,
    z
      .array(z.enum(APPRAISAL_METHODS, { error: "评估方法应为 INCOME（收益法）、MARKET（市场法）或 COST（成本法）" }), { error: "请选择评估方法" })
      .min(1, { error: "至少选择一种评估方法" })
      .transform((list) => APPRAISAL_METHODS.filter((m) => list.includes(m))),
  ),
  /** Empty (or null): the policy's default. */
  capacity: z
    .union([z.null(), z.literal(""), wholeNumber("请填写同时承接的任务数", "同时承接的任务数应为整数").pipe(z.number().min(1, { error: "同时承接的任务数至少 1" }).max(CAPACITY_MAX, { error: `同时承接的任务数最多 ${CAPACITY_MAX}` }))], {
      error: "同时承接的任务数应为整数",
    })
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
  serviceArea: z.preprocess(
    stringList,
    z
      .array(z.enum(SERVICE_AREAS, { error: `服务区域应为${county.name}或其镇（街道）` }), { error: "请选择服务区域" })
      .min(1, { error: "至少选择一个服务区域" })
      .transform((list) => SERVICE_AREAS.filter((a) => list.includes(a))),
  ),
});
export type OwnAppraiserProfileInput = z.output<typeof ownAppraiserProfileSchema>;

/** An appraiser's profile as its own people (and API keys) see it. */
export const appraiserProfileViewSchema = z
  .object({
    orgId: z.string(),
    filingRecordNumber: z.string().nullable().describe("资产评估机构备案编号; without it no assignment"),
    methods: z.array(z.enum(APPRAISAL_METHODS)),
    capacity: z.number().int().nullable().describe("concurrent jobs; null = the policy default (5)"),
    serviceArea: z.array(z.string()).describe(`${county.name} (the whole county) or its towns`),
    qualifiedAssetTypes: z.array(z.enum(ASSET_TYPES)).describe("set by the platform's operator"),
    affiliatedOrgIds: z.array(z.string()).describe("declared affiliations, recorded by the platform's operator"),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: "AppraiserProfile" });
export type AppraiserProfileView = z.output<typeof appraiserProfileViewSchema>;
