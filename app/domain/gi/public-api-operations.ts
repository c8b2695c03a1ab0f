import { z } from "zod";
import { defineOperation, type OperationSpec } from "../shared/openapi";

/** Public verification of GI special-mark users (issue 16 §4, §9): no credentials needed. */

const giPublicUserSchema = z
  .object({
    enterpriseName: z.string(),
    uscc: z.string().describe("统一社会信用代码"),
    product: z.object({ name: z.string(), kind: z.enum(["PROTECTED_PRODUCT", "CERTIFICATION_MARK", "COLLECTIVE_MARK"]), kindName: z.string().describe("地理标志保护产品 / 地理标志证明商标 / 集体商标") }),
    certificateNumber: z.string().describe("e.g. ZSGI-2026-0007"),
    status: z.enum(["APPROVED", "REVOKED"]).describe("APPROVED: the authorization is valid (有效); REVOKED: revoked on revokedOn (已撤销)"),
    statusName: z.string().describe("有效 / 已撤销"),
    revokedOn: z.string().nullable().describe("YYYY-MM-DD; set when REVOKED"),
    announcementNumber: z.string().nullable(),
    announcedOn: z.string().nullable().describe("YYYY-MM-DD: authorized since"),
    town: z.string().describe("乡镇（街道） of production"),
  })
  .meta({ id: "GiPublicUser", description: "What anyone may see of a GI special-mark user: never evidence, addresses, output or contact data." });

export const findGiUsersOp = defineOperation({
  operationId: "findGiUsers",
  method: "GET",
  path: "/gi-users",
  summary: "Verify a GI special-mark user by enterprise name, USCC or certificate number (public)",
  description:
    "Anyone, without credentials. `q` is part of an enterprise name (at least 2 characters), an exact USCC (any letter case) or an exact certificate number. " +
    "Returns authorized users only (valid or revoked, with the date), at most 50; nothing found is an empty list. Every request counts against the client address (429 with Retry-After past the limit).",
  tags: ["gi"],
  auth: false,
  request: { query: z.object({ q: z.string().optional().default("").describe("enterprise name (≥ 2 characters), USCC or certificate number; at most 100 characters") }) },
  responses: { 200: z.object({ items: z.array(giPublicUserSchema) }).meta({ id: "GiUserList" }) },
  problems: [429],
});

export const giPublicOperations: OperationSpec[] = [findGiUsersOp];
