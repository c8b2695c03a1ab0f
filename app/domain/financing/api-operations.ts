import { validatedByUseCase } from "../shared/openapi";
import { z } from "zod";
import { INT32_MAX } from "~/domain/shared/text";
import { defineOperation } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { PARTY_ACTIONS, PLEDGE_STATUSES } from "./pledge-machine";
import { subsidyAward } from "../subsidies/api-operations";

/** Pledge financing of API v1 (SPEC §6, §11): applications and every transition as an action endpoint. */

const idParams = z.object({ id: z.string().min(1).max(64) });
const orgRef = z.object({ id: z.string(), name: z.string() });
const yuan = z.string().describe("yuan, two decimals");

const summary = z
  .object({
    id: z.string(),
    status: z.enum(PLEDGE_STATUSES),
    version: z.number().int().describe("send it back with every action (stale → 409)"),
    sme: orgRef,
    bank: orgRef,
    insurer: orgRef,
    requestedAmount: yuan,
    termMonths: z.number().int(),
    stageEnteredAt: z.string(),
    overdue: z.boolean().describe("the current stage has run past its SLA"),
    updatedAt: z.string(),
  })
  .meta({ id: "PledgeApplicationSummary" });

const detail = summary
  .extend({
    purpose: z.string(),
    assets: z.array(
      z.object({
        id: z.string(),
        assetType: z.enum(["INVENTION", "UTILITY_MODEL", "DESIGN", "TRADEMARK", "GI_MARK"]),
        patentId: z.string().nullable(),
        registrationNumber: z.string(),
        title: z.string(),
        appraisedValue: yuan.nullable(),
      }),
    ),
    report: z.object({
      ready: z.boolean(),
      acceptedBySme: z.boolean(),
      acceptedByBank: z.boolean(),
      jobId: z.string().nullable().describe("the appraisal job (GET /appraisal-jobs/{id})"),
      method: z.enum(["INCOME", "MARKET", "COST"]).nullable(),
      validUntil: z.string().nullable(),
      fileUrl: z.string().nullable().describe("the report's PDF, for the parties"),
    }),
    terms: z.object({
      loanCap: yuan.nullable().describe("Σ appraised value × max pledge rate, at most the requested amount"),
      approvedAmount: yuan.nullable(),
      annualRate: z.string().nullable(),
      termMonths: z.number().int().nullable(),
      premiumRate: z.string().nullable(),
      premium: yuan.nullable(),
      policyVersion: z.string().nullable().describe("policyId@version the amounts were computed with"),
      acceptedAt: z.string().nullable(),
    }),
    payments: z.object({ appraisalFeePaidAt: z.string().nullable(), premiumPaidAt: z.string().nullable() }),
    registration: z.object({ cnipaRegNo: z.string().nullable(), registeredOn: z.string().nullable(), cancelledOn: z.string().nullable() }),
    disbursement: z.object({ amount: yuan.nullable(), date: z.string().nullable() }),
    repayments: z.array(z.object({ date: z.string(), principal: yuan, interest: yuan })),
    principalRepaid: yuan.nullable().describe("null for a reader who does not see the loan (the assigned appraiser)"),
    interestPaid: yuan.nullable(),
    outstandingPrincipal: yuan.nullable(),
    default: z.object({ date: z.string(), outstandingPrincipal: yuan, recovered: yuan, recoveries: z.array(z.object({ date: z.string(), amount: yuan })) }).nullable(),
    subsidies: z.array(subsidyAward).describe("awards this application earned, each with its policy version"),
    lossShares: z
      .object({
        outstanding: yuan,
        recoveredBefore: yuan,
        loss: yuan.describe("L = outstanding principal − recoveries before compensation"),
        insurer: yuan,
        fund: yuan,
        bank: yuan,
        fundDue: yuan.describe("the fund's ratio of L before its per-loan cap and balance"),
        flags: z.array(z.enum(["FUND_CAPPED", "FUND_SHORTFALL"])),
        policyVersion: z.string(),
        at: z.string(),
        sharedBack: z.array(z.object({ date: z.string(), amount: yuan, insurer: yuan, fund: yuan, bank: yuan, policyVersion: z.string() })).describe("recoveries after compensation, shared back in the same proportions"),
      })
      .nullable(),
    endReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    createdAt: z.string(),
    timeline: z.array(
      z.object({
        at: z.string(),
        action: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        orgId: z.string().nullable(),
        actor: z
          .object({ platform: z.boolean(), org: z.string().nullable(), person: z.string().nullable(), apiKey: z.string().nullable() })
          .describe("who acted: the platform itself, or an org's person or API key (names)"),
        reason: z.string().nullable(),
        data: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    yourRole: z.enum(["SME", "BANK", "INSURER", "SYSTEM"]).nullable(),
    actions: z.array(z.enum(PARTY_ACTIONS as [string, ...string[]])).describe("what the caller can do now"),
  })
  .meta({ id: "PledgeApplication" });

const holder = {
  holderName: z.string().optional().describe("the certificate holder's name as on the certificate; when given it must be the applicant's"),
  holderUscc: z.string().optional().describe("the certificate holder's USCC; when given it must be the applicant's"),
};
const assetInput = z
  .union([
    z.object({ kind: z.literal("CATALOG_PATENT"), patentId: z.string() }),
    z.object({ kind: z.literal("PATENT"), applicationNumber: z.string(), title: z.string(), ...holder }),
    z.object({ kind: z.enum(["TRADEMARK", "GI_MARK"]), registrationNumber: z.string(), title: z.string(), ...holder }),
  ])
  .meta({
    description:
      "one of the SME's patents (catalog id or application number) or a trademark / GI collective-mark registration. The applicant must hold it: " +
      "a catalog patent of another holder, a number another holder has in the catalog, a declared holder other than the applicant, " +
      "or an asset already in another open application is refused at its field.",
  });

export const createPledgeApplicationOp = defineOperation({
  operationId: "createPledgeApplication",
  method: "POST",
  path: "/pledge-applications",
  summary: "Start a pledge financing application (SME), as a draft",
  tags: ["financing"],
  request: {
    // The use case parses the body as a whole (numeric strings too), so that one answer names every bad field.
    body: validatedByUseCase(
      z.object({ bankId: z.string(), insurerId: z.string(), requestedAmount: yuan, termMonths: z.union([z.number().int().min(1).max(INT32_MAX), z.string()]), purpose: z.string(), assets: z.array(assetInput) }),
      "PledgeApplicationInput",
    ),
  },
  responses: { 201: detail },
  problems: [403],
});

export const listPledgeApplicationsOp = defineOperation({
  operationId: "listPledgeApplications",
  method: "GET",
  path: "/pledge-applications",
  summary: "Applications the caller is party to (GOVERNMENT: all submitted ones)",
  tags: ["financing"],
  request: { query: pageQuerySchema.extend({ status: z.enum(PLEDGE_STATUSES).optional() }) },
  responses: { 200: pageSchema(summary) },
});

export const getPledgeApplicationOp = defineOperation({
  operationId: "getPledgeApplication",
  method: "GET",
  path: "/pledge-applications/{id}",
  summary: "One application with assets, terms, payments and timeline",
  tags: ["financing"],
  request: { params: idParams },
  responses: { 200: detail },
  problems: [404],
});

export const actOnPledgeApplicationOp = defineOperation({
  operationId: "actOnPledgeApplication",
  method: "POST",
  path: "/pledge-applications/{id}/actions/{action}",
  summary: "Move the application (one action of SPEC §6)",
  description:
    "The body carries the `version` the caller last read (stale → 409, nothing changes) and the action's fields: " +
    "`submit`, `withdraw` {reason?}, `accept-report`, `reject-report` {reason}, `bank-approve` {amount, annualRate, termMonths} (refused above the loan cap), " +
    "`bank-reject` {reason}, `insurer-approve` {premiumRate}, `insurer-decline` {reason}, `accept-terms`, `register` {cnipaRegNo, date}, " +
    "`disburse` {amount, date}, `record-repayment` {date, principal, interest}, `declare-default` {date, outstandingPrincipal}, `record-recovery` {date, amount} (after compensation it is shared back), " +
    "`claim-compensation` (bank, after default: the loss is shared by the policy in force and the application is COMPENSATED), `close` {reason?} (bank, recovery over). " +
    "Dates of the books (`date`) are ISO dates in Asia/Shanghai: never after today and never before the step they follow " +
    "(registration ≥ submission, disbursement ≥ registration, repayment ≥ disbursement, default ≥ the last repayment, recovery ≥ default). " +
    "`cnipaRegNo` is CNIPA's pledge registration number (Y2023980012345, or (2023)商质字第123号 for a trademark). Every bad field is named at once (400).",
  tags: ["financing"],
  request: {
    params: z.object({ id: z.string().min(1).max(64), action: z.enum(PARTY_ACTIONS as [string, ...string[]]) }),
    body: validatedByUseCase(z.looseObject({ version: z.union([z.number().int().min(1).max(INT32_MAX), z.string()]) }), "PledgeActionInput"),
  },
  responses: { 200: detail },
  problems: [403, 404, 409],
});

export const financingOperations = [createPledgeApplicationOp, listPledgeApplicationsOp, getPledgeApplicationOp, actOnPledgeApplicationOp];
