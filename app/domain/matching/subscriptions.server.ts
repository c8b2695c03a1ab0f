import { db, type Tx } from "~/utils/db.server";
import { assertCan } from "../identity/policies";
import { canOnSubscription, subscriptionsVisibleTo } from "./policies";
import type { Actor } from "../shared/actor";
import { recordAudit } from "../shared/audit.server";
import { forbidden, notFound } from "../shared/errors";
import type { SubscriptionInput } from "../patents/schemas";
import { clock } from "../shared/clock";

/**
 * 专利信息定点推送: an SME subscribes to a saved search or to one of its needs. Patents
 * listed afterwards that match are pushed to the subscriber (compute-matches.server.ts).
 */
export async function createSubscription(actor: Actor, input: SubscriptionInput) {
  assertCan(actor, "subscription.manage", { orgId: actor.orgId });
  return db.$transaction(async (tx) => {
    const userId = actor.userId ?? (await orgOwner(tx, actor.orgId));
    let data;
    if (input.kind === "NEED") {
      const need = await tx.need.findUnique({ where: { id: input.needId }, select: { id: true, orgId: true, title: true } });
      if (!need || need.orgId !== actor.orgId) throw notFound("需求");
      const existing = await tx.subscription.findFirst({ where: { needId: need.id, userId, active: true }, select: { id: true, kind: true, name: true } });
      if (existing) return existing;
      data = { kind: "NEED" as const, name: (input.name || need.title).slice(0, 50), needId: need.id };
    } else {
      data = { kind: "SEARCH" as const, name: input.name, query: input.query.params };
    }
    const sub = await tx.subscription.create({ data: { ...data, orgId: actor.orgId, userId, createdAt: clock.now() }, select: { id: true, kind: true, name: true } });
    await recordAudit(tx, actor, { entityType: "Subscription", entityId: sub.id, action: "subscription.create", toState: "ACTIVE" });
    return sub;
  });
}

/** Whom an API key's subscription notifies: the org's first owner (keys are not people). */
async function orgOwner(tx: Tx, orgId: string): Promise<string> {
  const owner = await tx.membership.findFirst({ where: { orgId, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { userId: true } });
  if (!owner) throw forbidden("本机构没有负责人账号，无法接收推送");
  return owner.userId;
}

/** The caller's own subscriptions, newest first. */
export async function listSubscriptions(actor: Actor) {
  assertCan(actor, "subscription.manage", { orgId: actor.orgId });
  const rows = await db.subscription.findMany({
    where: subscriptionsVisibleTo(actor),
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, name: true, query: true, needId: true, createdAt: true, _count: { select: { hits: true } } },
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, query: typeof r.query === "string" ? r.query : null, needId: r.needId, createdAt: r.createdAt.toISOString(), pushed: r._count.hits }));
}

export async function cancelSubscription(actor: Actor, subscriptionId: string) {
  assertCan(actor, "subscription.manage", { orgId: actor.orgId });
  await db.$transaction(async (tx) => {
    const sub = await tx.subscription.findUnique({ where: { id: subscriptionId }, select: { orgId: true, userId: true, active: true } });
    if (!sub || !canOnSubscription(actor, sub, "cancel")) throw notFound("订阅");
    if (!sub.active) return;
    await tx.subscription.update({ where: { id: subscriptionId }, data: { active: false } });
    await recordAudit(tx, actor, { entityType: "Subscription", entityId: subscriptionId, action: "subscription.cancel", fromState: "ACTIVE", toState: "CANCELLED" });
  });
}
