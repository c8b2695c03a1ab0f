import { describe, expect, it } from "vitest";
import type { PledgeStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createOrg } from "../../../test/factories";
import { actorOf } from "../../../test/factories/patents";
import { recordAudit } from "../shared/audit.server";
import { nowMs } from "../shared/clock";
import { getPledgeApplication, listPledgeApplications, loanCapOf } from "./queries.server";

const HOUR = 3_600_000;

/** An application between these parties, written straight (the pipeline itself is pledge-pipeline.integration.test.ts's). */
async function application(parties: { smeId: string; bankId: string; insurerId: string }, status: PledgeStatus, over: { hoursInStage?: number; appraised?: boolean; smeAccepted?: boolean; bankAccepted?: boolean } = {}) {
  return db.pledgeApplication.create({
    data: {
      ...parties,
      status,
      requestedAmountFen: 100_000_000n,
      termMonths: 12,
      purpose: "测试",
      submittedAt: new Date(nowMs() - 100 * HOUR),
      stageEnteredAt: new Date(nowMs() - (over.hoursInStage ?? 1) * HOUR),
      reportAcceptedBySme: over.smeAccepted ?? false,
      reportAcceptedByBank: over.bankAccepted ?? false,
      assets: {
        create: [
          { assetType: "INVENTION", registrationNumber: "CN202010000001.5", title: "发明", appraisedValueFen: over.appraised === false ? null : 300_000_000n },
          { assetType: "UTILITY_MODEL", registrationNumber: "CN202020000001.1", title: "实用新型", appraisedValueFen: over.appraised === false ? null : 80_000_000n },
        ],
      },
    },
  });
}

describe("待我办理 and the numbers on the application page", () => {
  it("lists what waits for the bank and for the insurer, oldest in its stage first; 全部 lists everything", async () => {
    const bank = await actorOf("BANK");
    const insurer = await actorOf("INSURER");
    const sme = await createOrg({ kind: "SME" });
    const parties = { smeId: sme.id, bankId: bank.orgId, insurerId: insurer.orgId };
    const review5h = await application(parties, "BANK_REVIEW", { hoursInStage: 5 });
    const review3d = await application(parties, "BANK_REVIEW", { hoursInStage: 72 });
    const reportIn = await application(parties, "APPRAISAL", { hoursInStage: 10 });
    await application(parties, "APPRAISAL", { hoursInStage: 20, bankAccepted: true }); // waits for the SME
    await application(parties, "APPRAISAL", { hoursInStage: 30, appraised: false }); // waits for the appraiser
    await application(parties, "REPAYING", { hoursInStage: 40 }); // a running loan
    const insurerTurn = await application(parties, "INSURER_REVIEW", { hoursInStage: 2 });
    const otherBank = await createOrg({ kind: "BANK" });
    await application({ ...parties, bankId: otherBank.id }, "BANK_REVIEW", { hoursInStage: 100 });

    const mine = await listPledgeApplications(bank, { queue: "mine", page: 1, pageSize: 20 });
    expect(mine.items.map((a) => a.id)).toEqual([review3d.id, reportIn.id, review5h.id]);
    expect(mine.total).toBe(3);
    expect(mine.items[0].stageEnteredAt).toBe(review3d.stageEnteredAt.toISOString());
    const page2 = await listPledgeApplications(bank, { queue: "mine", page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ total: 3, items: [{ id: review5h.id }] });
    expect((await listPledgeApplications(bank, { queue: "mine", status: "BANK_REVIEW", page: 1, pageSize: 20 })).items.map((a) => a.id)).toEqual([review3d.id, review5h.id]);
    expect((await listPledgeApplications(bank, { queue: "all", page: 1, pageSize: 20 })).total).toBe(7);

    expect((await listPledgeApplications(insurer, { queue: "mine", page: 1, pageSize: 20 })).items.map((a) => a.id)).toEqual([insurerTurn.id]);
  });

  it("shows the loan cap once SME and bank accepted the report (not before), with the policy", async () => {
    const sme = await actorOf("SME");
    const parties = { smeId: sme.orgId, bankId: (await createOrg({ kind: "BANK" })).id, insurerId: (await createOrg({ kind: "INSURER" })).id };
    const halfway = await application(parties, "APPRAISAL", { smeAccepted: true });
    expect(await loanCapOf(await getPledgeApplication(sme, halfway.id))).toBeNull();
    const accepted = await application(parties, "BANK_REVIEW", { smeAccepted: true, bankAccepted: true });
    // SPEC §8 worked example: 3,000,000.00 × 0.25 + 800,000.00 × 0.15.
    expect(await loanCapOf(await getPledgeApplication(sme, accepted.id))).toEqual({ amount: "870000.00", policyRef: "ZS-FIN@2024-1" });
  });

  it("names who acted on the timeline: org and person, an API key, the platform", async () => {
    const sme = await actorOf("SME");
    const bank = await actorOf("BANK");
    const parties = { smeId: sme.orgId, bankId: bank.orgId, insurerId: (await createOrg({ kind: "INSURER" })).id };
    const app = await application(parties, "BANK_REVIEW", { smeAccepted: true, bankAccepted: true });
    const key = await db.apiKey.create({ data: { orgId: bank.orgId, name: "信贷系统", prefix: "ipb_test", hash: `h-${app.id}` } });
    await db.user.update({ where: { id: bank.userId }, data: { name: "孙晓梅" } });
    await db.$transaction(async (tx) => {
      await recordAudit(tx, bank, { entityType: "PledgeApplication", entityId: app.id, action: "accept-report" });
      await recordAudit(tx, { ...bank, userId: null, apiKeyId: key.id }, { entityType: "PledgeApplication", entityId: app.id, action: "accept-report" });
      await recordAudit(tx, null, { entityType: "PledgeApplication", entityId: app.id, action: "start-bank-review", orgId: null });
    });
    const bankName = (await db.organization.findUniqueOrThrow({ where: { id: bank.orgId } })).name;
    const { timeline } = await getPledgeApplication(sme, app.id);
    expect(timeline.map((e) => e.actor)).toEqual([
      { platform: false, org: bankName, person: "孙晓梅", apiKey: null },
      { platform: false, org: bankName, person: null, apiKey: "信贷系统" },
      { platform: true, org: null, person: null, apiKey: null },
    ]);
  });
});
