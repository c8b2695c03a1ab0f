import { z } from "zod";
import { defineOperation, validatedByUseCase } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { publishPolicySchema, SLA_STAGES, withdrawPolicySchema } from "../financing/policy";
import { topUpSchema } from "../financing/risk-fund.server";
import { setBudgetSchema } from "./budgets.server";
import { markPaidSchema } from "./pay-out.server";
import { SUBSIDY_KINDS, SUBSIDY_STATUSES } from "./schemas";

/** SPEC §8 and §11 in API v1: policy versions, subsidy budgets and awards, the risk-compensation fund. */

const yuan = z.string().describe("yuan, two decimals");
const rate = z.string().describe("decimal string, e.g. 0.0385");
const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const SUBSIDY_FLAGS = ["RATE_INELIGIBLE", "PREMIUM_RATE_INELIGIBLE", "OUTSIDE_WINDOW", "NOTHING_PAID", "LOAN_CAP", "YEARLY_CAP", "BUDGET_LIMITED", "BUDGET_EXHAUSTED"] as const;

const rules = z
  .object({
    maxPledgeRates: z.object({ INVENTION: rate, UTILITY_MODEL: rate, DESIGN: rate, TRADEMARK: rate, GI_MARK: rate }),
    termMonths: z.object({ min: z.number().int(), max: z.number().int() }),
    lpr: rate.describe("one-year loan prime rate"),
    interestSubsidy: z.object({ maxRateOverLpr: rate.describe("eligible when annual rate ≤ this × LPR"), ratio: rate, windowMonths: z.number().int(), yearlyCapPerEnterprise: yuan }),
    premiumSubsidy: z.object({ maxPremiumRate: rate, ratio: rate, yearlyCapPerEnterprise: yuan }),
    appraisalFeeSubsidy: z.object({ capPerLoan: yuan }),
    lossSharing: z.object({ insurer: rate, countyFund: rate }).describe("the bank bears the rest"),
    countyFund: z.object({ capPerLoan: yuan }),
    subsidyBudget: z.object({ defaultAnnual: yuan }),
    appraisalReferenceFee: yuan,
    appraisalBidCeilingMultiple: rate.describe("an appraisal bid above this multiple of the job's reference fee is refused (default 10; versions published before the rule read 10)"),
    stageSlaHours: z.object(Object.fromEntries(SLA_STAGES.map((s) => [s, z.number().int()])) as Record<(typeof SLA_STAGES)[number], z.ZodNumber>),
  })
  .meta({ id: "FinancingPolicyRules" });

const sources = z.record(z.string(), z.string()).describe("a source note for each rule (same keys as `rules`)");

const policy = z
  .object({ ref: z.string().describe("policyId@version"), policyId: z.string(), version: z.string(), effectiveFrom: z.string(), note: z.string(), rules, sources })
  .meta({ id: "FinancingPolicy" });

const withdrawal = z.object({ reason: z.string(), withdrawnAt: z.string() }).nullable().describe("set once GOVERNMENT withdrew the version (before it came into force); a withdrawn version never comes into force");

const policySummary = z
  .object({
    ref: z.string(),
    version: z.string(),
    effectiveFrom: z.string(),
    note: z.string(),
    publishedAt: z.string(),
    inForce: z.boolean(),
    withdrawal,
    withdrawable: z.boolean().describe("not yet in force and not withdrawn: GOVERNMENT may withdraw it"),
  })
  .meta({ id: "FinancingPolicySummary" });

export const listPoliciesOp = defineOperation({
  operationId: "listPolicies",
  method: "GET",
  path: "/policies",
  summary: "Every published version of the financing policy, newest effective date first, with the one in force today",
  tags: ["policies"],
  responses: { 200: z.object({ items: z.array(policySummary), inForce: policy }) },
});

export const getPolicyOp = defineOperation({
  operationId: "getPolicy",
  method: "GET",
  path: "/policies/{ref}",
  summary: "One version (e.g. ZS-FIN@2024-1): the version a stored amount names",
  tags: ["policies"],
  request: { params: z.object({ ref: z.string().min(3).max(64) }) },
  responses: { 200: policy.extend({ withdrawal }).meta({ id: "FinancingPolicyVersion" }) },
  problems: [404],
});

export const publishPolicyOp = defineOperation({
  operationId: "publishPolicy",
  method: "POST",
  path: "/policies",
  summary: "Publish a new version (GOVERNMENT): the whole rule document with a source note per rule, an effective date from today on and at most two years ahead, and a note. Published versions are never edited; every bad field is named at once",
  tags: ["policies"],
  request: { body: validatedByUseCase(publishPolicySchema, "PublishPolicyInput") },
  responses: { 201: policy },
  problems: [403],
});

export const withdrawPolicyOp = defineOperation({
  operationId: "withdrawPolicy",
  method: "POST",
  path: "/policies/{ref}/actions/withdraw",
  summary: "Withdraw a version not yet in force (GOVERNMENT), with a reason; audited. A version in force (its effective date today or earlier) cannot be withdrawn: publish a new one",
  tags: ["policies"],
  request: { params: z.object({ ref: z.string().min(3).max(64) }), body: validatedByUseCase(withdrawPolicySchema, "WithdrawPolicyInput") },
  responses: { 200: policySummary },
  problems: [403, 404, 409],
});

const budget = z
  .object({
    year: z.number().int(),
    amount: yuan,
    used: yuan,
    remaining: yuan,
    unpaid: yuan.describe("granted, not yet paid by the treasury"),
    paid: yuan,
    byKind: z.object({ INTEREST: yuan, PREMIUM: yuan, APPRAISAL_FEE: yuan }),
    byMonth: z.array(yuan).describe("granted per month of the events' dates, January first"),
    policyVersion: z.string().nullable().describe("the policy whose default set the amount; null when GOVERNMENT set it"),
    opened: z.boolean().describe("false: no award yet this year; the figures are the default the year will open with"),
  })
  .meta({ id: "SubsidyBudget" });

export const getSubsidyBudgetOp = defineOperation({
  operationId: "getSubsidyBudget",
  method: "GET",
  path: "/subsidy-budgets/{year}",
  summary: "A year's subsidy budget: amount, used, remaining (GOVERNMENT)",
  tags: ["subsidies"],
  request: { params: yearParams },
  responses: { 200: budget },
  problems: [403, 404],
});

export const putSubsidyBudgetOp = defineOperation({
  operationId: "putSubsidyBudget",
  method: "PUT",
  path: "/subsidy-budgets/{year}",
  summary: "Set a year's subsidy budget (GOVERNMENT); never below what the year has already granted",
  tags: ["subsidies"],
  request: { params: yearParams, body: validatedByUseCase(setBudgetSchema, "SubsidyBudgetInput") },
  responses: { 200: budget },
  problems: [403, 404],
});

export const subsidyAward = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    smeId: z.string(),
    smeName: z.string().nullable(),
    kind: z.enum(SUBSIDY_KINDS),
    sourceEvent: z.string().describe("repayment:<id>, payment:<id> or disbursement:<application id>"),
    eventOn: z.string(),
    year: z.number().int(),
    base: yuan.describe("interest paid, premium paid or appraisal fee paid"),
    computed: yuan.describe("by the rule and its caps, before the budget"),
    amount: yuan.describe("granted"),
    flags: z.array(z.enum(SUBSIDY_FLAGS)),
    policyVersion: z.string(),
    status: z.enum(SUBSIDY_STATUSES),
    voucherNo: z.string().nullable(),
    paidAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "SubsidyAward" });

export const listSubsidiesOp = defineOperation({
  operationId: "listSubsidies",
  method: "GET",
  path: "/subsidies",
  summary: "Subsidy awards with kind, amount, policy version and flags (GOVERNMENT: all; an SME: its own)",
  tags: ["subsidies"],
  request: { query: pageQuerySchema.extend({ orgId: z.string().optional(), year: z.coerce.number().int().min(2000).max(2100).optional(), applicationId: z.string().optional(), kind: z.enum(SUBSIDY_KINDS).optional(), status: z.enum(SUBSIDY_STATUSES).optional() }) },
  responses: { 200: pageSchema(subsidyAward) },
  problems: [403],
});

export const markSubsidiesPaidOp = defineOperation({
  operationId: "markSubsidiesPaid",
  method: "POST",
  path: "/subsidies/actions/mark-paid",
  summary: "Record that the treasury paid these awards under one voucher number (GOVERNMENT); all or none",
  tags: ["subsidies"],
  request: { body: validatedByUseCase(markPaidSchema, "MarkSubsidiesPaidInput") },
  responses: { 200: z.object({ paid: z.number().int(), total: yuan }) },
  problems: [403, 409],
});

export const getPaymentBatchOp = defineOperation({
  operationId: "getSubsidyPaymentBatch",
  method: "GET",
  path: "/subsidies/payment-batch",
  summary: "The treasury's payment batch: every granted, unpaid award of the year, as CSV or XLSX (GOVERNMENT)",
  tags: ["subsidies"],
  request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100), format: z.enum(["csv", "xlsx"]).default("csv") }) },
  responses: { 200: null },
  problems: [403],
});

const ledgerEntry = z.object({ id: z.string(), kind: z.enum(["TOP_UP", "COMPENSATION", "RECOVERY_RETURN", "CORRECTION"]), amount: yuan.describe("signed"), balanceAfter: yuan, applicationId: z.string().nullable(), smeName: z.string().nullable(), note: z.string().nullable(), at: z.string() });

const riskFund = z
  .object({ balance: yuan, toppedUp: yuan, compensated: yuan, returned: yuan, corrected: yuan.describe("signed sum of correcting entries"), entries: z.array(ledgerEntry), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: "RiskFund" });

export const getRiskFundOp = defineOperation({
  operationId: "getRiskFund",
  method: "GET",
  path: "/risk-fund",
  summary: "The county risk-compensation fund: balance and ledger, newest first (GOVERNMENT)",
  tags: ["risk-fund"],
  request: { query: pageQuerySchema },
  responses: { 200: riskFund },
  problems: [403],
});

export const topUpRiskFundOp = defineOperation({
  operationId: "topUpRiskFund",
  method: "POST",
  path: "/risk-fund/top-ups",
  summary: "Top the fund up (GOVERNMENT)",
  tags: ["risk-fund"],
  request: { body: validatedByUseCase(topUpSchema, "RiskFundTopUpInput") },
  responses: { 201: z.object({ amount: yuan, balance: yuan }) },
  problems: [403],
});

export const subsidyOperations = [listPoliciesOp, getPolicyOp, publishPolicyOp, withdrawPolicyOp, getSubsidyBudgetOp, putSubsidyBudgetOp, listSubsidiesOp, markSubsidiesPaidOp, getPaymentBatchOp, getRiskFundOp, topUpRiskFundOp];
