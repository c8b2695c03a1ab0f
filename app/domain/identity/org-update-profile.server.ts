import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound, validation } from "../shared/errors";
import { getOrgView, orgProfileSelect, toOrgProfile } from "./org-queries.server";
import { PRODUCT_KINDS, type UpdateOrgProfileInput } from "./org-schemas";
import { assertCan } from "./policies";

/**
 * Changes an org's name, town, industry clusters or — for a bank or an insurer — the
 * products it offers (its OWNER, or a platform operator).
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
    if (changes.products !== undefined && !PRODUCT_KINDS.includes(before.kind)) throw validation({ products: ["只有银行和保险机构可以填写产品"] });
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
        before: { name: before.name, town: before.town, clusters: before.clusters, products: before.products },
        after: { name: after.name, town: after.town, clusters: after.clusters, products: after.products },
      },
    });
    return toOrgProfile(after);
  });
}
