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
      { ...good(""), abstract: "" }, // no title, no text to take one from
      good("一种木耳即食凉拌菜的杀菌方法"),
    ];
    const strict = await importOnce(holder, jsonl(rows), "ALL_OR_NOTHING");
    expect(strict).toMatchObject({ status: "FAILED", total: 5, created: 0, failed: 2, done: true });
    expect(strict.errors.map((e) => [e.line, e.field])).toEqual([
      [2, "applicationNumber"],
      [4, "title"],
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

  it("loads KPPatent-ZH's patents.jsonl as it is (as drafts: it has no listing terms)", async () => {
    const holder = await actorOf("UNIVERSITY");
    const view = await importOnce(holder, readFileSync(KPPATENT_PATENTS()), "ALL_OR_NOTHING");
    expect(view).toMatchObject({ status: "SUCCEEDED", total: 450, created: 450, failed: 0, errors: [] });
    expect(await db.patent.count({ where: { holderId: holder.orgId, status: "DRAFT" } })).toBe(450);
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
