import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/shared/actor";
import type { OrgKind, OrgStatus } from "~/generated/prisma/enums";
import { navigationFor } from "./navigation";

const actor = (orgKind: OrgKind, orgStatus: OrgStatus = "ACTIVE"): Actor => ({ userId: "u1", apiKeyId: null, orgId: "o1", orgKind, orgStatus, role: "OWNER" });
const links = (a: Actor) => navigationFor(a).map((i) => i.to);

describe("navigation for financing policy, subsidies and the risk fund", () => {
  it("shows the policy to every financing party, subsidies to the county and SMEs, the risk fund to the county and the platform", () => {
    const expected: Record<string, string[]> = {
      SME: ["/policies", "/subsidies"],
      BANK: ["/policies"],
      INSURER: ["/policies"],
      GOVERNMENT: ["/policies", "/subsidies", "/risk-fund"],
      PLATFORM: ["/policies", "/risk-fund"],
      APPRAISER: [],
      UNIVERSITY: [],
    };
    for (const [kind, want] of Object.entries(expected)) {
      expect(links(actor(kind as OrgKind)).filter((to) => ["/policies", "/subsidies", "/risk-fund"].includes(to)), kind).toEqual(want);
    }
  });

  it("shows the appraisal job board to an active appraiser and the platform only", () => {
    const kinds = ["SME", "BANK", "INSURER", "GOVERNMENT", "PLATFORM", "APPRAISER", "UNIVERSITY"] as const;
    expect(kinds.filter((kind) => links(actor(kind)).includes("/appraisal"))).toEqual(["PLATFORM", "APPRAISER"]);
    expect(kinds.filter((kind) => links(actor(kind, "SUSPENDED")).includes("/appraisal"))).toEqual([]);
  });

  it("shows none of them to an organization that is not active", () => {
    for (const kind of ["SME", "GOVERNMENT", "PLATFORM"] as const) {
      expect(links(actor(kind, "PENDING")).filter((to) => ["/policies", "/subsidies", "/risk-fund"].includes(to)), kind).toEqual([]);
    }
  });

  it("shows 我的交易 to SMEs, holders, banks and the platform", () => {
    const kinds = ["SME", "UNIVERSITY", "RESEARCH_INSTITUTE", "SOE", "BANK", "INSURER", "APPRAISER", "GOVERNMENT", "PLATFORM"] as const;
    expect(kinds.filter((kind) => links(actor(kind)).includes("/deals"))).toEqual(["SME", "UNIVERSITY", "RESEARCH_INSTITUTE", "SOE", "BANK", "PLATFORM"]);
  });
});
