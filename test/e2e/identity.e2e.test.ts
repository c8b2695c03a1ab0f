import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, type DemoKind } from "../../prisma/seed-data";
import { randomUscc } from "../factories/uscc";
import { launchBrowser, loginAs, loginWith, newPage, screenshot } from "./browser";

/** Issue 2's journey: sign up an SME, a platform admin activates it, the SME gets its home. */
describe("identity journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const suffix = randomBytes(3).toString("hex");
  const newUser = {
    name: "王建国",
    email: `wang-${suffix}@example.cn`,
    password: "Mu-Er-2026-strong",
    orgName: `柞水县金米木耳合作社-${suffix}`,
    uscc: randomUscc(),
  };

  it("a new user signs up an SME org and waits for review", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await page.goto("/signup");
    await page.getByLabel("姓名").fill(newUser.name);
    await page.getByLabel("邮箱").fill(newUser.email);
    await page.getByLabel("密码").fill(newUser.password);
    await page.getByLabel("机构名称").fill(newUser.orgName);
    await page.getByLabel("机构类型").selectOption("SME");
    await page.getByLabel("统一社会信用代码").fill(newUser.uscc);
    await page.getByLabel(/所在镇/).selectOption("小岭镇");
    await page.getByLabel("木耳深加工").check();
    await screenshot(page, "01-signup-filled");
    await page.getByRole("button", { name: "提交注册" }).click();
    // The same answer whether or not the e-mail is taken; a new account then logs in.
    await expect.poll(() => page.getByTestId("signup-received").isVisible()).toBe(true);
    await loginWith(page, newUser.email, newUser.password);
    await expect.poll(() => page.getByTestId("home-SME").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("待平台审核").first().isVisible()).toBe(true);
    await screenshot(page, "02-sme-pending-home");
    assertClean();
    await close();
  });

  it("a platform admin activates the new org", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "PLATFORM");
    await page.goto(`/admin/orgs?status=PENDING`);
    const row = page.locator("tr", { hasText: newUser.orgName });
    await expect.poll(() => row.isVisible()).toBe(true);
    await row.getByRole("button", { name: "通过审核" }).click();
    await expect.poll(() => page.getByText(`已更新「${newUser.orgName}」的状态`).isVisible()).toBe(true);
    await screenshot(page, "03-admin-activated");
    assertClean();
    await close();
  });

  it("the user logs in and sees the active SME home, with the activation notice", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginWith(page, newUser.email, newUser.password);
    await expect.poll(() => page.getByTestId("home-SME").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("待平台审核").count()).toBe(0);
    // the activation notification travels outbox → dispatcher → worker → in-app row
    await expect
      .poll(
        async () => {
          await page.goto("/notifications");
          return page.getByText(/通过审核/).count();
        },
        { interval: 500 }, // bounded by the e2e poll timeout (vitest.config.ts): a loaded machine is slower, never red
      )
      .toBeGreaterThan(0);
    await screenshot(page, "04-sme-notifications");
    await page.goto("/home");
    await screenshot(page, "05-sme-active-home");
    assertClean();
    await close();
  });

  for (const kind of Object.keys(DEMO_USERS) as DemoKind[]) {
    it(`the seeded ${kind} user logs in and sees its own home`, async () => {
      const { page, assertClean, close } = await newPage(browser);
      await loginAs(page, kind);
      await expect.poll(() => page.getByTestId(`home-${kind}`).isVisible()).toBe(true);
      await screenshot(page, `10-home-${kind}`);
      assertClean();
      await close();
    });
  }

  it("switches the interface to English and back", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await loginAs(page, "BANK");
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Log out" }).isVisible()).toBe(true);
    await screenshot(page, "20-bank-home-en");
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.getByRole("button", { name: "退出" }).isVisible()).toBe(true);
    assertClean();
    await close();
  });

  it("refuses a sixth login attempt after five wrong passwords", async () => {
    const { page, close } = await newPage(browser);
    await page.goto("/login");
    // An account of its own: a locked-out demo login would refuse the other journeys for the window.
    const email = `lockout-${Date.now()}@example.cn`;
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("邮箱").fill(email);
      await page.getByLabel("密码").fill(`wrong-password-${i}`);
      await page.getByRole("button", { name: "登录", exact: true }).click();
      await page.waitForLoadState("networkidle");
    }
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/次数过多|稍后/);
    await screenshot(page, "30-login-rate-limited");
    await close();
  });
});
