import type { Prisma } from "~/generated/prisma/client";
import type { PatentStatus } from "~/generated/prisma/enums";
import { can, HOLDER_KINDS } from "../identity/policies";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import type { Actor } from "../shared/actor";

/**
 * Who sees and edits a patent (SPEC §2: "patents with status LISTED: everyone, including
 * anonymous visitors; drafts: holder only"; ADR 0011). Pure.
 */
export const PATENT_RELATIONS = ["HOLDER", "SIGNED_IN", "ANONYMOUS"] as const;
export type PatentRelation = (typeof PATENT_RELATIONS)[number];
export const PATENT_STATES = ["DRAFT", "LISTED", "UNLISTED"] as const satisfies readonly PatentStatus[];
export const PATENT_OPERATIONS = ["read", "list", "edit"] as const;
export type PatentOperation = (typeof PATENT_OPERATIONS)[number];

export const patentAccess = defineAccess({
  context: "patents",
  subject: "Patents in the catalog",
  relations: PATENT_RELATIONS,
  states: PATENT_STATES,
  operations: PATENT_OPERATIONS,
  relationNotes: {
    HOLDER: "a member or API key of the holder org (a university, research institute or SOE)",
    SIGNED_IN: "any other signed-in person or API key",
    ANONYMOUS: "a visitor without a session or key",
  },
  stateNotes: { DRAFT: "not yet listed", LISTED: "in the public catalog", UNLISTED: "taken off the catalog" },
  rules: {
    HOLDER: { DRAFT: ["read", "list", "edit"], LISTED: ["read", "list", "edit"], UNLISTED: ["read", "list", "edit"] },
    SIGNED_IN: { LISTED: ["read", "list"] },
    ANONYMOUS: { LISTED: ["read", "list"] },
  },
  notes: ["`edit` also needs an active holder org (identity's `patent.manage`); a holder org under review still reads its own drafts."],
});

export function patentRelationOf(actor: Actor | null, patent: { holderId: string }): PatentRelation {
  if (!actor) return "ANONYMOUS";
  return actor.orgId === patent.holderId && (HOLDER_KINDS as readonly string[]).includes(actor.orgKind) ? "HOLDER" : "SIGNED_IN";
}

export function canOnPatent(actor: Actor | null, patent: { holderId: string; status: PatentStatus }, operation: PatentOperation): boolean {
  if (!allows(patentAccess, patentRelationOf(actor, patent), patent.status, operation)) return false;
  return operation !== "edit" || can(actor, "patent.manage", { orgId: patent.holderId });
}

/** The patents the caller may list, as a Prisma `where` from the same table. */
export function patentsVisibleTo(actor: Actor | null): Prisma.PatentWhereInput {
  const holder = !!actor && (HOLDER_KINDS as readonly string[]).includes(actor.orgKind);
  return grantsWhere(patentAccess, "list", (relation, state): Prisma.PatentWhereInput | null => {
    if (relation === "HOLDER") return holder && actor ? { holderId: actor.orgId, status: state } : null;
    if (relation === "SIGNED_IN") return actor ? { status: state } : null;
    return actor ? null : { status: state };
  });
}
