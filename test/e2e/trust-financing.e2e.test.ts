import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCheckDigit } from "~/domain/patents/application-number";
import type { DemoKind } from "../../prisma/seed-data";
import { asDemoUser, launchBrowser, screenshot } from "./browser";
import { bookToday } from "~/domain/shared/book-dates";
import { addMonths } from "~/domain/shared/calendar";

/**
 * Issue 15 §3 and the queues of §2 in the browser: the SME sees an estimate of its loan
 * cap from declared values before it applies and the cap itself once SME and bank have
 * accepted the appraisal; the appraiser's and the bank's queues open on 待我办理 with the
 * age of each item; the bank and the insurer see, as they type a rate (in percent), that
 * it costs the SME its subsidy; the timeline names who acted. Each page at 1280 and 390 px,
 * with no sideways scroll on the phone.
 */
describe("numbers before deciding, and work queues", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = <T>(kind: DemoKind, work: (page: Page) => Promise<T>, options?: { refusals?: boolean }) => asDemoUser(browser, kind, work, options);
  const serial = () => String(Date.now() % 10_000_000).padStart(7, "0");
  const status = (page: Page) => page.getByRole("heading", { level: 1 });
  const act = async (page: Page, action: string, fields: Record<string, string> = {}) => {
    const form = page.getByRole("form", { name: action });
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
    await form.getByRole("button", { name: action }).click();
  };
  /** A screenshot at 1280 px, then at 390 px (a phone) with no horizontal scroll, then back. */
  const bothWidths = async (page: Page, name: string) => {
    await screenshot(page, `${name}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `${name}-390`);
    await page.setViewportSize({ width: 1280, height: 860 });
  };
  const AGE = /^\d+ (分钟|小时|天)$/;

  it("shows the estimate, the cap, the queues with ages and the subsidy warnings", async () => {
    const invention = withCheckDigit(`20261${serial()}`);
    const utility = withCheckDigit(`20262${serial()}`);
    const title = `一种木耳菌包的灭菌方法${serial()}`;

    // 1. Before applying: an estimate from the declared values, labelled as one.
    const url = await as("SME", async (page) => {
      await page.goto("/financing/new");
      await page.getByLabel("合作银行").selectOption({ index: 1 });
      await page.getByLabel("保险机构").selectOption({ index: 1 });
      await page.getByLabel("申请金额（元）").fill("1000000");
      await page.getByLabel("贷款用途").fill("扩建菌包生产线");
      await page.getByLabel("申请号 / 注册号 1").fill(invention);
      await page.getByLabel("名称 1").fill(title);
      await page.getByLabel("预估价值（元，选填） 1").fill("3000000");
      await page.getByLabel("申请号 / 注册号 2").fill(utility);
      await page.getByLabel("名称 2").fill("一种木耳烘干装置");
      await page.getByLabel("预估价值（元，选填） 2").fill("800000");
      const estimate = page.getByTestId("loan-estimate");
      await expect.poll(() => estimate.innerText()).toMatch(/预估贷款上限（估算，以评估结果为准）[\s\S]*¥870,000\.00/);
      // The certificate holder is the SME itself unless it says otherwise.
      expect(await page.getByLabel("证书权利人名称（1）").inputValue()).not.toBe("");
      await bothWidths(page, "trust-1-estimate");
      await page.getByRole("button", { name: "保存为草稿" }).click();
      await page.waitForURL(/\/financing\/c[0-9a-z]+$/);
      await act(page, "提交申请");
      await expect.poll(() => status(page).innerText()).toContain("评估中");
      return new URL(page.url()).pathname;
    });

    // 2. The appraiser's queue opens on 待我办理: the new job, with its age; it bids.
    const jobPath = await as("APPRAISER", async (page) => {
      await page.goto("/appraisal");
      const queue = page.getByRole("navigation", { name: "列表范围" });
      expect(await queue.getByRole("link", { name: /待我办理/ }).getAttribute("aria-current")).toBe("page");
      const row = page.getByRole("row", { name: new RegExp(title) });
      expect(await row.locator(".fin-age").innerText()).toMatch(AGE);
      await bothWidths(page, "trust-0-appraiser-queue");
      await row.getByRole("link").first().click();
      await page.waitForURL(/\/appraisal\/c[0-9a-z]+$/);
      const bid = page.getByRole("form", { name: "我的报价（密封，截止前可修改）" });
      await bid.getByLabel("报价（元）").fill("12000");
      await bid.getByLabel("交付天数").fill("10");
      await bid.getByRole("button", { name: "提交报价" }).click();
      await page.getByRole("status").waitFor();
      const path = new URL(page.url()).pathname;
      // Bid: no longer waiting for this appraiser; 全部 still lists it.
      await page.goto("/appraisal");
      await expect.poll(() => page.getByRole("row", { name: new RegExp(title) }).count()).toBe(0);
      await page.getByRole("link", { name: /^全部/ }).click();
      await page.getByRole("row", { name: new RegExp(title) }).waitFor();
      return path;
    });
    await as("PLATFORM", async (page) => {
      await page.goto(jobPath);
      await page.getByRole("button", { name: "立即截止竞价（平台）" }).click();
      await expect.poll(() => status(page).innerText()).toContain("待确认接受");
    });
    await as("APPRAISER", async (page) => {
      await page.goto("/appraisal");
      // The offer waits for it (48 h to accept).
      await page.getByRole("row", { name: new RegExp(title) }).waitFor();
      await page.goto(jobPath);
      await page.getByRole("button", { name: "接受任务" }).click();
      await expect.poll(() => status(page).innerText()).toContain("评估中");
      const report = page.getByRole("form", { name: "出具评估报告" });
      await report.getByLabel(`${title} 评估值（元）`).fill("3000000");
      await report.getByLabel("一种木耳烘干装置 评估值（元）").fill("800000");
      await report.getByLabel("报告有效期至（YYYY-MM-DD）").fill(addMonths(bookToday(), 12)); // a valuation that holds a year from today
      await report.getByLabel("报告 PDF（≤ 20 MB）").setInputFiles({ name: "评估报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%%EOF\n") });
      await report.getByRole("button", { name: "提交评估报告" }).click();
      await expect.poll(() => status(page).innerText()).toContain("已出具报告");
    });

    // 3. The SME accepts the report; before the bank has, the cap is not shown yet.
    await as("SME", async (page) => {
      await page.goto(url);
      await act(page, "确认评估报告");
      await page.getByRole("status").waitFor();
      await page.getByText("评估报告经您和银行确认后显示。").waitFor();
    });

    // 4. The bank's queue opens on 待我办理 with the application and its age; it accepts the report.
    await as("BANK", async (page) => {
      await page.goto("/financing");
      const queue = page.getByRole("navigation", { name: "列表范围" });
      expect(await queue.getByRole("link", { name: /待我办理/ }).getAttribute("aria-current")).toBe("page");
      const rows = page.getByRole("table", { name: "融资申请列表" }).locator("tbody tr");
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      const ours = page.locator(`tbody tr:has(a[href="${url}"])`);
      expect(await ours.locator(".fin-age").innerText()).toMatch(AGE);
      await bothWidths(page, "trust-2-bank-queue");
      await page.goto(url);
      await act(page, "确认评估报告");
      await expect.poll(() => status(page).innerText()).toContain("银行审批");
    });

    // 5. The SME sees its loan cap as soon as the appraisal is accepted, with the policy.
    await as("SME", async (page) => {
      await page.goto(url);
      await expect.poll(() => page.getByTestId("loan-cap").innerText()).toMatch(/¥870,000\.00[\s\S]*ZS-FIN@\d{4}-\d+/);
      await bothWidths(page, "trust-3-sme-cap");
    });

    // 6. The bank types a rate in percent: above 1.4 × LPR it is told the SME loses its interest subsidy.
    await as("BANK", async (page) => {
      await page.goto(url);
      const form = page.getByRole("form", { name: "批准贷款" });
      const rate = form.getByLabel("年利率（%，如 3.85）");
      await rate.fill("4.21");
      await expect.poll(() => form.getByTestId("annualRate-limit").innerText()).toContain("失去贷款贴息资格");
      await rate.fill("4.2");
      await expect.poll(() => form.getByTestId("annualRate-limit").innerText()).toContain("可获贷款贴息");
      await rate.fill("3.85");
      await form.getByLabel("金额（元）").fill("850000.00");
      await form.getByRole("button", { name: "批准贷款" }).click();
      await expect.poll(() => status(page).innerText()).toContain("保险审核");
      await page.getByText("3.85%").first().waitFor();
    });

    // 7. The insurer's queue holds it; quoting above 5 % warns that the SME loses its premium subsidy.
    await as("INSURER", async (page) => {
      await page.goto("/financing");
      await page.locator(`tbody tr:has(a[href="${url}"]) .fin-age`).waitFor();
      await page.goto(url);
      const form = page.getByRole("form", { name: "同意承保" });
      await form.getByLabel("保险费率（%，如 2）").fill("5.5");
      const warning = form.getByTestId("premiumRate-limit");
      await expect.poll(() => warning.innerText()).toMatch(/保险费率 5\.5% 高于 5%[\s\S]*失去保费补贴资格/);
      expect(await warning.getAttribute("role")).toBe("alert");
      await bothWidths(page, "trust-4-insurer-warning");
      await form.getByLabel("保险费率（%，如 2）").fill("5");
      await expect.poll(() => warning.innerText()).toContain("可获保费补贴");
      await form.getByLabel("保险费率（%，如 2）").fill("5.5");
      await form.getByRole("button", { name: "同意承保" }).click();
      await expect.poll(() => status(page).innerText()).toContain("条款待确认");
      // The quoted rate stays marked on the terms.
      await page.getByText("超过补贴费率上限，无保费补贴").waitFor();
      // The timeline names who acted: the bank's officer, the platform's own moves.
      const timeline = await page.locator(".fin-timeline").innerText();
      expect(timeline).toContain("孙晓梅");
      expect(timeline).toContain("平台");
      await screenshot(page, "trust-5-timeline");
    });
  }, 600_000);
});
