import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import type { Actor } from "../shared/actor";
import { can, permissionTable, type Action } from "./policies";

function actor(over: Partial<Actor> = {}): Actor {
  return { userId: "u1", apiKeyId: null, orgId: "orgA", orgKind: "SME", orgStatus: "ACTIVE", role: "OWNER", ...over };
}

describe("permissions matrix", () => {
  const actions = Object.keys(permissionTable) as Action[];

  it("denies everything to anonymous callers", () => {
    for (const a of actions) expect(can(null, a)).toBe(false);
  });

  it("never lets a non-platform org act on another org", () => {
    for (const kind of Object.values(OrgKind).filter((k) => k !== "PLATFORM")) {
      for (const a of actions) {
        expect(can(actor({ orgKind: kind }), a, { orgId: "orgB" }), `${kind} ${a}`).toBe(false);
      }
    }
  });

  it("lets platform operators administer any org, but not through API keys", () => {
    const op = actor({ orgKind: "PLATFORM", role: "MEMBER" });
    expect(can(op, "org.activate", { orgId: "orgB" })).toBe(true);
    expect(can(op, "queues.view")).toBe(true);
    expect(can({ ...op, userId: null, apiKeyId: "k" }, "org.activate", { orgId: "orgB" })).toBe(false);
    expect(can({ ...op, userId: null, apiKeyId: "k" }, "org.read", { orgId: "orgB" })).toBe(true);
  });

  it("keeps key and member management for owners", () => {
    expect(can(actor({ role: "MEMBER" }), "apikey.create", { orgId: "orgA" })).toBe(false);
    expect(can(actor({ role: "OWNER" }), "apikey.create", { orgId: "orgA" })).toBe(true);
    expect(can(actor({ role: "MEMBER" }), "member.invite")).toBe(false);
  });

  it("lets a pending org read its own profile and notifications and nothing else", () => {
    const pending = actor({ orgStatus: "PENDING" });
    const allowed = actions.filter((a) => can(pending, a, { orgId: "orgA" }));
    expect(allowed.sort()).toEqual(["member.list", "notification.read", "org.read"]);
  });

  it("suspended platform staff lose their powers", () => {
    expect(can(actor({ orgKind: "PLATFORM", orgStatus: "SUSPENDED" }), "org.activate", { orgId: "x" })).toBe(false);
  });
});
