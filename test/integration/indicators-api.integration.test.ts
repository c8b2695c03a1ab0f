import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayFigure } from "~/domain/indicators/display";
import { dateColumn } from "~/domain/shared/calendar";
import { pinClock } from "~/domain/shared/clock";
import { db } from "~/utils/db.server";
import { randomUscc } from "../factories";
import { apiCaller, apiParty, expectProblem, expectStatus, type ApiParty } from "../fixtures/api-parties";
import { sessionClient } from "../fixtures/page-sessions";
import { startTestServer, type TestServer } from "../setup/http";

/**
 * The county's indicators through API v1 and the exports (issue 17 §2, §5, §6) on a real
 * PostgreSQL: a bank and an SME get 404 everywhere; GOVERNMENT enters statistics (bad values
 * refused at the field with nothing written, a future day refused, a correction replaces,
 * a second correction of the same entry is 409) and reads them back with the platform's own
 * GI users; PLATFORM reads but may not enter; the XLSX and CSV carry the page's figures.
 * The clock is pinned: today is 2026-12-04 in the county.
 */
const TODAY = "2026-12-04";

let server: TestServer;
let unpin: () => void;
let gov: ApiParty;
let platform: ApiParty;
let sme: ApiParty;
let bank: ApiParty;

const call = apiCaller(() => server);
const trademark = { seriesKey: "trademarks", value: "1,500", asOf: "2026-11-30", source: "市场监管局统计月报 2026年11月" };

/** Three GI users announced 2025-06-01 and a fourth revoked on 2026-03-01 (active before, not after). */
async function seedGiUsers() {
  const tag = randomBytes(3).toString("hex").toUpperCase();
  const product = await db.giProduct.create({
    data: { name: `测试木耳-${tag}`, kind: "PROTECTED_PRODUCT", registrationNumber: `公告 ${tag}`, protectedTowns: ["乾佑街道"], qualityStandard: "GB/T 19999", certificatePrefix: `T${tag}` },
  });
  for (let seq = 1; seq <= 4; seq++) {
    await db.giApplication.create({
      data: {
        productId: product.id,
        orgId: null,
        source: "REGISTER_IMPORT",
        status: seq === 4 ? "REVOKED" : "APPROVED",
        enterpriseName: `测试合作社${tag}-${seq}`,
        uscc: randomUscc(),
        town: "乾佑街道",
        announcementNumber: `柞市监公告〔2025〕${seq}号`,
        announcedOn: dateColumn("2025-06-01"),
        certificateNumber: `T${tag}-2025-${String(seq).padStart(4, "0")}`,
        certificateYear: 2025,
        certificateSeq: seq,
        approvedAt: new Date("2025-06-01T02:00:00Z"),
        ...(seq === 4 ? { revokedOn: dateColumn("2026-03-01"), revocationReason: "测试" } : {}),
      },
    });
  }
}

const figureOf = (overview: { indicators: { key: string }[] }, key: string) => overview.indicators.find((i) => i.key === key) as Record<string, unknown>;

beforeAll(async () => {
  unpin = pinClock(`${TODAY}T10:00:00+08:00`);
  server = await startTestServer();
  [gov, platform, sme, bank] = [await apiParty("GOVERNMENT"), await apiParty("PLATFORM"), await apiParty("SME"), await apiParty("BANK")];
  await seedGiUsers();
});

afterAll(async () => {
  await server?.close();
  unpin?.();
});

describe("API v1: indicators", () => {
  it("answers a bank and an SME 404 on every indicator endpoint and writes nothing", async () => {
    for (const p of [bank, sme]) {
      await expectProblem(await call(p.key, "/indicators"), 404);
      await expectProblem(await call(p.key, "/indicators/pledge-financing-total"), 404);
      await expectProblem(await call(p.key, "/indicator-entries"), 404);
      await expectProblem(await call(p.key, "/indicator-entries", trademark), 404);
    }
    expect(await db.indicatorEntry.count()).toBe(0);
    await expectProblem(await call(null, "/indicators"), 401);
  });

  it("lets GOVERNMENT enter a statistic (201) that the overview and the drill-down then show beside the platform's GI users", async () => {
    const entry = await expectStatus(await call(gov.key, "/indicator-entries", trademark), 201);
    expect(entry).toMatchObject({ seriesKey: "trademarks", seriesName: "有效注册商标", unit: "COUNT", value: "1500", asOf: "2026-11-30", replacesId: null, replacedById: null, enteredBy: { apiKeyName: "GOVERNMENT system", userName: null } });

    const overview = await expectStatus(await call(gov.key, "/indicators"), 200);
    expect(overview.asOf).toBe(TODAY);
    expect(overview.plan).toMatchObject({ start: "2024-01-01", end: "2026-12-31" });
    expect(overview.indicators).toHaveLength(7);
    expect(figureOf(overview, "trademarks")).toMatchObject({ value: "1500", statisticValue: "1500", statisticAsOf: "2026-11-30", valueFrom: "STATISTIC", baseline: "1484", target: "1900", recordCount: 1 });
    expect(figureOf(overview, "gi-users")).toMatchObject({ platformValue: "3", value: "3", valueFrom: "PLATFORM", recordCount: 3 });

    const gi = await expectStatus(await call(gov.key, "/indicators/gi-users"), 200);
    expect(gi.records).toHaveLength(3);
    for (const r of gi.records) expect(r).toMatchObject({ kind: "GI_USER", link: `/gi/applications/${r.id}`, announcedOn: "2025-06-01" });
    expect(gi.series.at(-1)).toMatchObject({ day: TODAY, source: "LIVE", value: "3" });
    expect(gi.series[0].day).toBe("2024-01-31");

    // Before the revocation the fourth counted too; the entry of 2026-11-30 did not exist yet on 2026-02-28.
    const february = await expectStatus(await call(gov.key, "/indicators?asOf=2026-02-28"), 200);
    expect(figureOf(february, "gi-users")).toMatchObject({ value: "4", asOf: "2026-02-28" });
    expect(figureOf(february, "trademarks")).toMatchObject({ value: null, status: "NO_DATA" });

    const detail = await expectStatus(await call(gov.key, "/indicators/trademarks"), 200);
    expect(detail.entries.map((e: { id: string }) => e.id)).toEqual([entry.id]);
  });

  it("refuses bad values at the field (400) and writes nothing", async () => {
    const before = await db.indicatorEntry.count();
    for (const value of ["1.5", "-3", "1e3", "abc", "", 1e21, -1, "12345678901234567"]) await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, value }), 400, ["value"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, seriesKey: "population", value: "0" }), 400, ["value"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, seriesKey: "ip-special-funds", value: "10.001" }), 400, ["value"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, seriesKey: "invention-patents-per-10k", value: "1.23456" }), 400, ["value"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { seriesKey: "nope", value: "1", asOf: "2026-02-30", source: "" }), 400, ["seriesKey", "asOf", "source"]);
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, asOf: "1999-12-31" }), 400, ["asOf"]);
    const future = await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, asOf: "2026-12-05" }), 400, ["asOf"]);
    expect(future.errors[0].message).toContain(TODAY);
    expect(await db.indicatorEntry.count()).toBe(before);
  });

  it("replaces an entry with a correction; a second correction of the same entry is 409", async () => {
    const first = await expectStatus(await call(gov.key, "/indicator-entries", { ...trademark, value: "1510", asOf: "2026-12-01" }), 201);
    const fix = await expectStatus(await call(gov.key, "/indicator-entries", { ...trademark, value: "1512", asOf: "2026-12-01", note: "更正笔误", replacesId: first.id }), 201);
    expect(fix).toMatchObject({ replacesId: first.id, value: "1512", note: "更正笔误" });
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, value: "1513", asOf: "2026-12-01", replacesId: first.id }), 409);
    await expectProblem(await call(gov.key, "/indicator-entries", { ...trademark, replacesId: "no-such-entry" }), 400, ["replacesId"]);

    const detail = await expectStatus(await call(gov.key, "/indicators/trademarks"), 200);
    expect(detail).toMatchObject({ value: "1512", statisticAsOf: "2026-12-01" });
    expect(detail.entries.find((e: { id: string }) => e.id === first.id)).toMatchObject({ replacedById: fix.id });
    const list = await expectStatus(await call(gov.key, "/indicator-entries?seriesKey=trademarks&pageSize=2"), 200);
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([fix.id, first.id]);
    await expectProblem(await call(gov.key, "/indicator-entries?seriesKey=nope"), 400, ["seriesKey"]);
  });

  it("lets PLATFORM read (200) but not enter (403)", async () => {
    await expectStatus(await call(platform.key, "/indicators"), 200);
    await expectStatus(await call(platform.key, "/indicators/trademarks"), 200);
    await expectStatus(await call(platform.key, "/indicator-entries"), 200);
    await expectProblem(await call(platform.key, "/indicator-entries", trademark), 403);
  });

  it("refuses a future or malformed asOf (400) and an unknown indicator (404)", async () => {
    await expectProblem(await call(gov.key, "/indicators?asOf=2026-12-05"), 400, ["asOf"]);
    await expectProblem(await call(gov.key, "/indicators?asOf=yesterday"), 400, ["asOf"]);
    await expectProblem(await call(gov.key, "/indicators/trademarks?asOf=2026-13-01"), 400, ["asOf"]);
    await expectProblem(await call(gov.key, "/indicators/no-such-indicator"), 404);
    await expectProblem(await call(gov.key, "/indicators?asOf=2026-11-01&asOf=2026-11-02"), 400, ["asOf"]);
    await expectProblem(await call(gov.key, `/indicators?asOf=${"9".repeat(40)}`), 400, ["asOf"]);
  });

  it("documents the operations in the OpenAPI document", async () => {
    const doc = await expectStatus(await call(null, "/openapi.json"), 200);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/indicators", "/indicators/{key}", "/indicator-entries"]));
    expect(doc.paths["/indicator-entries"].post.operationId).toBe("createIndicatorEntry");
  });
});

describe("indicator exports", () => {
  it("gives GOVERNMENT an XLSX whose summary carries the figures as the page prints them", async () => {
    const client = await sessionClient(server, gov.actor.userId, gov.orgId);
    const res = await client.get("/indicators/export.xlsx");
    expect(res.status, await res.clone().text().catch(() => "")).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/spreadsheetml/);
    expect(res.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(`柞水县知识产权指标_${TODAY}.xlsx`)}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(["指标汇总", "月度序列"]);
    expect(names).toEqual(expect.arrayContaining(["地理标志专用标志使用企业_明细", "知识产权质押融资总额_明细", "统计数据录入", "说明"]));

    const overview = await expectStatus(await call(gov.key, "/indicators"), 200);
    const summary = workbook.getWorksheet("指标汇总")!;
    const header = (summary.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 12)).toEqual(["指标", "单位", "基线", "基线日期", "目标", "当前值", "平台数", "统计数", "进度", "应达值", "状态", "预测期末值"]);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(summary.rowCount).toBe(8);
    for (const [i, f] of (overview.indicators as { name: string; unit: "COUNT"; value: string | null; expected: string; progressPercent: string | null }[]).entries()) {
      const row = summary.getRow(i + 2);
      expect(row.getCell(col("指标")).value).toBe(f.name);
      expect(row.getCell(col("当前值")).value).toBe(f.value === null ? "—" : displayFigure(f.unit, f.value));
      expect(row.getCell(col("应达值")).value).toBe(displayFigure(f.unit, f.expected));
      expect(row.getCell(col("进度")).value).toBe(f.progressPercent === null ? "—" : `${f.progressPercent}%`);
    }
    const trademarks = summary.getRow(2);
    expect(trademarks.getCell(col("当前值")).value).toBe("1,512");
    expect(trademarks.getCell(col("状态")).value).toMatch(/^(已达成|进度正常|进度落后|暂无数据)$/);
    expect(workbook.getWorksheet("地理标志专用标志使用企业_明细")!.rowCount).toBe(4);
    expect(workbook.getWorksheet("统计数据录入")!.rowCount).toBe(4);
    expect(workbook.getWorksheet("月度序列")!.rowCount).toBe(1 + 7 * 36); // 35 month ends of 2024-01 … 2026-11, and today
  });

  it("gives PLATFORM a CSV (UTF-8 with a BOM) of the summary and the series, for a past day too", async () => {
    const client = await sessionClient(server, platform.actor.userId, platform.orgId);
    const res = await client.get("/indicators/export.csv?asOf=2026-02-28");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(res.headers.get("Content-Disposition")).toContain(encodeURIComponent("柞水县知识产权指标_2026-02-28.csv"));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("指标,单位,基线,基线日期,目标,当前值,平台数,统计数,进度,应达值,状态,预测期末值");
    expect(text).toContain("月度序列\r\n指标,日期,单位,数值,应达值,状态,数据来源");
    expect(text).toMatch(/地理标志专用标志使用企业,家,10,2023-12-31,20,4,4,/);
  });

  it("answers a bank and an SME 404, and a bad asOf 400", async () => {
    for (const p of [bank, sme]) {
      const client = await sessionClient(server, p.actor.userId, p.orgId);
      expect((await client.get("/indicators/export.xlsx")).status).toBe(404);
      expect((await client.get("/indicators/export.csv")).status).toBe(404);
    }
    const client = await sessionClient(server, gov.actor.userId, gov.orgId);
    expect((await client.get("/indicators/export.csv?asOf=2026-12-05")).status).toBe(400);
    expect((await server.fetch("/indicators/export.xlsx")).status).toBe(302);
  });
});
