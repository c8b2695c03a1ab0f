import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, loginAs, newPage, screenshot } from "./browser";

/** The public patent search: an anonymous visitor finds a 木耳 patent; an SME subscribes to a search. */
describe("patent search journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an anonymous visitor searches 木耳, narrows to inventions and opens a patent", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await page.goto("/patents");
    await expect.poll(() => page.getByTestId("patent-hit").count()).toBeGreaterThan(0);
    await screenshot(page, "40-patents-all");

    await page.getByLabel("检索词").fill("木耳");
    await page.getByRole("button", { name: "检索", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === "木耳");
    const hits = page.getByTestId("patent-hit");
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    // Matches are marked in titles and snippets, as text.
    await expect.poll(() => page.locator(".hit mark").first().textContent()).toMatch(/木耳/);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/共 \d+ 件专利 · 用时 \d+ 毫秒/);
    const allMuer = Number((await page.getByTestId("result-count").textContent())!.match(/共 (\d+) 件/)![1]);
    await screenshot(page, "41-patents-muer");

    // Narrow by a facet: 专利类型 → 发明. The filter goes into the URL.
    await page.locator('[data-facet="type"]').getByRole("link", { name: /^发明/ }).click();
    await page.waitForURL((url) => url.searchParams.get("type") === "INVENTION" && url.searchParams.get("q") === "木耳");
    await expect.poll(() => page.locator(".active-filters .chip").first().textContent()).toMatch(/发明/);
    const inventions = Number((await page.getByTestId("result-count").textContent())!.match(/共 (\d+) 件/)![1]);
    expect(inventions).toBeGreaterThan(0);
    expect(inventions).toBeLessThanOrEqual(allMuer);
    const tagsOfHits = await hits.locator(".tag-type").allTextContents();
    expect(tagsOfHits.length).toBeGreaterThan(0);
    expect(new Set(tagsOfHits)).toEqual(new Set(["发明"]));
    await screenshot(page, "42-patents-muer-invention");

    // Open the first result and read its detail.
    const first = hits.first();
    const title = (await first.getByRole("heading").textContent())!.trim();
    await first.getByRole("heading").getByRole("link").click();
    await page.waitForURL(/\/patents\/[^/?]+$/);
    await expect.poll(() => page.getByTestId("patent-title").textContent()).toBe(title);
    await expect.poll(() => page.getByTestId("patent-abstract").textContent()).toMatch(/\S{20,}/);
    const biblio = (await page.getByTestId("patent-biblio").textContent())!;
    expect(biblio).toMatch(/申请号\s*CN\d{12}\.[\dX]/);
    expect(biblio).toContain("发明");
    await expect.poll(() => page.getByRole("heading", { name: "交易条款" }).isVisible()).toBe(true);
    // Visitors get no holder tools.
    expect(await page.getByRole("button", { name: /挂牌|下架/ }).count()).toBe(0);
    await page.locator("details.claims summary").click();
    await expect.poll(() => page.locator(".claims-text").isVisible()).toBe(true);
    await screenshot(page, "43-patent-detail");

    // Back to the same search, filters kept.
    await page.getByRole("link", { name: "← 返回检索结果" }).click();
    await page.waitForURL((url) => url.pathname === "/patents" && url.searchParams.get("type") === "INVENTION");

    // On a phone the filters stack above the results.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "48-patents-mobile");
    await hits.first().getByRole("heading").getByRole("link").click();
    await page.waitForURL(/\/patents\/[^/?]+$/);
    await expect.poll(() => page.getByTestId("patent-title").isVisible()).toBe(true);
    await screenshot(page, "49-patent-detail-mobile");
    assertClean();
    await close();
  });

  it("explains bad search parameters instead of failing (400)", async () => {
    const { page, errors, close } = await newPage(browser);
    const response = await page.goto("/patents?q=木耳&type=FOO&priceMin=abc");
    expect(response?.status()).toBe(400);
    const alert = page.getByTestId("search-errors");
    await expect.poll(() => alert.textContent()).toMatch(/专利类型“FOO”无效/);
    expect(await alert.textContent()).toMatch(/最低价格应为金额/);
    // The price box shows its own message next to it, and the search words stay in the box.
    await expect.poll(() => page.getByLabel("最低价格").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("检索词").inputValue()).toBe("木耳");
    await screenshot(page, "44-patents-bad-params");

    // Ranges that contradict each other are named too.
    expect((await page.goto("/patents?lifeMin=5&lifeMax=2"))?.status()).toBe(400);
    await expect.poll(() => alert.textContent()).toMatch(/最长剩余保护期不能短于最短剩余保护期/);
    // The only console line allowed is the browser noting the 400 document itself.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it("shows an empty state with a way out", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await page.goto(`/patents?q=${encodeURIComponent("量子引力波反物质推进器")}&type=DESIGN`);
    await expect.poll(() => page.getByTestId("no-results").isVisible()).toBe(true);
    await screenshot(page, "45-patents-empty");
    await page.getByRole("link", { name: "查看全部挂牌专利" }).click();
    await page.waitForURL((url) => url.pathname === "/patents" && url.search === "");
    await expect.poll(() => page.getByTestId("patent-hit").count()).toBeGreaterThan(0);
    assertClean();
    await close();
  });

  it("reads in English, every string translated", async () => {
    const { page, assertClean, close } = await newPage(browser);
    await page.goto(`/patents?q=${encodeURIComponent("木耳")}`);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Patent search", level: 1 }).isVisible()).toBe(true);
    expect(await page.locator("body").textContent()).not.toMatch(/patents\.[a-zA-Z]/);
    await screenshot(page, "49a-patents-en");
    await page.getByTestId("patent-hit").first().getByRole("heading").getByRole("link").click();
    await expect.poll(() => page.getByRole("heading", { name: "Listing terms" }).isVisible()).toBe(true);
    expect(await page.locator("body").textContent()).not.toMatch(/patents\.[a-zA-Z]/);
    assertClean();
    await close();
  });

  it("an SME subscribes to a search and finds it under 定点推送", async () => {
    const { page, assertClean, close } = await newPage(browser);
    const name = `木耳发明-${randomBytes(3).toString("hex")}`;
    await loginAs(page, "SME");
    await page.goto(`/patents?q=${encodeURIComponent("木耳")}&type=INVENTION`);
    await expect.poll(() => page.getByRole("heading", { name: "订阅此检索" }).isVisible()).toBe(true);
    await page.getByLabel("订阅名称").fill(name);
    await page.getByRole("button", { name: "订阅此检索" }).click();
    await expect.poll(() => page.getByTestId("subscribed").textContent()).toContain(name);
    await screenshot(page, "46-patents-subscribed");

    await page.getByRole("link", { name: "查看我的订阅" }).click();
    await page.waitForURL(/\/subscriptions$/);
    const row = page.locator("tr", { hasText: name });
    await expect.poll(() => row.textContent()).toMatch(/检索词“木耳” · 发明/);
    await screenshot(page, "47-subscriptions");
    await row.getByRole("button", { name: "取消订阅" }).click();
    await expect.poll(() => page.getByText("已取消订阅。").isVisible()).toBe(true);
    await expect.poll(() => page.locator("tr", { hasText: name }).count()).toBe(0);
    assertClean();
    await close();
  });
});
