import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS, type DemoKind } from "../../prisma/seed-data";

export const ARTIFACTS = path.resolve("test/e2e/artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

export function baseUrl() {
  return inject("baseUrl");
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page in a fresh context whose console errors and failed page loads are collected;
 * `assertClean()` fails the test on any (a test that logs an unexpected error fails).
 */
export async function newPage(browser: Browser, opts: { locale?: string } = {}) {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: opts.locale ?? "zh-CN", viewport: { width: 1280, height: 860 } });
  // Waits for elements and navigations are bounded generously: a loaded machine makes a
  // journey slower, never red (Playwright's own default is 30 s).
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return {
    page,
    errors,
    assertClean: () => expect(errors, "browser console errors").toEqual([]),
    close: () => context.close(),
  };
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** At a phone's width (390 px) the page must not scroll sideways (SPEC §12); photographed there, then the viewport is restored. */
export async function fitsPhone(page: Page, name: string) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (before) await page.setViewportSize(before);
}

export async function loginWith(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole("button", { name: /^(登录|Log in)$/ }).click();
  await page.waitForURL(/\/home/);
}

/** Logs in as the seeded demo user of an org kind. */
export async function loginAs(page: Page, kind: DemoKind) {
  await loginWith(page, DEMO_USERS[kind].email, DEMO_PASSWORD);
}

/**
 * One step of a journey as the demo user of `kind`, in a fresh session that is closed
 * afterwards. Fails on any browser console error; with `refusals`, the 400s a refused form
 * makes the browser log are expected.
 */
export async function asDemoUser<T>(browser: Browser, kind: DemoKind, work: (page: Page) => Promise<T>, { refusals = false } = {}): Promise<T> {
  const { page, errors, close } = await newPage(browser);
  try {
    await loginAs(page, kind);
    const result = await work(page);
    expect(errors.filter((e) => !(refusals && /status of 400/.test(e)))).toEqual([]);
    return result;
  } finally {
    await close();
  }
}
