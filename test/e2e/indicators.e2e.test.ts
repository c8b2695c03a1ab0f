import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { county } from "~/domain/identity/county";
import { bookToday } from "~/domain/shared/book-dates";
import { asDemoUser, launchBrowser, newPage, screenshot, fitsPhone } from "./browser";

/**
 * Issue 17's journey in the browser: the county government opens the indicator dashboard
 * (seeded with history since 2024-01), drills into the pledge financing total and opens a
 * loan it counts, enters a trademark statistic, and downloads the XLSX, which the test
 * parses to find the same figures as the page. Then the quarterly report in print media,
 * and the public /county page. Desktop, 390 px and print are photographed; the phone-sized
 * pages must not scroll sideways.
 */
describe("county indicator dashboard journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const keys = county.indicatorPlan.indicators.map((d) => d.key);


  /** The value each card shows, by indicator key. */
  const cardValues = async (page: Page) => Object.fromEntries(await Promise.all(keys.map(async (k) => [k, (await page.getByTestId(`ind-value-${k}`).innerText()).trim()] as const)));

  it("drills from the dashboard to a loan, takes a statistic, and exports what the page shows", async () => {
    const today = bookToday();
    await asDemoUser(browser, "GOVERNMENT", async (page) => {
      // 1. The dashboard: seven cards, every status of the demo, from the navigation.
      await page.getByRole("link", { name: "指标看板" }).first().click();
      await page.waitForURL(/\/indicators$/);
      for (const k of keys) await expect.poll(() => page.getByTestId(`ind-card-${k}`).count()).toBe(1);
      const text = await page.locator("main").innerText();
      for (const status of ["已达成", "进度正常", "进度落后", "暂无数据"]) expect(text).toContain(status);
      expect(text).not.toMatch(/undefined|NaN|\[object Object\]|ON_TRACK|NO_DATA|ACHIEVED/);
      await screenshot(page, "indicators-1-dashboard");
      await fitsPhone(page, "indicators-1-dashboard-390");

      // 2. Drill into the pledge financing total: the chart since 2024-01 and the loans it counts; open one.
      const total = await page.getByTestId("ind-value-pledge-financing-total").innerText();
      await page.getByTestId("ind-card-pledge-financing-total").getByRole("link", { name: "知识产权质押融资总额", exact: true }).click();
      await page.waitForURL(/\/indicators\/pledge-financing-total/);
      await expect.poll(() => page.getByTestId("ind-value-pledge-financing-total").innerText()).toBe(total);
      const chart = page.getByRole("img", { name: /知识产权质押融资总额/ });
      await expect.poll(() => chart.count()).toBeGreaterThan(0);
      const records = page.getByTestId("ind-records");
      await expect.poll(() => records.locator("tbody tr").count()).toBeGreaterThanOrEqual(4);
      await screenshot(page, "indicators-2-pledge-detail");
      await fitsPhone(page, "indicators-2-pledge-detail-390");
      const loanLink = records.locator('a[href^="/financing/"]').first();
      const loanHref = await loanLink.getAttribute("href");
      await loanLink.click();
      await page.waitForURL((url) => url.pathname === loanHref);
      expect(await page.locator("main").innerText()).toMatch(/质押|贷款/);
      await screenshot(page, "indicators-3-loan-from-drilldown");

      // 3. A trademark statistic, entered on the indicator's page; the dashboard shows it.
      await page.goto("/indicators/trademarks");
      await page.getByLabel(/^数值/).fill("1,898");
      await page.getByLabel("数据日期").fill(today);
      await page.getByLabel("数据来源").fill("县市场监管局统计月报（端到端测试）");
      await page.getByRole("button", { name: /保存|录入/ }).click();
      await expect.poll(() => page.getByTestId("ind-entered").count()).toBe(1);
      expect(await page.getByTestId("ind-entered").innerText()).toContain("1,898");
      // A fresh form: what was just saved is not left filled in for a second click.
      expect(await page.getByLabel(/^数值/).inputValue()).toBe("");
      await screenshot(page, "indicators-4-trademark-entered");
      await page.goto("/indicators");
      await expect.poll(() => page.getByTestId("ind-value-trademarks").innerText()).toBe("1,898 件");
      const shown = await cardValues(page);

      // 4. The XLSX: the summary sheet has the same figures as the cards.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /XLSX/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
      const summary = workbook.getWorksheet("指标汇总")!;
      const header = (summary.getRow(1).values as unknown[]).map(String);
      const col = (name: string) => header.indexOf(name);
      const rows = new Map<string, string[]>();
      summary.eachRow((row, n) => {
        if (n > 1) rows.set(String(row.getCell(col("指标")).value), (row.values as unknown[]).map((v) => String(v ?? "")));
      });
      for (const def of county.indicatorPlan.indicators) {
        const row = rows.get(def.name);
        expect(row, def.name).toBeDefined();
        const xlsxValue = row![col("当前值")];
        // The card prints the same figure with its unit ("1,898 件", "2,350,000.00 元", "0.51%"), or 暂无数据.
        if (xlsxValue === "" || xlsxValue === "—") expect(shown[def.key]).toMatch(/暂无/);
        else expect(shown[def.key].replace(/\s*(件\/万人|件|家|元|人)$/, "").replace(/%$/, ""), def.name).toBe(xlsxValue.replace(/%$/, ""));
      }
    });
  });

  it("prints the quarterly report on A4 and shows the public the headline figures only", async () => {
    await asDemoUser(browser, "GOVERNMENT", async (page) => {
      await page.goto("/indicators/report");
      const text = await page.locator("body").innerText();
      expect(text).toMatch(/知识产权强县建设试点指标进展报告（\d{4}年第[1-4一二三四]季度）/);
      for (const def of county.indicatorPlan.indicators) expect(text).toContain(def.name);
      await page.emulateMedia({ media: "print" });
      await screenshot(page, "indicators-5-report-print");
      await page.emulateMedia({ media: "screen" });
      await fitsPhone(page, "indicators-5-report-390");
    });

    const { page, assertClean, close } = await newPage(browser);
    try {
      await page.goto("/county");
      for (const k of keys) await expect.poll(() => page.getByTestId(`ind-card-${k}`).count()).toBe(1);
      expect(await page.locator('a[href^="/indicators"]').count()).toBe(0);
      expect(await page.locator('a[href^="/financing/"]').count()).toBe(0);
      await screenshot(page, "indicators-6-public-county");
      await fitsPhone(page, "indicators-6-public-county-390");
      assertClean();
    } finally {
      await close();
    }
  });
});
