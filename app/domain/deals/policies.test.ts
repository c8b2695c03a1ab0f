import { describe, expect, it } from "vitest";
import { OrgKind, type DealConsent, type DealStatus } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import { systemActor, type Actor } from "../shared/actor";
import { canOnDeal, DEAL_OPERATIONS, dealPartyOf, dealsVisibleTo, type DealAccessFacts } from "./policies";

/*
 * The expected matrix, by hand from SPEC §2 ("a deal: its SME, its holder; the pledgee bank
 * while its consent is asked; PLATFORM. GOVERNMENT sees only a summary of CONVERTED deals")
 * and issue 14 §12 (everyone else: 404). NOT derived from dealAccess: a change to the table
 * that is not also made here fails.
 *
 * Parties read, list, act and message in every status (the deal machine then decides which
 * move); a party whose org is not ACTIVE still holds its part here — the use cases refuse
 * its steps (act-on-deal.server.ts) — so "act" stays with the relation. The pledgee bank
 * reads, lists and acts (consent / refuse-consent) only while its consent is pending.
 * PLATFORM reads and lists (and the summary) when ACTIVE. GOVERNMENT, when ACTIVE, only the
 * summary of a CONVERTED deal.
 */
const PARTY = "read list act message";
type RecordState = "inquiry" | "negotiating" | "agreed" | "consent-asked" | "consent-given" | "paid" | "recorded" | "converted" | "declined" | "cancelled" | "consent-refused";
const ALL_STATES: RecordState[] = ["inquiry", "negotiating", "agreed", "consent-asked", "consent-given", "paid", "recorded", "converted", "declined", "cancelled", "consent-refused"];
const everywhere = (ops: string) => Object.fromEntries(ALL_STATES.map((s) => [s, ops])) as Record<RecordState, string>;

type Relation = "deal's SME" | "deal's SME, not active" | "holder" | "holder, not active" | "pledgee bank" | "unrelated" | "unrelated, not active" | "unrelated API key";
const RELATIONS: Relation[] = ["deal's SME", "deal's SME, not active", "holder", "holder, not active", "pledgee bank", "unrelated", "unrelated, not active", "unrelated API key"];

const EXPECTED: Record<string, Partial<Record<RecordState, string>>> = {
  "deal's SME": everywhere(PARTY),
  "deal's SME, not active": everywhere(PARTY),
  holder: everywhere(PARTY),
  "holder, not active": everywhere(PARTY),
  "pledgee bank": { "consent-asked": "read list act" },
  "PLATFORM/unrelated": everywhere("read list read-summary"),
  "GOVERNMENT/unrelated": { converted: "read-summary" },
  // everything else: nothing (other SMEs, other holders, other banks, orgs not active, …)
};

const RECORDS: Record<RecordState, { status: DealStatus; consent: DealConsent; pledged: boolean }> = {
  inquiry: { status: "INQUIRY", consent: "NOT_NEEDED", pledged: false },
  negotiating: { status: "NEGOTIATING", consent: "NOT_NEEDED", pledged: false },
  agreed: { status: "AGREED", consent: "NOT_NEEDED", pledged: false },
  "consent-asked": { status: "AGREED", consent: "PENDING", pledged: true },
  "consent-given": { status: "AGREED", consent: "GIVEN", pledged: true },
  paid: { status: "PAID", consent: "GIVEN", pledged: true },
  recorded: { status: "RECORDED", consent: "GIVEN", pledged: true },
  converted: { status: "CONVERTED", consent: "GIVEN", pledged: true },
  declined: { status: "DECLINED", consent: "NOT_NEEDED", pledged: false },
  cancelled: { status: "CANCELLED", consent: "NOT_NEEDED", pledged: false },
  // refuse-consent cancels the deal; the consent stays as it was asked.
  "consent-refused": { status: "CANCELLED", consent: "PENDING", pledged: true },
};

/** Which org kinds can stand in which relation. Holders: universities, institutes, SOEs, and an SME that was assigned a patent. */
const POSSIBLE: Partial<Record<Relation, OrgKind[]>> = {
  "deal's SME": ["SME"],
  "deal's SME, not active": ["SME"],
  holder: ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE", "SME"],
  "holder, not active": ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE", "SME"],
  "pledgee bank": ["BANK"],
};
const ORG_OF: Partial<Record<Relation, string>> = { "deal's SME": "sme-1", "deal's SME, not active": "sme-1", holder: "holder-1", "holder, not active": "holder-1", "pledgee bank": "bank-1" };

function actorFor(kind: OrgKind, relation: Relation): Actor {
  const key = relation === "unrelated API key";
  return {
    userId: key ? null : "u-1",
    apiKeyId: key ? "k-1" : null,
    orgId: ORG_OF[relation] ?? `other-${kind}`,
    orgKind: kind,
    orgStatus: relation.endsWith("not active") ? "SUSPENDED" : "ACTIVE",
    role: "MEMBER",
  };
}

function recordFor(state: RecordState): DealAccessFacts & { id: string } {
  const r = RECORDS[state];
  return { id: `deal-${state}`, smeId: "sme-1", holderId: "holder-1", status: r.status, consent: r.consent, pledgeeBankId: r.pledged ? "bank-1" : null };
}

function expectedOps(kind: OrgKind, relation: Relation, state: RecordState): Set<string> {
  const key = POSSIBLE[relation] ? relation : `${kind}/${relation === "unrelated API key" ? "unrelated" : relation}`;
  return new Set((EXPECTED[key]?.[state] ?? "").split(" ").filter(Boolean));
}

/** Prisma reads `NOT: [a, b]` as "neither a nor b"; the where evaluator takes one object, so spell it out. */
function spelled(where: unknown): unknown {
  if (Array.isArray(where)) return where.map(spelled);
  if (!where || typeof where !== "object") return where;
  return Object.fromEntries(
    Object.entries(where).map(([k, v]) => (k === "NOT" && Array.isArray(v) ? ["AND", v.map((w) => ({ NOT: spelled(w) }))] : [k, k === "AND" || k === "OR" || k === "NOT" ? spelled(v) : v])),
  );
}

describe("deal access matrix (org kind × relation × deal state × operation)", () => {
  const cases = Object.values(OrgKind).flatMap((kind) => RELATIONS.filter((r) => !POSSIBLE[r] || POSSIBLE[r]!.includes(kind)).map((relation) => ({ kind, relation })));

  it.each(cases)("$kind as $relation", ({ kind, relation }) => {
    const actor = actorFor(kind, relation);
    for (const state of ALL_STATES) {
      const record = recordFor(state);
      const want = expectedOps(kind, relation, state);
      for (const op of DEAL_OPERATIONS) expect(canOnDeal(actor, record, op), `${kind} ${relation} ${state} ${op}`).toBe(want.has(op));
      // The list's where, evaluated on the record, agrees with the table, for every operation.
      for (const op of DEAL_OPERATIONS) expect(matchesWhere(record, spelled(dealsVisibleTo(actor, op))), `${kind} ${relation} ${state} where ${op}`).toBe(want.has(op));
      const party = dealPartyOf(actor, record);
      expect(party !== null, `${kind} ${relation} ${state} party`).toBe(want.has("act"));
      if (party) expect(party).toBe(relation.startsWith("deal's SME") ? "SME" : relation.startsWith("holder") ? "HOLDER" : "BANK");
    }
  });

  it("covers the operations the API needs, and no more", () => {
    expect([...DEAL_OPERATIONS].sort()).toEqual(["act", "list", "message", "read", "read-summary"]);
  });

  it("the platform's own moves (the system actor) are a party in every state", () => {
    for (const state of ALL_STATES) {
      expect(dealPartyOf(systemActor(), recordFor(state)), state).toBe("SYSTEM");
      expect(matchesWhere(recordFor(state), spelled(dealsVisibleTo(systemActor()))), state).toBe(true);
    }
  });

  it("a bank that holds a pledge but is not the one asked sees nothing, and the asked bank nothing once it answered", () => {
    const otherBank: Actor = { userId: "u", apiKeyId: null, orgId: "bank-2", orgKind: "BANK", orgStatus: "ACTIVE", role: "MEMBER" };
    const asked = recordFor("consent-asked");
    for (const op of DEAL_OPERATIONS) expect(canOnDeal(otherBank, asked, op), op).toBe(false);
    const bank = actorFor("BANK", "pledgee bank");
    for (const state of ["consent-given", "paid", "consent-refused"] as const) for (const op of DEAL_OPERATIONS) expect(canOnDeal(bank, recordFor(state), op), `${state} ${op}`).toBe(false);
  });

  it("a third SME and another holder see nothing in any state", () => {
    const thirdSme: Actor = { userId: "u", apiKeyId: null, orgId: "sme-3", orgKind: "SME", orgStatus: "ACTIVE", role: "OWNER" };
    const otherHolder: Actor = { userId: "u", apiKeyId: null, orgId: "holder-2", orgKind: "UNIVERSITY", orgStatus: "ACTIVE", role: "OWNER" };
    for (const state of ALL_STATES) {
      for (const actor of [thirdSme, otherHolder]) {
        for (const op of DEAL_OPERATIONS) expect(canOnDeal(actor, recordFor(state), op), `${actor.orgId} ${state} ${op}`).toBe(false);
        expect(dealPartyOf(actor, recordFor(state))).toBeNull();
      }
    }
  });
});
