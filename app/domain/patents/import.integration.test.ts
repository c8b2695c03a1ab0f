import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import type { DomainError } from "../shared/errors";
import { actorOf, randomApplicationNumber } from "../../../test/factories/patents";
import { getPatentImport, runPatentImport, startPatentImport } from "./import-patents.server";
import { searchListedPatents } from "./queries.server";
import { closePatentSearch, syncSearchNow } from "./search-index.server";
import { KPPATENT_PATENTS } from "../../../test/fixtures/shared-data";

afterAll(async () => {
  await closePatentSearch();
});

const utf8 = (text: string) => new TextEncoder().encode(text);
const jsonl = (rows: object[]) => utf8(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
const good = (title: string, over: object = {}) => ({
  applicationNumber: randomApplicationNumber(),
  title,
  abstract: `${title}，本发明涉及木耳深加工。`,
  mainIpc: "A23L31/00",
  filingDate: "2021-04-02",
  grantDate: "2023-01-10",
  listingMode: "NON_EXCLUSIVE",
  askingPrice: "120000.00",
  ...over,
});

async function importOnce(actor: Awaited<ReturnType<typeof actorOf>>, bytes: Uint8Array, mode: "ALL_OR_NOTHING" | "SKIP_INVALID", fileName = "patents.jsonl") {
  const started = await startPatentImport(actor, { fileName, bytes, mode });
  await runPatentImport(started.id); // what the worker does with the outbox job
  return getPatentImport(actor, started.id);
}

describe("bulk import", () => {
  it("imports nothing from a file with two bad rows, lists both errors, then imports the rest when asked to skip", async () => {
    const holder = await actorOf("UNIVERSITY");
    const rows = [
      good("一种木耳菌渣制备有机肥的方法"),
      { ...good("一种黑木耳多糖饮料"), applicationNumber: "CN201710117081.3" }, // wrong check digit
      good("一种木耳冻干脆片的加工工艺"),
      { ...good(""), abstract: "" }, // no title (allowed: it stays a draft), no abstract (an error)
      good("一种木耳即食凉拌菜的杀菌方法"),
    ];
    const strict = await importOnce(holder, jsonl(rows), "ALL_OR_NOTHING");
    expect(strict).toMatchObject({ status: "FAILED", total: 5, created: 0, failed: 2, done: true });
    expect(strict.errors.map((e) => [e.line, e.field])).toEqual([
      [2, "applicationNumber"],
      [4, "abstract"],
    ]);
    expect(strict.errors[0].message).toContain("校验位");
    expect(await db.patent.count({ where: { holderId: holder.orgId } })).toBe(0);

    const lenient = await importOnce(holder, jsonl(rows), "SKIP_INVALID");
    expect(lenient).toMatchObject({ status: "SUCCEEDED", total: 5, processed: 5, created: 3, updated: 0, failed: 2 });
    expect(await db.patent.count({ where: { holderId: holder.orgId, status: "LISTED" } })).toBe(3);
    await syncSearchNow();
    expect((await searchListedPatents({ q: "木耳冻干脆片" })).hits.map((h) => h.patent.title)).toContain("一种木耳冻干脆片的加工工艺");
    expect(await db.patentImportFile.count({ where: { importId: lenient.id } })).toBe(0);
  });

  it("updates on re-import instead of duplicating, and never takes over another holder's patent", async () => {
    const holder = await actorOf("RESEARCH_INSTITUTE");
    const rows = [good("一种天麻素的提取方法"), good("一种丹参酮的纯化方法")];
    expect(await importOnce(holder, jsonl(rows), "ALL_OR_NOTHING")).toMatchObject({ status: "SUCCEEDED", created: 2, updated: 0 });
    rows[0] = { ...rows[0], title: "一种天麻素的低温提取方法" };
    expect(await importOnce(holder, jsonl(rows), "ALL_OR_NOTHING")).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 2 });
    expect(await db.patent.count({ where: { holderId: holder.orgId } })).toBe(2);
    expect(await db.patent.findFirst({ where: { applicationNumber: rows[0].applicationNumber }, select: { title: true, version: true } })).toEqual({
      title: "一种天麻素的低温提取方法",
      version: 2,
    });

    const rival = await actorOf("SOE");
    const taken = await importOnce(rival, jsonl([good("一种新的钒钛合金"), rows[1]]), "ALL_OR_NOTHING");
    expect(taken).toMatchObject({ status: "FAILED", created: 0 });
    expect(taken.errors).toEqual([{ line: 2, field: "applicationNumber", message: expect.stringContaining("其他机构") }]);
    expect(await db.patent.count({ where: { holderId: rival.orgId } })).toBe(0);
  });

  it("loads KPPatent-ZH's patents.jsonl as it is, says why each row is a draft, and refuses its 19 number-less rows on re-import", async () => {
    const holder = await actorOf("UNIVERSITY");
    const view = await importOnce(holder, readFileSync(KPPATENT_PATENTS()), "ALL_OR_NOTHING");
    expect(view).toMatchObject({ status: "SUCCEEDED", total: 450, created: 450, listed: 0, drafted: 450, failed: 0, errors: [] });
    expect(await db.patent.count({ where: { holderId: holder.orgId, status: "DRAFT" } })).toBe(450);
    expect(view.notes).toHaveLength(450);
    expect(view.notes.every((n) => n.kind === "DRAFT" && n.patentId && n.message.includes("申请号") && n.message.includes("交易方式"))).toBe(true);
    // Row 64 has no title: it stays empty (nothing guessed), and the note says so.
    const untitled = view.notes.find((n) => n.line === 64)!;
    expect(untitled.message).toContain("标题为空");
    expect(await db.patent.findUniqueOrThrow({ where: { id: untitled.patentId }, select: { title: true } })).toEqual({ title: "" });
    expect(await db.patent.count({ where: { holderId: holder.orgId, contentKey: null } })).toBe(0);

    const again = await importOnce(holder, readFileSync(KPPATENT_PATENTS()), "ALL_OR_NOTHING");
    expect(again).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 431, drafted: 431, listed: 0 });
    const duplicates = again.notes.filter((n) => n.kind === "DUPLICATE");
    expect(duplicates).toHaveLength(19);
    expect(duplicates[0]).toMatchObject({ patentId: expect.any(String), message: expect.stringContaining("疑似重复") });
    expect(await db.patent.count({ where: { holderId: holder.orgId } })).toBe(450);
  });

  it("“导入后直接挂牌” counts listed rows and drafts apart, with each draft's reason; never invents a title", async () => {
    const holder = await actorOf("UNIVERSITY");
    const rows = [
      good("一种木耳菌糠饲料的发酵方法"),
      { ...good("一种木耳多糖含片"), applicationNumber: undefined, publicationNumber: "CN113914863A" }, // terms, but no application number
      { title: "", abstract: "一种香菇柄的综合利用方法，包括粉碎和发酵。" }, // KPPatent-ZH shape: no numbers, no terms, no title
    ];
    const view = await importOnce(holder, jsonl(rows), "ALL_OR_NOTHING");
    expect(view).toMatchObject({ status: "SUCCEEDED", created: 3, listed: 1, drafted: 2, publish: true });
    expect(view.notes.map((n) => [n.line, n.kind])).toEqual([
      [2, "DRAFT"],
      [3, "DRAFT"],
    ]);
    expect(view.notes[0].message).toBe("挂牌须填写有效的申请号（如 CN201710117081.7）");
    expect(view.notes[1].message).toContain("标题为空");
    expect(view.notes[1].message).toContain("专利类型");
    expect(await db.patent.findMany({ where: { holderId: holder.orgId }, select: { title: true, status: true }, orderBy: { title: "asc" } })).toEqual([
      { title: "", status: "DRAFT" },
      { title: "一种木耳多糖含片", status: "DRAFT" },
      { title: "一种木耳菌糠饲料的发酵方法", status: "LISTED" },
    ]);
  });

  it("flags a number-less row repeating a patent saved before content keys existed (backfilled), and a repeat within the file", async () => {
    const holder = await actorOf("SOE");
    const text = { title: "一种镁渣制砖的方法", abstract: "本发明涉及以镁渣为原料制备免烧砖。" };
    const first = await importOnce(holder, jsonl([text]), "ALL_OR_NOTHING");
    expect(first).toMatchObject({ created: 1, drafted: 1 });
    await db.patent.updateMany({ where: { holderId: holder.orgId }, data: { contentKey: null } }); // as rows from before the column
    const second = await importOnce(holder, jsonl([{ ...text, title: "一种镁渣制砖的方法。" }, { title: "一种镁渣陶粒", abstract: "镁渣陶粒。" }, { title: "一种镁渣陶粒", abstract: "镁渣陶粒" }]), "ALL_OR_NOTHING");
    expect(second).toMatchObject({ status: "SUCCEEDED", created: 1, drafted: 1 });
    expect(second.notes.filter((n) => n.kind === "DUPLICATE").map((n) => n.line)).toEqual([1, 3]);
    expect(second.notes.find((n) => n.line === 3)?.message).toContain("第 2 行");
    expect(await db.patent.count({ where: { holderId: holder.orgId } })).toBe(2);
  });

  it("refuses a non-UTF-8 file, a spreadsheet and an oversize file up front, storing nothing", async () => {
    const holder = await actorOf("SOE");
    const before = await db.patentImport.count();
    const gbk = Uint8Array.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xc4, 0xbe, 0xb6, 0xfa]); // "title\n木耳" in GBK
    const fail = (bytes: Uint8Array, fileName: string) => startPatentImport(holder, { fileName, bytes, mode: "ALL_OR_NOTHING" }).catch((e: DomainError) => e);
    expect(await fail(gbk, "patents.csv")).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("UTF-8") });
    expect(await fail(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "patents.xlsx")).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("CSV") });
    expect(await fail(new Uint8Array(50 * 1024 * 1024 + 1), "big.jsonl")).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("50 MB") });
    expect(await db.patentImport.count()).toBe(before);
  });

  it("is for active holders only", async () => {
    const sme = await actorOf("SME");
    const e = await startPatentImport(sme, { fileName: "a.jsonl", bytes: jsonl([good("一种核桃油的冷榨方法")]), mode: "ALL_OR_NOTHING" }).catch((err: DomainError) => err);
    expect(e).toMatchObject({ code: "FORBIDDEN" });
  });
});
