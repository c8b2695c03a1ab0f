import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { systemActor, type Actor } from "../shared/actor";
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

describe("API keys and operator actions", () => {
  const key = (over: Partial<Actor> = {}) => actor({ userId: null, apiKeyId: "k1", role: "MEMBER", ...over });

  it("lets an API key read its own org's key metadata, never another org's, and never manage keys", () => {
    expect(can(key(), "apikey.read", { orgId: "orgA" })).toBe(true);
    expect(can(key(), "apikey.read", { orgId: "orgB" })).toBe(false);
    expect(can(key({ orgStatus: "PENDING" }), "apikey.read", { orgId: "orgA" })).toBe(false);
    for (const a of ["apikey.list", "apikey.create", "apikey.revoke", "org.update"] as const) {
      expect(can(key(), a, { orgId: "orgA" }), a).toBe(false);
    }
  });

  it("lets a pending org's key read its own org only", () => {
    const pending = key({ orgStatus: "PENDING" });
    const allowed = (Object.keys(permissionTable) as Action[]).filter((a) => can(pending, a, { orgId: "orgA" }));
    expect(allowed).toEqual(["org.read"]);
  });

  it("lets platform operators (and the CLI's system actor) create orgs, users and keys for any org", () => {
    const op = actor({ orgKind: "PLATFORM", role: "MEMBER" });
    for (const a of ["org.create", "user.create", "apikey.create", "apikey.revoke", "apikey.list"] as const) {
      expect(can(op, a, { orgId: "orgB" }), a).toBe(true);
      expect(can(actor({ role: "OWNER" }), a, { orgId: "orgB" }), a).toBe(false);
      expect(can({ ...op, userId: null, apiKeyId: "k" }, a, { orgId: "orgB" }), a).toBe(false);
    }
    expect(can(systemActor(), "org.activate", { orgId: "orgB" })).toBe(true);
    expect(can(systemActor(), "apikey.create", { orgId: "orgB" })).toBe(true);
  });
});

describe("patents, needs and subscriptions", () => {
  const of = (orgKind: Actor["orgKind"], over: Partial<Actor> = {}) => actor({ orgKind, ...over });

  it("lets holders (universities, institutes, SOEs) manage and import their own patents only", () => {
    for (const kind of ["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"] as const) {
      expect(can(of(kind, { role: "MEMBER" }), "patent.manage", { orgId: "orgA" }), kind).toBe(true);
      expect(can(of(kind), "patent.import", { orgId: "orgA" }), kind).toBe(true);
      expect(can(of(kind), "patent.manage", { orgId: "orgB" }), kind).toBe(false);
    }
    for (const kind of ["SME", "BANK", "GOVERNMENT"] as const) expect(can(of(kind), "patent.manage", { orgId: "orgA" }), kind).toBe(false);
  });

  it("lets a platform operator import for a holder (the admin CLI), but not through an API key", () => {
    expect(can(of("PLATFORM"), "patent.import", { orgId: "holder" })).toBe(true);
    expect(can(of("PLATFORM", { userId: null, apiKeyId: "k" }), "patent.import", { orgId: "holder" })).toBe(false);
    expect(can(systemActor(), "patent.import", { orgId: "holder" })).toBe(true);
  });

  it("keeps needs and subscriptions to SMEs", () => {
    expect(can(of("SME"), "need.manage", { orgId: "orgA" })).toBe(true);
    expect(can(of("UNIVERSITY"), "need.manage", { orgId: "orgA" })).toBe(false);
    expect(can(of("SME"), "subscription.manage", { orgId: "orgA" })).toBe(true);
    expect(can(of("SME", { userId: null, apiKeyId: "k" }), "subscription.manage", { orgId: "orgA" })).toBe(true);
    expect(can(of("BANK"), "subscription.manage", { orgId: "orgA" })).toBe(false);
  });

  it("shows a holder's drafts to that holder only, even while its org is pending", () => {
    expect(can(of("SOE", { orgStatus: "PENDING" }), "patent.read-unlisted", { orgId: "orgA" })).toBe(true);
    expect(can(of("SOE"), "patent.read-unlisted", { orgId: "orgB" })).toBe(false);
    expect(can(null, "patent.read-unlisted", { orgId: "orgA" })).toBe(false);
  });
});
