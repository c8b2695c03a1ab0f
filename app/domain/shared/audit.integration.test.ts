import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { recordAudit } from "./audit.server";

describe("audit trail", () => {
  it("is append-only at the database level", async () => {
    await db.$transaction((tx) => recordAudit(tx, null, { entityType: "Test", entityId: "1", action: "created", orgId: null }));
    const row = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Test" } });
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { action: "changed" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count()).toBe(1);
  });
});
