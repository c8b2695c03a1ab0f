import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { conflict, DomainError, forbidden, notFound, validation } from "../shared/errors";
import { notifyOrgMembers } from "../notifications/notify.server";
import { findOrgTransition, orgTransitionRefusal } from "./org-status";
import { assertCan, can } from "./policies";
import type { ReviewOrgInput } from "./schemas";

/** `version` is what the reviewer saw; callers without one (the admin CLI) act on the current state. */
export type ReviewOrgCommand = Omit<ReviewOrgInput, "version"> & { version?: number };

/**
 * A platform operator activates (审核通过 / 恢复) or suspends (驳回 / 停用) an
 * organization. The transition table in org-status.ts says what is possible; `version`
 * makes two operators acting on the same org at once a clean conflict, not a lost update.
 * The org's members are told through the outbox.
 */
export async function reviewOrg(actor: Actor | null, input: ReviewOrgCommand) {
  // Outside the platform the review desk does not exist: 404, not 403.
  if (!actor || !can(actor, "org.list")) throw notFound("机构");

  return db.$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, status: true, version: true } });
    if (!org) throw notFound("机构");
    if (input.version !== undefined && org.version !== input.version) throw conflict("该机构状态已被其他人更新，请刷新页面后重试");
    const transition = findOrgTransition(input.intent, org.status);
    if (!transition) throw new DomainError("INVALID_STATE", "机构当前状态下不能执行此操作");
    assertCan(actor, transition.action, { orgId: org.id });
    const refusal = orgTransitionRefusal(actor, transition, org.id);
    if (refusal) throw forbidden(refusal);
    const reason = input.reason?.trim() || null;
    if (transition.reasonRequired && !reason) throw validation({ reason: ["identity.v.reasonRequired"] });

    const updated = await tx.organization.updateMany({
      where: { id: org.id, version: org.version },
      data: { status: transition.to, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw conflict("该机构状态已被其他人更新，请刷新页面后重试");

    await recordAudit(tx, actor, {
      entityType: "Organization",
      entityId: org.id,
      action: transition.audit,
      fromState: transition.from,
      toState: transition.to,
      reason,
      orgId: org.id,
    });

    await notifyOrgMembers(tx, org.id, {
      sourceKey: `${transition.audit}:${org.id}:v${org.version + 1}`,
      kind: "org.status",
      ...notice(transition.audit, org.name, reason),
      link: "/home",
    });
    return { orgId: org.id, name: org.name, status: transition.to, version: org.version + 1 };
  });
}

function notice(audit: string, orgName: string, reason: string | null): { title: string; body: string } {
  const why = reason ? `原因：${reason}` : "";
  switch (audit) {
    case "org.activated":
      return { title: "您的机构已通过审核", body: `「${orgName}」已通过平台审核，现已开通全部功能。${why}` };
    case "org.reactivated":
      return { title: "您的机构已恢复使用", body: `「${orgName}」已由平台恢复启用。${why}` };
    case "org.rejected":
      return { title: "您的机构注册未通过审核", body: `「${orgName}」的注册申请未通过审核。${why}如有疑问请联系平台运营方。` };
    default:
      return { title: "您的机构已被停用", body: `「${orgName}」已被平台停用。${why}如有疑问请联系平台运营方。` };
  }
}
