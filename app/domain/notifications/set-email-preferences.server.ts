import { db } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { forbidden, validation } from "../shared/errors";
import { EMAIL_OPTIONAL_KINDS, isEmailOptionalKind, type EmailOptionalKind } from "./kinds";

/**
 * Sets which kinds of notification the signed-in person does not want by e-mail
 * (kinds.ts); the in-app notification always arrives. A person's own setting: an API key
 * has no person to set it for. Audited with the kinds before and after.
 */
export async function setEmailPreferences(actor: Actor, input: { optOutKinds: readonly string[] }): Promise<{ optOutKinds: EmailOptionalKind[] }> {
  assertCan(actor, "notification.read");
  if (!actor.userId || actor.apiKeyId) throw forbidden("只有本人可以设置邮件提醒");
  const unknown = input.optOutKinds.filter((k) => !isEmailOptionalKind(k));
  if (unknown.length) throw validation({ optOutKinds: [`不能关闭的提醒类型：${unknown.join("、")}`] });
  // Stored in the catalogue's order, each once.
  const optOutKinds = EMAIL_OPTIONAL_KINDS.filter((k) => input.optOutKinds.includes(k));
  const userId = actor.userId;
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailOptOutKinds: true } });
    await tx.user.update({ where: { id: userId }, data: { emailOptOutKinds: optOutKinds } });
    await recordAudit(tx, actor, { entityType: "User", entityId: userId, action: "notifications.email-preferences", data: { before: before.emailOptOutKinds, after: optOutKinds } });
  });
  return { optOutKinds };
}

/** The person's e-mail settings: every kind that can be turned off, and whether it is. */
export async function getEmailPreferences(actor: Actor): Promise<{ kind: EmailOptionalKind; email: boolean }[]> {
  assertCan(actor, "notification.read");
  if (!actor.userId) throw forbidden("只有本人可以设置邮件提醒");
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { emailOptOutKinds: true } });
  return EMAIL_OPTIONAL_KINDS.map((kind) => ({ kind, email: !user.emailOptOutKinds.includes(kind) }));
}
