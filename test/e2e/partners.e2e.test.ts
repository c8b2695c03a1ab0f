import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoKind } from "../../prisma/seed-data";
import { asDemoUser, launchBrowser, screenshot } from "./browser";

/**
 * Issue 15 §4 in the browser, on a phone (390 px): an appraiser sets its own profile, the
 * county books a risk-fund correction through its confirm step, a bank lists its products.
 * Screenshots in test/e2e/artifacts/partners-*.png.
 */
describe("partners' own settings and the fund's correcting entry", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = <T>(kind: DemoKind, work: (page: Page) => Promise<T>) => asDemoUser(browser, kind, work, { refusals: true });
  const phone = (page: Page) => page.setViewportSize({ width: 390, height: 844 });
  const noHorizontalScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  it("an appraiser sets its qualification number, methods, capacity and service area; bad fields are all named", async () => {
    await as("APPRAISER", async (page) => {
      await phone(page);
      await page.goto("/appraisal/profile");
      await page.getByLabel("资产评估机构备案编号").fill("<b>");
      await page.getByLabel("同时承接的任务数").fill("0");
      for (const box of await page.locator('input[name="methods"]:checked, input[name="serviceArea"]:checked').all()) await box.uncheck();
      await page.getByRole("button", { name: "保存资料" }).click();
      await expect.poll(() => page.getByRole("alert").count()).toBeGreaterThanOrEqual(4);
      for (const message of ["备案编号只能包含数字、字母、汉字、括号和连字符", "至少选择一种评估方法", "同时承接的任务数至少 1", "至少选择一个服务区域"]) await page.getByText(message).waitFor();
      await noHorizontalScroll(page);
      await screenshot(page, "partners-appraiser-profile-errors");

      await page.getByLabel("资产评估机构备案编号").fill("陕财评备〔2021〕12号");
      await page.getByLabel("同时承接的任务数").fill("6");
      await page.getByLabel("收益法").check();
      await page.getByLabel("市场法").check();
      await page.getByLabel("柞水县").check();
      await page.getByRole("button", { name: "保存资料" }).click();
      await page.getByText("评估机构资料已保存。").waitFor();
      expect(await page.getByLabel("同时承接的任务数").inputValue()).toBe("6");
      await noHorizontalScroll(page);
      await screenshot(page, "partners-appraiser-profile-saved");
    });
  });

  it("the county corrects the risk fund: amount and reason, then a confirm step with the balance before and after", async () => {
    await as("GOVERNMENT", async (page) => {
      await phone(page);
      await page.goto("/risk-fund");
      const seeded = await page.getByTestId("fund-balance").textContent();
      await page.getByLabel("注资金额（元）").fill("1,000");
      await page.getByRole("button", { name: "下一步：核对注资" }).click();
      // One person moves the county's money: the amount is confirmed in words first (issue 19).
      await expect.poll(() => page.getByTestId("top-up-words").innerText()).toContain("人民币壹仟元整");
      await page.getByRole("button", { name: "确认注资" }).click();
      await page.getByText(/已注资/).waitFor();
      // The figures follow once the page's data is reloaded.
      await expect.poll(() => page.getByTestId("fund-balance").textContent()).not.toBe(seeded);
      const balanceBefore = (await page.getByTestId("fund-balance").textContent()) ?? "";
      await screenshot(page, "partners-fund-topped-up");

      // Nothing given: both fields named at once.
      await page.getByRole("button", { name: "下一步：核对", exact: true }).click();
      await page.getByText("更正原因至少 4 个字").waitFor();
      await page.getByText(/请填写更正金额|更正金额应为金额/).first().waitFor();

      await page.getByLabel("更正金额（元，可为负数）").fill("-100.50");
      await page.getByLabel("更正原因", { exact: true }).fill("冲销重复录入的注资（测试）");
      await page.getByRole("button", { name: "下一步：核对", exact: true }).click();
      await page.getByRole("heading", { name: "请核对更正分录" }).waitFor();
      // The confirm step writes nothing; the top-up form keeps its own (empty) fields.
      expect(await page.getByTestId("fund-balance").textContent()).toBe(balanceBefore);
      expect(await page.getByLabel("注资金额（元）").inputValue()).toBe("");
      await noHorizontalScroll(page);
      await screenshot(page, "partners-fund-correction-confirm");

      await page.getByRole("button", { name: "确认记入更正分录" }).click();
      await page.getByText(/已记入更正分录 -¥100\.50/).waitFor();
      await expect.poll(() => page.getByRole("cell", { name: "冲销重复录入的注资（测试）" }).count()).toBe(1);
      await noHorizontalScroll(page);
      await screenshot(page, "partners-fund-correction-booked");
    });
  });

  it("a bank's owner lists its products in the org profile", async () => {
    await as("BANK", async (page) => {
      await phone(page);
      await page.goto("/org/profile");
      await page.getByLabel("提供的产品").fill("知识产权质押贷款\n<b>x</b>");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await page.getByText("产品名称不能包含 < 或 >").waitFor();
      await page.getByLabel("提供的产品").fill("知识产权质押贷款\n科技型中小企业信用贷");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await page.getByText("机构信息已保存。").waitFor();
      await noHorizontalScroll(page);
      await screenshot(page, "partners-org-profile-products");
    });
  });
});
