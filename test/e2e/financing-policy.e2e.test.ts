import type { Browser, Page } from "playwright-core";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DemoKind } from "../../prisma/seed-data";
import { ARTIFACTS, asDemoUser, launchBrowser, screenshot, fitsPhone } from "./browser";

/**
 * Issue 5's journey in the browser: an insurer confirms a premium, and the subsidy worker
 * awards 0.50 of it under ZS-FIN@2024-1; the county (GOVERNMENT) publishes a new version
 * with a premium-subsidy ratio of 0.40; the next premium's award uses the new version,
 * while the first award keeps its amount and its version.
 */
describe("financing policy journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A new SME's disbursed loan with the demo bank and insurer whose premium awaits the insurer's confirmation. */
  const premiumDue = (): { applicationId: string; smeName: string } => {
    const out = execFileSync(path.resolve("node_modules/.bin/tsx"), ["test/e2e/fixtures/premium-due.ts"], { env: { ...process.env, DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "silent" }, encoding: "utf8" });
    return JSON.parse(out.trim().split("\n").pop() as string);
  };

  const as = <T>(kind: DemoKind, work: (page: Page) => Promise<T>, options?: { refusals?: boolean }) => asDemoUser(browser, kind, work, options);

  /** The insurer confirms the premium on the application page: the "premium paid" event. */
  const confirmPremium = (applicationId: string) =>
    as("INSURER", async (page) => {
      await page.goto(`/financing/${applicationId}`);
      await page.getByRole("button", { name: "确认收款" }).click();
      await expect.poll(() => page.getByRole("button", { name: "确认收款" }).count()).toBe(0);
    });

  /** The award row of an SME on the county's subsidy page, once the worker has made it. */
  async function awardRow(page: Page, smeName: string) {
    const row = page.getByRole("row", { name: new RegExp(smeName) });
    await expect
      .poll(
        async () => {
          await page.goto("/subsidies");
          return row.count();
        },
        { interval: 500 }, // bounded by the e2e poll timeout (vitest.config.ts): a loaded machine is slower, never red
      )
      .toBe(1);
    return row;
  }

  it("publishes a new premium-subsidy ratio: a new award uses it, an award already made does not change", async () => {
    const first = premiumDue();
    await confirmPremium(first.applicationId);
    await as("GOVERNMENT", async (page) => {
      const row = await awardRow(page, first.smeName);
      await expect.poll(() => row.innerText()).toMatch(/¥8,500\.00[\s\S]*ZS-FIN@2024-1/);
    });

    // The county publishes ZS-FIN@<year>-n with a premium-subsidy ratio of 0.40; a bad ratio is refused first.
    const newRef = await as(
      "GOVERNMENT",
      async (page) => {
        await page.getByRole("link", { name: "融资政策" }).first().click();
        await page.waitForURL(/\/policies$/);
        await page.getByRole("link", { name: "发布新版本" }).click();
        await page.waitForURL(/\/policies\/new$/);
        await page.getByLabel(/保费补贴比例/).fill("1.5");
        await page.getByLabel(/修订说明/).fill("2026 年起保费补贴比例调整为 40%");
        await page.getByRole("button", { name: "发布新版本" }).click();
        await page.getByText("应在 0 到 1 之间").waitFor();
        await page.getByLabel(/保费补贴比例/).fill("0.40");
        await screenshot(page, "policy-1-form");
        await page.getByRole("button", { name: "发布新版本" }).click();
        await page.waitForURL(/\/policies\/ZS-FIN(@|%40)\d{4}-\d+$/);
        const ref = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() as string);
        await page.getByText(ref).first().waitFor();
        await screenshot(page, "policy-2-published");
        return ref;
      },
      { refusals: true },
    );
    expect(newRef).not.toBe("ZS-FIN@2024-1");

    const second = premiumDue();
    await confirmPremium(second.applicationId);
    await as("GOVERNMENT", async (page) => {
      const fresh = await awardRow(page, second.smeName);
      // 17,000.00 × 0.40 = 6,800.00 under the new version …
      await expect.poll(() => fresh.innerText()).toMatch(new RegExp(`¥6,800\\.00[\\s\\S]*${newRef}`));
      // … and the first award is as it was.
      await expect.poll(async () => (await awardRow(page, first.smeName)).innerText()).toMatch(/¥8,500\.00[\s\S]*ZS-FIN@2024-1/);
      await screenshot(page, "policy-3-awards");
    });
  }, 600_000); // a whole journey: slower on a loaded machine, never red


  it("withdraws a version not yet in force (reason and confirmation), which then shows 已撤回 and never takes effect", async () => {
    await as(
      "GOVERNMENT",
      async (page) => {
        // The editor names the bid ceiling in words (no developer key) and offers dates up to two years ahead.
        await page.goto("/policies/new");
        const ceiling = page.getByLabel("评估报价上限：参考评估费的倍数（超过即拒绝）");
        await expect.poll(() => ceiling.inputValue()).toBe("10");
        expect(await page.locator("form code").count()).toBe(0);
        const date = page.getByLabel("生效日期");
        const today = await date.inputValue();
        const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        await date.fill(tomorrow);
        await page.getByLabel(/修订说明/).fill("明日起执行（待撤回的测试版本）");
        await page.getByRole("button", { name: "发布新版本" }).click();
        await page.waitForURL(/\/policies\/ZS-FIN(@|%40)\d{4}-\d+$/);
        const ref = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() as string);

        await page.goto("/policies");
        await page.getByRole("link", { name: `撤回版本 ${ref}` }).click();
        await page.getByRole("heading", { name: `撤回版本 ${ref}` }).waitFor();
        // Neither a reason nor the confirmation: both are named at once, nothing is withdrawn.
        await page.getByRole("button", { name: "确认撤回" }).click();
        await page.getByText("请说明撤回的理由").waitFor();
        await page.getByText("请勾选确认后再撤回").waitFor();
        await fitsPhone(page, "policy-4-withdraw-form");
        await page.locator("#withdraw").screenshot({ path: path.join(ARTIFACTS, "policy-4b-withdraw-card.png") });
        await page.getByLabel("撤回理由").fill("文件编号有误，将重新发布");
        await page.getByLabel("我确认撤回此版本（不可恢复）").check();
        await page.getByRole("button", { name: "确认撤回" }).click();
        await page.getByText(`已撤回版本 ${ref}。`).waitFor();
        const row = page.getByRole("row", { name: new RegExp(ref) });
        await expect.poll(() => row.innerText()).toMatch(/已撤回[\s\S]*/);
        expect(await row.innerText()).toMatch(/文件编号有误/);
        expect(await page.getByRole("link", { name: `撤回版本 ${ref}` }).count()).toBe(0);
        await fitsPhone(page, "policy-5-withdrawn");
        await page.setViewportSize({ width: 390, height: 844 });
        await page.getByRole("region", { name: "全部版本" }).screenshot({ path: path.join(ARTIFACTS, "policy-5b-versions-390.png") });
      },
      { refusals: true },
    );
  }, 300_000);
});
