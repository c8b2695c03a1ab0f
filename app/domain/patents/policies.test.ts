import { describe, expect, it } from "vitest";
import { OrgKind, type PatentStatus } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { canOnPatent, PATENT_OPERATIONS, patentsVisibleTo } from "./policies";

/*
 * By hand from SPEC §2: "patents with status LISTED: everyone, including anonymous
 * visitors; drafts: holder only" (and unlisted ones likewise); only the holder edits, and
 * only while its org is active.
 */
const HOLDERS: OrgKind[] = ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"];
const expected = (who: "holder" | "holder, under review" | "other org" | "anonymous", status: PatentStatus): string => {
  const table: Record<string, Record<PatentStatus, string>> = {
    holder: { DRAFT: "read list edit", LISTED: "read list edit", UNLISTED: "read list edit" },
    "holder, under review": { DRAFT: "read list", LISTED: "read list", UNLISTED: "read list" },
    "other org": { DRAFT: "", LISTED: "read list", UNLISTED: "" },
    anonymous: { DRAFT: "", LISTED: "read list", UNLISTED: "" },
  };
  return table[who][status];
};

describe("patents access matrix (org kind × relation × patent status × operation)", () => {
  it.each(Object.values(OrgKind))("%s", (kind) => {
    for (const rel of ["holder", "holder, under review", "other org", "API key of the holder"] as const) {
      const own = rel !== "other org";
      const actor: Actor = { userId: rel === "API key of the holder" ? null : "u", apiKeyId: rel === "API key of the holder" ? "k" : null, orgId: own ? "holder-1" : "org-9", orgKind: kind, orgStatus: rel === "holder, under review" ? "PENDING" : "ACTIVE", role: "MEMBER" };
      // Only a holder kind can hold a patent; any other kind with the same id is still "another org".
      const who = own && HOLDERS.includes(kind) ? (rel === "holder, under review" ? "holder, under review" : "holder") : "other org";
      for (const status of ["DRAFT", "LISTED", "UNLISTED"] as const) {
        const patent = { id: `p-${status}`, holderId: "holder-1", status };
        const want = new Set(expected(who, status).split(" ").filter(Boolean));
        for (const op of PATENT_OPERATIONS) expect(canOnPatent(actor, patent, op), `${kind} ${rel} ${status} ${op}`).toBe(want.has(op));
        expect(matchesWhere(patent, patentsVisibleTo(actor)), `${kind} ${rel} ${status} list where`).toBe(want.has("list"));
      }
    }
  });

  it("anonymous visitors", () => {
    for (const status of ["DRAFT", "LISTED", "UNLISTED"] as const) {
      const patent = { id: "p", holderId: "holder-1", status };
      const want = new Set(expected("anonymous", status).split(" ").filter(Boolean));
      for (const op of PATENT_OPERATIONS) expect(canOnPatent(null, patent, op), `${status} ${op}`).toBe(want.has(op));
      expect(matchesWhere(patent, patentsVisibleTo(null))).toBe(want.has("list"));
    }
  });
});
