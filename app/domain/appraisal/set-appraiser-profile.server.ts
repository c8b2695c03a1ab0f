import { z } from "zod";
import { db } from "~/utils/db.server";
import { isPlatformOperator } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { forbidden, validation } from "../shared/errors";
import { ASSET_TYPES } from "./assignment";

export const appraiserProfileInputSchema = z.object({
  orgId: z.string().min(1),
  filingRecordNumber: z.string().trim().min(3, { error: "备案编号至少 3 位" }).max(64).nullable(),
  qualifiedAssetTypes: z.array(z.enum(ASSET_TYPES, { error: `资产类型应为 ${ASSET_TYPES.join("、")}` })).min(1, { error: "至少一种资产类型" }),
  affiliatedOrgIds: z.array(z.string().min(1)).default([]),
  capacity: z.number().int().min(1).max(1000).nullable().default(null),
});
export type AppraiserProfileInput = z.output<typeof appraiserProfileInputSchema>;

/**
 * A platform operator records an appraisal institution's standing in the market (SPEC §7):
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
