import type { Prisma } from "~/generated/prisma/client";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import { readOnlyKindOf, type Actor } from "../shared/actor";
import type { GiParty } from "./machine";

/**
 * Who sees and acts on a GI special-mark application and its evidence (issue 16 §2, ADR
 * 0011): the applicant org, the county government (GOVERNMENT, which decides), the platform
 * (reads). Everyone else — other SMEs, banks, holders — gets 404, never 403: they learn
 * nothing, not even that the application exists. Which move each party may make in which
 * status is machine.ts. Pure.
 */
export const GI_RELATIONS = ["APPLICANT", "GOVERNMENT", "PLATFORM", "NONE"] as const;
export type GiRelation = (typeof GI_RELATIONS)[number];

export const GI_ACCESS_STATES = ["ANY"] as const;
export type GiAccessState = (typeof GI_ACCESS_STATES)[number];

export const GI_OPERATIONS = ["read", "list", "read-evidence", "act"] as const;
export type GiOperation = (typeof GI_OPERATIONS)[number];

export const giAccess = defineAccess({
  context: "gi",
  subject: "GI special-mark applications and authorized users (地理标志专用标志使用申请), with their evidence files",
  relations: GI_RELATIONS,
  states: GI_ACCESS_STATES,
  operations: GI_OPERATIONS,
  relationNotes: {
    APPLICANT: "the org that applied (a register-imported user's org once it has an account)",
    GOVERNMENT: "an active GOVERNMENT org (the county's market regulator: reviews, approves, revokes)",
    PLATFORM: "an active PLATFORM org (operator, read-only)",
    NONE: "anyone else, including other SMEs and banks: 404",
  },
  stateNotes: { ANY: "every status" },
  rules: {
    APPLICANT: { ANY: ["read", "list", "read-evidence", "act"] },
    GOVERNMENT: { ANY: ["read", "list", "read-evidence", "act"] },
    PLATFORM: { ANY: ["read", "list", "read-evidence"] },
    NONE: {},
  },
  notes: [
    "`act` makes the caller a party to the GI machine (machine.ts): the applicant resubmits and adds evidence, GOVERNMENT decides.",
    "Public verification (/gi/verify) shows authorized users without evidence or contact data; it is not this table.",
    "An org that is not ACTIVE reads its applications but takes no step.",
  ],
});

export type GiAccessFacts = { orgId: string | null };

export function giRelationOf(actor: Actor, application: GiAccessFacts): GiRelation {
  if (application.orgId !== null && actor.orgId === application.orgId) return "APPLICANT";
  return readOnlyKindOf(actor) ?? "NONE";
}

export function canOnGiApplication(actor: Actor, application: GiAccessFacts, operation: GiOperation): boolean {
  return allows(giAccess, giRelationOf(actor, application), "ANY", operation);
}

/** The caller's part in the GI machine, or null when it only reads (or sees nothing). */
export function giPartyOf(actor: Actor, application: GiAccessFacts): GiParty | null {
  if (!canOnGiApplication(actor, application, "act")) return null;
  const relation = giRelationOf(actor, application);
  return relation === "APPLICANT" || relation === "GOVERNMENT" ? relation : null;
}

/** The applications the caller may `operation` (default: list), as a Prisma `where` built from the same table. */
export function giApplicationsVisibleTo(actor: Actor, operation: GiOperation = "list"): Prisma.GiApplicationWhereInput {
  return grantsWhere(giAccess, operation, (relation) => {
    if (relation === "APPLICANT") return { orgId: actor.orgId };
    if (relation === "NONE") return null;
    // Every record; not `{}`, which Prisma reads as matching nothing inside an OR.
    return readOnlyKindOf(actor) === relation ? { id: { not: "" } } : null;
  });
}
