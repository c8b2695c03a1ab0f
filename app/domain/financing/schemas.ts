import { z } from "zod";
import { text, fromChecked } from "~/domain/shared/text";
import { checkPositiveYuan } from "../patents/amounts";
import { checkApplicationNumber, patentTypeFromApplicationNumber } from "../patents/application-number";
import { checkDate } from "../patents/dates";
import { fail, ok, toHalfWidth } from "../patents/text";
import { checkUscc } from "../identity/uscc";
import { checkPledgeRegistrationNumber } from "./registration-number";
import { Ratio } from "../shared/money";
import type { PledgeAction } from "./pledge-machine";

/** Input of the pledge application (SPEC §6, §11), shared by the API and the wizard. */

const requiredText = (label: string, max: number) => text({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}最多 ${max} 字` });

/** A positive amount in 元 → "850000.00". */
export const yuanSchema = (label: string) => z.union([text(), z.number()], { error: `请填写${label}` }).transform((v, ctx) => fromChecked((s) => checkPositiveYuan(s, label))(String(v), ctx));
/** A non-negative amount in 元 (interest may be zero) → "0.00". */
const yuanOrZeroSchema = (label: string) =>
  z.union([text(), z.number()], { error: `请填写${label}` }).transform((v, ctx) => (String(v).trim() === "0" || /^0(\.0{1,2})?$/.test(String(v).trim()) ? "0.00" : fromChecked((s) => checkPositiveYuan(s, label))(String(v), ctx)));
export const dateSchema = (label: string) => text({ error: `请填写${label}` }).transform(fromChecked((s) => checkDate(s, label)));

const RATE = /^0\.\d{1,6}$/;

/** A rate as a decimal string in (0, 1), e.g. "0.0385"; kept as typed (exact). */
export const rateSchema = (label: string) =>
  text({ error: `请填写${label}，如 0.0385` })
    .trim()
    .regex(RATE, { error: `${label}应为小数，如 0.0385（即 3.85%）` })
    // Zod runs every check: only a well-formed rate is compared (the pattern reported the rest).
    .refine((s) => !RATE.test(s) || Ratio.parse(s).compare(Ratio.of(0)) > 0, { error: `${label}应大于 0` });

const termMonthsSchema = z.coerce.number({ error: "请填写期限（月）" }).int({ error: "期限应为整月" }).min(1, { error: "期限至少 1 个月" }).max(36, { error: "期限最长 36 个月" });

const MARK_NUMBER = /^[0-9A-Z]{4,20}$/;

/**
 * Who holds an asset declared by number, as its certificate says: when given, the name and
 * the USCC must be the applicant's own (an SME pledges only what it holds). Without them the
 * applicant declares itself the holder; the catalog and the open pledges are checked either way.
 */
const certificateHolder = {
  holderName: requiredText("证书上的权利人名称", 100).optional(),
  holderUscc: text({ error: "请填写权利人的统一社会信用代码" })
    .transform(
      fromChecked((s) => {
        const checked = checkUscc(toHalfWidth(s));
        return checked.ok ? ok(checked.value) : fail(`权利人${checked.reason}`);
      }),
    )
    .optional(),
};

/**
 * A pledged asset (`kind` decides its fields): one of the SME's patents — from its catalog
 * (`patentId`) or by application number and title — or a trademark / GI collective-mark
 * registration by number and title.
 */
export const pledgedAssetInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("CATALOG_PATENT"), patentId: text({ error: "请选择本企业的专利" }).min(1, { error: "请选择本企业的专利" }).max(64) }),
    z.object({ kind: z.literal("PATENT"), applicationNumber: text({ error: "请填写专利申请号" }).transform(fromChecked(checkApplicationNumber)), title: requiredText("专利名称", 200), ...certificateHolder }),
    z.object({
      kind: z.enum(["TRADEMARK", "GI_MARK"]),
      registrationNumber: text({ error: "请填写注册号" })
        .trim()
        .transform((s) => s.toUpperCase())
        .refine((s) => MARK_NUMBER.test(s), { error: "注册号应为 4–20 位数字或大写字母" }),
      title: requiredText("商标名称", 200),
      ...certificateHolder,
    }),
  ],
  { error: "资产类型（kind）应为 CATALOG_PATENT（平台上的本企业专利）、PATENT（按申请号）、TRADEMARK（商标）或 GI_MARK（地理标志集体商标）" },
);
export type PledgedAssetInput = z.output<typeof pledgedAssetInputSchema>;

export const pledgeApplicationInputSchema = z.object({
  bankId: text({ error: "请选择合作银行" }).min(1, { error: "请选择合作银行" }),
  insurerId: text({ error: "请选择保险机构" }).min(1, { error: "请选择保险机构" }),
  requestedAmount: yuanSchema("申请金额"),
  termMonths: termMonthsSchema,
  purpose: requiredText("贷款用途", 500),
  assets: z.array(pledgedAssetInputSchema, { error: "请添加质押资产" }).min(1, { error: "请至少添加一项质押资产" }).max(20, { error: "一次最多质押 20 项资产" }),
});
export type PledgeApplicationInput = z.output<typeof pledgeApplicationInputSchema>;

/** The patent type of an application number (its 5th digit), as a pledge asset type. */
export function assetTypeOfApplicationNumber(applicationNumber: string) {
  const type = patentTypeFromApplicationNumber(applicationNumber);
  if (!type.ok) throw new Error(type.reason);
  return type.value;
}

const version = z.coerce.number({ error: "version 应为正整数" }).int({ error: "version 应为正整数" }).min(1, { error: "version 应为正整数" });
const reason = requiredText("原因", 500);

/** Each party action's body (SPEC §11): the `version` the caller saw plus the action's fields. */
export const pledgeActionBodySchemas = {
  submit: z.object({ version }),
  withdraw: z.object({ version, reason: reason.optional() }),
  "accept-report": z.object({ version }),
  "reject-report": z.object({ version, reason }),
  "bank-approve": z.object({ version, amount: yuanSchema("批准金额"), annualRate: rateSchema("年利率"), termMonths: termMonthsSchema }),
  "bank-reject": z.object({ version, reason }),
  "insurer-approve": z.object({ version, premiumRate: rateSchema("保险费率") }),
  "insurer-decline": z.object({ version, reason }),
  "accept-terms": z.object({ version }),
  register: z.object({
    version,
    cnipaRegNo: text({ error: "请填写质押登记号" }).max(64, { error: "质押登记号格式不正确" }).transform(fromChecked((s) => {
      const checked = checkPledgeRegistrationNumber(s);
      return checked.ok ? ok(checked.value.number) : checked;
    })),
    date: dateSchema("登记日期"),
  }),
  disburse: z.object({ version, amount: yuanSchema("放款金额"), date: dateSchema("放款日期") }),
  "record-repayment": z.object({ version, date: dateSchema("还款日期"), principal: yuanOrZeroSchema("还款本金"), interest: yuanOrZeroSchema("利息") }),
  "declare-default": z.object({ version, date: dateSchema("违约日期"), outstandingPrincipal: yuanSchema("未偿本金") }),
  "record-recovery": z.object({ version, date: dateSchema("追偿日期"), amount: yuanSchema("追偿金额") }),
  "claim-compensation": z.object({ version }),
  close: z.object({ version, reason: reason.optional() }),
} satisfies Partial<Record<PledgeAction, z.ZodType>>;

export type PartyActionName = keyof typeof pledgeActionBodySchemas;
export type PledgeActionBody<A extends PartyActionName> = z.output<(typeof pledgeActionBodySchemas)[A]>;
export const isPartyActionName = (name: string): name is PartyActionName => Object.hasOwn(pledgeActionBodySchemas, name);
