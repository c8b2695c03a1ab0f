import { Prisma } from "~/generated/prisma/client";
import type { MembershipRole } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { notFound, validation } from "../shared/errors";
import { hashPassword } from "./passwords.server";
import { assertCan } from "./policies";
import { EMAIL_TAKEN } from "./sign-up.server";

export type AdminCreateUserInput = { email: string; name: string; password: string; orgId: string; role: MembershipRole };

/**
 * An operator creates a person straight into an org (admin CLI) — the way the first
 * platform operator, or a partner bank's first owner, gets an account. People who find
 * the platform themselves use sign-up or an invitation instead.
 */
export async function adminCreateUser(actor: Actor, input: AdminCreateUserInput) {
  assertCan(actor, "user.create", { orgId: input.orgId });
  const passwordHash = await hashPassword(input.password);
  return db
    .$transaction(async (tx) => {
      const org = await tx.organization.findUnique({ where: { id: input.orgId }, select: { id: true, name: true } });
      if (!org) throw notFound("机构");
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw validation({ email: [EMAIL_TAKEN] });
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, memberships: { create: { orgId: org.id, role: input.role } } },
        select: { id: true, email: true, name: true },
      });
      await recordAudit(tx, actor, {
        entityType: "User",
        entityId: user.id,
        action: "user.created",
        orgId: org.id,
        data: { email: user.email, role: input.role },
      });
      return { user, org, role: input.role };
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw validation({ email: [EMAIL_TAKEN] });
      throw e;
    });
}
