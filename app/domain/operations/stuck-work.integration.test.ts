import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { createDeal } from "../deals/create-deal.server";
import { flagOverdueInquiries } from "../deals/flag-overdue.server";
import { postDealMessage } from "../deals/act-on-deal.server";
import { createPatent } from "../patents/save-patent.server";
import { fixedClock, setClock } from "../shared/clock";
import { listStuckWork } from "./stuck-work.server";

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});
const at = (iso: string) => {
  restore?.();
  restore = setClock(fixedClock(new Date(iso)));
};

describe("stuck work for the platform's operators (issue 19 §6)", () => {
  it("lists what the SLA jobs flagged and is still waiting, by stage and the party owing the next step; an answer takes it off", async () => {
    const platform = await actorOf("PLATFORM");
    const holder = await actorOf("UNIVERSITY");
    const sme = await actorOf("SME");
    const patent = await createPatent(holder, patentInput({ listingMode: "NON_EXCLUSIVE" }), { publish: true });
    const holderName = (await db.organization.findUniqueOrThrow({ where: { id: holder.orgId } })).name;

    at("2026-03-02T09:00:00+08:00"); // a Monday
    const deal = await createDeal(sme, { patentId: patent.id, mode: "NON_EXCLUSIVE", message: "想了解许可条件" });
    // Not flagged yet: nothing is stuck, whatever its age.
    const before = await listStuckWork(platform);
    expect(before.items.filter((i) => i.link === `/deals/${deal.id}`)).toEqual([]);

    at("2026-03-16T09:00:00+08:00");
    await flagOverdueInquiries(undefined, 5);
    const stuck = await listStuckWork(platform);
    const item = stuck.items.find((i) => i.link === `/deals/${deal.id}`);
    expect(item).toMatchObject({ area: "deal", stageKey: "stuck.stage.inquiry", party: holderName });
    expect(stuck.groups).toContainEqual({ stageKey: "stuck.stage.inquiry", party: holderName, count: expect.any(Number) });

    // The holder answers: the deal is no longer stuck.
    await postDealMessage(holder, deal.id, { body: "可以普通许可，稍后给出报价。" });
    expect((await listStuckWork(platform)).items.some((i) => i.link === `/deals/${deal.id}`)).toBe(false);
  });

  it("is the platform's alone", async () => {
    for (const kind of ["SME", "BANK", "GOVERNMENT"] as const) await expect(listStuckWork(await actorOf(kind))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
