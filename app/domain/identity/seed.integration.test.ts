import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { DEMO_KINDS, DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS } from "../../../prisma/seed-data";
import { verifyPassword } from "./passwords.server";

function seed() {
  return execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: process.env, encoding: "utf8", stdio: "pipe" });
}

describe("demo seed", () => {
  it("creates one active demo org and one owner login per kind, and is idempotent", async () => {
    const output = seed();
    expect(output).toContain(DEMO_USERS.PLATFORM.email);
    const counts = async () => ({ orgs: await db.organization.count(), users: await db.user.count(), memberships: await db.membership.count() });
    const first = await counts();
    expect(first).toEqual({ orgs: DEMO_KINDS.length, users: DEMO_KINDS.length, memberships: DEMO_KINDS.length });

    await db.organization.update({ where: { uscc: DEMO_ORGS.BANK.uscc }, data: { status: "SUSPENDED", name: "被改名" } });
    seed();
    expect(await counts()).toEqual(first);

    for (const kind of DEMO_KINDS) {
      const org = await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS[kind].uscc } });
      expect(org).toMatchObject({ kind, status: "ACTIVE", isDemo: true, name: DEMO_ORGS[kind].name });
      const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[kind].email }, include: { memberships: true } });
      expect(user.memberships).toMatchObject([{ orgId: org.id, role: "OWNER" }]);
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    expect(await db.auditEvent.count({ where: { action: "org.seeded" } })).toBe(DEMO_KINDS.length);
  });
});
