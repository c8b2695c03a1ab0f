import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookToday } from "~/domain/shared/book-dates";
import { DEMO_ORGS, type DemoKind } from "../../prisma/seed-data";
import { asDemoUser, launchBrowser, newPage, screenshot, fitsPhone } from "./browser";

/**
 * Issue 16's journey in the browser: the demo SME applies to use the 柞水木耳 special mark
 * with a PDF; the county asks for a supplement, the SME resubmits, the county approves (a
 * certificate number); an anonymous visitor verifies the enterprise by USCC and opens the
 * certificate with its QR code; the county opens a seeded spot check, records a FAIL for a
 * sampled enterprise and revokes it from the application page; the public page then says
 * 已撤销. Pages are photographed, and the phone-sized ones must not scroll sideways.
 */
describe("geographical-indication journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = <T>(kind: DemoKind, work: (page: Page) => Promise<T>) => asDemoUser(browser, kind, work);
  const status = (page: Page) => page.getByTestId("gi-status").innerText();
  const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");


  /** The application form of the current application page, by its action's Chinese name. */
  const actionForm = (page: Page, name: string) => page.getByRole("form", { name, exact: true });

  /** An anonymous visitor looks the enterprise up on the public verification page. */
  async function verify(q: string, shot: string) {
    const { page, assertClean, close } = await newPage(browser);
    try {
      await page.goto("/gi/verify");
      await page.getByLabel("企业名称、统一社会信用代码或证书编号").fill(q);
      await page.getByRole("button", { name: "查询", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === q);
      const card = page.getByTestId("gi-verify-results").locator("li").first();
      await expect.poll(() => card.innerText()).toContain(q);
      const text = await card.innerText();
      await fitsPhone(page, shot);
      assertClean();
      return { text, page, close };
    } catch (e) {
      await close();
      throw e;
    }
  }

  it("runs from an application to a public certificate, a spot check and a public revocation", async () => {
    const today = bookToday();
    const uscc = DEMO_ORGS.SME.uscc;

    // 1. The SME applies with a PDF.
    const applicationUrl = await as("SME", async (page) => {
      await page.goto("/gi");
      await page.getByRole("link", { name: /申请使用/ }).first().click();
      await page.waitForURL(/\/gi\/apply/);
      const muer = await page.locator("#ga-productId option", { hasText: "柞水木耳" }).getAttribute("value");
      await page.locator("#ga-productId").selectOption(muer!);
      await expect.poll(() => page.locator("#ga-town option", { hasText: "下梁镇" }).count()).toBe(1);
      await page.locator("#ga-town").selectOption("下梁镇");
      await page.getByLabel("生产地址").fill("下梁镇西川村二组 18 号");
      await page.getByLabel("年产量（千克）").fill("3000");
      await page.getByLabel("生产情况说明").fill("林下袋料栽培黑木耳 200 亩，年产干耳约 3 吨，按质量技术要求分级包装。");
      await page.getByLabel("证明材料").setInputFiles({ name: "食品生产许可证.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.getByLabel(/本企业承诺按该产品的质量标准组织生产/).check();
      await screenshot(page, "gi-1-sme-apply");
      await fitsPhone(page, "gi-1-sme-apply-390");
      await page.getByRole("button", { name: "提交申请" }).click();
      await page.waitForURL(/\/gi\/applications\/[^/]+$/);
      await expect.poll(() => status(page)).toContain("待审核");
      await fitsPhone(page, "gi-1-sme-application-390");
      return new URL(page.url()).pathname;
    });

    // 2. The county sees it waiting (home, queue, products, register import fit a phone) and asks for a supplement.
    await as("GOVERNMENT", async (page) => {
      await expect.poll(async () => Number(await page.getByTestId("gi-to-review").innerText())).toBeGreaterThanOrEqual(1);
      await page.goto("/gi");
      await expect.poll(() => page.locator("main").innerText()).toContain(DEMO_ORGS.SME.name);
      await fitsPhone(page, "gi-2-gov-queue-390");
      await page.goto("/gi/products");
      await expect.poll(() => page.locator("main").innerText()).toContain("柞水核桃");
      await fitsPhone(page, "gi-2-gov-products-390");
      await page.goto("/gi/register-import");
      await fitsPhone(page, "gi-2-gov-register-import-390");
      await page.goto("/gi/products/new");
      await fitsPhone(page, "gi-2-gov-product-form-390");
      await page.goto(applicationUrl);
      const form = actionForm(page, "要求补充材料");
      await form.getByLabel("需要补充的材料和说明").fill("请补充近一年的产品检测报告。");
      await form.getByRole("button", { name: "要求补充材料" }).click();
      await expect.poll(() => status(page)).toContain("待补充材料");
    });

    // 3. The SME resubmits with the report.
    await as("SME", async (page) => {
      await page.goto(applicationUrl);
      const form = actionForm(page, "补充后重新提交");
      await form.getByLabel("补充说明（选填）").fill("已补充 2026 年检测报告。");
      await form.getByLabel("补充材料").setInputFiles({ name: "检测报告.pdf", mimeType: "application/pdf", buffer: PDF });
      await form.getByRole("button", { name: "补充后重新提交" }).click();
      await expect.poll(() => status(page)).toContain("待审核");
    });

    // 4. The county approves: a certificate number is issued.
    const certificate = await as("GOVERNMENT", async (page) => {
      await page.goto(applicationUrl);
      const form = actionForm(page, "核准使用");
      await form.getByLabel("核准公告号").fill("柞市监公告〔2026〕18号");
      await expect.poll(() => form.getByLabel("公告日期").inputValue()).toBe(today);
      await form.getByRole("button", { name: "核准使用" }).click();
      await expect.poll(() => status(page)).toContain("已核准");
      const number = (await page.getByTestId("gi-certificate").innerText()).trim();
      expect(number).toMatch(/^ZSGI-\d{4}-\d{4}$/);
      await screenshot(page, "gi-2-gov-approved");
      return number;
    });

    // 5. Anyone verifies the enterprise by USCC and opens its certificate with the QR code.
    {
      const { text, page, close } = await verify(uscc, "gi-3-public-verify-390");
      expect(text).toContain("有效");
      expect(text).toContain(certificate);
      expect(text).not.toMatch(/西川村|3000|食品生产许可证/);
      await page.getByRole("link", { name: `查看证书 ${certificate}` }).click();
      await page.waitForURL(/\/gi\/certificates\//);
      await expect.poll(() => page.getByRole("img", { name: `二维码：在线查询证书 ${certificate}` }).locator("svg").count()).toBe(1);
      expect(await page.locator("main").innerText()).toContain(DEMO_ORGS.SME.name);
      await screenshot(page, "gi-4-certificate");
      await fitsPhone(page, "gi-4-certificate-390");
      await close();
    }

    // 6. The county opens a seeded spot check of 柞水木耳, records a FAIL and revokes.
    const failed = await as("GOVERNMENT", async (page) => {
      await page.goto("/gi/spot-checks");
      await fitsPhone(page, "gi-5-spot-checks-list-390");
      const muer = await page.locator("#productId option", { hasText: "柞水木耳" }).getAttribute("value");
      await page.locator("#productId").selectOption(muer!);
      await page.getByLabel("抽查比例").fill("20%");
      await page.getByLabel("随机种子").fill("e2e-柞水木耳-年度抽查");
      await page.getByRole("button", { name: "抽样并开展抽查" }).click();
      await page.waitForURL(/\/gi\/spot-checks\/[^/]+$/);
      await expect.poll(() => page.getByTestId("check-seed").innerText()).toBe("e2e-柞水木耳-年度抽查");
      await screenshot(page, "gi-5-spot-check");
      const first = page.locator("li", { has: page.getByRole("form", { name: /^记录检查结果：/ }) }).first();
      const sampledCertificate = (await first.locator(".spot-facts .mono").nth(0).innerText()).trim();
      const sampledUscc = (await first.locator(".spot-facts .mono").nth(1).innerText()).trim();
      const form = first.getByRole("form", { name: /^记录检查结果：/ });
      await form.getByRole("radio", { name: "不合格" }).check();
      await form.getByLabel("检查发现（不合格时必填）").fill("产品包装未规范标注专用标志，部分批次产地证明缺失。");
      const deadline = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
      await form.getByLabel("整改期限（不合格时必填）").fill(deadline);
      await form.getByRole("button", { name: "保存结果" }).click();
      await expect.poll(() => page.getByTestId(`result-${sampledCertificate}`).innerText()).toBe("不合格");
      await fitsPhone(page, "gi-5-spot-check-390");

      // Revocation is its own, confirmed step on the application page.
      await page.locator("li", { has: page.getByTestId(`result-${sampledCertificate}`) }).getByRole("link", { name: "查看申请与授权" }).click();
      await page.waitForURL(/\/gi\/applications\/[^/]+$/);
      await page.getByText("撤销使用资格…").click();
      const revoke = actionForm(page, "撤销使用资格");
      await revoke.getByLabel("撤销理由").fill("年度抽查不合格，经核实决定撤销。");
      await revoke.getByLabel(/我已核实，确认撤销/).check();
      await revoke.getByRole("button", { name: "确认撤销" }).click();
      await expect.poll(() => status(page)).toContain("已撤销");
      await screenshot(page, "gi-6-gov-revoked");
      return sampledUscc;
    });

    // 7. The public page now says 已撤销, with the date.
    {
      const { text, close } = await verify(failed, "gi-7-public-revoked-390");
      expect(text).toContain(`已撤销（${today} 起）`);
      await close();
    }
  });
});
