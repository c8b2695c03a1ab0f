import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { processDealJob } from "../../../workers/processors/deals";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { createUser } from "../../../test/factories";
import { pinClock, setClock, fixedClock } from "../shared/clock";
import { createPatent } from "../patents/save-patent.server";
import { actOnDeal, makeOffer, postDealMessage } from "./act-on-deal.server";
import { createDeal } from "./create-deal.server";
import { flagOverdueInquiries } from "./flag-overdue.server";
import { getDeal } from "./queries.server";

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});
const at = (iso: string) => {
  restore?.();
  restore = setClock(fixedClock(new Date(iso)));
};

/** A university holder with two members, a listed patent, and an SME. */
async function world() {
  const holder = await actorOf("UNIVERSITY");
  const colleague = await createUser({ orgId: holder.orgId, role: "MEMBER" });
  const sme = await actorOf("SME");
  const patent = await createPatent(holder, patentInput({ listingMode: "NON_EXCLUSIVE" }), { publish: true });
  return { holder, colleague, sme, patent };
}

const overdueNotices = async (dealId: string) =>
  (await db.outboxMessage.findMany({ where: { jobName: "notifications.deliver" } }))
    .map((m) => m.payload as { sourceKey: string; orgId: string; userIds: string[]; kind: string; body: string })
    .filter((p) => p.sourceKey === `deal.overdue:${dealId}`);

// 2026-03-02 is a Monday; times are Asia/Shanghai.
describe("the inquiry SLA (issue 14 §9)", () => {
  it("flags an unanswered inquiry once after five working days, tells the holder's members, and the holder's answer clears it", async () => {
    const { holder, colleague, sme, patent } = await world();
    at("2026-03-06T17:30:00+08:00"); // Friday evening
    const deal = await createDeal(sme, { patentId: patent.id, mode: "NON_EXCLUSIVE", message: "想了解许可条件" });

    // Due by the end of the following Friday: the weekend does not count.
    at("2026-03-13T23:59:00+08:00");
    expect(await flagOverdueInquiries()).toEqual({ flagged: 0 });
    at("2026-03-14T00:00:00+08:00");
    expect(await flagOverdueInquiries(undefined, 5)).toEqual({ flagged: 1 });
    // Once: a second run (the next quarter hour) flags nothing and tells nobody again.
    at("2026-03-14T00:15:00+08:00");
    expect(await flagOverdueInquiries()).toEqual({ flagged: 0 });

    const flagged = await getDeal(holder, deal.id);
    expect(flagged.overdue).toBe(true);
    expect(flagged.version).toBe(deal.version); // a flag is not a move: nobody's version goes stale
    const events = flagged.timeline.filter((e) => e.action === "sla.overdue");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: "INQUIRY", to: "INQUIRY", data: { slaWorkingDays: 5, dueOn: "2026-03-13" } });
    const notices = await overdueNotices(deal.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ orgId: holder.orgId, kind: "deal.overdue" });
    expect(new Set(notices[0].userIds)).toEqual(new Set([holder.userId, colleague.user.id]));
    expect(notices[0].body).toContain("5 个工作日");

    // The SME writing again does not answer the inquiry; the holder's message does.
    await postDealMessage(sme, deal.id, { body: "请问是否方便答复？" });
    expect((await db.deal.findUniqueOrThrow({ where: { id: deal.id } })).overdueFlaggedAt).not.toBeNull();
    await postDealMessage(holder, deal.id, { body: "收到，下周报价。" });
    const answered = await db.deal.findUniqueOrThrow({ where: { id: deal.id } });
    expect(answered.overdueFlaggedAt).toBeNull();
    expect(answered.answeredAt).not.toBeNull();
    at("2026-03-30T09:00:00+08:00");
    expect(await flagOverdueInquiries()).toEqual({ flagged: 0 });
    expect(await overdueNotices(deal.id)).toHaveLength(1);
  });

  it("never flags an inquiry the holder answered with an offer in time, and a decline clears a flag", async () => {
    const { holder, sme, patent } = await world();
    at("2026-03-02T09:00:00+08:00"); // Monday
    const answeredInTime = await createDeal(sme, { patentId: patent.id, mode: "NON_EXCLUSIVE" });
    const other = await world();
    const ignored = await createDeal(other.sme, { patentId: other.patent.id, mode: "NON_EXCLUSIVE" });

    at("2026-03-09T16:00:00+08:00"); // the last day (Monday)
    await makeOffer(holder, answeredInTime.id, { mode: "NON_EXCLUSIVE", upfront: "50000.00", royaltyRate: "0.03", termMonths: 36, territory: "中国大陆", validUntil: "2026-04-30" });
    at("2026-03-10T00:00:01+08:00");
    expect(await flagOverdueInquiries()).toEqual({ flagged: 1 });
    expect((await db.deal.findUniqueOrThrow({ where: { id: answeredInTime.id } })).overdueFlaggedAt).toBeNull();
    expect(await overdueNotices(answeredInTime.id)).toHaveLength(0);

    const flagged = await db.deal.findUniqueOrThrow({ where: { id: ignored.id } });
    expect(flagged.overdueFlaggedAt?.toISOString()).toBe("2026-03-09T16:00:01.000Z");
    await actOnDeal(other.holder, ignored.id, "decline", { version: flagged.version, reason: "TOO_EARLY" });
    const declined = await db.deal.findUniqueOrThrow({ where: { id: ignored.id } });
    expect(declined).toMatchObject({ status: "DECLINED", overdueFlaggedAt: null });
    expect(declined.answeredAt).not.toBeNull();
  });

  it("takes the number of working days from the setting, and the scheduled job runs the same check", async () => {
    const { sme, patent } = await world();
    restore = pinClock("2026-03-02T10:00:00+08:00");
    const deal = await createDeal(sme, { patentId: patent.id, mode: "NON_EXCLUSIVE" });
    restore();
    // With 2 working days (Tue, Wed) it is late on Thursday; with the default 5 not yet.
    at("2026-03-05T08:00:00+08:00");
    expect(await flagOverdueInquiries(undefined, 5)).toEqual({ flagged: 0 });
    expect(await processDealJob({ id: "t1", name: "deals.flag-overdue", data: {} })).toEqual({ flagged: 0 });
    expect(await flagOverdueInquiries(undefined, 2)).toEqual({ flagged: 1 });
    at("2026-03-10T08:00:00+08:00");
    expect(await processDealJob({ id: "t2", name: "deals.flag-overdue", data: {} })).toEqual({ flagged: 0 });
    expect((await db.deal.findUniqueOrThrow({ where: { id: deal.id } })).overdueFlaggedAt).not.toBeNull();
    await expect(processDealJob({ id: "t3", name: "deals.unknown", data: {} })).rejects.toThrow(/unknown job/);
  });
});
