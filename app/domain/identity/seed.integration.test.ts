import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { DEMO_DEAL_SCENARIOS } from "../../../prisma/seed-deals";
import { DEMO_GI_PRODUCTS } from "../../../prisma/seed-gi";
import { DEMO_KINDS, DEMO_ORGS, DEMO_PASSWORD, DEMO_SECOND_SME, DEMO_USERS } from "../../../prisma/seed-data";
import { verifyPassword } from "./passwords.server";

function seed() {
  return execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: process.env, encoding: "utf8", stdio: "pipe" });
}

describe("demo seed", () => {
  it("creates one active demo org and one owner login per kind (and a second SME), demo deals, and is idempotent", async () => {
    const output = seed();
    expect(output).toContain(DEMO_USERS.PLATFORM.email);
    expect(output).toContain(DEMO_SECOND_SME.user.email);
    expect(output).toContain(`demo deals: ${DEMO_DEAL_SCENARIOS.length} new, 0 already there`);
    const counts = async () => ({
      orgs: await db.organization.count(),
      users: await db.user.count(),
      memberships: await db.membership.count(),
      deals: await db.deal.count(),
      offers: await db.dealOffer.count(),
      messages: await db.dealMessage.count(),
      dealEvents: await db.auditEvent.count({ where: { entityType: "Deal" } }),
      giProducts: await db.giProduct.count({ where: { isDemo: true } }),
      giUsers: await db.giApplication.count({ where: { source: "REGISTER_IMPORT", status: "APPROVED", certificateNumber: { not: null } } }),
      giApplications: await db.giApplication.count({ where: { source: "APPLICATION", status: "SUBMITTED" } }),
      giFiles: await db.giEvidenceFile.count(),
    });
    const first = await counts();
    const orgs = DEMO_KINDS.length + 1;
    expect(first).toMatchObject({ orgs, users: orgs, memberships: orgs, deals: DEMO_DEAL_SCENARIOS.length });
    // Issue 16: 柞水木耳 and a second product, the county's ten existing special-mark users, one application to review.
    expect(first).toMatchObject({ giProducts: DEMO_GI_PRODUCTS.length, giUsers: 10, giApplications: 1, giFiles: 1 });
    expect(output).toContain("demo GI: 2 products, 10 registered special-mark users, 1 new application(s)");

    await db.organization.update({ where: { uscc: DEMO_ORGS.BANK.uscc }, data: { status: "SUSPENDED", name: "被改名" } });
    expect(seed()).toContain(`demo deals: 0 new, ${DEMO_DEAL_SCENARIOS.length} already there`);
    expect(await counts()).toEqual(first);

    for (const kind of DEMO_KINDS) {
      const org = await db.organization.findUniqueOrThrow({ where: { uscc: DEMO_ORGS[kind].uscc } });
      expect(org).toMatchObject({ kind, status: "ACTIVE", isDemo: true, name: DEMO_ORGS[kind].name });
      const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[kind].email }, include: { memberships: true } });
      expect(user.memberships).toMatchObject([{ orgId: org.id, role: "OWNER" }]);
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    expect(await db.auditEvent.count({ where: { action: "org.seeded" } })).toBe(orgs);

    // The deals: between both demo SMEs and the university, institute and SOE, in several states, made by the use cases.
    const deals = await db.deal.findMany({ include: { sme: { select: { uscc: true } }, holder: { select: { kind: true } }, offers: true } });
    const byStatus = Object.fromEntries(deals.map((d) => [d.status, d]));
    expect(Object.keys(byStatus).sort()).toEqual(["AGREED", "CONVERTED", "DECLINED", "INQUIRY", "NEGOTIATING", "RECORDED"]);
    expect(new Set(deals.map((d) => d.sme.uscc))).toEqual(new Set([DEMO_ORGS.SME.uscc, DEMO_SECOND_SME.org.uscc]));
    expect(new Set(deals.map((d) => d.holder.kind))).toEqual(new Set(["UNIVERSITY", "RESEARCH_INSTITUTE", "SOE"]));
    expect(byStatus.CONVERTED).toMatchObject({ holder: { kind: "UNIVERSITY" }, productName: expect.any(String) });
    expect(byStatus.AGREED).toMatchObject({ mode: "OPEN", openLicenceNotice: expect.stringContaining("开放许可"), termsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(byStatus.DECLINED).toMatchObject({ declineReason: "PRICE" });
    expect(byStatus.NEGOTIATING.offers.length).toBeGreaterThanOrEqual(2);
    expect(byStatus.RECORDED.recordNumber).toBeTruthy();
    // Every move is on the timeline, dated in the past, never after the seed ran.
    const events = await db.auditEvent.findMany({ where: { entityType: "Deal", entityId: byStatus.CONVERTED.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["inquire", "make-offer", "make-offer", "accept-offer", "record", "report-conversion"]);
    expect(byStatus.CONVERTED.createdAt < byStatus.CONVERTED.convertedAt!).toBe(true);
  });
});
