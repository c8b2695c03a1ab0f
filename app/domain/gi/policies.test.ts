import { describe, expect, it } from "vitest";
import type { OrgKind, OrgStatus } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { matchesWhere } from "../../../test/setup/where-match";
import { canOnGiApplication, giApplicationsVisibleTo, giPartyOf, giRelationOf } from "./policies";

const actor = (orgKind: OrgKind, orgId = `org-${orgKind}`, orgStatus: OrgStatus = "ACTIVE"): Actor => ({ userId: "u", apiKeyId: null, orgId, orgKind, orgStatus, role: "MEMBER" });
const application = { orgId: "sme-1" };
const imported = { orgId: null };

describe("who sees a GI application", () => {
  it("the applicant org, GOVERNMENT and PLATFORM read it and its evidence", () => {
    for (const a of [actor("SME", "sme-1"), actor("GOVERNMENT"), actor("PLATFORM")]) {
      expect(canOnGiApplication(a, application, "read")).toBe(true);
      expect(canOnGiApplication(a, application, "read-evidence")).toBe(true);
    }
  });

  it("everyone else sees nothing (404): another SME, a bank, a university, an inactive government", () => {
    for (const a of [actor("SME", "sme-2"), actor("BANK"), actor("UNIVERSITY"), actor("INSURER"), actor("GOVERNMENT", "gov", "SUSPENDED")]) {
      expect(giRelationOf(a, application)).toBe("NONE");
      expect(canOnGiApplication(a, application, "read")).toBe(false);
      expect(canOnGiApplication(a, application, "read-evidence")).toBe(false);
      expect(giPartyOf(a, application)).toBeNull();
    }
  });

  it("a register-imported user without an org is nobody's application but the government's and the platform's", () => {
    expect(giRelationOf(actor("SME", "sme-1"), imported)).toBe("NONE");
    expect(giPartyOf(actor("GOVERNMENT"), imported)).toBe("GOVERNMENT");
    expect(canOnGiApplication(actor("PLATFORM"), imported, "read")).toBe(true);
  });
});

describe("who acts on it", () => {
  it("the applicant and GOVERNMENT are parties; PLATFORM only reads", () => {
    expect(giPartyOf(actor("SME", "sme-1"), application)).toBe("APPLICANT");
    expect(giPartyOf(actor("GOVERNMENT"), application)).toBe("GOVERNMENT");
    expect(giPartyOf(actor("PLATFORM"), application)).toBeNull();
    expect(canOnGiApplication(actor("PLATFORM"), application, "act")).toBe(false);
  });
});

describe("the list where follows the same table", () => {
  const rows = [{ id: "a", orgId: "sme-1" }, { id: "b", orgId: "sme-2" }, { id: "c", orgId: null }];
  const visible = (a: Actor) => rows.filter((r) => matchesWhere(r, giApplicationsVisibleTo(a)));

  it("the applicant lists its own, GOVERNMENT and PLATFORM all, others none", () => {
    expect(visible(actor("SME", "sme-1"))).toEqual([rows[0]]);
    expect(visible(actor("GOVERNMENT"))).toEqual(rows);
    expect(visible(actor("PLATFORM"))).toEqual(rows);
    expect(visible(actor("BANK"))).toEqual([]);
  });

  it("agrees with the read rule row by row", () => {
    for (const a of [actor("SME", "sme-1"), actor("SME", "sme-2"), actor("GOVERNMENT"), actor("PLATFORM"), actor("BANK")]) {
      for (const r of rows) expect(matchesWhere(r, giApplicationsVisibleTo(a)), `${a.orgKind} ${r.orgId}`).toBe(canOnGiApplication(a, r, "read"));
    }
  });
});
