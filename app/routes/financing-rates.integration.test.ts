import { beforeAll, describe, expect, it } from "vitest";
import { nowMs } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { createOrg } from "../../test/factories";
import { actorOf } from "../../test/factories/patents";
import { startTestServer, type TestServer } from "../../test/setup/http";
import { sessionClient } from "../../test/fixtures/page-sessions";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});

const signIn = (userId: string, orgId: string) => sessionClient(server, userId, orgId);

describe("rates on the application page are typed in percent", () => {
  it("names a bad percentage with every other bad field, stores 3.85 as 0.0385 exactly, and shows it as 3.85%", async () => {
    const bank = await actorOf("BANK");
    const sme = await createOrg({ kind: "SME" });
    const insurer = await createOrg({ kind: "INSURER" });
    const app = await db.pledgeApplication.create({
      data: {
        smeId: sme.id,
        bankId: bank.orgId,
        insurerId: insurer.id,
        status: "BANK_REVIEW",
        requestedAmountFen: 100_000_000n,
        termMonths: 12,
        purpose: "测试",
        submittedAt: new Date(nowMs() - 3_600_000),
        reportAcceptedBySme: true,
        reportAcceptedByBank: true,
        assets: { create: [{ assetType: "INVENTION", registrationNumber: "CN202010000001.5", title: "发明", appraisedValueFen: 400_000_000n }] },
      },
    });
    const client = await signIn(bank.userId, bank.orgId);
    const page = await (await client.get(`/financing/${app.id}`)).text();
    expect(page).toContain("年利率（%，如 3.85）");
    expect(page).toContain("年利率不超过 4.2%（1.4 × LPR，ZS-FIN@2024-1）时，企业可获贷款贴息。");

    const bad = await client.postForm(`/financing/${app.id}`, { intent: "bank-approve", version: String(app.version), amount: "abc", annualRate: "3.85.1", termMonths: "12" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("请输入百分数，如 3.85");
    expect(html).toMatch(/批准金额/);
    expect((await db.pledgeApplication.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("BANK_REVIEW");

    const ok = await client.postForm(`/financing/${app.id}`, { intent: "bank-approve", version: String(app.version), amount: "850000.00", annualRate: "3.85%", termMonths: "12" });
    expect(ok.status).toBe(200);
    const stored = await db.pledgeApplication.findUniqueOrThrow({ where: { id: app.id } });
    expect(stored).toMatchObject({ status: "INSURER_REVIEW", annualRate: "0.0385" });
    expect(await (await client.get(`/financing/${app.id}`)).text()).toContain("3.85%");
  });
});
