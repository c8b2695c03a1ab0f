import type { Browser, Page } from "playwright-core";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withUsccCheck } from "~/domain/identity/uscc";
import { withCheckDigit } from "~/domain/patents/application-number";
import { bookToday } from "~/domain/shared/book-dates";
import type { DemoKind } from "../../prisma/seed-data";
import { asDemoUser, launchBrowser, loginWith, newPage, screenshot } from "./browser";
import { addMonths } from "~/domain/shared/calendar";

/**
 * Issue 4's journey in the browser: an SME applies with an invention patent and a utility
 * model, two appraisers bid, the platform closes bidding, the appraiser reports the
 * SPEC §8 values, SME and bank accept the report, the bank is refused one fen above the
 * 870,000.00 cap and approves 850,000.00 at 3.85 %, the insurer quotes 2 % (premium 17,000.00),
 * the SME pays both fees by transfer and the payees confirm, the bank registers the
 * pledge, disburses and records the repayment that settles the loan.
 */
describe("pledge financing journey", () => {
  let browser: Browser;
  const second = { email: `appraiser2-${Date.now()}@example.cn`, password: "Second-Appraiser-9" };
  beforeAll(async () => {
    browser = await launchBrowser();
    // A second appraisal institution, set up as an operator would with the admin command line.
    const admin = (...args: string[]) =>
      execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/admin.ts", ...args], { env: { ...process.env, DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "silent" }, encoding: "utf8" });
    const uscc = withUsccCheck(`91611002MA7Q${String(Date.now() % 100000).padStart(5, "0")}`);
    admin("org:create", "--name", "陕西秦衡资产评估有限公司(测试)", "--kind", "APPRAISER", "--uscc", uscc, "--status", "ACTIVE");
    admin("user:create", "--email", second.email, "--name", "赵评估", "--password", second.password, "--org", uscc, "--role", "OWNER");
    admin("appraiser:profile", "--org", uscc, "--filing", "陕评备-2026-0200", "--qualified", "INVENTION,UTILITY_MODEL,DESIGN,TRADEMARK,GI_MARK");
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = <T>(kind: DemoKind, work: (page: Page) => Promise<T>, options?: { refusals?: boolean }) => asDemoUser(browser, kind, work, options);

  const serial = () => String(Date.now() % 10_000_000).padStart(7, "0");
  const act = async (page: Page, action: string, fields: Record<string, string> = {}) => {
    const form = page.getByRole("form", { name: action });
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
    await form.getByRole("button", { name: action }).click();
  };
  const status = (page: Page) => page.getByRole("heading", { level: 1 });

  it("runs from application to settlement, every step on the timeline", async () => {
    const invention = withCheckDigit(`20261${serial()}`);
    const utility = withCheckDigit(`20262${serial()}`);

    // 1. The SME applies; a wrong check digit is caught first and nothing is saved.
    const url = await as("SME", async (page) => {
      await page.getByRole("link", { name: "质押融资" }).first().click();
      await page.waitForURL(/\/financing$/);
      await page.getByRole("link", { name: "申请质押融资" }).click();
      await page.getByLabel("合作银行").selectOption({ index: 1 });
      await page.getByLabel("保险机构").selectOption({ index: 1 });
      await page.getByLabel("申请金额（元）").fill("1000000");
      await page.getByLabel("贷款用途").fill("购置木耳深加工生产线");
      await page.getByLabel("申请号 / 注册号 1").fill(invention.slice(0, -1) + (invention.endsWith("0") ? "1" : "0"));
      await page.getByLabel("名称 1").fill("一种黑木耳多糖的低温提取方法");
      await page.getByLabel("申请号 / 注册号 2").fill(utility);
      await page.getByLabel("名称 2").fill("一种木耳烘干装置");
      await page.getByRole("button", { name: "保存为草稿" }).click();
      await page.getByText(/申请号校验位错误/).waitFor();
      await page.getByLabel("申请号 / 注册号 1").fill(invention);
      await screenshot(page, "pledge-1-application");
      await page.getByRole("button", { name: "保存为草稿" }).click();
      await page.waitForURL(/\/financing\/c[0-9a-z]+$/);
      await expect.poll(() => status(page).innerText()).toContain("草稿");
      await act(page, "提交申请");
      await expect.poll(() => status(page).innerText()).toContain("评估中");
      return new URL(page.url()).pathname;
    }, { refusals: true });

    // 2. The appraiser bids; 3. the platform closes bidding now.
    const jobPath = await as("APPRAISER", async (page) => {
      await page.goto("/appraisal");
      await page.getByRole("row", { name: /一种黑木耳多糖的低温提取方法/ }).getByRole("link").first().click();
      await page.waitForURL(/\/appraisal\/c[0-9a-z]+$/);
      const bid = page.getByRole("form", { name: "我的报价（密封，截止前可修改）" });
      await bid.getByLabel("报价（元）").fill("12000");
      await bid.getByLabel("交付天数").fill("10");
      await bid.getByRole("button", { name: "提交报价" }).click();
      await page.getByRole("status").waitFor();
      return new URL(page.url()).pathname;
    });
    // The second appraiser bids higher and slower: it loses on the score.
    {
      const { page, errors, close } = await newPage(browser);
      await loginWith(page, second.email, second.password);
      await page.goto(jobPath);
      const bid = page.getByRole("form", { name: "我的报价（密封，截止前可修改）" });
      await bid.getByLabel("报价（元）").fill("18000");
      await bid.getByLabel("交付天数").fill("20");
      await bid.getByRole("button", { name: "提交报价" }).click();
      await page.getByRole("status").waitFor();
      // Sealed: the competitor's fee is nowhere on its page.
      expect(await page.content()).not.toContain("12,000");
      expect(errors).toEqual([]);
      await close();
    }
    await as("PLATFORM", async (page) => {
      await page.goto(jobPath);
      await page.getByRole("button", { name: "立即截止竞价（平台）" }).click();
      await expect.poll(() => status(page).innerText()).toContain("待确认接受");
      // Sealed bids reach only the SME and the bank, also after the deadline (SPEC §2, issue 13).
      expect(await page.content()).not.toContain("18,000");
    });

    // 4. The appraiser accepts and reports 3,000,000.00 and 800,000.00.
    await as("APPRAISER", async (page) => {
      await page.goto(jobPath);
      await page.getByRole("button", { name: "接受任务" }).click();
      await expect.poll(() => status(page).innerText()).toContain("评估中");
      const report = page.getByRole("form", { name: "出具评估报告" });
      await report.getByLabel("一种黑木耳多糖的低温提取方法 评估值（元）").fill("3000000");
      await report.getByLabel("一种木耳烘干装置 评估值（元）").fill("800000");
      await report.getByLabel("报告有效期至（YYYY-MM-DD）").fill(addMonths(bookToday(), 12)); // a valuation that holds a year from today
      await report.getByLabel("报告 PDF（≤ 20 MB）").setInputFiles({ name: "评估报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%%EOF\n") });
      await report.getByRole("button", { name: "提交评估报告" }).click();
      await expect.poll(() => status(page).innerText()).toContain("已出具报告");
    });

    // 5. SME and bank accept the report; the bank is held to the loan cap.
    await as("SME", async (page) => {
      await page.goto(url);
      const pdf = await page.request.get(await page.getByRole("link", { name: "下载评估报告 PDF" }).getAttribute("href") as string);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
      await act(page, "确认评估报告");
      await page.getByRole("status").waitFor();
    });
    await as("BANK", async (page) => {
      await page.goto(url);
      await act(page, "确认评估报告");
      await expect.poll(() => status(page).innerText()).toContain("银行审批");
      await act(page, "批准贷款", { "金额（元）": "870000.01", "年利率（%，如 3.85）": "3.85" });
      await page.getByText(/超过贷款上限 ¥870,000\.00/).waitFor();
      await screenshot(page, "pledge-2-loan-cap");
      await act(page, "批准贷款", { "金额（元）": "850000.00", "年利率（%，如 3.85）": "3.85" });
      await expect.poll(() => status(page).innerText()).toContain("保险审核");
    }, { refusals: true });

    // 6. The insurer quotes; 7. the SME accepts the terms and pays both fees by transfer.
    await as("INSURER", async (page) => {
      await page.goto(url);
      await act(page, "同意承保", { "保险费率（%，如 2）": "2" });
      await expect.poll(() => status(page).innerText()).toContain("条款待确认");
      await page.getByText("¥17,000.00（2%）").waitFor();
    });
    await as("SME", async (page) => {
      await page.goto(url);
      await act(page, "接受贷款条款");
      await page.getByRole("status").waitFor();
      const pay = page.getByRole("button", { name: "提交转账凭证" });
      await expect.poll(() => pay.count()).toBe(2);
      for (let left = 2; left > 0; left--) {
        await page.getByLabel("转账流水号").first().fill(`HX2026030100${left}`);
        await pay.first().click();
        await expect.poll(() => pay.count()).toBe(left - 1);
      }
    });

    // 8. The payees confirm: the platform contracts on the last confirmation.
    await as("APPRAISER", async (page) => {
      await page.goto(jobPath);
      // The receipt is dated (default today); on a phone the form fits the screen.
      expect(await page.getByLabel("到账日期").inputValue()).toBe(bookToday());
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "pledge-2b-receipt-date-390");
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.getByRole("button", { name: "确认收款" }).click();
      await expect.poll(() => page.getByRole("button", { name: "确认收款" }).count()).toBe(0);
    });
    await as("INSURER", async (page) => {
      await page.goto(url);
      await page.getByRole("button", { name: "确认收款" }).click();
      await expect.poll(() => status(page).innerText()).toContain("已签约");
    });

    // 9. The bank registers, disburses and records the settling repayment, all today
    // (the county's day, as the servers read the tests' clock): no event of the books lies
    // in the future or before the step it follows.
    const today = bookToday();
    await as("BANK", async (page) => {
      await page.goto(url);
      await act(page, "登记质押", { 质押登记号: `Y${today.slice(0, 4)}610000123`, "日期（YYYY-MM-DD）": today });
      await expect.poll(() => status(page).innerText()).toContain("已办理质押登记");
      await act(page, "放款", { "金额（元）": "850000.00", "日期（YYYY-MM-DD）": today });
      await expect.poll(() => status(page).innerText()).toContain("已放款");
      await act(page, "登记还款", { "日期（YYYY-MM-DD）": today, "本金（元）": "850000.00", "利息（元）": "32725.00" });
      await expect.poll(() => status(page).innerText()).toContain("已结清");
      const timeline = await page.locator(".fin-timeline li strong").allInnerTexts();
      expect(timeline).toEqual(expect.arrayContaining(["创建申请", "提交申请", "发布评估任务", "提交评估报告", "批准贷款", "同意承保", "确认收款", "签约", "登记质押", "放款", "登记还款"]));
      await screenshot(page, "pledge-3-timeline");
    });

    // 10. The SME sees the subsidies the worker awarded, each with its policy version:
    // the appraisal fee at disbursement (12,000.00) and the interest of the settling repayment (32,725.00 × 0.50).
    await as("SME", async (page) => {
      await page.goto(url);
      const subsidies = page.getByRole("table", { name: "财政补贴" });
      await expect
        .poll(
          async () => {
            await page.reload();
            return (await subsidies.count()) ? subsidies.innerText() : "";
          },
          { interval: 500 }, // bounded by the e2e poll timeout (vitest.config.ts): a loaded machine is slower, never red
        )
        .toMatch(/评估费补贴[\s\S]*¥12,000\.00[\s\S]*贴息[\s\S]*¥16,362\.50/);
      expect(await subsidies.innerText()).toMatch(/ZS-FIN@\d{4}-\d+/);
      await screenshot(page, "pledge-4-subsidies");
    });
  }, 600_000); // a whole journey: slower on a loaded machine, never red
});
