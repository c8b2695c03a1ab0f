import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitsPhone, launchBrowser, loginAs, newPage, screenshot } from "./browser";

/**
 * Issue 18 in the browser, on the demo catalog: a query of markup is told what to type
 * instead of listing every patent; and an SME's need for drying 木耳, written the way an
 * owner writes it, gets a drying patent first, above cheaper patents that dry nothing, with
 * reasons that name the need's own words and none of its prose; and 量子计算机芯片, which
 * the catalog does not answer (a wristband has a 芯片, nothing is quantum), is told so:
 * every hit sits below the 相关度较低 divider.
 */
describe("relevance that a user can trust", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("answers a query of markup with what to type, not with every patent", async () => {
    const { page, assertClean, close } = await newPage(browser);
    try {
      await page.goto(`/patents?q=${encodeURIComponent("<div>&nbsp;</div>")}`);
      await expect.poll(() => page.getByTestId("junk-query").count()).toBe(1);
      expect(await page.getByTestId("junk-query").innerText()).toMatch(/木耳/);
      await screenshot(page, "relevance-2-junk-query");
      assertClean();
    } finally {
      await close();
    }
  });

  it("tells a search for 量子计算机芯片 that nothing in the catalog is relevant, and shows the nearest below the divider", async () => {
    const { page, assertClean, close } = await newPage(browser);
    try {
      await page.goto(`/patents?q=${encodeURIComponent("量子计算机芯片")}`);
      await expect.poll(() => page.getByTestId("none-relevant").count()).toBe(1);
      expect(await page.getByTestId("none-relevant").innerText()).toMatch(/\S/);
      const low = page.getByTestId("low-relevance");
      expect(await low.count()).toBe(1);
      expect(await low.getByRole("heading", { name: /相关度较低/ }).count()).toBe(1);
      // Every result is below the divider: none is presented as an answer.
      const shown = await page.getByTestId("patent-hit").count();
      const below = await low.getByTestId("patent-hit").count();
      expect(below).toBeGreaterThan(0);
      expect(below).toBe(shown);
      await screenshot(page, "relevance-1-quantum-chip-none-relevant");
      await fitsPhone(page, "relevance-1-quantum-chip-none-relevant-390");
      assertClean();
    } finally {
      await close();
    }
  });

  it("ranks drying patents first for an owner's need to dry 木耳, above cheaper ones that do not dry anything", async () => {
    const { page, assertClean, close } = await newPage(browser);
    try {
      await loginAs(page, "SME");
      await page.goto("/needs/new");
      await page.getByLabel("需求标题").fill("木耳烘干");
      await page.getByLabel("需求描述").fill("我们合作社每年收十几吨鲜木耳，现在全靠太阳晒，太慢了，碰上阴雨天还容易发霉。想找一套能自己烘干木耳的设备或者办法，最好省电。");
      await page.getByLabel("预算上限（元，选填）").fill("300000");
      await page.getByRole("checkbox", { name: /有新挂牌的匹配专利时通知我/ }).uncheck();
      await page.getByRole("button", { name: "发布并匹配" }).click();
      await page.waitForURL(/\/needs\/c[0-9a-z]+$/);

      const matches = page.getByTestId("need-matches");
      await matches.waitFor();
      const titles = await matches.locator("li.match .match-title").allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      // The first match dries something; patents that dry nothing rank below it, however well they fit the budget.
      expect(titles[0]).toMatch(/烘干|干燥/);
      const budgetReasons = await matches.locator("li.match").evaluateAll((items) => items.map((li) => li.textContent ?? ""));
      const cheaperUnrelated = titles.findIndex((t, i) => i > 0 && !/烘干|干燥|木耳/.test(t) && /在预算/.test(budgetReasons[i]));
      expect(cheaperUnrelated).toBeGreaterThan(0);
      const reasons = await matches.locator("li.match").first().locator(".match-reasons li").allInnerTexts();
      const terms = reasons.find((r) => r.startsWith("匹配关键词："));
      expect(terms).toMatch(/烘干/);
      expect(terms).not.toMatch(/我们|现在|想找|最好/);
      await screenshot(page, "relevance-3-muer-drying-need");
      await fitsPhone(page, "relevance-3-muer-drying-need-390");
      assertClean();
    } finally {
      await close();
    }
  });
});
