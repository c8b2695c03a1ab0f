import type { MembershipRole, OrgKind, OrgStatus } from "~/generated/prisma/enums";

/** Who is acting: a signed-in user (through one of their orgs) or an org's API key. */
export type Actor = {
  userId: string | null;
  apiKeyId: string | null;
  orgId: string;
  orgKind: OrgKind;
  orgStatus: OrgStatus;
  /** API keys act with MEMBER rights. */
  role: MembershipRole;
};

/** Audit trails name the command-line operator "system" (AuditEvent has no foreign keys). */
export const SYSTEM_ACTOR_ID = "system";

/**
 * The operator at the command line (admin CLI, scripts): platform rights, audited as actor
 * "system". Use cases must not write `actor.userId` into foreign-key columns for it
 * (see `isSystemActor`) and should name the org of an audit event explicitly.
 */
export function systemActor(): Actor {
  return {
    userId: SYSTEM_ACTOR_ID,
    apiKeyId: null,
    orgId: SYSTEM_ACTOR_ID,
    orgKind: "PLATFORM",
    orgStatus: "ACTIVE",
    role: "OWNER",
  };
}

export function isSystemActor(actor: Actor): boolean {
  return actor.userId === SYSTEM_ACTOR_ID;
}

/** The user id to store in a foreign-key column, or null for the system actor and API keys. */
export function actorUserIdForFk(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.userId;
}

/** GOVERNMENT and PLATFORM read across orgs where a context's table says so (ADR 0011): the kind, for an active org of those kinds. */
export function readOnlyKindOf(actor: Actor): "GOVERNMENT" | "PLATFORM" | null {
  if (actor.orgStatus !== "ACTIVE") return null;
  return actor.orgKind === "GOVERNMENT" || actor.orgKind === "PLATFORM" ? actor.orgKind : null;
}

/**
 * The list `where` of the relations every access table shares (ADR 0011): an active
 * GOVERNMENT or PLATFORM org, and the system, match every record their grants allow;
 * anyone else none.
 */
export function sharedRelationWhere(actor: Actor, relation: "GOVERNMENT" | "PLATFORM" | "SYSTEM" | "NONE"): Record<string, never> | null {
  if (relation === "SYSTEM") return isSystemActor(actor) ? {} : null;
  if (relation === "NONE") return null;
  return readOnlyKindOf(actor) === relation ? {} : null;
}
