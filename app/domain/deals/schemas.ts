import { z } from "zod";
import { text, fromChecked } from "~/domain/shared/text";
import { checkYuan } from "../patents/amounts";
import { checkDate } from "../patents/dates";
import { Ratio } from "../shared/money";
import type { DealPartyAction } from "./deal-machine";
import { DEAL_MODES, DEFAULT_TERRITORY } from "./rules";

/** Input of deals (issue 14 §3, §12), shared by API v1 and the pages. */

const requiredText = (label: string, max: number) => text({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}最多 ${max} 字` });
const optionalText = (label: string, max: number) =>
  text({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 字` })
    .optional()
    .transform((s) => (s ? s : undefined));

/** Accepts "OPEN_LICENCE" (the listing's name of the mode) for OPEN. */
export const dealModeSchema = z.preprocess((v) => (v === "OPEN_LICENCE" ? "OPEN" : v), z.enum(DEAL_MODES, { error: "许可方式（mode）应为 ASSIGNMENT、EXCLUSIVE、SOLE、NON_EXCLUSIVE 或 OPEN" }));

export const MESSAGE_MAX = 2_000;
const messageText = (label: string) => text({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(MESSAGE_MAX, { error: `${label}最多 ${MESSAGE_MAX} 字` });

export const createDealInputSchema = z.object({
  patentId: text({ error: "请选择专利" }).min(1, { error: "请选择专利" }).max(64, { error: "专利不存在" }),
  mode: dealModeSchema,
  message: messageText("留言").optional(),
});
export type CreateDealInput = z.output<typeof createDealInputSchema>;

/** A non-negative amount in 元 (an offer may ask no upfront fee). */
const upfrontSchema = z.union([text(), z.number()], { error: "请填写入门费（元），无则填 0" }).transform((v, ctx) => fromChecked((s) => checkYuan(s, "入门费"))(String(v), ctx));

const RATE = /^(0(\.\d{1,6})?|\.\d{1,6})$/;
/** A royalty rate as an exact decimal in [0, 1) with up to 6 places ("0.035" = 3.5 %); empty or null: no royalty. */
const royaltyRateSchema = z
  .union([text(), z.number(), z.null()], { error: "提成费率应为小数，如 0.035（即 3.5%）" })
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined) return null;
    const s = String(v).trim();
    if (s === "") return null;
    if (!RATE.test(s)) {
      ctx.addIssue({ code: "custom", message: "提成费率应为 0 到 1 之间的小数，如 0.035（即 3.5%），最多 6 位小数" });
      return z.NEVER;
    }
    const rate = Ratio.parse(s.startsWith(".") ? `0${s}` : s);
    return rate.compare(Ratio.of(0)) === 0 ? null : s.startsWith(".") ? `0${s}` : s;
  });

export const TERM_MONTHS_MAX = 240;

export const offerInputSchema = z.object({
  version: z.coerce.number({ error: "version 应为正整数" }).int({ error: "version 应为正整数" }).min(1, { error: "version 应为正整数" }).max(2_147_483_647, { error: "version 应为正整数" }).optional(),
  mode: dealModeSchema,
  upfront: upfrontSchema,
  royaltyRate: royaltyRateSchema,
  royaltyBasis: z.enum(["NET_SALES", "PROFIT"], { error: "提成基数应为 NET_SALES（净销售额）或 PROFIT（利润）" }).optional(),
  /** Required for a licence (the domain checks it); an assignment has no term. */
  termMonths: z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? null : v),
    z.coerce.number({ error: "请填写许可期限（月）" }).int({ error: "期限应为整月" }).min(1, { error: "期限至少 1 个月" }).max(TERM_MONTHS_MAX, { error: `期限最长 ${TERM_MONTHS_MAX} 个月` }).nullable(),
  ),
  territory: optionalText("地域", 100).transform((s) => s ?? DEFAULT_TERRITORY),
  validUntil: text({ error: "请填写报价有效期" }).transform(fromChecked((s) => checkDate(s, "报价有效期"))),
});
export type OfferInput = z.output<typeof offerInputSchema>;

/** A message: `body` (or `message`), plain text up to 2,000 characters. */
export const messageInputSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !("body" in v) && "message" in v ? { ...v, body: (v as { message: unknown }).message } : v),
  z.object({ body: messageText("消息") }),
);
export type MessageInput = z.output<typeof messageInputSchema>;

const version = z.coerce.number({ error: "version 应为正整数" }).int({ error: "version 应为正整数" }).min(1, { error: "version 应为正整数" }).max(2_147_483_647, { error: "version 应为正整数" });

export const DECLINE_REASONS = ["TOO_EARLY", "BENEFIT_UNCLEAR", "PRICE", "NOT_AVAILABLE", "OTHER"] as const;
export const DECLINE_REASON_NAMES: Record<(typeof DECLINE_REASONS)[number], string> = {
  TOO_EARLY: "技术尚早，暂不转化",
  BENEFIT_UNCLEAR: "合作收益不明确",
  PRICE: "价格未达成一致",
  NOT_AVAILABLE: "专利不再可许可/转让",
  OTHER: "其他原因",
};

/** Each action's body: the `version` the caller saw plus the action's fields. */
export const dealActionBodySchemas = {
  "accept-offer": z.object({ version, offerId: text({ error: "offerId 应为报价编号" }).min(1, { error: "offerId 应为报价编号" }).max(64, { error: "offerId 应为报价编号" }).optional() }),
  decline: z
    .object({ version, reason: z.enum(DECLINE_REASONS, { error: "请选择婉拒原因（TOO_EARLY、BENEFIT_UNCLEAR、PRICE、NOT_AVAILABLE 或 OTHER）" }), note: optionalText("说明", 500) })
    .superRefine((b, ctx) => {
      if (b.reason === "OTHER" && !b.note) ctx.addIssue({ code: "custom", path: ["note"], message: "选择“其他原因”时请填写说明" });
    }),
  cancel: z.object({ version, reason: optionalText("原因", 500) }),
  consent: z.object({ version, note: optionalText("说明", 500) }),
  "refuse-consent": z.object({ version, reason: requiredText("不同意的理由", 500) }),
  record: z.object({
    version,
    recordNumber: requiredText("备案号/登记号", 64),
    date: text({ error: "请填写备案日期" }).transform(fromChecked((s) => checkDate(s, "备案日期"))),
  }),
  "report-conversion": z.object({
    version,
    productName: requiredText("产品名称", 200),
    startedOn: text({ error: "请填写投产日期" }).transform(fromChecked((s) => checkDate(s, "投产日期"))),
    note: optionalText("说明", 2_000),
  }),
} satisfies Record<DealPartyAction, z.ZodType>;

export type DealActionBody<A extends DealPartyAction> = z.output<(typeof dealActionBodySchemas)[A]>;

export const dealListQuerySchema = z.object({
  status: z.enum(["INQUIRY", "NEGOTIATING", "AGREED", "PAID", "RECORDED", "CONVERTED", "DECLINED", "CANCELLED"]).optional(),
  role: z.enum(["SME", "HOLDER", "BANK"]).optional(),
});
