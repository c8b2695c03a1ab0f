import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { createUser } from "../../../test/factories";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { changePatentStatus, createPatent } from "../patents/save-patent.server";
import { recordPatentView } from "../patents/views.server";
import { shanghaiDate } from "../shared/calendar";
import { clock } from "../shared/clock";
import type { DomainError } from "../shared/errors";
import { actOnDeal, makeOffer } from "./act-on-deal.server";
import { createDeal } from "./create-deal.server";
import { holderDealInsight } from "./insight.server";

const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: DomainError) => e.code);
const nextMonth = () => shanghaiDate(new Date(clock.now().getTime() + 30 * 86_400_000));
const views = async (patentId: string) => (await db.patentViewCount.findUnique({ where: { patentId } }))?.views ?? 0;

describe("patent views (issue 14 §10)", () => {
  it("counts visitors and other orgs, never the holder, and only listed patents; concurrent views all count", async () => {
    const holder = await actorOf("RESEARCH_INSTITUTE");
    const sme = await actorOf("SME");
    const listed = await createPatent(holder, patentInput(), { publish: true });
    const draft = await createPatent(holder, patentInput());

    expect(await recordPatentView(listed.id, null)).toBe(true);
    expect(await recordPatentView(listed.id, sme.orgId)).toBe(true);
    expect(await recordPatentView(listed.id, holder.orgId)).toBe(false);
    expect(await recordPatentView(draft.id, sme.orgId)).toBe(false);
    expect(await recordPatentView("no-such-patent", null)).toBe(false);
    expect(await views(listed.id)).toBe(2);
    expect(await db.patentViewCount.findUnique({ where: { patentId: draft.id } })).toBeNull();

    await Promise.all(Array.from({ length: 20 }, () => recordPatentView(listed.id, sme.orgId)));
    expect(await views(listed.id)).toBe(22);

    await changePatentStatus(holder, listed.id, "unlist");
    expect(await recordPatentView(listed.id, null)).toBe(false);
    expect(await views(listed.id)).toBe(22);
  });
});

describe("holderDealInsight (issue 14 §10)", () => {
  it("sums views, deals by status and decline reasons per patent and over the holder's patents", async () => {
    const holder = await actorOf("UNIVERSITY");
    const member = { ...holder, userId: (await createUser({ orgId: holder.orgId, role: "MEMBER" })).user.id, role: "MEMBER" as const };
    const [smeA, smeB, smeC] = [await actorOf("SME"), await actorOf("SME"), await actorOf("SME")];
    const popular = await createPatent(holder, patentInput({ title: "一种木耳菌渣再利用的有机肥制备方法", listingMode: "NON_EXCLUSIVE" }), { publish: true });
    const quiet = await createPatent(holder, patentInput({ title: "一种板栗去壳装置", listingMode: "NON_EXCLUSIVE" }), { publish: true });
    const unseen = await createPatent(holder, patentInput({ title: "一种无人问津的专利" }), { publish: true });

    // Another holder's patent and deals must not show.
    const otherHolder = await actorOf("SOE");
    const theirs = await createPatent(otherHolder, patentInput(), { publish: true });
    await createDeal(smeA, { patentId: theirs.id, mode: "NON_EXCLUSIVE" });
    await recordPatentView(theirs.id, smeA.orgId);

    for (const viewer of [null, smeA.orgId, smeB.orgId, smeC.orgId, holder.orgId]) await recordPatentView(popular.id, viewer);
    await recordPatentView(quiet.id, smeA.orgId);

    // popular: one declined for price, one declined (other reason), one agreed after an offer; quiet: an open inquiry.
    const d1 = await createDeal(smeA, { patentId: popular.id, mode: "NON_EXCLUSIVE" });
    await actOnDeal(holder, d1.id, "decline", { version: d1.version, reason: "PRICE" });
    const d2 = await createDeal(smeB, { patentId: popular.id, mode: "NON_EXCLUSIVE" });
    await actOnDeal(holder, d2.id, "decline", { version: d2.version, reason: "OTHER", note: "团队另有安排" });
    const d3 = await createDeal(smeC, { patentId: popular.id, mode: "NON_EXCLUSIVE" });
    const offered = await makeOffer(holder, d3.id, { mode: "NON_EXCLUSIVE", upfront: "0", royaltyRate: "0.03", termMonths: 24, territory: "中国大陆", validUntil: nextMonth() });
    await actOnDeal(smeC, d3.id, "accept-offer", { version: offered.version });
    await createDeal(smeB, { patentId: quiet.id, mode: "NON_EXCLUSIVE" });

    const insight = await holderDealInsight(member);
    expect(insight.patents.map((p) => p.patent.id)).toEqual([popular.id, quiet.id]);
    expect(insight.patents.map((p) => p.patent.id)).not.toContain(unseen.id);
    const [top, second] = insight.patents;
    expect(top).toMatchObject({
      patent: { title: "一种木耳菌渣再利用的有机肥制备方法", status: "LISTED", heldNow: true },
      views: 4,
      inquiries: 3,
      byStatus: { INQUIRY: 0, NEGOTIATING: 0, AGREED: 1, DECLINED: 2, CANCELLED: 0 },
      declineReasons: { PRICE: 1, OTHER: 1, TOO_EARLY: 0, BENEFIT_UNCLEAR: 0, NOT_AVAILABLE: 0 },
    });
    expect(second).toMatchObject({ views: 1, inquiries: 1, byStatus: { INQUIRY: 1 }, declineReasons: { PRICE: 0 } });
    expect(insight.summary).toMatchObject({
      patents: 2,
      views: 5,
      inquiries: 4,
      byStatus: { INQUIRY: 1, AGREED: 1, DECLINED: 2 },
      declineReasons: { PRICE: 1, OTHER: 1 },
      agreedRate: 0.25,
    });
  });

  it("is empty for a holder without interest, and not found for orgs that hold no patents", async () => {
    const holder = await actorOf("SOE");
    expect(await holderDealInsight(holder)).toEqual({
      patents: [],
      summary: expect.objectContaining({ patents: 0, views: 0, inquiries: 0, agreedRate: null }),
    });
    expect(await codeOf(holderDealInsight(await actorOf("BANK")))).toBe("NOT_FOUND");
    expect(await codeOf(holderDealInsight(await actorOf("GOVERNMENT")))).toBe("NOT_FOUND");
  });
});
