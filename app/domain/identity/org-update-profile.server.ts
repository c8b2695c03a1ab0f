import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound } from "../shared/errors";
import { getOrgView, orgProfileSelect, toOrgProfile } from "./org-queries.server";
import type { UpdateOrgProfileInput } from "./org-schemas";
import { assertCan } from "./policies";

/**
 * Changes an org's name, town or industry clusters (its OWNER, or a platform operator).
 * An org the actor may not see at all is "not found"; one it may see but not change is
 * "forbidden" (e.g. any API key: keys act as MEMBER and never administer).
 */
export async function updateOrgProfile(actor: Actor, input: UpdateOrgProfileInput & { orgId: string }) {
  await getOrgView(actor, input.orgId);
  assertCan(actor, "org.update", { orgId: input.orgId });
  const { orgId, ...changes } = input;
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: orgId }, select: orgProfileSelect });
    if (!before) throw notFound("机构");
    const after = await tx.organization.update({
      where: { id: orgId },
      data: { ...changes, version: { increment: 1 } },
      select: orgProfileSelect,
    });
    await recordAudit(tx, actor, {
      entityType: "Organization",
      entityId: orgId,
      action: "org.profile-updated",
      orgId,
      data: {
        before: { name: before.name, town: before.town, clusters: before.clusters },
        after: { name: after.name, town: after.town, clusters: after.clusters },
      },
    });
    return toOrgProfile(after);
  });
}
