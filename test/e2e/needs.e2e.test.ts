import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, screenshot } from "./browser";

/** Issue 3's matching journey: an SME posts a technology need and sees ranked matches with reasons. */
describe("technology need journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an SME posts a need and sees ranked matching patents with their reasons", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "SME");
    await page.getByRole("link", { name: "技术需求" }).first().click();
    await page.waitForURL(/\/needs$/);
    await page.getByRole("link", { name: "发布技术需求" }).click();

    await page.getByLabel("需求标题").fill("黑木耳多糖提取技术");
    await page.getByLabel("需求描述").fill("我们是柞水县的木耳加工企业，希望提高黑木耳多糖的提取得率和纯度，用于开发功能饮品和保健食品。");
    await page.getByLabel("IPC 分类（选填）").fill("A23L");
    await page.getByRole("checkbox", { name: "木耳深加工" }).check();
    await page.getByLabel("预算上限（元，选填）").fill("500000");
    await page.getByRole("checkbox", { name: "高校" }).check();
    await page.getByRole("checkbox", { name: /有新挂牌的匹配专利时通知我/ }).uncheck(); // subscribe later, on the results
    await screenshot(page, "needs-1-form");
    await page.getByRole("button", { name: "发布并匹配" }).click();
    await page.waitForURL(/\/needs\/c[0-9a-z]+$/);

    // The worker ranks the catalog within a few seconds; the page looks again until then.
    const matches = page.getByTestId("need-matches");
    await matches.waitFor();
    const items = matches.locator("li.match");
    expect(await items.count()).toBeGreaterThan(1);
    const first = items.first();
    await expect.poll(() => first.locator(".match-title").innerText()).toMatch(/木耳/);
    const reasons = await first.locator(".match-reasons li").allInnerTexts();
    expect(reasons.some((r) => r.startsWith("匹配关键词："))).toBe(true);
    expect(reasons).toContain("同属产业集群：木耳深加工");
    await screenshot(page, "needs-2-matches");

    await page.getByRole("button", { name: "订阅此需求的新匹配" }).click();
    await page.getByText("已订阅：有新挂牌的匹配专利时会通知您。").waitFor();
    assertClean();
    await close();
  });
});
