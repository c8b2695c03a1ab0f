import { z } from "zod";
import { defineOperation, validatedByUseCase } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { BID_WARNINGS } from "./bid-rules";
import { bidInputSchema } from "./schemas";

/** The appraisal market of API v1 (SPEC §7, §11): jobs, sealed bids, assignment and reports. */

const yuan = z.string().describe("yuan, two decimals");
const method = z.enum(["INCOME", "MARKET", "COST"]);
const bid = z
  .object({
    appraiserId: z.string(),
    appraiserName: z.string(),
    fee: yuan,
    days: z.number().int(),
    method,
    note: z.string(),
    submittedAt: z.string(),
    warning: z.enum(BID_WARNINGS).nullable().describe("FAR_BELOW_MARKET: under 0.2 × the reference fee; FAR_ABOVE_MARKET: over 3 ×; null otherwise"),
    warningMessage: z.string().nullable().describe("the warning in Chinese, as the SME and the bank see it"),
  })
  .meta({ id: "AppraisalBid" });
const statuses = ["OPEN", "OFFERED", "ASSIGNED", "REPORTED", "UNASSIGNED"] as const;

const job = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    status: z.enum(statuses),
    version: z.number().int(),
    deadline: z.string().describe("the current bidding deadline (after the one extension, if any)"),
    extended: z.boolean(),
    referenceFee: yuan,
    referenceFeePolicyVersion: z.string().nullable().describe("policyId@version the reference fee came from"),
    bidCeiling: yuan.nullable().describe("the most a bid may ask: the reference fee × the policy's bid-ceiling multiple; null when the reference fee is zero"),
    bidCeilingMultiple: z.string().describe("the policy's bid-ceiling multiple, e.g. \"10\""),
    sme: z.object({ id: z.string(), name: z.string() }),
    bank: z.object({ id: z.string(), name: z.string() }),
    assets: z.array(z.object({ id: z.string(), assetType: z.string(), title: z.string(), registrationNumber: z.string() })),
    assignedAppraiserId: z.string().nullable(),
    assignedFee: yuan.nullable(),
    offeredAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    lotterySeed: z.string().nullable(),
    rating: z.number().int().nullable().describe("the SME's 1–5 stars, once given"),
    reportFile: z.object({ bytes: z.number().int(), url: z.string() }).nullable().describe("the report's PDF, for the parties"),
    report: z.object({ method: method.nullable(), validUntil: z.string().nullable(), reportedAt: z.string() }).nullable(),
    myBid: bid.nullable().describe("the caller's own bid (appraisers)"),
    bids: z.array(bid).describe("every bid, for the SME and bank once bidding has closed; empty otherwise (sealed)"),
    bidCount: z.number().int().nullable(),
  })
  .meta({ id: "AppraisalJob" });

const idParams = z.object({ id: z.string().min(1).max(64) });

export const listAppraisalJobsOp = defineOperation({
  operationId: "listAppraisalJobs",
  method: "GET",
  path: "/appraisal-jobs",
  summary: "Appraisal jobs: open ones an appraiser is eligible for, its bids and assignments; an SME's or bank's own",
  tags: ["appraisal"],
  request: { query: pageQuerySchema.extend({ status: z.enum(statuses).optional() }) },
  responses: { 200: pageSchema(job) },
});

export const getAppraisalJobOp = defineOperation({
  operationId: "getAppraisalJob",
  method: "GET",
  path: "/appraisal-jobs/{id}",
  summary: "One appraisal job (bids sealed per SPEC §2)",
  tags: ["appraisal"],
  request: { params: idParams },
  responses: { 200: job },
  problems: [404],
});

export const putBidOp = defineOperation({
  operationId: "putAppraisalBid",
  method: "PUT",
  path: "/appraisal-jobs/{id}/bid",
  summary: "Place or edit the caller's sealed bid until the deadline (appraisers)",
  description:
    "`fee` in yuan (a string or a number) at most the job's `bidCeiling` (the reference fee × the policy's multiple, default 10); `days` 1–365 (a number or a numeric string); `method` INCOME, MARKET or COST. Every bad field is named at once. A fee under 0.2 × or over 3 × the reference fee is taken, with a `warning` the SME and the bank see.",
  tags: ["appraisal"],
  request: { params: idParams, body: validatedByUseCase(bidInputSchema, "AppraisalBidInput") },
  responses: { 200: job },
  problems: [403, 404, 409],
});

export const actOnAppraisalJobOp = defineOperation({
  operationId: "actOnAppraisalJob",
  method: "POST",
  path: "/appraisal-jobs/{id}/actions/{action}",
  summary: "close-bidding (PLATFORM, its people or its API key: close now), accept-assignment, decline-assignment, submit-report, rate",
  description: "`accept-assignment` / `decline-assignment` {version, reason?} by the offered appraiser; `submit-report` {version, values[{assetId, value}], method, validUntil} by the assigned appraiser; `rate` {stars 1–5} by the SME once the report is accepted.",
  tags: ["appraisal"],
  request: { params: z.object({ id: z.string().min(1).max(64), action: z.enum(["close-bidding", "accept-assignment", "decline-assignment", "submit-report", "rate"]) }), body: z.looseObject({}).meta({ id: "AppraisalJobActionInput" }) },
  responses: { 200: job },
  problems: [403, 404, 409],
});

export const putReportFileOp = defineOperation({
  operationId: "putAppraisalReportFile",
  method: "PUT",
  path: "/appraisal-jobs/{id}/report-file",
  summary: "Attach the report's PDF (assigned appraiser; body application/pdf, ≤ 20 MB, checked by its magic bytes)",
  tags: ["appraisal"],
  request: { params: idParams },
  responses: { 200: job },
  problems: [404, 409, 413],
});

export const getReportFileOp = defineOperation({
  operationId: "getAppraisalReportFile",
  method: "GET",
  path: "/appraisal-jobs/{id}/report-file",
  summary: "The report's PDF, for the application's parties and the appraiser only (application/pdf)",
  tags: ["appraisal"],
  request: { params: idParams },
  responses: { 200: null },
  problems: [404],
});

export const appraisalOperations = [listAppraisalJobsOp, getAppraisalJobOp, putBidOp, actOnAppraisalJobOp, putReportFileOp, getReportFileOp];
