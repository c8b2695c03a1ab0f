import { z } from "zod";
import { defineOperation, validatedByUseCase, type OperationSpec } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { GI_APPLICATION_STATUSES } from "./machine";
import { GI_CHECK_RESULTS, GI_RECORDABLE_RESULTS, SEED_MAX } from "./spot-check-rules";

/** Annual GI spot checks of API v1 (issue 16 §6, §9): GOVERNMENT opens, records, closes; GOVERNMENT and PLATFORM read; others 404. */

const idParams = z.object({ id: z.string().min(1).max(64) });
const day = z.string().describe("YYYY-MM-DD");
const status = z.enum(["OPEN", "CLOSED"]);
const version = z.union([z.number().int(), z.string()]).describe("the version last read (stale → 409)");

const progress = z.object({
  sampled: z.number().int(),
  recorded: z.number().int().describe("items with a result"),
  passed: z.number().int(),
  failed: z.number().int(),
  rectified: z.number().int(),
  overdue: z.number().int().describe("FAILs past their deadline, not rectified"),
});

const summary = z
  .object({
    id: z.string(),
    status,
    version: z.number().int().describe("send it back to close the check"),
    product: z.object({ id: z.string(), name: z.string() }),
    year: z.number().int(),
    share: z.string().describe('exact decimal in (0, 1], e.g. "0.2"'),
    sharePercent: z.string().describe('the share in percent, e.g. "20%"'),
    populationSize: z.number().int(),
    sampleSize: z.number().int(),
    progress,
    openedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "GiSpotCheckSummary" });

const item = z
  .object({
    id: z.string(),
    version: z.number().int().describe("send it back with a result or a rectification (stale → 409)"),
    drawOrder: z.number().int().describe("1 = first drawn"),
    drawKey: z.string().describe('SHA-256 hex of "<seed>:<certificateNumber>"; the sample is the population sorted by it'),
    applicationId: z.string().describe("the authorization (GET /gi-applications/{id}; revoke there)"),
    applicationStatus: z.enum(GI_APPLICATION_STATUSES),
    enterpriseName: z.string(),
    uscc: z.string(),
    certificateNumber: z.string(),
    town: z.string(),
    result: z.enum(GI_CHECK_RESULTS),
    findings: z.string().nullable(),
    rectifyBy: day.nullable().describe("a FAIL's rectification deadline"),
    rectifiedOn: day.nullable(),
    recordedAt: z.string().nullable(),
    overdue: z.boolean().describe("a FAIL past its deadline, not rectified (today)"),
    overdueFlaggedAt: z.string().nullable().describe("when the scheduled job flagged it (once)"),
  })
  .meta({ id: "GiSpotCheckItem" });

const detail = summary
  .extend({
    seed: z.string(),
    algorithm: z.string().describe('e.g. "sha256-rank-v1"'),
    algorithmDescription: z.string().describe("how to redraw the sample from the seed and the population"),
    population: z.array(z.string()).describe("certificate numbers of the product's active users when the check was opened, sorted"),
    openedBy: z.object({ id: z.string(), name: z.string().nullable() }),
    items: z.array(item).describe("the sample, in draw order"),
    timeline: z.array(z.object({ at: z.string(), action: z.string(), from: z.string().nullable(), to: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable() })),
    canReview: z.boolean().describe("the caller may record results and rectifications"),
    canClose: z.boolean().describe("the caller may close the check now (every item has a result)"),
  })
  .meta({ id: "GiSpotCheck" });

const itemRef = {
  itemId: z.string().optional().describe("the sampled item (or give applicationId)"),
  applicationId: z.string().optional().describe("the sampled authorization (or give itemId)"),
};

export const openGiSpotCheckOp = defineOperation({
  operationId: "openGiSpotCheck",
  method: "POST",
  path: "/gi-spot-checks",
  summary: "Open an annual spot check of one GI product (GOVERNMENT): the sample is drawn from the product's active users with the seed",
  tags: ["gi"],
  request: {
    body: validatedByUseCase(
      z.object({
        productId: z.string(),
        year: z.union([z.number().int(), z.string()]).describe("2000 … this year"),
        share: z.union([z.string(), z.number()]).describe('share of the active users to check: "0.2" or "20%" (at least one enterprise)'),
        seed: z.string().min(1).max(SEED_MAX).describe("any text; with the population it decides the sample"),
      }),
      "GiSpotCheckInput",
    ),
  },
  responses: { 201: detail },
  problems: [403, 404],
});

export const listGiSpotChecksOp = defineOperation({
  operationId: "listGiSpotChecks",
  method: "GET",
  path: "/gi-spot-checks",
  summary: "Spot checks, newest first (GOVERNMENT, PLATFORM)",
  tags: ["gi"],
  request: { query: pageQuerySchema.extend({ status: status.optional() }) },
  responses: { 200: pageSchema(summary) },
  problems: [404],
});

export const getGiSpotCheckOp = defineOperation({
  operationId: "getGiSpotCheck",
  method: "GET",
  path: "/gi-spot-checks/{id}",
  summary: "One spot check: seed, population, algorithm, each sampled enterprise with its draw key and result",
  tags: ["gi"],
  request: { params: idParams },
  responses: { 200: detail },
  problems: [404],
});

export const recordGiSpotCheckResultOp = defineOperation({
  operationId: "recordGiSpotCheckResult",
  method: "POST",
  path: "/gi-spot-checks/{id}/results",
  summary: "Record (or, while the check is OPEN, correct) a sampled enterprise's result (GOVERNMENT)",
  description: "PASS, or FAIL with `findings` and `rectifyBy` (after today, at most a year ahead). Revocation is a separate action: POST /gi-applications/{applicationId}/actions/revoke.",
  tags: ["gi"],
  request: {
    params: idParams,
    body: validatedByUseCase(
      z.object({ ...itemRef, result: z.enum(GI_RECORDABLE_RESULTS), findings: z.string().optional().describe("required for FAIL; at most 2,000 characters"), rectifyBy: day.optional().describe("required for FAIL"), version }),
      "GiSpotCheckResultInput",
    ),
  },
  responses: { 200: detail },
  problems: [403, 404, 409],
});

export const markGiRectifiedOp = defineOperation({
  operationId: "markGiRectified",
  method: "POST",
  path: "/gi-spot-checks/{id}/rectifications",
  summary: "Mark a FAIL rectified on a day (not in the future, not before the result) (GOVERNMENT)",
  tags: ["gi"],
  request: { params: idParams, body: validatedByUseCase(z.object({ ...itemRef, rectifiedOn: day, version }), "GiRectificationInput") },
  responses: { 200: detail },
  problems: [403, 404, 409],
});

export const closeGiSpotCheckOp = defineOperation({
  operationId: "closeGiSpotCheck",
  method: "POST",
  path: "/gi-spot-checks/{id}/actions/close",
  summary: "Close a check whose every sampled enterprise has a result (GOVERNMENT); results are final after",
  tags: ["gi"],
  request: { params: idParams, body: validatedByUseCase(z.object({ version: version.describe("the check's version") }), "GiSpotCheckCloseInput") },
  responses: { 200: detail },
  problems: [403, 404, 409],
});

export const giSpotCheckOperations: OperationSpec[] = [openGiSpotCheckOp, listGiSpotChecksOp, getGiSpotCheckOp, recordGiSpotCheckResultOp, markGiRectifiedOp, closeGiSpotCheckOp];
