import { describe, expect, it } from "vitest";
import { OrgStatus } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { findOrgTransition, orgTransitionRefusal, orgTransitions, orgTransitionsFor, type OrgTransitionName } from "./org-status";

const operator: Actor = { userId: "u", apiKeyId: null, orgId: "platform", orgKind: "PLATFORM", orgStatus: "ACTIVE", role: "MEMBER" };

describe("organization review state machine", () => {
  it("has exactly these transitions", () => {
    const expected: Record<OrgStatus, Partial<Record<OrgTransitionName, OrgStatus>>> = {
      PENDING: { activate: "ACTIVE", suspend: "SUSPENDED" },
      ACTIVE: { suspend: "SUSPENDED" },
      SUSPENDED: { activate: "ACTIVE" },
    };
    for (const from of Object.values(OrgStatus)) {
      for (const name of ["activate", "suspend"] as const) {
        expect(findOrgTransition(name, from)?.to ?? null, `${name} from ${from}`).toBe(expected[from][name] ?? null);
      }
    }
  });

  it("asks for a reason whenever an org is switched off, and audits each with its own name", () => {
    for (const t of orgTransitions) expect(t.reasonRequired).toBe(t.to === "SUSPENDED");
    expect(new Set(orgTransitions.map((t) => t.audit)).size).toBe(orgTransitions.length);
  });

  it("offers operators the buttons that apply, never suspending their own org", () => {
    expect(orgTransitionsFor(operator, { id: "x", status: "PENDING" }).map((t) => t.audit)).toEqual(["org.activated", "org.rejected"]);
    expect(orgTransitionsFor(operator, { id: "x", status: "ACTIVE" }).map((t) => t.audit)).toEqual(["org.suspended"]);
    expect(orgTransitionsFor(operator, { id: "platform", status: "ACTIVE" })).toEqual([]);
    expect(orgTransitionRefusal(operator, findOrgTransition("suspend", "ACTIVE")!, "platform")).toMatch(/不能停用/);
  });

  it("offers nothing to anyone else", () => {
    for (const orgKind of ["SME", "BANK", "GOVERNMENT"] as const) {
      expect(orgTransitionsFor({ ...operator, orgKind, orgId: "x", role: "OWNER" }, { id: "x", status: "PENDING" })).toEqual([]);
    }
    expect(orgTransitionsFor({ ...operator, userId: null, apiKeyId: "k" }, { id: "x", status: "PENDING" })).toEqual([]);
  });
});
