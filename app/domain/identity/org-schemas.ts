import { z } from "zod";
import { AppraisalMethod, MembershipRole, OrgKind, OrgStatus } from "~/generated/prisma/enums";
import { pageQuerySchema, pageSchema } from "../shared/pagination";
import { text } from "../shared/text";
import { county } from "./county";
import { signUpSchema, usccSchema } from "./schemas";

/**
 * Organization shapes of API v1 and the admin CLI. Inputs reuse the sign-up rules (one
 * rule for an org name, a USCC, a town); outputs are the DTOs the API returns, named with
 * `.meta({ id })` so the OpenAPI document refers to them as components.
 */

const orgName = signUpSchema.shape.orgName;
const town = z.enum(county.towns as [string, ...string[]], { error: "identity.v.townInvalid" }).describe("a town of the county");
const clusters = z
  .array(z.enum(county.clusters as [string, ...string[]], { error: "identity.v.clusterInvalid" }))
  .max(county.clusters.length)
  .transform((list) => [...new Set(list)])
  .describe("industry clusters of the county");

const iso = z.iso.datetime();

/** Markup or angle brackets have no place in a product's name (it is shown to other orgs). */
const NO_MARKUP = /^[^<>]*$/;
export const PRODUCTS_MAX = 20;
/** What a bank or insurer offers, e.g. "知识产权质押贷款", "专利执行保险" (the partner directory shows them). */
export const productsSchema = z
  .array(
    text({ error: "产品名称应为文字" })
      .trim()
      .min(2, { error: "产品名称至少 2 个字" })
      .max(40, { error: "产品名称最多 40 个字" })
      .regex(NO_MARKUP, { error: "产品名称不能包含 < 或 >" }),
    { error: "产品应为名称列表" },
  )
  .max(PRODUCTS_MAX, { error: `最多 ${PRODUCTS_MAX} 项产品` })
  .transform((list) => [...new Set(list)])
  .describe("what a bank or insurer offers (BANK and INSURER orgs only)");

/** Org kinds whose owners list their products (the directory shows them). */
export const PRODUCT_KINDS: readonly OrgKind[] = [OrgKind.BANK, OrgKind.INSURER];

export const orgPublicSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(OrgKind),
    county: z.string(),
    town: z.string().nullable(),
    clusters: z.array(z.string()),
  })
  .meta({ id: "OrgPublic", description: "What any active organization may see of another active one." });
export type OrgPublic = z.output<typeof orgPublicSchema>;

export const orgProfileSchema = orgPublicSchema
  .extend({
    uscc: z.string().describe("统一社会信用代码 (GB 32100-2015)"),
    status: z.enum(OrgStatus),
    isDemo: z.boolean(),
    version: z.number().int(),
    createdAt: iso,
    updatedAt: iso,
    products: z.array(z.string()).describe("what a bank or insurer offers; empty for other kinds"),
  })
  .meta({ id: "OrgProfile", description: "An organization's full profile: its own members, its API keys and platform operators." });
export type OrgProfile = z.output<typeof orgProfileSchema>;

/**
 * GET /orgs/:id answers with the full profile or, for another active org, the public one.
 * `visibility` tells a client which it got.
 */
export const orgViewSchema = z
  .discriminatedUnion("visibility", [
    orgProfileSchema.extend({ visibility: z.literal("full") }),
    orgPublicSchema.extend({ visibility: z.literal("public") }),
  ])
  .meta({ id: "OrgView" });
export type OrgView = z.output<typeof orgViewSchema>;

export const meSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable().describe("null when the caller is an API key"),
    org: orgProfileSchema,
    apiKey: z.object({ id: z.string(), prefix: z.string(), name: z.string() }).nullable().describe("null when the caller is a signed-in person"),
    role: z.enum(MembershipRole).describe("API keys act as MEMBER"),
  })
  .meta({ id: "Me" });
export type Me = z.output<typeof meSchema>;

export const orgIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** PATCH /orgs/:id — only the fields present change. */
export const updateOrgProfileSchema = z
  .object({
    name: orgName.optional(),
    town: town.nullable().optional(),
    clusters: clusters.optional(),
    products: productsSchema.optional(),
  })
  .refine((body) => body.name !== undefined || body.town !== undefined || body.clusters !== undefined || body.products !== undefined, {
    message: "api.v.nothingToUpdate",
  })
  .meta({ id: "UpdateOrgProfile" });
export type UpdateOrgProfileInput = z.output<typeof updateOrgProfileSchema>;

/** An org created by an operator (admin CLI). Unlike sign-up it may start ACTIVE. */
export const createOrgSchema = z.object({
  name: orgName,
  kind: z.enum(OrgKind, { error: "identity.v.orgKindRequired" }),
  uscc: usccSchema,
  town: town.optional(),
  clusters: clusters.default([]),
  status: z.enum([OrgStatus.PENDING, OrgStatus.ACTIVE]).default(OrgStatus.PENDING),
});
export type CreateOrgInput = z.output<typeof createOrgSchema>;

/** The partner directory (GET /orgs): the kinds an SME or a bank looks for. */
export const PARTNER_KINDS = [OrgKind.BANK, OrgKind.INSURER, OrgKind.APPRAISER] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const directoryQuerySchema = pageQuerySchema
  .extend({
    kind: z.enum(PARTNER_KINDS, { error: "kind 应为 BANK、INSURER 或 APPRAISER" }).optional().describe("only this kind"),
    q: text({ error: "q 应为文字" }).trim().max(50, { error: "搜索词最多 50 个字" }).optional().describe("part of the name"),
  });
export type DirectoryQuery = z.output<typeof directoryQuerySchema>;

export const directoryEntrySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    uscc: z.string().describe("统一社会信用代码"),
    kind: z.enum(PARTNER_KINDS),
    county: z.string(),
    town: z.string().nullable(),
    isDemo: z.boolean().describe("demo data (示例)"),
    products: z.array(z.string()).describe("BANK, INSURER: what it offers"),
    appraiser: z
      .object({
        filingRecordNumber: z.string().nullable().describe("资产评估机构备案编号"),
        methods: z.array(z.enum(AppraisalMethod)),
        serviceArea: z.array(z.string()),
        capacity: z.number().int().nullable().describe("concurrent jobs; null = the policy default (5)"),
      })
      .nullable()
      .describe("APPRAISER: its profile; null for other kinds (or an appraiser without one yet)"),
  })
  .meta({ id: "OrgDirectoryEntry", description: "An ACTIVE bank, insurer or appraiser, as the partner directory lists it." });
export type DirectoryEntry = z.output<typeof directoryEntrySchema>;

export const directoryPageSchema = pageSchema(directoryEntrySchema).meta({ id: "OrgDirectoryPage" });
