import { Prisma } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, validation, type FieldErrors } from "../shared/errors";
import { notify } from "../notifications/notify.server";
import { county } from "./county";
import type { RequestMeta } from "./log-in.server";
import { hashPassword } from "./passwords.server";
import type { SignUpInput } from "./schemas";
import { createSession } from "./sessions.server";

export const EMAIL_TAKEN = "该邮箱已注册，请直接登录";
export const USCC_TAKEN = "该统一社会信用代码已有机构注册，如需加入请联系该机构负责人邀请";

/**
 * Registers a person and their organization: user, org (PENDING until a platform
 * operator activates it), OWNER membership and the audit event in one transaction, plus
 * a notification to every platform operator. Then signs the person in.
 */
export async function signUp(input: SignUpInput, meta: RequestMeta) {
  const passwordHash = await hashPassword(input.password);
  const result = await db
    .$transaction(async (tx) => {
      await assertUnique(tx, input);
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: { id: true },
      });
      const org = await tx.organization.create({
        data: {
          name: input.orgName,
          kind: input.orgKind,
          uscc: input.uscc,
          county: county.name,
          town: input.town,
          clusters: input.clusters,
          status: "PENDING",
          memberships: { create: { userId: user.id, role: "OWNER" } },
        },
        select: { id: true, name: true, kind: true, status: true },
      });
      const actor: Actor = { userId: user.id, apiKeyId: null, orgId: org.id, orgKind: org.kind, orgStatus: org.status, role: "OWNER" };
      await recordAudit(tx, actor, {
        entityType: "Organization",
        entityId: org.id,
        action: "org.registered",
        toState: "PENDING",
        data: { kind: org.kind, uscc: input.uscc, town: input.town },
      });
      await notifyPlatformOperators(tx, org);
      return { userId: user.id, orgId: org.id };
    })
    .catch((e: unknown) => {
      // Two sign-ups racing for the same e-mail or USCC: the unique index decides.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw uniqueViolation(e);
      throw e;
    });
  const session = await createSession({ userId: result.userId, orgId: result.orgId, ...meta });
  return { ...result, sessionId: session.id };
}

async function assertUnique(tx: Tx, input: SignUpInput) {
  const [user, org] = await Promise.all([
    tx.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    tx.organization.findUnique({ where: { uscc: input.uscc }, select: { id: true } }),
  ]);
  const errors: FieldErrors = {};
  if (user) errors.email = [EMAIL_TAKEN];
  if (org) errors.uscc = [USCC_TAKEN];
  if (Object.keys(errors).length) throw validation(errors);
}

function uniqueViolation(e: Prisma.PrismaClientKnownRequestError): DomainError {
  const target = JSON.stringify(e.meta ?? {});
  if (target.includes("uscc")) return validation({ uscc: [USCC_TAKEN] });
  return validation({ email: [EMAIL_TAKEN] });
}

async function notifyPlatformOperators(tx: Tx, org: { id: string; name: string; kind: string }) {
  const operators = await tx.membership.findMany({
    where: { org: { kind: "PLATFORM", status: "ACTIVE" } },
    select: { userId: true },
    distinct: ["userId"],
  });
  await notify(tx, {
    sourceKey: `org-registered:${org.id}`,
    userIds: operators.map((m) => m.userId),
    orgId: null,
    kind: "org.review",
    title: "新机构待审核",
    body: `「${org.name}」提交了机构注册，请核对统一社会信用代码等信息后审核。`,
    link: `/admin/orgs?status=PENDING`,
  });
}
