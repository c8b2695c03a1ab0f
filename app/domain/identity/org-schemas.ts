import { z } from "zod";
import { MembershipRole, OrgKind, OrgStatus } from "~/generated/prisma/enums";
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
  })
  .refine((body) => body.name !== undefined || body.town !== undefined || body.clusters !== undefined, {
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
