// The county indicator pages (issue 17 §5) through the real server: who may see them (a bank
// and an SME get 404 everywhere, PLATFORM reads but may not enter), the dashboard's seven
// cards with their status in words, the drill-down from the pledge total to its loan, the
// accessible chart, a trademark statistic entered through the page's form (bad fields
// answered at the field, then a notice naming it), a correction and a second correction of
// the same entry (409), the print report, the ?asOf= day and the public /county page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { county } from "~/domain/identity/county";
import { pinClock } from "~/domain/shared/clock";
import type { OrgKind } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { createLoans } from "../../test/factories/financing";
import { signedInUser } from "../../test/fixtures/page-sessions";
import { startTestServer } from "../../test/setup/http";
import { decodeEntities } from "../../test/fixtures/html";

const server = await startTestServer();

let unpin: () => void;
beforeAll(() => {
  unpin = pinClock("2026-06-15T10:00:00+08:00");
});
afterAll(() => unpin());

const signIn = (kind: OrgKind) => signedInUser(server, { kind });
const decode = decodeEntities;
const keys = county.indicatorPlan.indicators.map((d) => d.key);

describe("indicator pages", () => {
  it("are 404 for a bank and an SME on every page and the form; PLATFORM reads but may not enter; a visitor is sent to sign in", async () => {
    for (const kind of ["BANK", "SME"] as const) {
      const { client } = await signIn(kind);
      for (const path of ["/indicators", "/indicators/trademarks", "/indicators/report", "/indicators/entries/new"]) expect((await client.get(path)).status, `${kind} ${path}`).toBe(404);
      expect((await client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "1500", asOf: "2026-05-31", source: "统计月报" })).status).toBe(404);
    }
    const platform = await signIn("PLATFORM");
    const page = await platform.client.get("/indicators");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain("录入统计数据");
    expect(html).toContain("打印季度报告");
    const detail = await (await platform.client.get("/indicators/trademarks")).text();
    expect(detail).not.toContain('id="entry-form"');
    expect((await platform.client.get("/indicators/entries/new")).status).toBe(403);
    expect((await platform.client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "1500", asOf: "2026-05-31", source: "统计月报" })).status).toBe(403);
    expect(await db.indicatorEntry.count()).toBe(0);

    const visitor = await server.client().get("/indicators");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/login/);
  });

  it("GOVERNMENT sees seven cards with the status in words, drills from the pledge total to its loan and reads the chart", async () => {
    const loans = await createLoans({ disbursedOn: "2026-03-05" });
    const gov = await signIn("GOVERNMENT");
    const res = await gov.client.get("/indicators");
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    for (const key of keys) expect(html, key).toContain(`data-testid="ind-card-${key}"`);
    expect(html).toContain(county.indicatorPlan.title);
    expect(html).toContain("数据截至 2026-06-15");
    // 850,000.00 on 2026-06-15 is below the straight path to 2,000,000.00 at the end of 2026.
    expect(html).toMatch(/data-testid="ind-value-pledge-financing-total">850,000\.00 元</);
    expect(html).toMatch(/data-testid="ind-status-pledge-financing-total"[^>]*>.*?进度落后/);
    expect(html).toMatch(/data-testid="ind-status-trademarks"[^>]*>.*?暂无数据/);
    for (const text of ["完成进度 42.5%", "基线", "≥ 2,000,000.00 元", "应达值（2026-06-15）", "期末预测（2026-12-31）"]) expect(html, text).toContain(text);
    for (const href of ['href="/indicators/report"', 'href="/indicators/export.xlsx"', 'href="/indicators/export.csv"', 'href="/indicators/entries/new"', 'href="/indicators/pledge-financing-total"']) expect(html, href).toContain(href);

    const detail = await gov.client.get("/indicators/pledge-financing-total");
    expect(detail.status).toBe(200);
    const page = decode(await detail.text());
    expect(page).toContain(`href="/financing/${loans.applicationIds[0]}"`);
    expect(page).toContain("2026-03-05");
    expect(page).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-pledge-financing-total-title chart-pledge-financing-total-desc"/);
    expect(page).toContain('<title id="chart-pledge-financing-total-title">知识产权质押融资总额月度走势</title>');
    expect(page).toMatch(/<desc id="chart-pledge-financing-total-desc">[^<]*目标 2,000,000\.00 元[^<]*进度落后/);
    expect(page).toContain("查看数据表");
    // The series starts in the plan's first month and ends with today's value.
    expect(page).toMatch(/<th scope="row" class="nowrap">2024-01-31<\/th>/);
    expect(page).toMatch(/<th scope="row" class="nowrap">2026-06-15<\/th><td class="num">850,000\.00 元/);

    expect((await gov.client.get("/indicators/no-such-indicator")).status).toBe(404);
  });

  it("GOVERNMENT enters a trademark statistic: bad fields answered at the field, then a notice; a correction prefilled and saved; a second correction of the same entry is refused", async () => {
    const gov = await signIn("GOVERNMENT");
    const form = await (await gov.client.get("/indicators/trademarks")).text();
    expect(form).toContain('id="entry-form"');
    expect(form).toMatch(/<option value="trademarks"[^>]*>有效注册商标（件）<\/option>/);

    const bad = await gov.client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "-5", asOf: "2026-07-01", source: "" });
    expect(bad.status).toBe(400);
    const badHtml = decode(await bad.text());
    for (const id of ["ie-value-error", "ie-asOf-error", "ie-source-error"]) expect(badHtml, id).toContain(`id="${id}"`);
    expect(badHtml).toMatch(/id="ie-value"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="ie-value"/);
    expect(badHtml).toContain("有 3 处需要修改");
    expect(await db.indicatorEntry.count()).toBe(0);

    const saved = await gov.client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "1520", asOf: "2026-05-31", source: "县市场监管局统计月报（2026年5月）", note: "" });
    expect(saved.status).toBe(302);
    const location = saved.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/indicators\/trademarks\?entered=[^&]+$/);
    const entryId = decodeURIComponent(location.split("entered=")[1]);
    const after = decode(await (await gov.client.get(location)).text());
    expect(after).toContain("已录入：有效注册商标 1,520 件（截至 2026-05-31）。");
    expect(after).toMatch(/data-testid="ind-value-trademarks">1,520 件</);
    expect(after).toContain("县市场监管局统计月报（2026年5月）");
    expect(after).toContain(`href="/indicators/trademarks?correct=${entryId}#entry-form"`);

    const dashboard = decode(await (await gov.client.get("/indicators")).text());
    expect(dashboard).toMatch(/data-testid="ind-value-trademarks">1,520 件</);

    const correcting = decode(await (await gov.client.get(`/indicators/trademarks?correct=${entryId}`)).text());
    expect(correcting).toContain(`name="replacesId" value="${entryId}"`);
    expect(correcting).toContain("正在更正 2026-05-31 录入的 1,520 件");
    const corrected = await gov.client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "1530", asOf: "2026-05-31", source: "县市场监管局统计月报（2026年5月，更正）", replacesId: entryId });
    expect(corrected.status).toBe(302);
    const correctedPage = decode(await (await gov.client.get(corrected.headers.get("Location") ?? "")).text());
    expect(correctedPage).toContain("已更正：有效注册商标 改为 1,530 件（截至 2026-05-31）");
    expect(correctedPage).toContain("已被更正");
    expect(correctedPage).toContain("更正 2026-05-31 的 1,520 件");
    expect(correctedPage).toMatch(/data-testid="ind-value-trademarks">1,530 件</);

    const again = await gov.client.postForm("/indicators/trademarks", { seriesKey: "trademarks", value: "1540", asOf: "2026-05-31", source: "再次更正", replacesId: entryId });
    expect(again.status).toBe(409);
    expect(decode(await again.text())).toContain("已被更正过");
    expect(await db.indicatorEntry.count()).toBe(2);
  });

  it("the entry page takes ?seriesKey= and returns to the indicator that reads the series", async () => {
    const gov = await signIn("GOVERNMENT");
    const page = decode(await (await gov.client.get("/indicators/entries/new?seriesKey=population")).text());
    expect(page).toMatch(/<option value="population" selected=""[^>]*>常住人口（人）<\/option>|<select[^>]*>[\s\S]*<option value="population" selected/);
    const saved = await gov.client.postForm("/indicators/entries/new", { seriesKey: "population", value: "153000", asOf: "2025-12-31", source: "县统计局 2025年国民经济和社会发展统计公报" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toMatch(/^\/indicators\/invention-patents-per-10k\?entered=/);
    const detail = decode(await (await gov.client.get(saved.headers.get("Location") ?? "")).text());
    expect(detail).toContain("已录入：常住人口 153,000 人（截至 2025-12-31）。");
    expect(detail).toContain("153,000 人（2025-12-31）");
  });

  it("a past day shows its figures and keeps it in the links; a future day is told at the date field", async () => {
    const gov = await signIn("GOVERNMENT");
    const past = decode(await (await gov.client.get("/indicators?asOf=2025-12-31")).text());
    expect(past).toContain("数据截至 2025-12-31");
    expect(past).toContain('href="/indicators/pledge-financing-total?asOf=2025-12-31"');
    expect(past).toContain('href="/indicators/export.xlsx?asOf=2025-12-31"');
    const future = await gov.client.get("/indicators?asOf=2030-01-01");
    expect(future.status).toBe(200);
    const html = decode(await future.text());
    expect(html).toContain('id="ind-asof-error"');
    expect(html).toContain("数据截至 2026-06-15");
  });

  it("the quarterly report is a Chinese A4 document with all seven indicators and a print button", async () => {
    const gov = await signIn("GOVERNMENT");
    const res = await gov.client.get("/indicators/report");
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain("柞水县知识产权强县建设试点指标进展报告（2026年第2季度）");
    for (const key of keys) expect(html, key).toContain(`data-testid="report-row-${key}"`);
    expect(html).toMatch(/纳入监测的 7 项指标中/);
    expect(html).toContain(">打印</button>");
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="report-pledge-financing-total-title/);
    const css = html.match(/href="([^"]*indicators[^"]*\.css)"/)?.[1];
    expect(css).toBeTruthy();
    const sheet = await (await server.fetch(css!)).text();
    expect(sheet).toMatch(/size:\s*A4/);
    expect(sheet).toMatch(/@media print[\s\S]*\.app-header/);

    // The report of the quarter that ended: one click from today's.
    expect(html).toContain('href="/indicators/report?asOf=2026-03-31"');
    const q1 = decode(await (await gov.client.get("/indicators/report?asOf=2026-03-31")).text());
    expect(q1).toContain("柞水县知识产权强县建设试点指标进展报告（2026年第1季度）");
    expect(q1).toContain("数据截至：2026-03-31");
  });

  it("/county shows the headline figures to anyone, with no drill-down, records or entries", async () => {
    const res = await server.client().get("/county");
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain("柞水县知识产权强县建设进展");
    for (const key of keys) expect(html, key).toContain(`data-testid="ind-card-${key}"`);
    expect(html).toMatch(/data-testid="ind-value-pledge-financing-total">850,000\.00 元</);
    expect(html).toContain("进度落后");
    expect(html).not.toContain('href="/indicators');
    expect(html).not.toContain("/financing/");
    expect(html).not.toContain("依据记录");
    expect(html).not.toContain("县统计局");
  });
});
