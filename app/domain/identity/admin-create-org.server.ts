import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { validation } from "../shared/errors";
import { county } from "./county";
import { orgProfileSelect, toOrgProfile } from "./org-queries.server";
import type { CreateOrgInput } from "./org-schemas";
import { assertCan } from "./policies";
import { USCC_TAKEN } from "./sign-up.server";

/**
 * An operator creates an organization directly (admin CLI), e.g. the platform's own org,
 * a partner bank, or the county bureau. Unlike sign-up it may start ACTIVE.
 */
export async function adminCreateOrg(actor: Actor, input: CreateOrgInput) {
  assertCan(actor, "org.create");
  return db
    .$transaction(async (tx) => {
      if (await tx.organization.findUnique({ where: { uscc: input.uscc }, select: { id: true } })) throw validation({ uscc: [USCC_TAKEN] });
      const org = await tx.organization.create({
        data: {
          name: input.name,
          kind: input.kind,
          uscc: input.uscc,
          county: county.name,
          town: input.town ?? null,
          clusters: input.clusters,
          status: input.status,
        },
        select: orgProfileSelect,
      });
      await recordAudit(tx, actor, {
        entityType: "Organization",
        entityId: org.id,
        action: "org.created",
        toState: org.status,
        orgId: org.id,
        data: { kind: org.kind, uscc: org.uscc, town: org.town },
      });
      return toOrgProfile(org);
    })
    .catch((e: unknown) => {
      // Two creations racing for one USCC: the unique index decides.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw validation({ uscc: [USCC_TAKEN] });
      throw e;
    });
}
