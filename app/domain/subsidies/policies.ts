import type { Prisma } from "~/generated/prisma/client";
import { allows, defineAccess, NOTHING } from "../shared/access";
import type { Actor } from "../shared/actor";

/**
 * Subsidies, their yearly budget and the treasury's payment batch (SPEC §2: "subsidies,
 * fund and budget ledgers: GOVERNMENT; each SME its own"; ADR 0011). Pure.
 */
export const SUBSIDY_RELATIONS = ["GOVERNMENT", "OWN_SME", "OTHER"] as const;
export type SubsidyRelation = (typeof SUBSIDY_RELATIONS)[number];
export const SUBSIDY_OPERATIONS = ["read", "list", "read-budget", "set-budget", "mark-paid", "export-batch"] as const;
export type SubsidyOperation = (typeof SUBSIDY_OPERATIONS)[number];

export const subsidyAccess = defineAccess({
  context: "subsidies",
  subject: "Subsidy awards, the yearly subsidy budget and the payment batch",
  relations: SUBSIDY_RELATIONS,
  states: ["ANY"] as const,
  operations: SUBSIDY_OPERATIONS,
  relationNotes: {
    GOVERNMENT: "an active GOVERNMENT org",
    OWN_SME: "the active SME the award is for (for lists: the caller's own awards)",
    OTHER: "anyone else: banks, insurers, PLATFORM, another SME, an org not active",
  },
  stateNotes: { ANY: "UNPAID or PAID alike" },
  rules: {
    GOVERNMENT: { ANY: ["read", "list", "read-budget", "set-budget", "mark-paid", "export-batch"] },
    OWN_SME: { ANY: ["read", "list"] },
    OTHER: {},
  },
  notes: ["The budget and the batch are county-wide: only GOVERNMENT's relation reaches them."],
});

/** `award` is the award (or application) asked about; without it, the caller's own standing (what it may list). */
export function subsidyRelationOf(actor: Actor | null, award?: { smeId: string }): SubsidyRelation {
  if (!actor || actor.orgStatus !== "ACTIVE") return "OTHER";
  if (actor.orgKind === "GOVERNMENT") return "GOVERNMENT";
  if (actor.orgKind === "SME" && (!award || award.smeId === actor.orgId)) return "OWN_SME";
  return "OTHER";
}

export function canOnSubsidies(actor: Actor | null, award: { smeId: string } | undefined, operation: SubsidyOperation): boolean {
  return allows(subsidyAccess, subsidyRelationOf(actor, award), "ANY", operation);
}

/** The awards the caller may list, as a Prisma `where`; `orgId` narrows GOVERNMENT's view to one SME (an SME always gets its own). */
export function subsidiesVisibleTo(actor: Actor | null, orgId?: string): Prisma.SubsidyAwardWhereInput {
  const relation = subsidyRelationOf(actor);
  if (!actor || !allows(subsidyAccess, relation, "ANY", "list")) return NOTHING;
  if (relation === "GOVERNMENT") return orgId ? { smeId: orgId } : {};
  return { smeId: actor.orgId };
}
