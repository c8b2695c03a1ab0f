import { z } from "zod";
import { db } from "~/utils/db.server";
import { isPlatformOperator } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { forbidden, validation } from "../shared/errors";
import type { AppraisalMethod, PledgeAssetType } from "~/generated/prisma/enums";
import { ASSET_TYPES } from "./assignment";
import { ownAppraiserProfileSchema, type AppraiserProfileView } from "./appraiser-profile";

export const appraiserProfileInputSchema = z.object({
  orgId: z.string().min(1),
  filingRecordNumber: z.string().trim().min(3, { error: "备案编号至少 3 位" }).max(64).nullable(),
  qualifiedAssetTypes: z.array(z.enum(ASSET_TYPES, { error: `资产类型应为 ${ASSET_TYPES.join("、")}` })).min(1, { error: "至少一种资产类型" }),
  affiliatedOrgIds: z.array(z.string().min(1)).default([]),
  capacity: z.number().int().min(1).max(1000).nullable().default(null),
});
export type AppraiserProfileInput = z.output<typeof appraiserProfileInputSchema>;

/**
 * A platform operator (the admin command line) records an appraisal institution's standing in the market (SPEC §7):
 * its filing record number, the asset types it is qualified for, its declared
 * affiliations and its capacity. Assignments read these at each deadline.
 */
export async function setAppraiserProfile(actor: Actor, input: AppraiserProfileInput) {
  if (!isPlatformOperator(actor)) throw forbidden();
  const org = await db.organization.findUnique({ where: { id: input.orgId }, select: { kind: true } });
  if (org?.kind !== "APPRAISER") throw validation({ orgId: ["该机构不是资产评估机构"] });
  const data = { filingRecordNumber: input.filingRecordNumber, qualifiedAssetTypes: [...new Set(input.qualifiedAssetTypes)], affiliatedOrgIds: [...new Set(input.affiliatedOrgIds)], capacity: input.capacity };
  return db.$transaction(async (tx) => {
    const profile = await tx.appraiserProfile.upsert({ where: { orgId: input.orgId }, create: { orgId: input.orgId, ...data }, update: data });
    await recordAudit(tx, actor, { entityType: "Organization", entityId: input.orgId, action: "appraiser.profile", data, orgId: input.orgId });
    return profile;
  });
}

/** Who sets an appraiser's own profile: its people and its API keys (keys act for their org, audited as the key); not a suspended org. */
function assertOwnAppraiser(actor: Actor) {
  if (actor.orgKind !== "APPRAISER") throw forbidden("只有资产评估机构可以设置评估机构资料");
  if (actor.orgStatus === "SUSPENDED") throw forbidden("机构已停用");
}

const profileSelect = { orgId: true, filingRecordNumber: true, methods: true, capacity: true, serviceArea: true, qualifiedAssetTypes: true, affiliatedOrgIds: true, updatedAt: true } as const;

function toView(orgId: string, row: { filingRecordNumber: string | null; methods: AppraisalMethod[]; capacity: number | null; serviceArea: string[]; qualifiedAssetTypes: PledgeAssetType[]; affiliatedOrgIds: string[]; updatedAt: Date } | null): AppraiserProfileView {
  return row
    ? { orgId, filingRecordNumber: row.filingRecordNumber, methods: row.methods, capacity: row.capacity, serviceArea: row.serviceArea, qualifiedAssetTypes: row.qualifiedAssetTypes, affiliatedOrgIds: row.affiliatedOrgIds, updatedAt: row.updatedAt.toISOString() }
    : { orgId, filingRecordNumber: null, methods: [], capacity: null, serviceArea: [], qualifiedAssetTypes: [], affiliatedOrgIds: [], updatedAt: null };
}

/** The caller's own appraiser profile (empty until set). */
export async function getOwnAppraiserProfile(actor: Actor): Promise<AppraiserProfileView> {
  assertOwnAppraiser(actor);
  return toView(actor.orgId, await db.appraiserProfile.findUnique({ where: { orgId: actor.orgId }, select: profileSelect }));
}

/**
 * An appraiser sets its own qualification number, methods, capacity and service area
 * (SPEC §7). Qualified asset types and affiliations are the operator's (above) and stay
 * as they are. Audited with the profile before and after; the next deadline reads it.
 */
export async function setOwnAppraiserProfile(actor: Actor, raw: unknown): Promise<AppraiserProfileView> {
  assertOwnAppraiser(actor);
  const input = ownAppraiserProfileSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await tx.appraiserProfile.findUnique({ where: { orgId: actor.orgId }, select: profileSelect });
    const data = { filingRecordNumber: input.filingRecordNumber, methods: input.methods, capacity: input.capacity, serviceArea: input.serviceArea };
    const after = await tx.appraiserProfile.upsert({ where: { orgId: actor.orgId }, create: { orgId: actor.orgId, ...data }, update: data, select: profileSelect });
    const shown = (p: typeof before) => p && { filingRecordNumber: p.filingRecordNumber, methods: p.methods, capacity: p.capacity, serviceArea: p.serviceArea };
    await recordAudit(tx, actor, { entityType: "Organization", entityId: actor.orgId, action: "appraiser.profile-self", data: { before: shown(before), after: shown(after) } });
    return toView(actor.orgId, after);
  });
}
