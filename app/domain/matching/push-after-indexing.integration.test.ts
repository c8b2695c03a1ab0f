import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { nowMs } from "../shared/clock";
import { actorOf, patentInput } from "../../../test/factories/patents";
import { killWorkerProcesses, startWorkerProcess } from "../../../test/fixtures/worker-process";
import { waitFor } from "../../../test/setup/wait-for";
import { createPatent, updatePatent } from "../patents/save-patent.server";
import { needInputSchema, subscriptionInputSchema } from "../patents/schemas";
import { createNeed } from "./needs.server";
import { createSubscription } from "./subscriptions.server";

/**
 * The race of issue 15, with the real worker and Redis: listing a patent writes the
 * `matching.patent-changed` job and the search sync in one transaction, and the worker's
 * matcher used to run before the worker's index had the patent (the embedded index follows
 * the change feed every 500 ms, the outbox relay every 100 ms). The best match of a
 * subscribed need was then never pushed, and entered the need's matches only at a later
 * recomputation. Now the matcher makes the patents searchable first, then ranks and pushes.
 */
beforeAll(() => {
  startWorkerProcess();
});

afterAll(() => {
  killWorkerProcesses();
});

const pushesFor = (subscriptionId: string) =>
  db.outboxMessage.findMany({ where: { jobName: "notifications.deliver", payload: { path: ["sourceKey"], string_starts_with: `subscription:${subscriptionId}:` } } });

const matchedAfter = (needId: string, at: Date) =>
  waitFor(async () => ((await db.need.findUniqueOrThrow({ where: { id: needId }, select: { matchedAt: true } })).matchedAt?.getTime() ?? 0) > at.getTime(), {
    what: "the worker to re-rank the need after the listing",
  });

describe("targeted push through the worker", () => {
  it("pushes a newly listed best match once, to the need's and the saved search's subscriptions, after it is searchable", async () => {
    const sme = await actorOf("SME");
    const need = await createNeed(sme, needInputSchema.parse({ title: "香菇柄膳食纤维", description: "寻找以香菇柄为原料制备膳食纤维的技术，用于开发代餐产品。", subscribe: true }));
    const needSub = await db.subscription.findFirstOrThrow({ where: { needId: need.id } });
    const search = await createSubscription(sme, subscriptionInputSchema.parse({ kind: "SEARCH", name: "香菇柄", query: "q=香菇柄" }));
    await waitFor(async () => (await db.need.findUniqueOrThrow({ where: { id: need.id } })).matchedAt !== null, { what: "the need's first matches" });
    const subscribedAt = await db.subscription.findUniqueOrThrow({ where: { id: search.id }, select: { createdAt: true } });
    await waitFor(() => nowMs() > subscribedAt.createdAt.getTime(), { what: "the clock to pass the subscriptions", intervalMs: 1 });

    const holder = await actorOf("UNIVERSITY");
    const before = new Date(nowMs());
    const patent = await createPatent(
      holder,
      patentInput({ title: "一种香菇柄膳食纤维的制备方法", abstract: "本发明公开了一种以香菇柄为原料制备膳食纤维的方法，膳食纤维得率高，可用于代餐食品。" }),
      { publish: true },
    );
    await matchedAfter(need.id, before);
    await waitFor(async () => (await pushesFor(search.id)).length > 0, { what: "the saved search's push", timeoutMs: 30_000 });

    const matches = await db.needMatch.findMany({ where: { needId: need.id }, orderBy: { rank: "asc" }, select: { patentId: true, rank: true } });
    expect(matches[0]).toEqual({ patentId: patent.id, rank: 1 });
    expect((await pushesFor(needSub.id)).map((m) => (m.payload as { link: string }).link)).toEqual([`/patents/${patent.id}`]);
    expect(await pushesFor(search.id)).toHaveLength(1);

    // An edit of the listed patent runs the matcher again: nobody hears of it twice.
    const edited = new Date(nowMs());
    await updatePatent(holder, patent.id, patentInput({ title: "一种香菇柄膳食纤维的制备方法", abstract: "本发明公开了一种以香菇柄为原料制备膳食纤维的方法，得率高，可用于代餐食品。", applicationNumber: (await db.patent.findUniqueOrThrow({ where: { id: patent.id } })).applicationNumber }));
    await matchedAfter(need.id, edited);
    expect(await pushesFor(needSub.id)).toHaveLength(1);
    expect(await pushesFor(search.id)).toHaveLength(1);
    expect(await db.subscriptionHit.count({ where: { patentId: patent.id } })).toBe(2);
  });
});
