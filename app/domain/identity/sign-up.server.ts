import { Prisma } from "~/generated/prisma/client";
import { db, type Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { getSignUpLimiter } from "~/utils/rate-limit.server";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { clock } from "../shared/clock";
import { DomainError, validation } from "../shared/errors";
import { notify, notifyOrgMembers } from "../notifications/notify.server";
import { county } from "./county";
import type { RequestMeta } from "./log-in.server";
import { hashPassword, newPasswordProblem } from "./passwords.server";
import type { SignUpInput } from "./schemas";

/** Used by the operator's CLI (admin-create-*), which may say what exists; sign-up never does. */
export const EMAIL_TAKEN = "该邮箱已注册，请直接登录";
export const USCC_TAKEN = "该统一社会信用代码已有机构注册，如需加入请联系该机构负责人邀请";

/**
 * What every accepted sign-up answers, whether or not the e-mail or the USCC is already
 * registered: the page must not tell a stranger who has an account (issue 13). The rest
 * is said by notification (in-app, and e-mail when SMTP is configured) to the people
 * concerned: the new account's owner, the owner of the e-mail already registered, or the
 * owners of the organization whose USCC was given.
 */
export type SignUpReceived = { email: string };

/**
 * Registers a person and their organization: user, org (PENDING until a platform
 * operator activates it), OWNER membership and the audit event in one transaction, plus
 * a notification to every platform operator and to the new owner, who then logs in.
 * Limited per client address (SIGNUP_MAX_PER_IP attempts per SIGNUP_WINDOW_SECONDS);
 * a common password or one containing the e-mail or the org's name is refused at its field.
 */
export async function signUp(input: SignUpInput, meta: RequestMeta): Promise<SignUpReceived> {
  const limiter = getSignUpLimiter();
  const subjects = meta.ipAddress ? [`ip:${meta.ipAddress}`] : [];
  const retryAfter = await limiter.retryAfter(subjects);
  if (retryAfter !== null) throw new DomainError("RATE_LIMITED", "注册尝试过于频繁，请稍后再试", undefined, retryAfter);
  await limiter.recordFailure(subjects);

  const problem = newPasswordProblem(input.password, { email: input.email, orgName: input.orgName });
  if (problem) throw validation({ password: [problem] });

  // Hashed whichever way it goes, so the time taken does not tell either.
  const passwordHash = await hashPassword(input.password);
  await db
    .$transaction(async (tx) => {
      const [user, org] = await Promise.all([
        tx.user.findUnique({ where: { email: input.email }, select: { id: true } }),
        tx.organization.findUnique({ where: { uscc: input.uscc }, select: { id: true } }),
      ]);
      if (user) return notifyEmailTaken(tx, user.id);
      if (org) return notifyUsccTaken(tx, org.id, input);
      await register(tx, input, passwordHash);
    })
    .catch((e: unknown) => {
      // Two sign-ups racing for the same e-mail or USCC: the unique index decided; the loser
      // gets the same answer (the winner's owner was told by the winning sign-up).
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
        logger.info({ target: e.meta?.target }, "sign-up lost a race on a unique key");
        return;
      }
      throw e;
    });
  return { email: input.email };
}

async function register(tx: Tx, input: SignUpInput, passwordHash: string) {
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
  await notify(tx, {
    sourceKey: `org-registered-owner:${org.id}`,
    userIds: [user.id],
    orgId: org.id,
    kind: "signup.received",
    title: "机构注册已提交",
    body: `您已注册「${org.name}」，平台运营方审核通过后即可使用全部服务。请用注册时设置的邮箱和密码登录。`,
    link: "/home",
  });
}

/** Repeated attempts on one account within an hour make one notification, not one each. */
const hourOf = () => clock.now().toISOString().slice(0, 13);

async function notifyEmailTaken(tx: Tx, userId: string) {
  await notify(tx, {
    sourceKey: `signup-email-taken:${userId}:${hourOf()}`,
    userIds: [userId],
    orgId: null,
    kind: "signup.emailTaken",
    title: "有人用您的邮箱提交了注册",
    body: "有人使用您的邮箱提交了机构注册。您已有知产桥账号，无需重复注册，请直接登录。如果这不是您本人的操作，可忽略本通知；如担心账号安全，请登录后在“账户与安全”页面退出所有设备。",
    link: "/login",
  });
}

async function notifyUsccTaken(tx: Tx, orgId: string, input: SignUpInput) {
  await notifyOrgMembers(tx, orgId, {
    sourceKey: `signup-uscc-taken:${orgId}:${input.email}:${hourOf()}`,
    kind: "signup.usccTaken",
    title: "有人以本机构的统一社会信用代码提交了注册",
    // Plain text (not a key): it names who tried, so an owner can invite a colleague.
    body: `${input.name}（${input.email}）尝试以本机构的统一社会信用代码注册新机构。如为本机构同事，请在“成员”页面邀请其加入；如不认识此人，可忽略本通知。`,
    link: "/org/members",
  }, { ownersOnly: true });
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
