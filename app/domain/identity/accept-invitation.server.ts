import { db, type Tx } from "~/utils/db.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { DomainError, notFound, validation } from "../shared/errors";
import { notify } from "../notifications/notify.server";
import { hashInvitationToken, isWellFormedInvitationToken } from "./invitation-token.server";
import type { RequestMeta } from "./log-in.server";
import { hashPassword, newPasswordProblem } from "./passwords.server";
import type { AcceptInvitationInput } from "./schemas";
import { createSession, deleteSession } from "./sessions.server";
import { clock, nowMs } from "../shared/clock";

export const INVITATION_GONE = "邀请链接无效或已过期，请联系机构负责人重新邀请";

/**
 * Accepts an invitation: either the signed-in person whose e-mail it was sent to joins,
 * or someone new creates an account with that e-mail (the link proves they received it).
 * Membership, acceptance and audit commit together; afterwards the person is signed in
 * acting for the organization they just joined (an old session is replaced).
 */
export async function acceptInvitation(
  token: string,
  input: AcceptInvitationInput,
  context: { actor: Actor | null; sessionId: string | null },
  meta: RequestMeta,
) {
  if (!isWellFormedInvitationToken(token)) throw notFound("邀请");
  const passwordHash = input.intent === "register" ? await hashPassword(input.password) : null;

  const joined = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, invitedById: true, org: { select: { id: true, name: true, kind: true, status: true } } },
    });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= nowMs()) {
      throw new DomainError("NOT_FOUND", INVITATION_GONE);
    }
    if (input.intent === "register") {
      // The same password rules as sign-up (common passwords, the e-mail, the org's name).
      const problem = newPasswordProblem(input.password, { email: invitation.email, orgName: invitation.org.name });
      if (problem) throw validation({ password: [problem] });
    }
    const userId = await resolveUser(tx, invitation.email, input, context.actor, passwordHash);

    // Claim the invitation first: of two tabs accepting at once, one wins.
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: clock.now() } });
    if (claimed.count !== 1) throw new DomainError("NOT_FOUND", INVITATION_GONE);

    const org = invitation.org;
    const membership = await tx.membership.upsert({
      where: { userId_orgId: { userId, orgId: org.id } },
      create: { userId, orgId: org.id, role: invitation.role },
      update: {},
      select: { id: true, role: true },
    });
    const actor: Actor = { userId, apiKeyId: null, orgId: org.id, orgKind: org.kind, orgStatus: org.status, role: membership.role };
    await recordAudit(tx, actor, {
      entityType: "Membership",
      entityId: membership.id,
      action: "membership.joined",
      toState: membership.role,
      data: { invitationId: invitation.id, newAccount: input.intent === "register" },
    });
    await notify(tx, {
      sourceKey: `invitation-accepted:${invitation.id}`,
      userIds: [invitation.invitedById],
      orgId: org.id,
      kind: "invitation.accepted",
      title: "新成员已加入",
      body: `您邀请的成员已接受邀请，加入「${org.name}」。`,
      link: "/org/members",
    });
    return { userId, orgId: org.id };
  });

  if (context.sessionId) await deleteSession(context.sessionId);
  const session = await createSession({ userId: joined.userId, orgId: joined.orgId, ...meta });
  return { ...joined, sessionId: session.id };
}

async function resolveUser(tx: Tx, email: string, input: AcceptInvitationInput, actor: Actor | null, passwordHash: string | null) {
  if (input.intent === "join") {
    if (!actor?.userId) throw new DomainError("UNAUTHENTICATED", "请先登录后再接受邀请");
    const me = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, email: true } });
    if (me.email !== email) throw new DomainError("FORBIDDEN", "此邀请发给了其他邮箱，请使用受邀邮箱登录后再接受");
    return me.id;
  }
  const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) throw new DomainError("CONFLICT", "该邮箱已有账号，请登录后再接受邀请");
  const user = await tx.user.create({ data: { email, name: input.name, passwordHash: passwordHash! }, select: { id: true } });
  return user.id;
}
