import type { Prisma } from "~/generated/prisma/client";
import { can } from "../identity/policies";
import { allows, defineAccess, grantsWhere, NOTHING } from "../shared/access";
import type { Actor } from "../shared/actor";

/**
 * Technology needs and their matches, saved searches and subscriptions (SPEC §4; ADR
 * 0011): an SME's own business, seen by nobody else. Pure.
 */
export const NEED_RELATIONS = ["OWN_SME", "OTHER"] as const;
export type NeedRelation = (typeof NEED_RELATIONS)[number];
export const NEED_OPERATIONS = ["read", "list", "edit", "read-matches"] as const;
export type NeedOperation = (typeof NEED_OPERATIONS)[number];

export const needAccess = defineAccess({
  context: "matching",
  subject: "Technology needs and their ranked matches",
  relations: NEED_RELATIONS,
  states: ["ANY"] as const,
  operations: NEED_OPERATIONS,
  relationNotes: { OWN_SME: "a member or API key of the active SME that posted it", OTHER: "anyone else, including GOVERNMENT and PLATFORM" },
  stateNotes: { ANY: "open or closed alike" },
  rules: { OWN_SME: { ANY: ["read", "list", "edit", "read-matches"] }, OTHER: {} },
  notes: ["Matches name LISTED patents only; a patent unlisted later drops out of them."],
});

export function needRelationOf(actor: Actor | null, need: { orgId: string }): NeedRelation {
  return can(actor, "need.manage", { orgId: need.orgId }) ? "OWN_SME" : "OTHER";
}

export function canOnNeed(actor: Actor | null, need: { orgId: string }, operation: NeedOperation): boolean {
  return allows(needAccess, needRelationOf(actor, need), "ANY", operation);
}

export function needsVisibleTo(actor: Actor | null): Prisma.NeedWhereInput {
  return actor && canOnNeed(actor, { orgId: actor.orgId }, "list") ? { orgId: actor.orgId } : NOTHING;
}

export const SUBSCRIPTION_RELATIONS = ["SUBSCRIBER", "ORG_API_KEY", "OTHER"] as const;
export type SubscriptionRelation = (typeof SUBSCRIPTION_RELATIONS)[number];
export const SUBSCRIPTION_OPERATIONS = ["list", "cancel"] as const;
export type SubscriptionOperation = (typeof SUBSCRIPTION_OPERATIONS)[number];

export const subscriptionAccess = defineAccess({
  context: "matching (subscriptions)",
  subject: "Saved searches and need subscriptions (专利信息定点推送)",
  relations: SUBSCRIPTION_RELATIONS,
  states: ["ACTIVE", "CANCELLED"] as const,
  operations: SUBSCRIPTION_OPERATIONS,
  relationNotes: {
    SUBSCRIBER: "the person who subscribed, in an active SME",
    ORG_API_KEY: "an API key of that SME (lists the org's subscriptions)",
    OTHER: "anyone else, including other members of the same SME",
  },
  stateNotes: { ACTIVE: "pushing new matches", CANCELLED: "cancelled (kept for its history)" },
  rules: { SUBSCRIBER: { ACTIVE: ["list", "cancel"], CANCELLED: ["cancel"] }, ORG_API_KEY: { ACTIVE: ["list"] }, OTHER: {} },
  notes: ["Cancelling a cancelled subscription changes nothing (idempotent)."],
});

export function subscriptionRelationOf(actor: Actor | null, sub: { orgId: string; userId: string | null }): SubscriptionRelation {
  if (!actor || !can(actor, "subscription.manage", { orgId: sub.orgId })) return "OTHER";
  if (!actor.userId) return "ORG_API_KEY";
  return sub.userId === actor.userId ? "SUBSCRIBER" : "OTHER";
}

export function canOnSubscription(actor: Actor | null, sub: { orgId: string; userId: string | null; active: boolean }, operation: SubscriptionOperation): boolean {
  return allows(subscriptionAccess, subscriptionRelationOf(actor, sub), sub.active ? "ACTIVE" : "CANCELLED", operation);
}

export function subscriptionsVisibleTo(actor: Actor | null): Prisma.SubscriptionWhereInput {
  if (!actor || !can(actor, "subscription.manage", { orgId: actor.orgId })) return NOTHING;
  const mine: SubscriptionRelation = actor.userId ? "SUBSCRIBER" : "ORG_API_KEY";
  const owner = { orgId: actor.orgId, ...(actor.userId ? { userId: actor.userId } : {}) };
  return grantsWhere(subscriptionAccess, "list", (relation, state) => (relation === mine ? { ...owner, active: state === "ACTIVE" } : null));
}
