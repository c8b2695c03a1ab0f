import { z } from "zod";
import { INT32_MAX } from "~/domain/shared/text";
import { defineOperation, validatedByUseCase } from "../shared/openapi";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { GI_ACTIONS, GI_APPLICATION_STATUSES, GI_PARTIES } from "./machine";
import { GI_KINDS, giApplicationInputSchema } from "./schemas";

/** GI products and special-mark applications of API v1 (issue 16 §1–§3, §9). */

const idParams = z.object({ id: z.string().min(1).max(64) });
const status = z.enum(GI_APPLICATION_STATUSES).describe("SUBMITTED 待审核, SUPPLEMENT_REQUESTED 待补充材料, APPROVED 已核准, REJECTED 未核准, REVOKED 已撤销");
const yourRole = z.enum(GI_PARTIES).nullable().describe("the caller's part: APPLICANT (the applying org) or GOVERNMENT; null for PLATFORM (reads only)");
const actions = z.array(z.enum(GI_ACTIONS)).describe("what the caller can do now (POST /gi-applications/{id}/actions/{action})");
const isoDate = z.string().describe("YYYY-MM-DD");

const product = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(GI_KINDS).describe("PROTECTED_PRODUCT 地理标志保护产品, CERTIFICATION_MARK 地理标志证明商标, COLLECTIVE_MARK 集体商标"),
    kindName: z.string(),
    registrationNumber: z.string().describe("registration number (证明商标注册号) or announcement number (保护产品公告号)"),
    protectedTowns: z.array(z.string()).describe("the protected area: towns and sub-districts of the county"),
    qualityStandard: z.string(),
    notes: z.string().nullable(),
    certificatePrefix: z.string().describe("certificate numbers read <prefix>-<year>-<seq>"),
    isDemo: z.boolean().describe("demo data (示例)"),
    version: z.number().int(),
    activeUsers: z.number().int().describe("authorized users in force (APPROVED)"),
  })
  .meta({ id: "GiProduct" });

const state = z
  .object({
    id: z.string(),
    status,
    version: z.number().int().describe("send it back with every action (stale → 409)"),
    certificateNumber: z.string().nullable().describe("issued on approval, e.g. ZSGI-2026-0007"),
    yourRole,
    actions,
  })
  .meta({ id: "GiApplicationState", description: "What a write returns: the application's state for the caller (GET /gi-applications/{id} gives the whole record)" });

const summary = z
  .object({
    id: z.string(),
    status,
    statusName: z.string(),
    version: z.number().int(),
    source: z.enum(["APPLICATION", "REGISTER_IMPORT"]).describe("APPLICATION: applied on the platform; REGISTER_IMPORT: loaded from the county's register"),
    product: z.object({ id: z.string(), name: z.string() }),
    enterpriseName: z.string(),
    uscc: z.string(),
    town: z.string(),
    certificateNumber: z.string().nullable(),
    submittedAt: z.string(),
    decidedAt: z.string().nullable(),
    announcedOn: isoDate.nullable(),
    revokedOn: isoDate.nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: "GiApplicationSummary" });

const evidenceFile = z
  .object({ id: z.string(), name: z.string().describe("the name it was uploaded with"), mime: z.enum(["application/pdf", "image/jpeg", "image/png"]), bytes: z.number().int(), uploadedAt: z.string() })
  .meta({ id: "GiEvidenceFile" });

const detail = summary
  .extend({
    product: z.object({ id: z.string(), name: z.string(), kind: z.enum(GI_KINDS), kindName: z.string(), registrationNumber: z.string(), protectedTowns: z.array(z.string()), qualityStandard: z.string(), certificatePrefix: z.string() }),
    orgId: z.string().nullable().describe("null: a register-imported user without an account"),
    productionAddress: z.string().nullable(),
    annualOutputKg: z.number().int().nullable(),
    description: z.string().nullable(),
    committedAt: z.string().nullable().describe("when the applicant committed to the quality standard"),
    evidence: z.array(evidenceFile).describe("files: GET /gi-applications/{id}/evidence/{fileId}"),
    supplementRequest: z.string().nullable().describe("what GOVERNMENT asked for with the last supplement request"),
    decisions: z.object({
      rejectionReason: z.string().nullable(),
      announcementNumber: z.string().nullable(),
      announcedOn: isoDate.nullable(),
      approvedAt: z.string().nullable(),
      revokedOn: isoDate.nullable(),
      revocationReason: z.string().nullable(),
    }),
    certificate: z.object({ number: z.string(), year: z.number().int().nullable(), announcementNumber: z.string().nullable(), announcedOn: isoDate.nullable(), verifyUrl: z.string(), url: z.string() }).nullable(),
    timeline: z.array(z.object({ at: z.string(), action: z.string(), actionName: z.string(), from: z.string().nullable(), to: z.string().nullable(), orgId: z.string().nullable(), reason: z.string().nullable(), data: z.record(z.string(), z.unknown()).nullable() })),
    yourRole,
    actions,
  })
  .meta({ id: "GiApplication" });

export const listGiProductsOp = defineOperation({
  operationId: "listGiProducts",
  method: "GET",
  path: "/gi-products",
  summary: "The county's GI products (public): kind, registration, protected area, quality standard",
  tags: ["gi"],
  auth: false,
  responses: { 200: z.object({ items: z.array(product) }) },
});

export const createGiApplicationOp = defineOperation({
  operationId: "createGiApplication",
  method: "POST",
  path: "/gi-applications",
  summary: "Apply to use a GI product's special mark (SME)",
  description:
    "JSON: the fields below; then add the evidence files (PDF/JPG/PNG ≤ 10 MB each) with POST /gi-applications/{id}/evidence — GOVERNMENT cannot approve before one arrived. " +
    "multipart/form-data: the same fields plus one or more `evidence` file parts (at least one). " +
    "The town must lie in the product's protected area; the enterprise's name and USCC are the caller's org's. Every bad field is named in one answer. " +
    "One open or approved application per product and enterprise (409).",
  tags: ["gi"],
  request: {
    body: validatedByUseCase(
      giApplicationInputSchema.extend({
        annualOutputKg: z.union([z.number().int(), z.string()]).describe("kilograms a year, a whole number > 0"),
        commitment: z.union([z.literal(true), z.string()]).describe("must be true: the applicant commits to produce by the quality standard"),
      }),
      "GiApplicationInput",
    ),
  },
  responses: { 201: state },
  problems: [403, 409, 413],
});

export const listGiApplicationsOp = defineOperation({
  operationId: "listGiApplications",
  method: "GET",
  path: "/gi-applications",
  summary: "GI applications the caller may see (the applicant: its own; GOVERNMENT, PLATFORM: all), newest first",
  tags: ["gi"],
  request: { query: pageQuerySchema.extend({ status: status.optional(), productId: z.string().min(1).max(64).optional() }) },
  responses: { 200: pageSchema(summary) },
});

export const getGiApplicationOp = defineOperation({
  operationId: "getGiApplication",
  method: "GET",
  path: "/gi-applications/{id}",
  summary: "One GI application: product, fields, evidence list, decisions, certificate, timeline, what the caller can do",
  tags: ["gi"],
  request: { params: idParams },
  responses: { 200: detail },
  problems: [404],
});

const actionBody = z.object({
  version: z.union([z.number().int().min(1).max(INT32_MAX), z.string()]).describe("the version last read (stale → 409)"),
  note: z.string().optional().describe("request-supplement: what to add (required); resubmit: a note (optional)"),
  announcementNumber: z.string().optional().describe("approve: the announcement number (公告号)"),
  announcedOn: z.string().optional().describe("approve: YYYY-MM-DD, not in the future, not before the submission"),
  reason: z.string().optional().describe("reject, revoke: the reason"),
  revokedOn: z.string().optional().describe("revoke: YYYY-MM-DD, not in the future, not before the announcement"),
});

export const actOnGiApplicationOp = defineOperation({
  operationId: "actOnGiApplication",
  method: "POST",
  path: "/gi-applications/{id}/actions/{action}",
  summary: "Move a GI application (one action of issue 16 §2)",
  description:
    "Body: the `version` the caller last read (stale → 409) and the action's fields: " +
    "`request-supplement` {note} (GOVERNMENT, SUBMITTED), `resubmit` {note?} (the applicant, SUPPLEMENT_REQUESTED; add files first), " +
    "`approve` {announcementNumber, announcedOn} (GOVERNMENT, SUBMITTED; issues the certificate number of the announcement's year), " +
    "`reject` {reason} (GOVERNMENT, SUBMITTED or SUPPLEMENT_REQUESTED), `revoke` {reason, revokedOn} (GOVERNMENT, APPROVED).",
  tags: ["gi"],
  request: { params: z.object({ id: z.string().min(1).max(64), action: z.enum(GI_ACTIONS) }), body: validatedByUseCase(actionBody, "GiActionInput") },
  responses: { 200: state },
  problems: [403, 404, 409],
});

export const addGiEvidenceOp = defineOperation({
  operationId: "addGiEvidence",
  method: "POST",
  path: "/gi-applications/{id}/evidence",
  summary: "Add an evidence file (the applicant, SUBMITTED or SUPPLEMENT_REQUESTED): raw body, Content-Type application/pdf, image/jpeg or image/png, ≤ 10 MB, checked by its magic bytes; optional X-File-Name (URL-encoded)",
  tags: ["gi"],
  request: { params: idParams },
  responses: { 201: evidenceFile },
  problems: [403, 404, 409, 413, 415],
});

export const getGiEvidenceOp = defineOperation({
  operationId: "getGiEvidence",
  method: "GET",
  path: "/gi-applications/{id}/evidence/{fileId}",
  summary: "One evidence file (the applicant, GOVERNMENT, PLATFORM; anyone else 404): application/pdf, image/jpeg or image/png",
  tags: ["gi"],
  request: { params: z.object({ id: z.string().min(1).max(64), fileId: z.string().min(1).max(64) }) },
  responses: { 200: null },
  problems: [404],
});

export const giApplicationOperations = [listGiProductsOp, createGiApplicationOp, listGiApplicationsOp, getGiApplicationOp, actOnGiApplicationOp, addGiEvidenceOp, getGiEvidenceOp];
