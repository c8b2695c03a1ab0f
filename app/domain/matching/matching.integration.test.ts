import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { nowMs } from "../shared/clock";
import type { DomainError } from "../shared/errors";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { waitFor } from "../../../test/setup/wait-for";
import { createPatent } from "../patents/save-patent.server";
import { needInputSchema, subscriptionInputSchema } from "../patents/schemas";
import { closePatentSearch, syncSearchNow } from "../patents/search-index.server";
import { computeNeedMatches, handlePatentsChanged } from "./compute-matches.server";
import { createNeed, getNeedMatches } from "./needs.server";
import { createSubscription } from "./subscriptions.server";

/** Until the application's clock reads later than `at`: what is listed from then on is new to a subscription made at `at`. */
const clockPasses = (at: Date) => waitFor(() => nowMs() > at.getTime(), { what: `the clock to pass ${at.toISOString()}`, intervalMs: 1 });

afterAll(async () => {
  await closePatentSearch();
});

const pushesFor = (subscriptionId: string) =>
  db.outboxMessage.findMany({ where: { jobName: "notifications.deliver", payload: { path: ["sourceKey"], string_starts_with: `subscription:${subscriptionId}:` } } });

describe("needs and matching", () => {
  it("ranks listed patents for a need, best first, with reasons a person can read", async () => {
    const holder = await actorOf("UNIVERSITY");
    const fungus = await createPatent(
      holder,
      patentInput({ title: "一种黑木耳多糖的超声辅助提取方法", abstract: "本发明公开了一种黑木耳多糖的提取方法，多糖得率高。", mainIpc: "A23L31/00", askingPrice: "300000.00" }),
      { publish: true },
    );
    const herb = await createPatent(holder, patentInput({ title: "一种天麻饮片的炮制方法", abstract: "本发明涉及中药材天麻的炮制。", mainIpc: "A61K36/8988", clusters: ["秦岭医药"] }), { publish: true });
    await createPatent(holder, patentInput({ title: "一种木耳多糖口服液（草稿）", abstract: "木耳多糖口服液。" })); // a draft: never matched
    await syncSearchNow();

    const sme = await actorOf("SME");
    const need = await createNeed(sme, needInputSchema.parse({
      title: "黑木耳多糖提取技术",
      description: "我们是柞水县的木耳加工企业，想提高黑木耳多糖的提取得率，用于开发功能饮品。",
      ipcHints: "A23L",
      clusters: ["木耳深加工"],
      budgetMax: "500000",
      preferredHolderKinds: ["UNIVERSITY"],
    }));
    expect((await getNeedMatches(sme, need.id)).pending).toBe(true);
    expect(await db.outboxMessage.count({ where: { jobName: "matching.compute-need", payload: { equals: { needId: need.id } } } })).toBe(1);

    const ranked = await computeNeedMatches(need.id);
    expect(ranked[0]).toBe(fungus.id);
    expect(ranked).not.toContain(undefined);
    const { matches, pending } = await getNeedMatches(sme, need.id);
    expect(pending).toBe(false);
    expect(matches[0]).toMatchObject({ rank: 1, patentId: fungus.id, patent: { title: "一种黑木耳多糖的超声辅助提取方法" } });
    const reasons = matches[0].reasons.map((r) => r.text);
    expect(reasons[0]).toMatch(/^匹配关键词：.*多糖/);
    expect(reasons).toContain("IPC 同小类（A23L）");
    expect(reasons).toContain("同属产业集群：木耳深加工");
    expect(reasons).toContain("报价 30万元，在预算 50万元 内");
    expect(reasons).toContain("持有方为高校（符合偏好）");
    const herbMatch = matches.find((m) => m.patentId === herb.id);
    if (herbMatch) expect(herbMatch.score).toBeLessThan(matches[0].score);

    // Recomputing gives the same ranking and keeps one row per patent.
    expect(await computeNeedMatches(need.id)).toEqual(ranked);
    expect(await db.needMatch.count({ where: { needId: need.id } })).toBe(ranked.length);
  });

  it("shows a need and its matches to its own org only", async () => {
    const sme = await actorOf("SME");
    const other = await actorOf("SME");
    const need = await createNeed(sme, needInputSchema.parse({ title: "核桃青皮综合利用", description: "希望把核桃青皮变废为宝，开发天然染料或提取物。" }));
    expect(await getNeedMatches(other, need.id).catch((e: DomainError) => e.code)).toBe("NOT_FOUND");
    const holder = await actorOf("SOE");
    expect(await createNeed(holder, needInputSchema.parse({ title: "镁合金", description: "镁合金压铸件的表面防腐处理技术。" })).catch((e: DomainError) => e.code)).toBe("FORBIDDEN");
  });

  it("says when nothing fits a need, instead of listing whatever shares a word", async () => {
    const sme = await actorOf("SME");
    const need = await createNeed(sme, needInputSchema.parse({ title: "钛合金薄板焊接变形", description: "我们厂焊钛合金薄板，焊完翘得厉害，想找控制焊接变形的办法。" }));
    await computeNeedMatches(need.id);
    const result = await getNeedMatches(sme, need.id);
    expect(result).toMatchObject({ pending: false, nothingFits: true, matches: [] });
    for (const m of result.nearest) expect(m.reasons.map((r) => r.text).join("")).not.toMatch(/我们|想|办法/);
  });
});

describe("targeted push (专利信息定点推送)", () => {
  it("tells a saved search about each newly listed matching patent once, however often the job runs", async () => {
    const holder = await actorOf("RESEARCH_INSTITUTE");
    const old = await createPatent(holder, patentInput({ title: "一种连翘叶茶的加工方法", abstract: "连翘叶茶。" }), { publish: true });
    const sme = await actorOf("SME");
    const search = await createSubscription(sme, subscriptionInputSchema.parse({ kind: "SEARCH", name: "连翘新技术", query: "q=连翘" }));
    await clockPasses((await db.subscription.findUniqueOrThrow({ where: { id: search.id } })).createdAt); // listed strictly after the subscription

    const fresh = await createPatent(holder, patentInput({ title: "一种连翘苷的高效提取工艺", abstract: "本发明涉及连翘苷的提取。" }), { publish: true });
    const unrelated = await createPatent(holder, patentInput({ title: "一种镁合金压铸模具", abstract: "镁合金。", mainIpc: "B22D17/22" }), { publish: true });
    await syncSearchNow();

    const ids = [old.id, fresh.id, unrelated.id];
    await handlePatentsChanged(ids);
    await handlePatentsChanged(ids); // at least once: a retried job
    await Promise.all([handlePatentsChanged([fresh.id]), handlePatentsChanged([fresh.id])]); // and a race

    expect(await db.subscriptionHit.findMany({ where: { subscriptionId: search.id }, select: { patentId: true } })).toEqual([{ patentId: fresh.id }]);
    const pushes = await pushesFor(search.id);
    expect(pushes).toHaveLength(1);
    expect(pushes[0].payload).toMatchObject({ userIds: [sme.userId], link: `/patents/${fresh.id}`, body: expect.stringContaining("一种连翘苷的高效提取工艺") });
  });

  it("pushes new top matches of a subscribed need", async () => {
    const sme = await actorOf("SME");
    const need = await createNeed(sme, needInputSchema.parse({ title: "猪苓多糖制剂", description: "寻找猪苓多糖提取与制剂相关专利，用于开发保健产品。", subscribe: true }));
    await computeNeedMatches(need.id);
    const sub = await db.subscription.findFirstOrThrow({ where: { needId: need.id } });
    await clockPasses(sub.createdAt);

    const holder = await actorOf("UNIVERSITY");
    const p = await createPatent(holder, patentInput({ title: "一种猪苓多糖胶囊的制备方法", abstract: "本发明涉及猪苓多糖的提取和胶囊制剂。" }), { publish: true });
    await syncSearchNow();
    await handlePatentsChanged([p.id]);
    await handlePatentsChanged([p.id]);
    expect(await pushesFor(sub.id)).toHaveLength(1);
    expect((await getNeedMatches(sme, need.id)).matches.map((m) => m.patentId)).toContain(p.id);
  });
});
