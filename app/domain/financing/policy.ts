import { z } from "zod";
import { bookToday, latestEffectiveDate } from "../shared/book-dates";
import { dateColumn } from "../shared/calendar";
import { Money, Ratio } from "../shared/money";
import { text } from "../shared/text";

/**
 * The county's financing rules (SPEC §8) as a versioned document: every value with a
 * source note, validated by one zod schema that the API, the GOVERNMENT form and the
 * store share. A version is named `policyId@version` ("ZS-FIN@2024-1"), has an effective
 * date, and is never edited once published; every computed amount records the ref of the
 * version it used.
 */

const DECIMAL = /^\d{1,3}(?:\.\d{1,6})?$/;

/** A decimal string such as "0.0385" (rates, ratios, multiples). */
const decimal = z.string().trim().regex(DECIMAL, "请输入小数，例如 0.0385（最多 6 位小数）");
/** A rate or share between 0 and 1 inclusive. */
// Zod runs every check: only a well-formed decimal is compared (the pattern reported the rest).
const fraction = decimal.refine((v) => !DECIMAL.test(v.trim()) || Ratio.parse(v.trim()).compare(Ratio.of(1)) <= 0, "应在 0 到 1 之间");
/** A non-negative yuan amount with at most two decimals. */
const yuan = z
  .string()
  .trim()
  .refine((v) => Money.isYuan(v) && !Money.parseYuan(v).isNegative(), "请输入金额（元），最多两位小数，例如 200000.00")
  .transform((v) => Money.parseYuan(v).toYuanString());
/** A multiple of at least 1 ("10"): a ceiling below the reference fee would refuse the fee a lottery assigns. */
const multipleOfAtLeastOne = decimal.refine((v) => !DECIMAL.test(v.trim()) || Ratio.parse(v.trim()).compare(Ratio.of(1)) >= 0, "应不小于 1");
const months = (max: number) => z.coerce.number({ error: "请输入整数" }).int("请输入整数").min(1, "至少 1 个月").max(max, `最多 ${max} 个月`);

export const SLA_STAGES = ["SUBMITTED", "APPRAISAL", "APPRAISED", "BANK_REVIEW", "INSURER_REVIEW", "OFFERED", "CONTRACTED", "REGISTERED"] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

export const policyRulesSchema = z.object({
  maxPledgeRates: z.object({ INVENTION: fraction, UTILITY_MODEL: fraction, DESIGN: fraction, TRADEMARK: fraction, GI_MARK: fraction }),
  termMonths: z
    .object({ min: months(360), max: months(360) })
    .refine((t) => t.min <= t.max, { message: "最短期限不能超过最长期限", path: ["max"] }),
  /** One-year loan prime rate. */
  lpr: fraction,
  interestSubsidy: z.object({
    /** Eligible when the loan's annual rate ≤ this multiple × LPR. */
    maxRateOverLpr: decimal,
    ratio: fraction,
    /** Repayments within this many months of disbursement. */
    windowMonths: months(120),
    yearlyCapPerEnterprise: yuan,
  }),
  premiumSubsidy: z.object({
    /** Eligible when the premium rate ≤ this. */
    maxPremiumRate: fraction,
    ratio: fraction,
    yearlyCapPerEnterprise: yuan,
  }),
  appraisalFeeSubsidy: z.object({ capPerLoan: yuan }),
  /** Shares of the loss on default; the bank bears the rest. */
  lossSharing: z
    .object({ insurer: fraction, countyFund: fraction })
    .refine((s) => !DECIMAL.test(s.insurer) || !DECIMAL.test(s.countyFund) || Ratio.parse(s.insurer).plus(Ratio.parse(s.countyFund)).compare(Ratio.of(1)) <= 0, { message: "保险和风险补偿资金的分担比例之和不能超过 1", path: ["countyFund"] }),
  countyFund: z.object({ capPerLoan: yuan }),
  subsidyBudget: z.object({ defaultAnnual: yuan }),
  /** The fee of an appraisal assigned by lottery (no bid to take it from). */
  appraisalReferenceFee: yuan,
  /**
   * An appraisal bid above this multiple of the job's reference fee is refused (a typo or a
   * trap: ¥999,999,999,999 against ¥8,000). Documents stored before the rule existed read the default.
   */
  appraisalBidCeilingMultiple: multipleOfAtLeastOne.default("10"),
  /** SLA per stage in hours: an application waiting longer is overdue. */
  stageSlaHours: z.object(Object.fromEntries(SLA_STAGES.map((s) => [s, z.coerce.number({ error: "请输入整数" }).int("请输入整数").min(1, "至少 1 小时").max(24 * 365, "最多一年")])) as Record<SlaStage, z.ZodCoercedNumber<unknown>>),
});

export type PolicyRules = z.output<typeof policyRulesSchema>;
export type PolicyRuleKey = keyof PolicyRules;
export const POLICY_RULE_KEYS = Object.keys(policyRulesSchema.shape) as PolicyRuleKey[];

const sourceNote = z.string().trim().min(1, "请写明依据或来源").max(500, "最多 500 字");

/** Rules added after documents were stored, with the source note an older document reads. */
const LATER_RULE_SOURCES: Partial<Record<PolicyRuleKey, string>> = {
  appraisalBidCeilingMultiple: "平台防误报规则：评估报价不得超过参考评估费的 10 倍（假设）",
};

/** The stored document: the rules and a source note for each. */
export const policyDocumentSchema = z.object({
  rules: policyRulesSchema,
  sources: z.object(Object.fromEntries(POLICY_RULE_KEYS.map((k) => [k, LATER_RULE_SOURCES[k] ? sourceNote.default(LATER_RULE_SOURCES[k]) : sourceNote])) as Record<PolicyRuleKey, typeof sourceNote>),
});
export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** What GOVERNMENT sends to publish a version (API v1 and the form). */
export const publishPolicySchema = policyDocumentSchema.extend({
  effectiveFrom: z.string({ error: "请输入生效日期，例如 2026-12-01" }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, "请输入生效日期，例如 2026-12-01"),
  note: z.string({ error: "请说明本次修订的内容和理由" }).trim().min(1, "请说明本次修订的内容和理由").max(1_000, "最多 1000 字"),
});
export type PublishPolicyInput = z.input<typeof publishPolicySchema>;

/** A published version as the rules read it. */
export type FinancingPolicy = PolicyRules & {
  /** `policyId@version`, stored next to every amount computed with it. */
  ref: string;
  policyId: string;
  version: string;
  effectiveFrom: string;
  note: string;
  sources: PolicyDocument["sources"];
};

export const DEFAULT_POLICY_ID = "ZS-FIN";

/** The seeded default `ZS-FIN@2024-1` (SPEC §8), effective from 2024-01-01. */
export const DEFAULT_POLICY_DOCUMENT: PolicyDocument = {
  rules: {
    maxPledgeRates: { INVENTION: "0.25", UTILITY_MODEL: "0.15", DESIGN: "0.10", TRADEMARK: "0.50", GI_MARK: "0.30" },
    termMonths: { min: 1, max: 36 },
    lpr: "0.0300",
    interestSubsidy: { maxRateOverLpr: "1.4", ratio: "0.50", windowMonths: 12, yearlyCapPerEnterprise: "200000.00" },
    premiumSubsidy: { maxPremiumRate: "0.05", ratio: "0.50", yearlyCapPerEnterprise: "20000.00" },
    appraisalFeeSubsidy: { capPerLoan: "50000.00" },
    lossSharing: { insurer: "0.60", countyFund: "0.20" },
    countyFund: { capPerLoan: "1000000.00" },
    subsidyBudget: { defaultAnnual: "500000.00" },
    appraisalReferenceFee: "8000.00",
    appraisalBidCeilingMultiple: "10",
    stageSlaHours: { SUBMITTED: 24, APPRAISAL: 15 * 24, APPRAISED: 48, BANK_REVIEW: 10 * 24, INSURER_REVIEW: 5 * 24, OFFERED: 10 * 24, CONTRACTED: 10 * 24, REGISTERED: 5 * 24 },
  },
  sources: {
    maxPledgeRates: "银行实践（县域假设）",
    termMonths: "知识产权质押贷款常见期限 1–36 个月",
    lpr: "中国人民银行，2025 年 5 月一年期 LPR",
    interestSubsidy: "贴息资格：年利率 ≤ 1.4 × LPR（先例）；贴息比例、12 个月期限和每企业每年上限为假设",
    premiumSubsidy: "陕西省知识产权保险保费补贴办法（费率 ≤ 5%）；补贴比例和上限为假设",
    appraisalFeeSubsidy: "陕西省知识产权评估费用支持（每笔贷款不超过 5 万元）",
    lossSharing: "风险分担先例 60:20:20（保险:风险补偿资金:银行）",
    countyFund: "县风险补偿资金管理办法（假设：单笔上限 100 万元）",
    subsidyBudget: "县财政年度知识产权专项资金（假设 50 万元）",
    appraisalReferenceFee: "县域小型知识产权组合的常见评估费（假设）",
    appraisalBidCeilingMultiple: LATER_RULE_SOURCES.appraisalBidCeilingMultiple as string,
    stageSlaHours: "平台服务承诺（假设）",
  },
};

export const DEFAULT_POLICY_EFFECTIVE_FROM = "2024-01-01";
export const DEFAULT_POLICY_REF = `${DEFAULT_POLICY_ID}@2024-1`;

/** The default as a published version (for pure tests; the store reads the seeded row). */
export const DEFAULT_FINANCING_POLICY: FinancingPolicy = {
  ...DEFAULT_POLICY_DOCUMENT.rules,
  sources: DEFAULT_POLICY_DOCUMENT.sources,
  ref: DEFAULT_POLICY_REF,
  policyId: DEFAULT_POLICY_ID,
  version: "2024-1",
  effectiveFrom: DEFAULT_POLICY_EFFECTIVE_FROM,
  note: "默认政策：县域知识产权质押融资规则首版",
};

/** A version as API v1 and the pages show it: its name, dates and note, then its rules and their sources. */
export function policyView(policy: FinancingPolicy) {
  const rules = Object.fromEntries(POLICY_RULE_KEYS.map((k) => [k, policy[k]])) as PolicyRules;
  return { ref: policy.ref, policyId: policy.policyId, version: policy.version, effectiveFrom: policy.effectiveFrom, note: policy.note, rules, sources: policy.sources };
}

/**
 * Why `date` cannot be a new version's effective date, or null: not a calendar date,
 * before today (amounts already computed must not fall under it), or more than two years
 * ahead (`latestEffectiveDate`: a date further out is a typo, or a trap, and it could
 * never be undone once in force).
 */
export function effectiveDateError(date: string, now: Date): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "请输入生效日期，例如 2026-12-01";
  const column = dateColumn(date);
  if (Number.isNaN(column.getTime()) || column.toISOString().slice(0, 10) !== date) return "不是有效日期";
  const today = bookToday(now);
  if (date < today) return `生效日期不能早于今天（${today}）：已计算的金额不能追溯适用新政策`;
  const latest = latestEffectiveDate(now);
  if (date > latest) return `生效日期最晚为 ${latest}（今天起两年内）`;
  return null;
}

/** Why a version effective from `effectiveFrom` can no longer be withdrawn, or null: once in force (today included) it governs amounts. */
export function withdrawalError(effectiveFrom: string, now: Date): string | null {
  const today = bookToday(now);
  return effectiveFrom <= today ? `该版本已于 ${effectiveFrom} 生效，不能撤回；如需更改，请发布新版本` : null;
}

/** What GOVERNMENT sends to withdraw a version not yet in force. */
export const withdrawPolicySchema = z.object({
  reason: text({ error: "请说明撤回的理由" }).trim().min(1, "请说明撤回的理由").max(500, "最多 500 字"),
});

export { fieldErrorsOfIssues } from "../shared/errors";
