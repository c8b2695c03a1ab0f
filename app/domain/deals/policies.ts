import type { Prisma } from "~/generated/prisma/client";
import type { DealConsent, DealStatus, OrgKind } from "~/generated/prisma/enums";
import { allows, defineAccess, grantsWhere } from "../shared/access";
import { isSystemActor, readOnlyKindOf, sharedRelationWhere, type Actor } from "../shared/actor";
import type { DealParty } from "./deal-machine";

/**
 * Who sees and acts on a deal (SPEC §2, issue 14 §12, ADR 0011): its SME and the patent's
 * holder; the pledgee bank while its consent is asked; PLATFORM reads. GOVERNMENT sees
 * only a summary of CONVERTED deals (parties, patent, mode, dates) through the indicator
 * query, never the deal itself. Everyone else: 404. The deal machine (deal-machine.ts)
 * decides which move a party may make. Pure.
 */
export const DEAL_RELATIONS = ["SME", "HOLDER", "PLEDGEE_BANK", "GOVERNMENT", "PLATFORM", "SYSTEM", "NONE"] as const;
export type DealRelation = (typeof DEAL_RELATIONS)[number];

export const DEAL_STATES = ["CONSENT_ASKED", "CONVERTED", "OTHER"] as const;
export type DealState = (typeof DEAL_STATES)[number];

export const DEAL_OPERATIONS = ["read", "list", "act", "message", "read-summary"] as const;
export type DealOperation = (typeof DEAL_OPERATIONS)[number];

const PARTY: readonly DealOperation[] = ["read", "list", "act", "message"];
const OPERATOR: readonly DealOperation[] = ["read", "list", "read-summary"];

export const dealAccess = defineAccess({
  context: "deals",
  subject: "Deals: licences and assignments of a patent (交易)",
  relations: DEAL_RELATIONS,
  states: DEAL_STATES,
  operations: DEAL_OPERATIONS,
  relationNotes: {
    SME: "the SME that started the deal (licensee or assignee)",
    HOLDER: "the patent's holder when the deal began (licensor or assignor)",
    PLEDGEE_BANK: "the bank holding a registered pledge on the patent, asked for its consent (Civil Code art. 444)",
    GOVERNMENT: "an active GOVERNMENT org",
    PLATFORM: "an active PLATFORM org (operator, read-only)",
    SYSTEM: "the platform's own moves (the upfront fee paid) and the command line",
    NONE: "anyone else, including other SMEs and holders",
  },
  stateNotes: {
    CONSENT_ASKED: "agreed, waiting for the pledgee bank's consent",
    CONVERTED: "the SME reported the patent in production",
    OTHER: "any other status",
  },
  rules: {
    SME: { CONSENT_ASKED: PARTY, CONVERTED: PARTY, OTHER: PARTY },
    HOLDER: { CONSENT_ASKED: PARTY, CONVERTED: PARTY, OTHER: PARTY },
    PLEDGEE_BANK: { CONSENT_ASKED: ["read", "list", "act"] },
    GOVERNMENT: { CONVERTED: ["read-summary"] },
    PLATFORM: { CONSENT_ASKED: OPERATOR, CONVERTED: OPERATOR, OTHER: OPERATOR },
    SYSTEM: { CONSENT_ASKED: PARTY, CONVERTED: PARTY, OTHER: PARTY },
    NONE: {},
  },
  notes: [
    "`act` makes the caller a party to the deal machine; which move in which status is deal-machine.ts.",
    "`read-summary`: parties, patent, mode and dates of a converted deal (no terms, messages or files), for the county's indicator drill-down (SPEC §2).",
    "The pledgee bank reads the deal (terms included) while its consent is asked, and acts only by `consent` / `refuse-consent`; once it answered the deal is the parties' again.",
    "An org that is not ACTIVE reads its deals but takes no step.",
  ],
});

export type DealAccessFacts = { smeId: string; holderId: string; status: DealStatus; consent: DealConsent; pledgeeBankId: string | null };

export function dealStateOf(deal: Pick<DealAccessFacts, "status" | "consent">): DealState {
  if (deal.status === "AGREED" && deal.consent === "PENDING") return "CONSENT_ASKED";
  return deal.status === "CONVERTED" ? "CONVERTED" : "OTHER";
}

export function dealRelationOf(actor: Actor, deal: DealAccessFacts): DealRelation {
  if (isSystemActor(actor)) return "SYSTEM";
  if (actor.orgId === deal.smeId) return "SME";
  if (actor.orgId === deal.holderId) return "HOLDER";
  if (deal.pledgeeBankId !== null && actor.orgId === deal.pledgeeBankId) return "PLEDGEE_BANK";
  return readOnlyKindOf(actor) ?? "NONE";
}

export function canOnDeal(actor: Actor, deal: DealAccessFacts, operation: DealOperation): boolean {
  return allows(dealAccess, dealRelationOf(actor, deal), dealStateOf(deal), operation);
}

/** The caller's part in the deal machine, or null when it only reads (or sees nothing). */
export function dealPartyOf(actor: Actor, deal: DealAccessFacts): DealParty | null {
  if (!canOnDeal(actor, deal, "act")) return null;
  const relation = dealRelationOf(actor, deal);
  if (relation === "PLEDGEE_BANK") return "BANK";
  return relation === "SME" || relation === "HOLDER" || relation === "SYSTEM" ? relation : null;
}

const STATE_WHERE: Record<DealState, Prisma.DealWhereInput> = {
  CONSENT_ASKED: { status: "AGREED", consent: "PENDING" },
  CONVERTED: { status: "CONVERTED" },
  OTHER: { NOT: [{ status: "AGREED", consent: "PENDING" }, { status: "CONVERTED" }] },
};

function relationWhere(actor: Actor, relation: DealRelation): Prisma.DealWhereInput | null {
  switch (relation) {
    case "SME":
      return { smeId: actor.orgId };
    case "HOLDER":
      return { holderId: actor.orgId };
    case "PLEDGEE_BANK":
      return { pledgeeBankId: actor.orgId };
    default:
      return sharedRelationWhere(actor, relation);
  }
}

/** The deals the caller may `operation` (default: list), as a Prisma `where` built from the same table. */
export function dealsVisibleTo(actor: Actor, operation: DealOperation = "list"): Prisma.DealWhereInput {
  return grantsWhere(dealAccess, operation, (relation, state) => {
    const where = relationWhere(actor, relation);
    return where && { AND: [where, STATE_WHERE[state]] };
  });
}

/**
 * Who has a 我的交易 list (the navigation asks here): SMEs start deals, holders answer
 * them, banks consent to deals on pledged patents, the platform reads them all.
 */
export const DEAL_LIST_KINDS: readonly OrgKind[] = ["SME", "UNIVERSITY", "RESEARCH_INSTITUTE", "SOE", "BANK", "PLATFORM"];

export function hasDealList(actor: Actor): boolean {
  return DEAL_LIST_KINDS.includes(actor.orgKind);
}
