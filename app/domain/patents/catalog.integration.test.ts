import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { actorOf, patentInput, randomApplicationNumber } from "../../../test/factories/patents";
import { waitFor } from "../../../test/setup/wait-for";
import { getPatentDetail, listOwnPatents, searchListedPatents } from "./queries.server";
import { patentInputSchema } from "./schemas";
import { changePatentStatus, createPatent, updatePatent } from "./save-patent.server";
import { closePatentSearch, syncSearchNow } from "./search-index.server";

afterAll(async () => {
  await closePatentSearch();
});

const searchIds = async (q: string) => (await searchListedPatents({ q, pageSize: 50 })).hits.map((h) => h.id);
const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: DomainError) => e.code);

describe("patent catalog", () => {
  it("keeps drafts to their holder and makes listed patents public and searchable", async () => {
    const holder = await actorOf("UNIVERSITY");
    const other = await actorOf("SOE");
    const draft = await createPatent(holder, patentInput({ title: "一种柞水木耳即食脆片的制备方法" }));
    expect(draft.status).toBe("DRAFT");

    expect(await codeOf(getPatentDetail(null, draft.id))).toBe("NOT_FOUND");
    expect(await codeOf(getPatentDetail(other, draft.id))).toBe("NOT_FOUND");
    const mine = await getPatentDetail(holder, draft.id);
    expect(mine).toMatchObject({ status: "DRAFT", canEdit: true, actions: ["list"], inventors: ["张三", "李四"], ipc: ["A23L31/00"] });
    expect(mine.expiryDate).toBe("2040-03-01");

    await syncSearchNow();
    expect(await searchIds("木耳即食脆片")).not.toContain(draft.id);

    const listed = await changePatentStatus(holder, draft.id, "list", draft.version);
    expect(listed.status).toBe("LISTED");
    await syncSearchNow();
    expect(await searchIds("木耳即食脆片")).toContain(draft.id);
    expect((await getPatentDetail(null, draft.id)).canEdit).toBe(false);

    await changePatentStatus(holder, draft.id, "unlist");
    await syncSearchNow();
    expect(await searchIds("木耳即食脆片")).not.toContain(draft.id);
    expect(await codeOf(getPatentDetail(null, draft.id))).toBe("NOT_FOUND");
  });

  it("follows edits into the index and refuses stale versions and duplicates", async () => {
    const holder = await actorOf("RESEARCH_INSTITUTE");
    const appNo = randomApplicationNumber();
    const saved = await createPatent(holder, patentInput({ applicationNumber: appNo, title: "一种五味子木脂素的提取纯化工艺" }), { publish: true });
    await syncSearchNow();
    expect(await searchIds("五味子木脂素")).toContain(saved.id);

    const edited = await updatePatent(holder, saved.id, patentInput({ applicationNumber: appNo, title: "一种连翘苷的超声提取工艺" }), saved.version);
    expect(edited.version).toBe(saved.version + 1);
    await syncSearchNow();
    expect(await searchIds("连翘苷")).toContain(saved.id);
    // The index holds the new text only: the old title's words no longer match it.
    const old = (await searchListedPatents({ q: "五味子木脂素", pageSize: 50 })).hits.find((h) => h.id === saved.id);
    expect(old?.matchedTerms ?? []).not.toContain("五味子");
    expect(old?.title.map((t) => t.text).join("") ?? "一种连翘苷的超声提取工艺").toBe("一种连翘苷的超声提取工艺");

    expect(await codeOf(updatePatent(holder, saved.id, patentInput({ applicationNumber: appNo }), saved.version))).toBe("CONFLICT");
    const dup = await createPatent(holder, patentInput({ applicationNumber: appNo })).catch((e: DomainError) => e);
    expect(dup).toMatchObject({ code: "VALIDATION", fieldErrors: { applicationNumber: [expect.stringContaining("已在平台登记")] } });
    expect(await db.patent.count({ where: { applicationNumber: appNo } })).toBe(1);
  });

  it("lets nobody but the holder edit, list or unlist, and refuses impossible moves", async () => {
    const holder = await actorOf("SOE");
    const sme = await actorOf("SME");
    const otherHolder = await actorOf("SOE");
    const saved = await createPatent(holder, patentInput(), { publish: true });
    expect(await codeOf(changePatentStatus(sme, saved.id, "unlist"))).toBe("FORBIDDEN");
    expect(await codeOf(changePatentStatus(otherHolder, saved.id, "unlist"))).toBe("NOT_FOUND");
    expect(await codeOf(updatePatent(otherHolder, saved.id, patentInput()))).toBe("NOT_FOUND");
    expect(await codeOf(changePatentStatus(holder, saved.id, "list"))).toBe("INVALID_STATE");
    expect(await codeOf(createPatent(sme, patentInput()))).toBe("FORBIDDEN");
  });

  it("will not list a patent without terms or one that has lapsed", async () => {
    const holder = await actorOf("UNIVERSITY");
    const noTerms = await createPatent(holder, patentInput({ listingMode: undefined, askingPrice: undefined }));
    const e = await changePatentStatus(holder, noTerms.id, "list").catch((err: DomainError) => err);
    expect(e).toMatchObject({ code: "VALIDATION", fieldErrors: { listingMode: [expect.any(String)] } });
    const lapsed = await createPatent(holder, patentInput({ legalStatus: "LAPSED", listingMode: undefined, askingPrice: undefined }));
    expect(await codeOf(changePatentStatus(holder, lapsed.id, "list"))).toBe("VALIDATION");
    expect(patentInputSchema.safeParse({ ...patentInput(), legalStatus: "LAPSED" }).success).toBe(false); // nor may it carry terms
    expect((await db.patent.findUniqueOrThrow({ where: { id: lapsed.id } })).status).toBe("DRAFT");
  });

  it("sees a listing committed after the follower looked (transaction ids, not timestamps)", async () => {
    const holder = await actorOf("UNIVERSITY");
    await syncSearchNow();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let startedId = "";
    // A slow transaction: it writes its patent first and commits only after the follower polled.
    const slow = db.$transaction(async (tx) => {
      const p = await tx.patent.create({
        data: { holderId: holder.orgId, title: "一种猪苓多糖注射液的制备方法", abstract: "猪苓多糖。", status: "LISTED", listedAt: clock.now(), listing: { create: { mode: "SOLE", negotiable: true } } },
      });
      startedId = p.id;
      await gate;
    });
    await waitFor(() => startedId !== "", { what: "the slow transaction to write its patent", intervalMs: 10 });
    await createPatent(holder, patentInput({ title: "一种天麻素的制备方法" }), { publish: true }); // commits first
    await syncSearchNow();
    expect(await searchIds("天麻素")).toHaveLength(1);
    expect(await searchIds("猪苓多糖注射液")).not.toContain(startedId);
    release();
    await slow;
    await syncSearchNow();
    expect(await searchIds("猪苓多糖注射液")).toContain(startedId);
  });

  // How fast (SPEC: within 2 s) is measured by bench:search, not asserted here: a loaded
  // machine may make it slower, and that must not turn the suite red.
  it("makes a listed patent searchable on its own (the follower polls; nothing forces it)", async () => {
    const holder = await actorOf("SOE");
    await searchListedPatents({ q: "" }); // the index exists and follows from here on
    const saved = await createPatent(holder, patentInput({ title: "一种钒钛磁铁矿综合回收工艺" }), { publish: true });
    await waitFor(async () => (await searchIds("钒钛磁铁矿")).includes(saved.id), { what: "the follower to index the new listing" });
  });

  it("pages the holder's own catalog", async () => {
    const holder = await actorOf("UNIVERSITY");
    for (let i = 0; i < 3; i++) await createPatent(holder, patentInput({ title: `一种核桃青皮提取物的制备方法（${i}）` }));
    const page = await listOwnPatents(holder, { page: 2, pageSize: 2 });
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0].actions).toEqual(["list"]);
  });
});
