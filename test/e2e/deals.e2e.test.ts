import type { Browser, Page } from "playwright-core";
import { bookToday } from "~/domain/shared/book-dates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, type DemoKind } from "../../prisma/seed-data";
import {
  asDemoUser,
  launchBrowser,
  loginAs,
  newPage,
  screenshot,
  fitsPhone,
} from "./browser";

/**
 * Issue 14's journey in the browser: an SME searches 木耳, opens a patent and starts a
 * deal; the university holder counters with an offer; the SME accepts and pays the upfront
 * fee offline; the holder confirms receipt and records the contract; the SME reports the
 * patent in production. A second deal is declined for its price, and the holder's catalog
 * shows the inquiries, views and the decline reason. Every page is checked at 390 px.
 */
describe("deal journey", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = <T>(
    kind: DemoKind,
    work: (page: Page) => Promise<T>,
    options?: { refusals?: boolean }
  ) => asDemoUser(browser, kind, work, options);

  const LICENCE = "包装盒（木耳礼盒）";
  const DECLINED = "一种黑木耳多糖的低温超声辅助提取方法";
  const status = (page: Page) => page.getByTestId("deal-status").innerText();
  const form = (page: Page, name: string) => page.getByRole("form", { name });


  /** Searches 木耳 on the patent search and opens the hit titled `title`. */
  async function openFromSearch(page: Page, title: string) {
    await page.goto("/patents");
    await page.getByLabel("检索词").fill("木耳");
    await page.getByRole("button", { name: "检索", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === "木耳");
    await page
      .getByTestId("patent-hit")
      .getByRole("link", { name: title })
      .first()
      .click();
    await page.waitForURL(/\/patents\/[^/?]+$/);
    await expect
      .poll(() => page.getByTestId("patent-title").innerText())
      .toBe(title);
  }

  it("runs from the search to conversion, and the holder sees a declined inquiry's reason", async () => {
    // Anonymous visitors are asked to log in before starting a deal.
    {
      const { page, assertClean, close } = await newPage(browser);
      await openFromSearch(page, LICENCE);
      await expect
        .poll(() =>
          page
            .getByRole("link", { name: "登录后发起洽谈" })
            .getAttribute("href")
        )
        .toMatch(/^\/login\?redirectTo=%2Fpatents%2F/);
      assertClean();
      await close();
    }

    // 1. The SME searches 木耳, opens the gift-box design and asks for a non-exclusive licence.
    const dealPath = await as("SME", async (page) => {
      await openFromSearch(page, LICENCE);
      const start = form(page, "发起洽谈");
      expect(
        await start.getByLabel("许可方式").locator("option").allInnerTexts()
      ).toEqual(["普通许可"]);
      await start
        .getByLabel("留言（选填）")
        .fill(
          "我司拟将该外观设计用于木耳礼盒，年产约 10 万盒，<b>希望</b>洽谈普通许可。"
        );
      await screenshot(page, "deals-01-patent-start");
      await fitsPhone(page, "deals-01b-patent-start-390");
      await start.getByRole("button", { name: "发起洽谈" }).click();
      await page.waitForURL(/\/deals\/[^/]+$/);
      await expect.poll(() => status(page)).toContain("咨询中");
      // The message is text: its markup is shown, never rendered.
      await expect
        .poll(() => page.locator(".deal-thread .body").first().innerText())
        .toContain("<b>希望</b>");
      expect(await page.locator(".deal-thread b").count()).toBe(0);
      await screenshot(page, "deals-02-inquiry");
      return new URL(page.url()).pathname;
    });

    // A second inquiry, on the polysaccharide extraction patent (exclusive licence).
    const declinedPath = await as("SME", async (page) => {
      await openFromSearch(page, DECLINED);
      const start = form(page, "发起洽谈");
      await start.getByLabel("许可方式").selectOption({ label: "独占许可" });
      await start.getByRole("button", { name: "发起洽谈" }).click();
      await page.waitForURL(/\/deals\/[^/]+$/);
      await expect.poll(() => status(page)).toContain("咨询中");
      return new URL(page.url()).pathname;
    });

    // 2. The holder sees both on 我的交易, counters the first with an offer and declines the second.
    await as(
      "UNIVERSITY",
      async (page) => {
        await page.getByRole("link", { name: "我的交易" }).first().click();
        await page.waitForURL(/\/deals$/);
        const list = page.getByRole("table", { name: "交易列表" });
        await expect
          .poll(() => list.getByRole("link", { name: LICENCE }).count())
          .toBe(1);
        await expect
          .poll(() => list.getByRole("link", { name: DECLINED }).count())
          .toBe(1);
        await screenshot(page, "deals-03-holder-list");
        await fitsPhone(page, "deals-03b-holder-list-390");

        await list.getByRole("link", { name: LICENCE }).click();
        await page.waitForURL((url) => url.pathname === dealPath);
        const offer = form(page, "提出报价");
        await offer.getByLabel("入门费（元）").fill("18000");
        // A royalty is a percentage between 0 and 100: 250 is refused next to its field.
        await offer.getByLabel("提成费率（%）").fill("250");
        await offer.getByRole("button", { name: "提交报价" }).click();
        await expect
          .poll(() => offer.getByRole("alert").first().innerText())
          .toContain("提成费率应为 0 到 100 之间的百分数");
        await offer.getByLabel("提成费率（%）").fill("2.5");
        await offer.getByLabel("期限（月）").fill("36");
        await offer.getByRole("button", { name: "提交报价" }).click();
        await expect.poll(() => status(page)).toContain("洽谈中");
        const current = page.getByRole("region", { name: "现行报价" });
        await expect.poll(() => current.innerText()).toContain("¥18,000.00");
        expect(await current.innerText()).toContain("2.5%（按净销售额计）");
        expect(await current.innerText()).toContain("36 个月");
        await form(page, "发送留言")
          .getByLabel("留言内容")
          .fill("欢迎合作。入门费可分两期支付，提成按年结算。");
        await form(page, "发送留言")
          .getByRole("button", { name: "发送留言" })
          .click();
        await expect
          .poll(() => page.locator(".deal-thread li").count())
          .toBe(2);
        await screenshot(page, "deals-04-holder-offer");

        await page.goto(declinedPath);
        const decline = form(page, "婉拒");
        await decline
          .getByLabel("婉拒原因")
          .selectOption({ label: "价格未达成一致" });
        await decline
          .getByLabel("说明（选填）")
          .fill("独占许可报价低于学校评估底价");
        await decline.getByRole("button", { name: "婉拒" }).click();
        await expect.poll(() => status(page)).toContain("已婉拒");
        expect(await page.locator("main").innerText()).toContain(
          "婉拒原因：价格未达成一致"
        );
      },
      { refusals: true }
    );

    // 3. The SME accepts the holder's offer and pays the upfront fee by bank transfer.
    await as("SME", async (page) => {
      await page.goto(dealPath);
      await expect.poll(() => status(page)).toContain("洽谈中");
      await form(page, "接受现行报价")
        .getByRole("button", { name: "接受现行报价" })
        .click();
      await expect.poll(() => status(page)).toContain("已达成");
      const terms = page.getByRole("region", { name: "达成条款" });
      await expect
        .poll(() => terms.getByTestId("terms-hash").innerText())
        .toMatch(/^[0-9a-f]{64}$/);
      await expect
        .poll(() => page.getByTestId("payment-status").innerText())
        .toBe("待付款");
      const pay = form(page, "提交转账凭证");
      await pay.getByLabel("转账凭证号").fill("HX2026120400017");
      await pay.getByRole("button", { name: "提交转账凭证" }).click();
      await expect
        .poll(() => page.getByTestId("payment-status").innerText())
        .toBe("已提交转账，待持有人确认收款");
      await screenshot(page, "deals-05-sme-paid-offline");
      await fitsPhone(page, "deals-05b-sme-deal-390");
    });

    // 4. The holder confirms receipt (the deal is PAID) and records the licence contract.
    const hash = await as("UNIVERSITY", async (page) => {
      await page.goto(dealPath);
      expect(await form(page, "确认已收款").getByLabel("到账日期").inputValue()).toBe(bookToday());
      await fitsPhone(page, "deals-4b-receipt-date-390");
      await form(page, "确认已收款")
        .getByRole("button", { name: "确认已收款" })
        .click();
      await expect.poll(() => status(page)).toContain("已付款");
      await expect
        .poll(() => page.getByTestId("payment-status").innerText())
        .toBe("已到账");
      const record = form(page, "登记合同备案");
      await record.getByLabel("备案号/登记号").fill("2026610000123");
      await record.getByRole("button", { name: "登记合同备案" }).click();
      await expect.poll(() => status(page)).toContain("已备案");
      await screenshot(page, "deals-06-holder-recorded");

      // The printable contract draft: parties with their USCC, the patent, the terms and their fingerprint.
      const hash = await page.getByTestId("terms-hash").innerText();
      await page.getByRole("link", { name: "查看合同草稿（可打印）" }).click();
      await page.waitForURL(/\/deals\/[^/]+\/contract$/);
      const contract = await page.locator("article.contract").innerText();
      expect(contract).toContain("专利普通许可合同（草稿）");
      expect(contract).toContain(
        `统一社会信用代码：${DEMO_ORGS.UNIVERSITY.uscc}`
      );
      expect(contract).toContain(`统一社会信用代码：${DEMO_ORGS.SME.uscc}`);
      expect(contract).toContain(LICENCE);
      expect(contract).toContain("¥18,000.00");
      expect(contract).toContain("2.5%（按净销售额计）");
      expect(contract).toContain("36 个月");
      expect(contract).toContain("2026610000123");
      expect(await page.getByTestId("contract-hash").innerText()).toBe(hash);
      await screenshot(page, "deals-07-contract");
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".app-header").isVisible()).toBe(false);
      await screenshot(page, "deals-07b-contract-print");
      await page.emulateMedia({ media: "screen" });
      await fitsPhone(page, "deals-07c-contract-390");
      return hash;
    });

    // 5. The SME reports the patent in production, with a PDF as evidence (a text file named .pdf is refused by its bytes).
    await as(
      "SME",
      async (page) => {
        await page.goto(dealPath);
        const report = form(page, "报告投产转化");
        await report.getByLabel("产品名称").fill("秦岭木耳礼盒（2027 款）");
        await report.getByLabel("说明（选填）").fill("首批 2 万盒已下线。");
        await report
          .getByLabel("证明材料（选填，PDF 或 JPG，≤ 10 MB）")
          .setInputFiles({
            name: "投产证明.pdf",
            mimeType: "application/pdf",
            buffer: Buffer.from("not a pdf at all"),
          });
        await report.getByRole("button", { name: "报告投产转化" }).click();
        await expect
          .poll(() => report.getByRole("alert").first().innerText())
          .toContain("投产证明须为 PDF 或 JPG 文件");
        expect(await status(page)).toContain("已备案");
        await report
          .getByLabel("证明材料（选填，PDF 或 JPG，≤ 10 MB）")
          .setInputFiles({
            name: "投产证明.pdf",
            mimeType: "application/pdf",
            buffer: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"),
          });
        await report.getByRole("button", { name: "报告投产转化" }).click();
        await expect.poll(() => status(page)).toContain("已转化");
        const evidence = await page
          .getByRole("link", { name: "证明材料" })
          .getAttribute("href");
        const download = await page.request.get(evidence!);
        expect(download.status()).toBe(200);
        expect(download.headers()["content-type"]).toBe("application/pdf");
        expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
        const timeline = await page
          .getByRole("region", { name: "办理记录" })
          .innerText();
        for (const step of [
          "发起咨询",
          "报价",
          "接受报价",
          "提交转账凭证",
          "确认收款",
          "入门费到账",
          "合同备案",
          "报告投产转化",
          "上传投产证明",
        ])
          expect(timeline).toContain(step);
        expect(await page.getByTestId("terms-hash").innerText()).toBe(hash);
        await screenshot(page, "deals-08-converted");
        await fitsPhone(page, "deals-08b-converted-390");

        // 我的交易 filters by status.
        await page.goto("/deals?status=CONVERTED");
        await expect
          .poll(() =>
            page
              .getByRole("table", { name: "交易列表" })
              .getByRole("link", { name: LICENCE })
              .count()
          )
          .toBe(1);
        expect(await page.getByRole("link", { name: DECLINED }).count()).toBe(
          0
        );
        await page.goto("/deals?status=CANCELLED");
        await expect
          .poll(() => page.locator(".empty").innerText())
          .toContain("没有符合条件的交易");
      },
      { refusals: true }
    );

    // 6. The holder's catalog: views and inquiries per patent, deals by status, the decline reason.
    await as("UNIVERSITY", async (page) => {
      await page.getByRole("link", { name: "我的专利" }).first().click();
      await page.waitForURL(/\/catalog/);
      const insight = page.getByTestId("deal-insight-patents");
      const declinedRow = insight.getByRole("row", {
        name: new RegExp(DECLINED),
      });
      // (The demo seed may hold deals of its own on these patents: counts are at least ours.)
      await expect
        .poll(() => declinedRow.innerText())
        .toMatch(/价格未达成一致 [1-9]/);
      expect(await declinedRow.innerText()).toMatch(/已婉拒 [1-9]/);
      const licenceRow = insight.getByRole("row", {
        name: new RegExp(LICENCE.replace(/[()（）]/g, ".")),
      });
      await expect.poll(() => licenceRow.innerText()).toMatch(/已转化 [1-9]/);
      await screenshot(page, "deals-09-holder-catalog");
      await fitsPhone(page, "deals-09b-holder-catalog-390");
    });
  });

  it("takes an open licence in one click after confirming the declared terms", async () => {
    await as("SME", async (page) => {
      await openFromSearch(page, "一种木耳菌棒自动脱袋粉碎装置");
      const panel = page.getByRole("region", { name: "获取开放许可" });
      await panel.getByText("获取开放许可…").click();
      const terms = await panel.locator("dl").innerText();
      expect(terms).toContain("¥30,000.00");
      expect(terms).toContain("3%（按净销售额计）");
      expect(terms).toContain("至专利权有效期届满");
      // Only the ordinary licence is negotiated: an open licence is never exclusive or sole.
      expect(
        await form(page, "发起洽谈")
          .getByLabel("许可方式")
          .locator("option")
          .allInnerTexts()
      ).toEqual(["普通许可"]);
      const take = form(page, "获取开放许可");
      await take.getByLabel("我已阅读并接受上述开放许可条件").check();
      await screenshot(page, "deals-10-open-licence-confirm");
      await take.getByRole("button", { name: "确认获取开放许可" }).click();
      await page.waitForURL(/\/deals\/[^/]+$/);
      await expect.poll(() => status(page)).toContain("已达成");
      const notice = await page
        .getByRole("region", { name: "开放许可书面通知" })
        .innerText();
      expect(notice).toContain("第五十条、第五十一条");
      expect(notice).toContain(DEMO_ORGS.SME.uscc);
      await expect
        .poll(() => page.getByTestId("payment-status").innerText())
        .toBe("待付款");
      await screenshot(page, "deals-11-open-licence-agreed");
      await fitsPhone(page, "deals-11b-open-licence-390");
    });
  });

  it("tells a party whose page is out of date to refresh (409), and the refreshed page accepts the newer offer", async () => {
    const CHIPS = "一种冻干即食木耳脆片及其制备方法";
    const offer = async (page: Page, upfront: string, shown: string) => {
      const f = form(page, "提出报价");
      await f.getByLabel("入门费（元）").fill(upfront);
      await f.getByLabel("期限（月）").fill("24");
      await f.getByRole("button", { name: "提交报价" }).click();
      await expect
        .poll(() => page.getByRole("region", { name: "现行报价" }).innerText())
        .toContain(shown);
    };
    const path = await as("SME", async (page) => {
      await openFromSearch(page, CHIPS);
      await form(page, "发起洽谈")
        .getByRole("button", { name: "发起洽谈" })
        .click();
      await page.waitForURL(/\/deals\/[^/]+$/);
      return new URL(page.url()).pathname;
    });
    await as("UNIVERSITY", async (page) => {
      await page.goto(path);
      await offer(page, "400000", "¥400,000.00");
    });
    // The SME's page shows the first offer; meanwhile the holder replaces it.
    const sme = await newPage(browser);
    await loginAs(sme.page, "SME");
    await sme.page.goto(path);
    await expect
      .poll(() =>
        sme.page.getByRole("region", { name: "现行报价" }).innerText()
      )
      .toContain("¥400,000.00");
    await as("UNIVERSITY", async (page) => {
      await page.goto(path);
      await offer(page, "380000", "¥380,000.00");
    });
    await form(sme.page, "接受现行报价")
      .getByRole("button", { name: "接受现行报价" })
      .click();
    await expect
      .poll(() => sme.page.getByRole("alert").first().innerText())
      .toContain("该交易刚被对方更新");
    expect(await status(sme.page)).toContain("洽谈中");
    await screenshot(sme.page, "deals-12-conflict");
    await sme.page.getByRole("button", { name: "刷新页面" }).click();
    await expect
      .poll(() =>
        sme.page.getByRole("region", { name: "现行报价" }).innerText()
      )
      .toContain("¥380,000.00");
    await form(sme.page, "接受现行报价")
      .getByRole("button", { name: "接受现行报价" })
      .click();
    await expect.poll(() => status(sme.page)).toContain("已达成");
    expect(
      await sme.page.getByRole("region", { name: "达成条款" }).innerText()
    ).toContain("¥380,000.00");
    // The 409 is the only error the browser logged.
    expect(sme.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await sme.close();
  });
});
