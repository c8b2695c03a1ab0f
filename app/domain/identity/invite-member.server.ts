import { db } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { validation } from "../shared/errors";
import { notify } from "../notifications/notify.server";
import { INVITATION_TTL_MS, invitationPath, newInvitationToken } from "./invitation-token.server";
import { assertCan } from "./policies";
import type { InviteMemberInput } from "./schemas";
import { nowMs } from "../shared/clock";

export const ALREADY_MEMBER = "该用户已是本机构成员";

/**
 * An OWNER invites someone by e-mail. The link (carrying a one-time token) is returned
 * once for the owner to pass on; a newer invitation to the same address replaces older
 * unused ones. Someone who already has an account also gets an in-app notification
 * (and an e-mail when SMTP is configured) through the outbox.
 */
export async function inviteMember(actor: Actor | null, input: InviteMemberInput) {
  assertCan(actor, "member.invite", { orgId: actor?.orgId ?? "" });
  const inviterId = actor.userId!; // member.invite is for people only
  const { token, tokenHash } = newInvitationToken();
  const expiresAt = new Date(nowMs() + INVITATION_TTL_MS);

  return db.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: actor.orgId }, select: { id: true, name: true } });
    const invitee = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true, memberships: { where: { orgId: org.id }, select: { id: true } } },
    });
    if (invitee?.memberships.length) throw validation({ email: [ALREADY_MEMBER] });

    await tx.invitation.deleteMany({ where: { orgId: org.id, email: input.email, acceptedAt: null } });
    const invitation = await tx.invitation.create({
      data: { orgId: org.id, email: input.email, role: input.role, tokenHash, invitedById: inviterId, expiresAt },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      entityType: "Invitation",
      entityId: invitation.id,
      action: "invitation.created",
      data: { role: input.role, inviteeUserId: invitee?.id ?? null },
    });
    if (invitee) {
      await notify(tx, {
        sourceKey: `invitation:${invitation.id}`,
        userIds: [invitee.id],
        orgId: org.id,
        kind: "invitation",
        title: `「${org.name}」邀请您加入`,
        body: `您被邀请以${input.role === "OWNER" ? "负责人" : "成员"}身份加入「${org.name}」，邀请 7 天内有效。`,
        // The link is the invitation itself; the notification is private to the invitee.
        link: invitationPath(token),
      });
    }
    return { invitationId: invitation.id, token, path: invitationPath(token), expiresAt, inviteeHasAccount: !!invitee };
  });
}
