import { describe, expect, it } from "vitest";
import { OrgKind } from "~/generated/prisma/enums";
import { matchesWhere } from "../../../test/setup/where-match";
import type { Actor } from "../shared/actor";
import { canOnNotification, NOTIFICATION_OPERATIONS, notificationsVisibleTo } from "./policies";

/* By hand: a notification is its recipient's alone (read or not, an org under review too); never an API key's, never a colleague's. */
describe("notifications access matrix (org kind × relation × state × operation)", () => {
  it.each(Object.values(OrgKind))("%s", (kind) => {
    const cases = [
      ["recipient", "u-1", false, "ACTIVE", "read list mark-read"],
      ["recipient, org under review", "u-1", false, "PENDING", "read list mark-read"],
      ["colleague", "u-2", false, "ACTIVE", ""],
      ["API key", "u-1", true, "ACTIVE", ""],
    ] as const;
    for (const [rel, recipient, key, status, ops] of cases) {
      const actor: Actor = { userId: key ? null : "u-1", apiKeyId: key ? "k" : null, orgId: "org-1", orgKind: kind, orgStatus: status, role: "MEMBER" };
      for (const readAt of [null, new Date("2026-03-01T00:00:00Z")]) {
        const n = { id: "n", userId: recipient, readAt };
        const want = new Set(ops.split(" ").filter(Boolean));
        for (const op of NOTIFICATION_OPERATIONS) expect(canOnNotification(actor, n, op), `${kind} ${rel} ${op}`).toBe(want.has(op));
        expect(matchesWhere(n, notificationsVisibleTo(actor)), `${kind} ${rel} list where`).toBe(want.has("list"));
      }
    }
  });
});
