import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { canOnSubsidies, subsidiesVisibleTo, SUBSIDY_OPERATIONS } from "./policies";

/* By hand from SPEC §2: "subsidies, fund and budget ledgers: GOVERNMENT; each SME its own." */
const EXPECTED: Record<string, string> = {
  "GOVERNMENT/own award": "read list read-budget set-budget mark-paid export-batch",
  "GOVERNMENT/another's award": "read list read-budget set-budget mark-paid export-batch",
  "SME/own award": "read list",
};

describe("subsidies access matrix (org kind × relation × org status × operation)", () => {
  it.each(Object.values(OrgKind))("%s", (kind) => {
    for (const status of ["ACTIVE", "PENDING", "SUSPENDED"] as const) {
      const actor: Actor = { userId: "u-1", apiKeyId: null, orgId: "org-1", orgKind: kind, orgStatus: status, role: "OWNER" };
      const awards: [string, { id: string; smeId: string }][] = [
        ["own award", { id: "a1", smeId: "org-1" }],
        ["another's award", { id: "a2", smeId: "org-2" }],
      ];
      for (const [rel, award] of awards) {
        const want = new Set(status === "ACTIVE" ? (EXPECTED[`${kind}/${rel}`] ?? "").split(" ").filter(Boolean) : []);
        for (const op of SUBSIDY_OPERATIONS) expect(canOnSubsidies(actor, award, op), `${kind} ${status} ${rel} ${op}`).toBe(want.has(op));
        expect(matchesWhere(award, subsidiesVisibleTo(actor)), `${kind} ${status} ${rel} list where`).toBe(want.has("list"));
      }
    }
  });

  it("GOVERNMENT narrows to one SME; an SME asking for another gets its own", () => {
    const gov: Actor = { userId: "u", apiKeyId: null, orgId: "gov", orgKind: "GOVERNMENT", orgStatus: "ACTIVE", role: "OWNER" };
    const sme: Actor = { ...gov, orgId: "org-1", orgKind: "SME" };
    expect(matchesWhere({ id: "a", smeId: "org-2" }, subsidiesVisibleTo(gov, "org-1"))).toBe(false);
    expect(matchesWhere({ id: "a", smeId: "org-2" }, subsidiesVisibleTo(sme, "org-2"))).toBe(false);
    expect(matchesWhere({ id: "a", smeId: "org-1" }, subsidiesVisibleTo(sme, "org-2"))).toBe(true);
    expect(canOnSubsidies(null, undefined, "list")).toBe(false);
  });
});
