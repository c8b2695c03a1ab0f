import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { canOnNeed, canOnSubscription, NEED_OPERATIONS, needsVisibleTo, SUBSCRIPTION_OPERATIONS, subscriptionsVisibleTo } from "./policies";

/* By hand from SPEC §4: an SME's needs, matches and subscriptions are its own; nobody else's, not GOVERNMENT's nor PLATFORM's. */
describe("matching access matrix (org kind × relation × operation)", () => {
  it.each(Object.values(OrgKind))("needs: %s", (kind) => {
    for (const [rel, orgId, status] of [["own", "org-1", "ACTIVE"], ["another org's", "org-2", "ACTIVE"], ["own, org under review", "org-1", "PENDING"]] as const) {
      const actor: Actor = { userId: "u-1", apiKeyId: null, orgId: "org-1", orgKind: kind, orgStatus: status, role: "MEMBER" };
      const need = { id: "n", orgId };
      const want = kind === "SME" && rel === "own" ? new Set(["read", "list", "edit", "read-matches"]) : new Set<string>();
      for (const op of NEED_OPERATIONS) expect(canOnNeed(actor, need, op), `${kind} ${rel} ${op}`).toBe(want.has(op));
      expect(matchesWhere(need, needsVisibleTo(actor)), `${kind} ${rel} list where`).toBe(want.has("list"));
    }
  });

  it.each(Object.values(OrgKind))("subscriptions: %s", (kind) => {
    const cases = [
      // [relation, subscription's user, active, caller is an API key, expected ops]
      ["subscriber", "u-1", true, false, "list cancel"],
      ["subscriber, cancelled", "u-1", false, false, "cancel"],
      ["colleague", "u-2", true, false, ""],
      ["the org's API key", "u-2", true, true, "list"],
      ["the org's API key, cancelled", "u-2", false, true, ""],
    ] as const;
    for (const [rel, userId, active, key, ops] of cases) {
      const actor: Actor = { userId: key ? null : "u-1", apiKeyId: key ? "k" : null, orgId: "org-1", orgKind: kind, orgStatus: "ACTIVE", role: "MEMBER" };
      const sub = { id: "s", orgId: "org-1", userId, active };
      const want = new Set(kind === "SME" ? ops.split(" ").filter(Boolean) : []);
      for (const op of SUBSCRIPTION_OPERATIONS) expect(canOnSubscription(actor, sub, op), `${kind} ${rel} ${op}`).toBe(want.has(op));
      expect(matchesWhere(sub, subscriptionsVisibleTo(actor)), `${kind} ${rel} list where`).toBe(want.has("list"));
    }
  });
});
